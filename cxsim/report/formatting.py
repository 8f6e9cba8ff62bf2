"""Numbers as the report prints them: to the precision they support."""

from __future__ import annotations

import math


def decimals(x) -> int:
    """Decimals that show three significant digits of ``x`` (none above 100)."""
    a = abs(x) if x is not None and math.isfinite(x) else 0.0
    if a >= 100:
        return 0
    if a >= 10:
        return 1
    if a >= 1 or a == 0:
        return 2
    return 2 - math.floor(math.log10(a))  # three significant digits


def number(x) -> str:
    """``x`` with three significant digits; ``—`` when it is missing or not finite."""
    if x is None or not math.isfinite(x):
        return "—"
    return f"{x:.{decimals(x)}f}"


def interval(mean, lo, hi, n: int | None = None) -> str:
    """``mean [lo, hi]`` to the precision the interval supports; ``mean (n = 1, no interval)``
    when a single replicate (``n``) or missing bounds give no interval."""
    if mean is None or not math.isfinite(mean):
        return "—"
    if n == 1 or lo is None or hi is None or not (math.isfinite(lo) and math.isfinite(hi)):
        return f"{number(mean)} ({'n = 1, ' if n == 1 else ''}no interval)"
    half = (hi - lo) / 2 if lo is not None and hi is not None and math.isfinite(hi - lo) else 0.0
    # two significant digits of the interval's half-width (the mean's own precision without one)
    d = min(8, max(0, 1 - math.floor(math.log10(half)))) if half > 0 else decimals(mean)
    return f"{mean:.{d}f} [{lo:.{d}f}, {hi:.{d}f}]"


def markdown_table(header: list[str], rows: list[list]) -> str:
    def cell(v):
        return str(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


__all__ = ["decimals", "number", "interval", "markdown_table"]
