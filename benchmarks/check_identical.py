"""Are two versions of cxsim bit-identical? The acceptance test of a restructuring (issue 10).

    python benchmarks/check_identical.py                       # BEFORE = /tmp/before (git worktree add /tmp/before COMMIT)
    python benchmarks/check_identical.py --before DIR [--after DIR] [--steps N] [--replicates R]

Runs the weekly time series of every case in ``CASES`` (scenarios covering every preset of
every config group of ``configs/``, plus scalar overrides: turbulence, silos, EX share,
organic change under marketing, no budget, a programme from week 0, a leader losing every
conflict, …), ``--replicates`` replicates each (default 2, child seeds of the case's seed as
the runner spawns them), once with the code of the BEFORE tree and once with the code of the
AFTER tree (default: this worktree). Each side runs in its own subprocess of this same
Python, with ``PYTHONPATH`` set to its tree, so ``import cxsim`` imports that tree's code
and nothing else differs (same numpy, same Mesa, same machine).

Both sides get the same plain configuration: the presets' values are read from the YAML
files of ``configs/`` (merged in the order of the defaults list of ``configs/config.yaml``,
as Hydra does; ``# @package`` headers honoured) plus the case's scalar overrides, and passed to
``make_config`` as a nested dict, so both versions build the scenario from the same numbers
even where their own composition differs. On the AFTER side the merged dict is checked
against Hydra's compose API (``cxsim.cli.scenarios.compose``), so the plain merge is the
composition the command line does.

Compared bit for bit: every column of every time series (``DataFrame.equals`` and the bytes
of each column), after renaming the BEFORE columns by ``RENAMED`` (old → new; empty when no
column was renamed); and a digest of the model's final state (beliefs, engagement,
resistance, local codes, reality, the playbook, the customer arrays and the state of every
random generator), so a difference that has not reached a metric yet is caught too.
Exits 1 at the first difference and prints what differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BEFORE = Path("/tmp/before")

# old column name → new column name (none renamed so far)
RENAMED: dict[str, str] = {}

# Config groups added after BEFORE, with the option that must be the neutral default (issue 15:
# where the role sits and the governance forum; money turns a run into euros and changes nothing).
# The BEFORE side runs without these keys; the AFTER side checks that the case holds each group at
# the schema's defaults, so the comparison is of the neutral settings. Columns the AFTER side adds
# (new outputs) are listed, not compared; every column of BEFORE must be identical.
ADDED_GROUPS = {"structure": "overlay", "governance": "none"}
ADDED_KEYS = ("structure", "governance", "money")

# (name, Hydra group choices, scalar overrides). Every option of every group appears at least once.
CASES = [
    ("default", [], {}),
    ("transversality/influencer/marketing/organic", ["company=lack_of_transversality", "leader=influencer", "reporting=marketing", "change=organic"], {}),
    ("vision/absent/hybrid/broad/it", ["company=lack_of_vision", "executive=absent", "change=hybrid", "focus=broad", "reporting=it"], {}),
    ("weight/lure/customer_service/lukewarm", ["company=lack_of_weight", "leader=lure", "reporting=customer_service", "executive=lukewarm"], {}),
    ("none/transversality", ["leader=none", "company=lack_of_transversality"], {}),
    ("decision_maker/marketing/organic/broad/lukewarm", ["leader=decision_maker", "reporting=marketing", "change=organic", "focus=broad", "executive=lukewarm"], {}),
    ("influencer/it/hybrid/absent/weight", ["leader=influencer", "reporting=it", "change=hybrid", "executive=absent", "company=lack_of_weight"], {}),
    ("customer_service/top_down/broad/vision/committed", ["reporting=customer_service", "change=top_down", "focus=broad", "company=lack_of_vision", "executive=committed"], {}),
    ("siloed/single_kpi + turbulence", ["company=siloed_telecom", "focus=single_kpi", "change=organic"], {"company": {"p4": 0.01}}),
    ("silo 0.5 + EX share 0.6", [], {"company": {"silo": 0.5}, "leader": {"ex_share": 0.6}}),
    ("budget 0", ["leader=decision_maker"], {"leader": {"budget": 0.0}}),
    ("organic/marketing, no EX, 20k customers", ["change=organic", "reporting=marketing"], {"leader": {"ex_share": 0.0}, "customers": {"n": 20000}}),
    ("start week 0, reviews every 5 weeks", ["focus=broad"], {"leader": {"start_week": 0, "review_weeks": 5}}),
    ("no sponsor, full authority, big budget", ["executive=absent"], {"leader": {"authority": 1.0, "budget": 8.0}, "executive": {"sponsorship": 0.05}}),
    ("weak capital: sidelined", ["reporting=marketing"], {"leader": {"political_capital": 0.05}, "levers": {"capital_loss": 0.5}}),
    ("queues and a flooded contact centre", ["change=hybrid"], {"customers": {"capacity_margin": 0.5, "contact_rate": 0.05}}),
    ("unconvinced/organic", ["executive=unconvinced", "change=organic"], {}),
    ("unconvinced executive, marketing influencer", ["executive=unconvinced", "leader=influencer", "reporting=marketing"], {}),
    ("1200 employees, digital team, seed 5", ["company=lack_of_vision"], {"company": {"employees": 1200, "digital_team_weight": 1.0}, "seed": 5}),
    ("unconvinced executive", ["executive=unconvinced"], {}),
    ("churn exponent 1.7, no voice-of-customer noise", ["leader=influencer"], {"customers": {"churn_exponent": 1.7}, "company": {"voc_noise": 0.0}}),
]


# ----------------------------------------------------------------------------- plain composition
def _load_yaml(path: Path) -> tuple[str | None, dict]:
    import yaml

    text = path.read_text(encoding="utf-8")
    package = None
    for line in text.splitlines():
        if line.startswith("# @package"):
            package = line.split()[-1]
    return package, yaml.safe_load(text) or {}


def _merge(into: dict, data: dict) -> None:
    for k, v in data.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v)
        else:
            into[k] = json.loads(json.dumps(v)) if isinstance(v, dict) else v


def plain_config(choices: list[str], scalars: dict, config_dir: Path) -> dict:
    """The scenario as a nested dict: the groups' YAML merged in the defaults order, then scalars."""
    _, main = _load_yaml(config_dir / "config.yaml")
    picked = {}
    order = []
    for entry in main["defaults"]:
        if isinstance(entry, dict):
            (group, option), = entry.items()
            if (config_dir / group).is_dir() and not group.startswith("override"):
                order.append(group)
                picked[group] = option
    explicit = {}
    for choice in choices:
        group, option = choice.split("=")
        picked[group] = explicit[group] = option
    # a preset may choose another group's option (``defaults: [override /group: option]``);
    # an explicit choice wins, as on Hydra's command line
    for group in order:
        if picked[group] is None:
            continue
        for entry in _load_yaml(config_dir / group / f"{picked[group]}.yaml")[1].get("defaults", []):
            if isinstance(entry, dict):
                (key, option), = entry.items()
                target = key.split("/")[-1]
                if key.startswith("override") and target not in explicit:
                    picked[target] = option
    out: dict = {}
    for group in order:
        if picked[group] is None:
            continue
        package, data = _load_yaml(config_dir / group / f"{picked[group]}.yaml")
        data = {k: v for k, v in data.items() if k != "defaults"}
        package = group if package is None else package
        _merge(out, data if package == "_global_" else {package: data})
    _merge(out, {k: v for k, v in main.items() if k in ("seed", "steps", "replicates")})
    _merge(out, scalars)
    return out


