"""The text the page's Info tab and the facilitator's guide share, written once here.

The Info tab shows :func:`info_markdown`; ``docs/workshop.md`` holds the same sections and the
preset table between generated markers, rewritten by ``python -m cxsim.viz.guide`` (``--check``
exits 1 when the guide is out of date; a test runs it), in the manner of ``cxsim.odd_tables``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .layout import PRESENTER_MIN_PX
from .presets import LEVERS, PRESETS

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "workshop.md"
BEGIN = "<!-- BEGIN GENERATED INFO (python -m cxsim.viz.guide) -->"
END = "<!-- END GENERATED INFO -->"

SECTIONS = (
    ("What it is",
     "A siloed telecom company during a customer-experience (CX) transformation: its departments and their ties, "
     "the CX leader and whom it reports to, the customers moving through purchase → billing → delivery → installation, "
     "and the KPIs over three years (156 weeks, one step a week). It is a stylised agent-based model whose mechanisms "
     "come from the seed documents and the organisational-learning literature (docs/ODD.md); it shows how the "
     "arguments play out when they are made precise, it does not forecast a particular company."),
    ("How it works",
     "Employees hold beliefs about what customers value and learn them from their department's standard (its local "
     "code), from each other and, under the programme, from the CX leader's playbook (March 1991). Where two departments "
     "hand a customer over and act differently on the promise, the customer meets an incident. A CX leader listens to "
     "the voice of the customer, picks a target stage each quarter and spends its budget: training and mandates "
     "(top-down), champions and communities of practice (organic), employee experience, process redesign. A mandate on a "
     "department that outweighs the leader's effective authority (authority × proximity of the reporting line × CEO "
     "sponsorship) can turn into a conflict the CEO arbitrates."),
    ("How to use it",
     "Pick a **Workshop scenario** and the levers in the sidebar; a changed control is marked *waits for Reset* until "
     "you press **Reset**. **▶ Play** runs week after week, **❚❚ Pause** stops, **Step** advances one week. "
     "**Compare** runs a second scenario on the same seed beside the first, stepping together. **Debrief** runs N "
     "replicates of the scenarios in the background and draws each KPI's mean and the band where 95% of runs fall, "
     "with the room's run on top. **Events** lists what happened (programme start, targets, mandates, conflicts and "
     "who won, sponsorship reviews). **Export** gives a 16:9 slide, the weekly CSV and the levers used. "
     f"**Presenter** hides the controls and draws every text at least {PRESENTER_MIN_PX:.0f} px high at 1280×720."),
    ("Things to notice",
     "The handoff arrows of the journey: where the silos hurt the customer. Whom the star (the CX leader) reaches with "
     "its dashed lines, and how thick they are. Rings on the departments: blue for a mandate, green for champions, red "
     "for a conflict this week. The People panel after the programme starts (week 13): resistance rises under mandates "
     "that show no result yet (the J-curve). The ▼ marks on the KPI panels: conflicts, suspended mandates, a sidelined "
     "leader."),
    ("Things to try",
     "Exercise 1: the CEO-owned decision-maker, then **CX leader reports to** = marketing, customer_service, it, same "
     "seed. Exercise 2: *No CX leader* against *The lure* in Compare; then give the lure authority, then budget, then "
     "both. Exercise 3: top-down against organic change, with a committed, lukewarm or absent CEO. Then change the seed "
     "and run the Debrief: is your run typical, does the ranking survive?"),
)


def preset_table() -> str:
    rows = ["| Preset | Question | What to point at | Overrides |", "|---|---|---|---|"]
    for p in PRESETS.values():
        rows.append(f"| {p.label} | {p.question} | {p.watch} | `{' '.join(p.overrides)}` |")
    return "\n".join(rows)


def lever_table() -> str:
    rows = ["| Lever | Sets | Choices |", "|---|---|---|"]
    for lever in LEVERS.values():
        if lever.kind == "number":
            lo, hi = lever.bounds
            choices = f"{lo:g} … {hi:g} in steps of {lever.step:g} ({lever.unit})"
        else:
            choices = ", ".join(lever.options)
        sets = f"config group `{lever.group}`" if lever.group else f"`{lever.key}`"
        rows.append(f"| {lever.label} | {sets} | {choices} |")
    return "\n".join(rows)


def info_markdown() -> str:
    """The Info tab: the sections, the presets and the levers."""
    parts = [f"### {title}\n\n{text}" for title, text in SECTIONS]
    parts.append("### The presets\n\n" + preset_table())
    parts.append("### The levers\n\nEach lever says *as preset* until you pick a value.\n\n" + lever_table())
    return "\n\n".join(parts) + "\n"


def replace_block(text: str, begin: str, end: str, body: str) -> str:
    """``text`` with what lies between the markers ``begin`` and ``end`` replaced by ``body``."""
    if begin not in text or end not in text:
        raise SystemExit(f"{GUIDE}: the markers {begin!r} and {end!r} are missing")
    head, rest = text.split(begin, 1)
    return f"{head}{begin}\n{body}{end}{rest.split(end, 1)[1]}"


def main(argv=None) -> int:
    """Rewrite the Info block of the guide, or with ``--check`` exit 1 when it is out of date."""
    check = "--check" in (sys.argv[1:] if argv is None else argv)
    text = GUIDE.read_text(encoding="utf-8")
    new = replace_block(text, BEGIN, END, info_markdown())
    if check and new != text:
        print(f"{GUIDE} is out of date: run python -m cxsim.viz.guide", file=sys.stderr)
        return 1
    if not check:
        GUIDE.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
