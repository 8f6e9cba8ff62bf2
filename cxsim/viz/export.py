"""A run as files for a debrief: a 16:9 slide, the weekly CSV and the levers used.

The same files come from the page's Export button and from ``python -m cxsim.viz --export DIR``.
:func:`write_files` writes them all or none: each goes to a temporary name in the target
directory first and is renamed only when every one is written.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from ..config import to_dict
from .blit import new_figure
from .journey import JourneyPicture, journey_header
from .kpis import KPIPicture
from .style import DPI, LEADER_COLOUR, TEXT_COLOUR

SLIDE = (1920, 1080)


class ExportError(RuntimeError):
    """The files cannot be written (the message is one line and names the path)."""


def scenario_text(model) -> list[str]:
    """The scenario in plain words: what the page's scenario card and the slide say."""
    cfg, lead = model.config, model.config.leader
    out = []
    if lead.enabled:
        out.append(f"CX leader reports to {lead.reporting_line.replace('_', ' ')} · authority {lead.authority:g} · budget {lead.budget:g} M€/year · "
                   f"{lead.strategy.replace('_', '-')} change · focus {lead.focus.replace('_', ' ')} · {100 * lead.ex_share:.0f}% of the budget to EX")
    else:
        out.append("No CX leader")
    out.append(f"Company: {cfg.company.name.replace('_', ' ')} · CEO sponsorship {cfg.executive.sponsorship:g} at start · "
               f"{cfg.customers.n:,} customers · {cfg.company.employees} employees · seed {cfg.seed}")
    return out


def command(model) -> str:
    """The command line that runs the same scenario without the browser."""
    return " ".join(["python -m cxsim", *model.overrides, f"seed={model.config.seed}", f"customers.n={model.config.customers.n}"])


def _rgb(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def slide_png(model, bands=()) -> bytes:
    """A 1920×1080 slide: title, levers, the journey with its header, the KPIs (with the
    replicate bands of a debrief when given)."""
    W, H = SLIDE
    fig = new_figure(W, H)
    fig.patch.set_facecolor("white")
    pt = 72.0 / DPI
    title = f"{model.preset.label} · week {model.week} of {model.config.steps}"
    fig.text(0.02, 1 - 18 / H, title, fontsize=40 * pt, weight="bold", va="top", color=TEXT_COLOUR)
    fig.text(0.02, 1 - 78 / H, model.preset.question, fontsize=24 * pt, style="italic", va="top", color="#444444")
    for i, line in enumerate([*scenario_text(model), command(model)]):
        fig.text(0.02, 1 - (122 + 30 * i) / H, line, fontsize=21 * pt, va="top", color=LEADER_COLOUR if i == 2 else TEXT_COLOUR,
                 family="monospace" if i == 2 else None)
    fig.text(0.02, 1 - 222 / H, "The customer journey · " + journey_header(model.metrics, model.week), fontsize=24 * pt,
             weight="bold", va="top")
    journey = JourneyPicture(model, animated=False, size=(W - 80, 230), font_px=20)
    fig.figimage(_rgb(journey.render_png(model)), xo=40, yo=H - 262 - 230)
    kpis = KPIPicture(model, animated=False, size=(W - 80, H - 262 - 230 - 30), font_px=20, bands=bands, columns=4)
    fig.figimage(_rgb(kpis.render_png(model)), xo=40, yo=20)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, facecolor="white")
    return buf.getvalue()


def weekly_csv(model) -> bytes:
    """The run's weekly time series (one row per week, every metric), as CSV."""
    df = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    return df.to_csv(index=False).encode("utf-8")


def levers_json(model) -> bytes:
    """The scenario: preset, levers, the Hydra overrides and the command that repeats it, the config."""
    data = {"preset": model.preset.key, "label": model.preset.label, "levers": dict(model.levers), "overrides": list(model.overrides),
            "seed": model.config.seed, "customers": model.config.customers.n, "week": model.week, "command": command(model),
            "config": to_dict(model.config)}
    return (json.dumps(data, indent=2, default=float) + "\n").encode("utf-8")


def export_files(model, bands=()) -> dict[str, bytes]:
    """File name → content of the three exports of the current week."""
    stem = f"cxsim_{model.preset.key}_seed{model.config.seed}_week{model.week:03d}"
    return {f"{stem}_slide.png": slide_png(model, bands), f"{stem}_weekly.csv": weekly_csv(model),
            f"{stem}_levers.json": levers_json(model)}


def check_directory(out_dir) -> Path:
    """Create ``out_dir`` if needed and check it can be written; :class:`ExportError` otherwise."""
    out = Path(out_dir)
    try:
        if out.exists() and not out.is_dir():
            raise ExportError(f"--export {out}: exists and is not a directory")
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".cxsim-write-test-"):
            pass
    except ExportError:
        raise
    except OSError as err:
        raise ExportError(f"--export {out}: cannot write there ({err.strerror or err})") from None
    return out


def write_files(files: dict[str, bytes], out_dir) -> list[Path]:
    """Write every file or none (temporary names first, renamed when all are written)."""
    out = check_directory(out_dir)
    temps: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(dir=out, prefix=f".{name}.", suffix=".tmp")
            temps.append((tmp, out / name))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        for tmp, final in temps:
            os.replace(tmp, final)
    except OSError as err:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"--export {out}: writing failed ({err.strerror or err})") from None
    return [final for _, final in temps]
