"""A study's figures: 16:9 PNGs (1280×720) with slide-sized text, declared in its definition.

``figures:`` in ``study.yaml`` lists them; each is a mapping with ``kind`` and ``title``:

* ``contrasts`` (``outcome``): every contrast on that outcome, mean and 95% interval as a
  horizontal bar, one colour per company preset;
* ``heatmap`` (``outcome``, ``reference``, ``x``, ``y``: two keys the scenarios set): each
  scenario's contrast against ``reference`` on the first company preset, placed by its two
  values, the cells whose interval excludes 0 marked with their sign;
* ``series`` (``metric``, ``pairs: [[a, b], …]`` or ``scenarios: […]``): week by week on the first
  company preset, the paired difference of each pair (or each scenario's level) with its band.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..config import ConfigError
from .contrasts import series_diff, series_mean
from .definition import FIGURE_KINDS as KINDS, Study

SIZE = (12.8, 7.2)  # inches at 100 dpi: 1280×720


def _axes(title: str):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.size": 16, "axes.titlesize": 20, "axes.labelsize": 17})
    fig, ax = plt.subplots(figsize=SIZE, dpi=100)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=20)  # the figure's width, not the axes'
    return fig, ax


def contrasts_figure(study: Study, contrasts: pd.DataFrame, spec: dict, ax) -> None:
    rows = contrasts[contrasts["outcome"] == spec["outcome"]]
    labels = list(dict.fromkeys(rows["label"]))
    companies = list(dict.fromkeys(rows["company"]))
    height = 0.8 / max(1, len(companies))
    colours = ["#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0"]
    for j, company in enumerate(companies):
        part = rows[rows["company"] == company].set_index("label").reindex(labels)
        y = np.arange(len(labels)) - 0.4 + height * (j + 0.5)
        err = np.vstack([part["mean"] - part["low"], part["high"] - part["mean"]])
        ax.barh(y, part["mean"], height=height * 0.9, xerr=np.nan_to_num(err), color=colours[j % len(colours)],
                label=f"{company} (R={int(part['replicates'].max())})", capsize=4)
    ax.axvline(0, color="black", lw=1)
    ax.set_yticks(np.arange(len(labels)), labels)
    ax.invert_yaxis()
    ax.set_xlabel(f"{spec['outcome']} difference ({study.unit(spec['outcome'])}), mean, 95% interval")
    ax.legend(loc="best", fontsize=13)


def _value(overrides, key: str):
    for o in overrides:
        if o.split("=", 1)[0] == key:
            return float(o.split("=", 1)[1])
    return None


def heatmap_figure(study: Study, contrasts: pd.DataFrame, spec: dict, ax) -> None:
    company = study.companies[0].preset
    rows = contrasts[(contrasts["company"] == company) & (contrasts["outcome"] == spec["outcome"])
                     & (contrasts["b"] == spec["reference"])]
    cells = []
    for r in rows.itertuples():
        x, y = _value(study.scenarios[r.a], spec["x"]), _value(study.scenarios[r.a], spec["y"])
        if x is not None and y is not None:
            cells.append((x, y, r.mean, r.low, r.high))
    xs, ys = sorted({c[0] for c in cells}), sorted({c[1] for c in cells})
    grid = np.full((len(ys), len(xs)), np.nan)
    for x, y, mean, low, high in cells:
        grid[ys.index(y), xs.index(x)] = mean
        mark = "+" if low > 0 else "−" if high < 0 else "≈0"
        ax.text(xs.index(x), ys.index(y), f"{mean:+.1f}\n[{low:+.1f}, {high:+.1f}]\n{mark}", ha="center",
                va="center", fontsize=13)
    bound = np.nanmax(np.abs(grid)) if np.isfinite(grid).any() else 1.0
    image = ax.imshow(grid, origin="lower", cmap="RdBu", vmin=-bound, vmax=bound, aspect="auto")
    ax.set_xticks(range(len(xs)), [f"{x:g}" for x in xs])
    ax.set_yticks(range(len(ys)), [f"{y:g}" for y in ys])
    ax.set_xlabel(spec["x"])
    ax.set_ylabel(spec["y"])
    ax.figure.colorbar(image, ax=ax, label=f"{spec['outcome']} − {spec['reference']} ({study.unit(spec['outcome'])})")


def series_figure(study: Study, table: pd.DataFrame, spec: dict, ax) -> None:
    company = study.companies[0].preset
    if spec.get("pairs"):
        curves = [(f"{a} − {b}", series_diff(study, table, company, a, b, spec["metric"])) for a, b in spec["pairs"]]
        ax.axhline(0, color="black", lw=1)
        ax.set_ylabel(f"paired difference, {spec['metric']}")
    else:
        curves = [(s, series_mean(table, company, s, spec["metric"])) for s in spec["scenarios"]]
        ax.set_ylabel(spec["metric"])
    for label, d in curves:
        line, = ax.plot(d["week"], d["mean"], lw=2.5, label=label)
        ax.fill_between(d["week"], d["low"], d["high"], color=line.get_color(), alpha=0.2)
    ax.set_xlabel(f"week ({company}, 95% interval over replicates)")
    ax.legend(loc="best", fontsize=13)


def draw(study: Study, table: pd.DataFrame, contrasts: pd.DataFrame, directory: Path) -> list[Path]:
    """Draw every figure of the definition into ``directory``; the paths written."""
    import matplotlib.pyplot as plt

    out = []
    for i, spec in enumerate(study.figures):
        kind = spec.get("kind")
        if kind not in KINDS:
            raise ConfigError(f"figures[{i}].kind={kind!r} is not a figure: choose one of {', '.join(KINDS)}")
        fig, ax = _axes(spec.get("title", study.title))
        if kind == "contrasts":
            contrasts_figure(study, contrasts, spec, ax)
        elif kind == "heatmap":
            heatmap_figure(study, contrasts, spec, ax)
        else:
            series_figure(study, table, spec, ax)
        fig.tight_layout()
        path = Path(directory) / f"figure_{i + 1}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path)
        plt.close(fig)
        out.append(path)
    return out


__all__ = ["draw", "KINDS", "SIZE"]
