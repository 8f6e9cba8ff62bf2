"""``experiments/<name>/RESULTS.md``: the study's answer, tables, figures, robustness, limits.

The answer's sentences are generated from the numbers (the headline contrast on each company
preset, the robustness shares); the definition's ``discussion`` (what the seed claims and where
the model agrees or not) and ``leaves_out`` are the authors' words, printed as written.
"""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd

from ..explore.robustness import chance_rho
from .definition import Study

ANSWER_FILE = "answer.json"


def fmt(x: float, digits: int = 3) -> str:
    if x is None or not math.isfinite(x):
        return "–"
    return f"{x:+.{digits}g}" if abs(x) >= 1e-12 else "0"


def interval(row) -> str:
    return f"{fmt(row['mean'])} [{fmt(row['low'])}, {fmt(row['high'])}]"


def when(spec: dict) -> str:
    metric = spec["metric"] if isinstance(spec["metric"], str) else f"{spec.get('across', 'mean')} of {', '.join(spec['metric'])}"
    if "week" in spec:
        return f"{metric} at week {spec['week']}"
    return f"{metric}, {spec.get('stat', 'mean')} over weeks {spec['weeks'][0]}–{spec['weeks'][1]}"


def commit() -> str:
    try:
        root = Path(__file__).resolve().parents[2]
        sha = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "cxsim", "configs"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return sha + (" (with uncommitted changes to cxsim/ or configs/)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"


def _sign(row) -> str:
    if row["low"] > 0:
        return "above 0"
    if row["high"] < 0:
        return "below 0"
    return "not distinguishable from 0"


def answer(study: Study, contrasts: pd.DataFrame, rob) -> list[str]:
    c = study.headline
    head = contrasts[contrasts["contrast"] == study.contrasts.index(c)]
    lines = []
    first = head.iloc[0]
    lines.append(f"**{c.text}**, {when(study.outcomes[c.outcome])} ({study.unit(c.outcome)}), paired over "
                 f"{first['replicates']} replicates on `{first['company']}`: **{interval(first)}** "
                 f"(95% interval, {_sign(first)}).")
    if len(head) > 1:
        others = "; ".join(f"`{r['company']}` {interval(r)}" for _, r in head.iloc[1:].iterrows())
        same = int(((head["mean"] > 0) == (first["mean"] > 0)).sum()) if first["mean"] != 0 else int((head["mean"] == 0).sum())
        lines.append(f"Same sign on {same} of {len(head)} company presets ({others}).")
    if rob is not None:
        f = rob.fact
        lines.append(f"Over a small Latin hypercube of the assumption space ({rob.points} points × {rob.replicates} "
                     f"paired replicates, {rob.factors} assumptions over their plausible ranges) the sign found here "
                     f"holds at **{100 * f.sign_share:.0f}%** of the points [{100 * f.sign_ci[0]:.0f}%, "
                     f"{100 * f.sign_ci[1]:.0f}%].")
    return lines


def robustness_lines(study: Study, rob) -> list[str]:
    if rob is None:
        return ["Not run (`--no-robustness`)."]
    from ..explore.robustness import hinge_lines

    f = rob.fact
    expect = {"positive": "> 0", "negative": "< 0", "equivalent": f"within ±{f.outcome.margin:g}"}[rob.expect]
    lines = [f"The headline contrast ({study.headline.text}, {when(study.outcomes[study.headline.outcome])}) on "
             f"`{study.companies[0].preset}`, re-measured at each point of a Latin hypercube of {rob.points} points over "
             f"{rob.factors} assumptions (every parameter whose role is `assumption`, over its plausible range: "
             f"cxsim/explore/space.py), {rob.replicates} paired replicates per point. This is a *small* design, "
             "kept small so that all nine studies run in well under an hour on two cores: the shares are rough "
             "(see their intervals), the full robustness of the stylised facts is docs/robustness.md.", "",
             "| expected sign | points | sign holds [95%] | significant [95%] | median difference |",
             "| --- | ---: | --- | --- | ---: |",
             f"| {expect} | {f.points} | {100 * f.sign_share:.0f}% [{100 * f.sign_ci[0]:.0f}%, {100 * f.sign_ci[1]:.0f}%] | "
             f"{100 * f.significant_share:.0f}% [{100 * f.significant_ci[0]:.0f}%, {100 * f.significant_ci[1]:.0f}%] | "
             f"{fmt(f.median)} |", ""]
    if not rob.top.empty:
        chance = chance_rho(rob.points, rob.factors)
        lines.append("The assumptions the contrast moves with most over the sample (Spearman ρ, 95% interval). "
                     f"Among {rob.factors} assumptions that did not matter at all, the largest |ρ| over {rob.points} points "
                     f"would still exceed {chance:.2f} in 5% of samples (Bonferroni), so only a larger |ρ| points at an assumption:")
        lines.append("")
        for r in rob.top.itertuples():
            verdict = "above chance" if abs(r.rho) > chance else "within chance"
            lines.append(f"- `{r.factor}`: ρ = {fmt(r.rho, 2)} [{fmt(r.rho_lo, 2)}, {fmt(r.rho_hi, 2)}] ({verdict})")
        if not (rob.top["rho"].abs() > chance).any():
            lines += ["", "None is distinguishable from chance: what the answer hinges on is not identified at this sample size."]
        lines.append("")
    hinges = hinge_lines([f], 0.8, correlations=False)
    if hinges:
        lines += ["Where it fails (scenario discovery on the same sample):", ""] + hinges + [""]
    lines.append(f"Worker time of this check: {rob.seconds / 60:.1f} min (outputs in `{rob.out_dir}`, git-ignored).")
    return lines


def company_tables(study: Study, contrasts: pd.DataFrame, scenarios: pd.DataFrame) -> list[str]:
    lines = []
    for company in study.companies:
        part = contrasts[contrasts["company"] == company.preset]
        if part.empty:
            continue
        lines += [f"### `{company.preset}` ({company.replicates} replicates)", "",
                  "| contrast (a − b) | outcome | mean [95% interval] | p |", "| --- | --- | --- | ---: |"]
        for _, r in part.iterrows():
            lines.append(f"| {r['label']} | {when(study.outcomes[r['outcome']])} ({study.unit(r['outcome'])}) | "
                         f"{interval(r)} | {r['p']:.2g} |")
        lines.append("")
        s = scenarios[scenarios["company"] == company.preset]
        outcomes = list(study.outcomes)
        lines += ["| scenario | " + " | ".join(outcomes) + " |", "| --- |" + " ---: |" * len(outcomes)]
        for scenario in dict.fromkeys(s["scenario"]):
            cells = []
            for o in outcomes:
                r = s[(s["scenario"] == scenario) & (s["outcome"] == o)]
                cells.append(f"{r.iloc[0]['mean']:.3g} [{r.iloc[0]['low']:.3g}, {r.iloc[0]['high']:.3g}]" if len(r) else "–")
            lines.append(f"| {scenario} | " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def write(study: Study, contrasts: pd.DataFrame, scenarios: pd.DataFrame, figures: list[Path], rob,
          command: str, timing: dict, path: Path) -> Path:
    seeds = ", ".join(study.seeds) or "–"
    lines = [f"# {study.title}", "",
             "<!-- generated by `python -m cxsim.study " + study.name + "`: do not edit by hand; "
             "edit experiments/" + study.name + "/study.yaml and re-run -->", "",
             f"**Question** (seed documents {seeds}). {study.question.strip()}", "", "## Answer", ""]
    lines += answer(study, contrasts, rob) + [""]
    if study.discussion.strip():
        lines += ["## What the seed says, and what the model says", "", study.discussion.strip(), ""]
    lines += ["## Figures", ""]
    lines += [f"![{p.stem}]({p.name})" for p in figures] + [""]
    lines += ["## Results per company preset", "",
              "Each contrast is paired replicate by replicate (common random numbers: replicate r of every "
              "scenario starts from the same seed and the same run-in), `cxsim.stats.paired_diff_ci`; scenario "
              "means with `cxsim.stats.mean_ci`.", ""]
    lines += company_tables(study, contrasts, scenarios)
    lines += ["## Robustness over the assumption space", ""] + robustness_lines(study, rob) + [""]
    scen = "; ".join(f"`{k}`: `{' '.join(v) or '(defaults)'}`" for k, v in study.scenarios.items())
    lines += ["## What the model leaves out", "", study.leaves_out.strip() or "–", "",
              "## How this was produced", "",
              f"- command: `{command}` (resumable: the same command skips what is on disk)",
              f"- code: report written at commit {commit()}"
              + (f"; scenarios computed at commit {timing['computed_at']}" if timing.get("computed_at") else ""),
              f"- seed: {study.seed} (replicate r of every scenario is replicate r of `python -m cxsim seed={study.seed}`), "
              f"horizon {study.weeks} weeks after the run-in",
              f"- company presets: " + ", ".join(f"`{c.preset}` × {c.replicates}" for c in study.companies),
              f"- scenarios (Hydra overrides of configs/, after `company=<preset>` {' '.join(study.base)}): {scen}",
              f"- time to compute: {timing.get('computed_wall_seconds', 0) / 60:.1f} min of wall time for the scenarios"
              + (f", {rob.seconds / 60:.1f} min of worker time for the robustness check" if rob is not None else "")
              + " on a two-core machine shared with other jobs",
              "- data: `results.parquet` beside this file (one row per company, replicate, scenario, outcome or week)", ""]
    path.write_text("\n".join(lines))
    write_answer(study, contrasts, rob, path.parent / ANSWER_FILE)
    return path


def write_answer(study: Study, contrasts: pd.DataFrame, rob, path: Path) -> None:
    """The headline in machine-readable form (the README's "What cxsim says" reads it)."""
    c = study.headline
    row = contrasts[contrasts["contrast"] == study.contrasts.index(c)].iloc[0]
    data = {"study": study.name, "title": study.title, "contrast": c.text, "outcome": when(study.outcomes[c.outcome]),
            "unit": study.unit(c.outcome), "company": row["company"], "replicates": int(row["replicates"]),
            "mean": row["mean"], "low": row["low"], "high": row["high"],
            "sign_share": rob.fact.sign_share if rob is not None else None,
            "sign_share_ci": list(rob.fact.sign_ci) if rob is not None else None}
    path.write_text(json.dumps(data, indent=2) + "\n")


README_START = "<!-- studies:start (generated by `python -m cxsim.study --readme`) -->"
README_END = "<!-- studies:end -->"


def readme_lines(root: Path) -> list[str]:
    """One line per study with an answer: its headline, interval and robustness, linked."""
    lines = []
    answers = [(path, json.loads(path.read_text())) for path in Path(root).glob(f"*/{ANSWER_FILE}")]
    for path, a in sorted(answers, key=lambda pa: pa[1]["title"]):
        share = (f"; the sign holds at {100 * a['sign_share']:.0f}% of a small assumption sample"
                 if a.get("sign_share") is not None else "")
        lines.append(f"- [{a['title']}]({path.parent.name}/RESULTS.md): {a['contrast']}, {a['outcome']}: "
                     f"**{fmt(a['mean'])} [{fmt(a['low'])}, {fmt(a['high'])}] {a['unit']}** on `{a['company']}` "
                     f"({a['replicates']} paired replicates){share}.")
    return lines


def update_readme(readme: Path, root: Path) -> None:
    """Rewrite the README's section between the markers (links relative to the README)."""
    text = readme.read_text()
    if README_START not in text or README_END not in text:
        raise ValueError(f"{readme}: the markers of the studies section are missing")
    rel = Path(root).resolve().relative_to(readme.parent.resolve())
    body = [line.replace("](", f"]({rel}/", 1) for line in readme_lines(root)]
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    readme.write_text(head + README_START + "\n" + "\n".join(body) + "\n" + README_END + tail)


__all__ = ["write", "write_answer", "answer", "when", "fmt", "interval", "commit", "readme_lines", "update_readme",
           "ANSWER_FILE", "README_START", "README_END"]
