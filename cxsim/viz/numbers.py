"""The facilitator's guide's numbers, measured on the real model (never typed by hand).

    python -m cxsim.viz.numbers            # measure and rewrite the generated blocks of docs/workshop.md
    python -m cxsim.viz.numbers --check    # exit 1 when a block's scenarios differ from the guide's
    python -m cxsim.viz.numbers --replicates 5   # a quicker, rougher pass

Two kinds of number, for each scenario of each exercise:

* **the seed-0 story**: what the room sees on the page's defaults (seed 0, 5,000 customers), week
  by week: NPS at weeks 13, 52, 100 and 156, incidents per 100 journeys, conflicts and the week of
  the first one, the leader's political capital, CEO sponsorship, the stage the ★ targets most;
* **the spread**: mean and 95% interval over ``--replicates`` replicates (20 by default; the
  replicate seeds of ``python -m cxsim … seed=2024 replicates=20``), from :func:`cxsim.runner.run`.

Each block sits between ``<!-- BEGIN NUMBERS name -->`` and ``<!-- END NUMBERS name -->`` in the
guide and says how it was made. The model will change (later issues revise it): run this again.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

import numpy as np

from ..runner import run
from ..stats import mean_ci
from ..structure import HANDOFFS, STAGES
from .guide import GUIDE, replace_block
from .model import WorkshopModel
from .presets import PRESETS, scenario_config

SEED, REPLICATE_SEED = 0, 2024
STAGE_NAMES = (*STAGES, "support")

# block → (row label, preset, levers) of every scenario it reports
EXERCISES: dict[str, tuple] = {
    "presets": tuple((p.label, key, {}) for key, p in PRESETS.items()),
    "exercise1": (
        ("CEO-owned decision-maker", "ceo_decision_maker", {}),
        ("… reporting to marketing", "ceo_decision_maker", {"reporting_line": "marketing"}),
        ("… reporting to customer_service", "ceo_decision_maker", {"reporting_line": "customer_service"}),
        ("… reporting to it", "ceo_decision_maker", {"reporting_line": "it"}),
        ("Marketing-owned influencer", "marketing_influencer", {}),
    ),
    "exercise2": (
        ("No CX leader", "no_leader", {}),
        ("The lure", "lure", {}),
        ("Lure + authority 0.8", "lure", {"authority": "0.8"}),
        ("Lure + budget 2", "lure", {"budget": "2"}),
        ("Lure + authority 0.8 + budget 2", "lure", {"authority": "0.8", "budget": "2"}),
        ("… and CEO sponsorship absent", "lure", {"authority": "0.8", "budget": "2", "executive": "absent"}),
    ),
    "exercise3": tuple(
        (f"{strategy.replace('_', '-')}, {ceo} CEO", "ceo_decision_maker", {"strategy": strategy, "executive": ceo})
        for strategy in ("top_down", "hybrid", "organic") for ceo in ("committed", "lukewarm", "absent")
    ),
    "companies": tuple(
        (f"{PRESETS[key].label}{', no leader' if none else ''}", key, {"leader": "none"} if none else {})
        for key in ("lack_of_weight", "lack_of_transversality", "lack_of_vision") for none in (True, False)
    ),
}


def story(preset: str, levers: dict) -> dict:
    """One run on the page's defaults (seed 0), as the room sees it."""
    m = WorkshopModel(preset=preset, seed=SEED, **levers)
    targets: Counter = Counter()
    first_conflict = None
    at = {}
    while m.running:
        m.step()
        if m.leader is not None and m.week >= m.leader.start_week and m.leader.targets:
            targets.update(STAGE_NAMES[s] for s in m.leader.targets)
        if first_conflict is None and m.metrics["conflicts_total"] > 0:
            first_conflict = m.week
        if m.week in (13, 52, 100, 156):
            at[m.week] = dict(m.metrics)
    w100 = at[100]
    worst = max(HANDOFFS, key=lambda h: w100[f"incident_rate_{h[0]}_{h[1]}"])
    weeks = sum(targets.values()) / max(1, len(m.leader.targets)) if m.leader is not None and targets else 0
    top = targets.most_common(1)[0] if targets else None
    return {
        "nps": [at[w]["nps"] for w in (13, 52, 100, 156)],
        "incidents": [at[w]["customer_friction"] for w in (13, 100)],
        "worst": f"{worst[0]} → {worst[1]} {100 * w100[f'incident_rate_{worst[0]}_{worst[1]}']:.1f}%",
        "conflicts": int(at[156]["conflicts_total"]),
        "first_conflict": first_conflict,
        "capital": at[156]["political_capital"] if m.leader is not None else None,
        "sponsorship": at[156]["sponsorship"],
        "target": f"{top[0]} ({100 * top[1] / max(1, weeks):.0f}% of weeks)" if top and m.config.leader.focus == "single_kpi" else
                  ("every stage" if top else "none"),
    }


