"""Pictures of a run written as files for slides (``python -m cxsim.viz --export DIR``)."""

from __future__ import annotations

from pathlib import Path

from .pictures import PICTURES
from .style import DPI, FONT, TITLES


def export_figures(model, out_dir, scale: float = 2.0) -> list[Path]:
    """Write the three pictures of the current week as PNGs at ``scale`` × screen resolution."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    label = model.preset.label if hasattr(model, "preset") else "cxsim"
    for name, cls in PICTURES.items():
        fig = cls(model, animated=False).figure(model)
        # a caption above the picture; bbox_inches="tight" grows the saved image to include it
        fig.text(0.005, 1.005, f"{TITLES[name]}, week {model.week} (seed {model.config.seed})\n{label}",
                 fontsize=FONT - 2.5, va="bottom", ha="left", color="#555555")
        path = out / f"{name}_week{model.week:03d}.png"
        fig.savefig(path, dpi=DPI * scale, bbox_inches="tight", pad_inches=0.06, facecolor="white")
        paths.append(path)
    return paths
