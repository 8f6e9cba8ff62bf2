"""Generate the parameter and output tables of docs/ODD.md from the code's own metadata.

``python -m cxsim.odd_tables`` rewrites the block between the markers in docs/ODD.md;
``python -m cxsim.odd_tables --check`` exits 1 when the document is out of date (a test runs
it), so a parameter cannot change in code without its line in the ODD changing too.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from .config import parameter_rows
from .metrics import METRICS

ODD = Path(__file__).resolve().parent.parent / "docs" / "ODD.md"
BEGIN = "<!-- BEGIN GENERATED TABLES (python -m cxsim.odd_tables) -->"
END = "<!-- END GENERATED TABLES -->"
GROUP_TITLES = {
    "": "Run",
    "company": "Company (`company.*`)",
    "customers": "Customers and journey (`customers.*`)",
    "leader": "CX leader (`leader.*`)",
    "executive": "Executive (`executive.*`)",
    "levers": "Response of the levers (`levers.*`)",
}


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def tables() -> str:
    groups: dict[str, list] = {}
    for key, default, unit, allowed, doc, source in parameter_rows():
        group = key.split(".")[0] if "." in key else ""
        groups.setdefault(group, []).append((key, default, unit, allowed, doc, source))
    out = []
    for group, rows in groups.items():
        out.append(f"#### {GROUP_TITLES.get(group, group)}\n")
        out.append("| parameter | default | unit | range | meaning | source of the default |")
        out.append("|---|---|---|---|---|---|")
        for key, default, unit, allowed, doc, source in rows:
            out.append(f"| `{key}` | {_fmt(default)} | {unit} | {allowed} | {doc} | {source} |")
        out.append("")
    out.append("#### Outputs (one column each in `timeseries.parquet`)\n")
    out.append("| metric | unit | range | definition |")
    out.append("|---|---|---|---|")
    for m in METRICS:
        hi = "∞" if not math.isfinite(m.hi) else _fmt(m.hi)
        out.append(f"| `{m.name}` | {m.unit} | [{_fmt(m.lo)}, {hi}] | {m.doc} |")
    return "\n".join(out) + "\n"


def render(text: str) -> str:
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n\n{tables()}\n{END}{tail}"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = ODD.read_text(encoding="utf-8")
    new = render(text)
    if "--check" in argv:
        if new != text:
            print("docs/ODD.md parameter tables are out of date: run python -m cxsim.odd_tables", file=sys.stderr)
            return 1
        return 0
    ODD.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