def spread(preset: str, levers: dict, replicates: int) -> dict:
    cfg, _ = scenario_config(preset, seed=REPLICATE_SEED, **levers)
    ts = run(cfg, replicates=replicates).timeseries

    def at(metric, week):
        return mean_ci(ts[ts["week"] == week].sort_values("replicate")[metric].to_numpy())

    return {"nps100": at("nps", 100), "nps156": at("nps", 156), "inc100": at("customer_friction", 100),
            "conflicts": at("conflicts_total", 156)}


def _ci(triple, fmt="{:+.0f}") -> str:
    m, lo, hi = triple
    return f"{fmt.format(m)} [{fmt.format(lo)}, {fmt.format(hi)}]"


def block(name: str, replicates: int) -> str:
    rows = [f"Measured by `python -m cxsim.viz.numbers` on this model. **Seed 0** is what the page shows on its "
            f"defaults (seed 0, 5,000 customers); **mean [95% interval]** is over {replicates} replicates "
            f"(`seed={REPLICATE_SEED} replicates={replicates}`).", "",
            "| Scenario | Seed 0: NPS at weeks 13 → 52 → 100 → 156 | Seed 0: incidents per 100 journeys, week 13 → 100 (worst handoff at 100) "
            "| Seed 0: conflicts (first in week) · capital · CEO sponsorship at 156 | Seed 0: ★ target most often "
            "| NPS at week 100, mean [95%] | NPS at week 156 | Incidents at week 100 | Conflicts in 3 years |",
            "|---|---|---|---|---|---|---|---|---|"]
    for label, preset, levers in EXERCISES[name]:
        s, r = story(preset, levers), spread(preset, levers, replicates)
        nps = " → ".join(f"{x:+.0f}" for x in s["nps"])
        inc = f"{s['incidents'][0]:.0f} → {s['incidents'][1]:.0f} ({s['worst']})"
        first = f" (week {s['first_conflict']})" if s["first_conflict"] is not None else ""
        capital = f"{s['capital']:.2f}" if s["capital"] is not None else "–"
        rows.append(f"| {label} | {nps} | {inc} | {s['conflicts']}{first} · {capital} · {s['sponsorship']:.2f} | {s['target']} "
                    f"| {_ci(r['nps100'])} | {_ci(r['nps156'])} | {_ci(r['inc100'], '{:.0f}')} | {_ci(r['conflicts'], '{:.1f}')} |")
    return "\n".join(rows) + "\n"


def markers(name: str) -> tuple[str, str]:
    return f"<!-- BEGIN NUMBERS {name} -->", f"<!-- END NUMBERS {name} -->"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m cxsim.viz.numbers", description=__doc__.split("\n\n")[0])
    ap.add_argument("--replicates", type=int, default=20)
    ap.add_argument("--only", choices=sorted(EXERCISES), action="append", help="rewrite only these blocks")
    ap.add_argument("--check", action="store_true", help="check every block is in the guide and names its scenarios; measure nothing")
    args = ap.parse_args(argv)
    text = GUIDE.read_text(encoding="utf-8")
    if args.check:
        missing = [n for n in EXERCISES if markers(n)[0] not in text or any(
            f"| {label} |" not in text.split(markers(n)[0], 1)[1].split(markers(n)[1], 1)[0] for label, _, _ in EXERCISES[n])]
        if missing:
            print(f"{GUIDE}: numbers missing or stale for {', '.join(missing)}: run python -m cxsim.viz.numbers", file=sys.stderr)
            return 1
        return 0
    for name in args.only or EXERCISES:
        print(f"measuring {name} …", file=sys.stderr, flush=True)
        text = replace_block(text, *markers(name), block(name, args.replicates))
        GUIDE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    raise SystemExit(main())