def _dotted(d: dict, prefix: str = "") -> list[str]:
    out = []
    for k, v in d.items():
        out += _dotted(v, f"{prefix}{k}.") if isinstance(v, dict) else [f"{prefix}{k}={v}"]
    return out


# ----------------------------------------------------------------------------- one side (subprocess)
def state_digest(model) -> str:
    import numpy as np

    def first(*names):
        for name in names:
            obj = model
            try:
                for part in name.split("."):
                    obj = getattr(obj, part)
                return obj
            except AttributeError:
                continue
        raise AttributeError(f"none of {names} on the model")

    h = hashlib.sha256()
    arrays = [first("workforce.beliefs", "beliefs"), first("workforce.engagement", "engagement"),
              first("workforce.resistance", "resistance"), first("local_codes"), first("reality"),
              model.customers.state, model.customers.sat, model.customers.expect, model.customers.wait,
              model.customers.weeks, model.customers.incidents]
    if model.leader is not None:
        arrays.append(model.leader.playbook)
    for a in arrays:
        a = np.ascontiguousarray(a)
        h.update(str(a.dtype).encode() + str(a.shape).encode() + a.view(np.uint8).tobytes())
    for rng in (model.rng, model.rng_org, model.rng_programme, model.rng_customers):
        h.update(json.dumps(rng.bit_generator.state, sort_keys=True, default=str).encode())
    return h.hexdigest()[:16]


