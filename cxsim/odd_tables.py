"""Generate the parameter, output and event tables of docs/ODD.md from the code's own metadata.

``python -m cxsim.odd_tables`` rewrites the block between the markers in docs/ODD.md;
``python -m cxsim.odd_tables --check`` exits 1 when the document is out of date (a test runs
it), so a parameter cannot change in code without its line in the ODD changing too.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from .config import parameter_specs
from .metrics import METRICS
from .model.events import EVENT_KINDS

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
    "company.headcount": "Headcount shares (`company.headcount.*`)",
    "company.weight": "Political weights (`company.weight.*`)",
    "structure": "Where the role sits (`structure.*`)",
    "structure.merge": "Departments regrouped under the leader (`structure.merge.*`)",
    "governance": "Governance forum (`governance.*`)",
    "governance.attend": "Forum attendance (`governance.attend.*`)",
    "money": "Money (`money.*`)",
}
ROLES_TEXT = (
    "**role**: *assumption* = an uncertain behavioural assumption (vary it); *lever* = a choice the "
    "company makes; *structure* = what the modelled company or market is; *setting* = how the run is "
    "done. **plausible**: where the allowed range is only a validation limit, the narrower range worth "
    "sampling in a sensitivity analysis, with its reason."
)


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _plausible(spec) -> str:
    if spec.plausible is None:
        return ""
    lo, hi = spec.plausible
    return f"[{_fmt(lo)}, {_fmt(hi)}]: {spec.plausible_why}"


def _title(group: str) -> str:
    if group in GROUP_TITLES:
        return GROUP_TITLES[group]
    return f"`{group}.*`"


def tables() -> str:
    groups: dict[str, list] = {}
    for spec in parameter_specs():
        groups.setdefault(spec.key.rsplit(".", 1)[0] if "." in spec.key else "", []).append(spec)
    out = [ROLES_TEXT, ""]
    for group, specs in groups.items():
        out.append(f"#### {_title(group)}\n")
        out.append("| parameter | default | unit | range | role | plausible | meaning | source of the default |")
        out.append("|---|---|---|---|---|---|---|---|")
        for p in specs:
            out.append(f"| `{p.key}` | {_fmt(p.default)} | {p.unit} | {p.allowed} | {p.role} | {_plausible(p)} | {p.doc} | {p.source} |")
        out.append("")
    out.append("#### Outputs (one column each in `timeseries.parquet`)\n")
    out.append("| metric | unit | range | definition |")
    out.append("|---|---|---|---|")
    for m in METRICS:
        hi = "∞" if not math.isfinite(m.hi) else _fmt(m.hi)
        out.append(f"| `{m.name}` | {m.unit} | [{_fmt(m.lo)}, {hi}] | {m.doc} |")
    out.append("")
    out.append("#### Events (`model.events`, one `Event(week, kind, actor, target, detail)` each)\n")
    out.append("| kind | meaning |")
    out.append("|---|---|")
    for kind, doc in EVENT_KINDS.items():
        out.append(f"| `{kind}` | {doc} |")
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