def dump(spec_path: str, out_path: str) -> None:
    """Run every case with whatever ``cxsim`` is importable; pickle the frames and digests."""
    import logging

    import numpy as np
    import pandas as pd

    import cxsim
    from cxsim.config import make_config
    from cxsim.model import CXModel

    logging.getLogger("MESA").setLevel(logging.WARNING)
    from dataclasses import asdict, fields

    from cxsim.config import CXConfig

    spec = json.loads(Path(spec_path).read_text())
    known = {f.name for f in fields(CXConfig)}
    for name, data in spec["cases"].items():
        for key in [k for k in data if k not in known]:
            if key not in ADDED_KEYS:
                sys.exit(f"{name}: {key} is unknown to {cxsim.__file__} and not one of the added groups {ADDED_KEYS}")
            del data[key]  # this tree predates the group: its neutral setting is the tree's behaviour
        for key in ("structure", "governance"):
            if key in known and key in data and asdict(make_config(data)).get(key) != asdict(CXConfig()).get(key):
                sys.exit(f"{name}: {key} is not at its neutral defaults, so the case is not a neutral setting")
    results = {"cxsim": cxsim.__file__, "cases": {}, "composed": None}
    try:  # the AFTER side checks the plain merge against Hydra's composition
        from cxsim.cli.scenarios import compose
        from cxsim.config import flatten
    except ImportError:
        compose = None
    if compose is not None:
        for name, data in spec["cases"].items():
            hydra = compose(spec["overrides"][name])
            if flatten(hydra) != flatten(make_config(data)):
                sys.exit(f"{name}: the plain merge of configs/ differs from Hydra's composition")
        results["composed"] = len(spec["cases"])
    t0 = time.perf_counter()
    for name, data in spec["cases"].items():
        cfg = make_config(data)
        frames, digests = [], []
        for r, ss in enumerate(np.random.SeedSequence(int(cfg.seed)).spawn(spec["replicates"])):
            model = CXModel(cfg, rng=np.random.default_rng(ss))
            for _ in range(cfg.steps):
                model.step()
            df = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
            df.insert(0, "replicate", r)
            frames.append(df)
            digests.append(state_digest(model))
        results["cases"][name] = {"timeseries": pd.concat(frames, ignore_index=True), "state": digests}
    results["seconds"] = time.perf_counter() - t0
    with open(out_path, "wb") as fh:
        pickle.dump(results, fh)


def run_side(tree: Path, spec_path: str, out_path: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    proc = subprocess.run([sys.executable, __file__, "--dump", spec_path, out_path], env=env, capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"the run with {tree} failed:\n{proc.stderr[-4000:]}")
    with open(out_path, "rb") as fh:
        res = pickle.load(fh)
    if not res["cxsim"].startswith(str(tree)):
        sys.exit(f"the run meant for {tree} imported {res['cxsim']}")
    return res


# ----------------------------------------------------------------------------- comparison
def column_digest(series) -> str:
    import numpy as np

    values = series.to_numpy()
    if values.dtype == object:
        return hashlib.sha256(repr(values.tolist()).encode()).hexdigest()[:16]
    return hashlib.sha256(str(values.dtype).encode() + np.ascontiguousarray(values).view(np.uint8).tobytes()).hexdigest()[:16]


def compare(name: str, before: dict, after: dict) -> list[str]:
    problems = []
    a = before["timeseries"].rename(columns=RENAMED)
    b = after["timeseries"]
    gone = sorted(set(a.columns) - set(b.columns))
    if gone or [c for c in b.columns if c in a.columns] != list(a.columns):
        problems.append(f"columns of BEFORE missing after: {gone}" if gone else "column order differs")
    for col in a.columns.intersection(b.columns):
        if a[col].dtype != b[col].dtype or column_digest(a[col]) != column_digest(b[col]):
            diff = (a[col] != b[col]).to_numpy().nonzero()[0]
            where = f"first at row {diff[0]} (replicate {a['replicate'].iloc[diff[0]]}, week {a['week'].iloc[diff[0]]}): {a[col].iloc[diff[0]]!r} vs {b[col].iloc[diff[0]]!r}" if diff.size else f"dtype {a[col].dtype} vs {b[col].dtype}"
            problems.append(f"column {col}: {where}")
    if not problems and not a.equals(b[list(a.columns)]):
        problems.append("DataFrame.equals is False")
    if before["state"] != after["state"]:
        problems.append(f"final model state differs: {before['state']} vs {after['state']}")
    return problems


def main(argv: list[str]) -> int:
    if argv[:1] == ["--dump"]:
        dump(argv[1], argv[2])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--before", type=Path, default=DEFAULT_BEFORE)
    ap.add_argument("--after", type=Path, default=ROOT)
    ap.add_argument("--replicates", type=int, default=2)
    ap.add_argument("--steps", type=int, default=None, help="weeks per run (default: the scenario's, 156)")
    ap.add_argument("--only", default=None, help="run only the cases whose name contains this text")
    args = ap.parse_args(argv)

    config_dir = args.after / "configs"
    cases, overrides = {}, {}
    for name, choices, scalars in CASES:
        if args.only and args.only not in name:
            continue
        data = plain_config(choices, scalars, config_dir)
        if args.steps:
            data["steps"] = args.steps
        cases[name] = data
        overrides[name] = choices + _dotted(scalars) + ([f"steps={args.steps}"] if args.steps else [])
        after_presets = {k: v for k, v in plain_config(choices, scalars, config_dir).items() if k not in ADDED_KEYS}
        if (args.before / "configs").is_dir() and plain_config(choices, scalars, args.before / "configs") != after_presets:
            sys.exit(f"{name}: the presets differ between {args.before}/configs and {config_dir}")
    covered = {c.split("=")[0]: set() for _, choices, _ in CASES for c in choices}
    for _, choices, _ in CASES:
        for c in choices:
            covered[c.split("=")[0]].add(c.split("=")[1])
    for group, seen in covered.items():
        options = {p.stem for p in (config_dir / group).glob("*.yaml")}
        if (args.before / "configs" / group).is_dir():  # a preset added since (e.g. a calibrated company) has no before
            options &= {p.stem for p in (args.before / "configs" / group).glob("*.yaml")}
        if options - seen - {"siloed_telecom", "decision_maker", "ceo", "top_down", "single_kpi", "committed"} and not args.only:
            sys.exit(f"group {group}: options {sorted(options - seen)} are not covered by any case")

    with tempfile.TemporaryDirectory(prefix="cxsim-identical-") as tmp:
        spec = Path(tmp) / "cases.json"
        spec.write_text(json.dumps({"cases": cases, "overrides": overrides, "replicates": args.replicates}))
        before = run_side(args.before.resolve(), str(spec), str(Path(tmp) / "before.pkl"))
        after = run_side(args.after.resolve(), str(spec), str(Path(tmp) / "after.pkl"))
    print(f"BEFORE: {before['cxsim']} ({before['seconds']:.1f} s)")
    print(f"AFTER:  {after['cxsim']} ({after['seconds']:.1f} s)")
    print(f"presets: the plain merge of configs/ equals Hydra's compose for {after['composed']} cases" if after["composed"] else "presets: Hydra's compose not checked")
    print(f"renamed columns (old → new): {RENAMED or 'none'}")
    first = next(iter(cases))
    added = [c for c in after["cases"][first]["timeseries"].columns if c not in before["cases"][first]["timeseries"].columns]
    print(f"added groups at their neutral option: {ADDED_GROUPS}; {len(added)} new columns not compared: {', '.join(added) or 'none'}")
    failed = 0
    for name, data in cases.items():
        problems = compare(name, before["cases"][name], after["cases"][name])
        ts = after["cases"][name]["timeseries"]
        shape = f"{ts.shape[0]} rows × {ts.shape[1]} columns"
        digest = hashlib.sha256("".join(column_digest(ts[c]) for c in ts.columns).encode()).hexdigest()[:12]
        print(f"  {'IDENTICAL' if not problems else 'DIFFERENT'}  {name:<52} {shape}  series {digest}  state {after['cases'][name]['state'][0]}")
        for p in problems[:8]:
            print(f"      {p}")
        failed += bool(problems)
    print(f"{len(cases) - failed} of {len(cases)} cases identical ({args.replicates} replicates each, every column bit for bit, final state digests equal)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
