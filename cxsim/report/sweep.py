"""Reading a sweep directory into jobs: what each job was, whether it finished, what is missing.

Works on any directory of cxsim jobs written by Hydra (a ``--multirun`` sweep, one run, a sweep
where some jobs failed, were killed or never started): it reads each job's
``.hydra/overrides.yaml`` (what was overridden), ``.hydra/config.yaml`` (the resolved values)
and ``.hydra/hydra.yaml`` (the group choices), and the sweep's ``multirun.yaml`` to know which
jobs should exist.

A *scenario* is a combination of the swept overrides other than ``seed``: sweeping ``seed``
adds replicates to each scenario instead of making new ones.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..cli.app import expected_jobs
from ..outputs import ERROR_FILE, HYDRA_DIR, JOB_FILE, MULTIRUN_FILE, REPORT_DIR, SUMMARY_FILE, SWEEP_FILE, read_json

_SKIP_DIRS = {REPORT_DIR, ".submitit"}


def key_value(override: str) -> tuple[str, str]:
    """``key=value`` → (key, value), without Hydra's ``+``/``~`` prefixes."""
    key, _, value = override.partition("=")
    return key.lstrip("+~"), value


def _lookup(data: dict, dotted: str):
    node = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _load_yaml(path: Path):
    try:
        with open(path) as fh:
            return yaml.safe_load(fh)
    except (OSError, yaml.YAMLError):
        return None


def _natural(name: str):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


@dataclass
class Job:
    path: Path
    name: str
    overrides: list[str]
    choices: dict
    config: dict
    status: str  # "ok", "failed" or "incomplete"
    error: str | None = None
    timing: dict = field(default_factory=dict)
    summary: dict | None = None

    @property
    def params(self) -> dict[str, str]:
        """Overridden key → value as written on the command line."""
        return dict(key_value(o) for o in self.overrides)

    def value(self, key: str):
        """The value a column shows for an overridden key: the group's choice or the resolved value."""
        if key in self.choices:
            return self.choices[key]
        found = _lookup(self.config, key)
        return found if found is not None else self.params.get(key)

    @property
    def seed(self):
        return self.config.get("seed")


@dataclass
class Sweep:
    dir: Path
    jobs: list[Job]
    expected: list[list[str]] | None = None
    missing: list[list[str]] = field(default_factory=list)
    stale: list[Job] = field(default_factory=list)
    info: dict | None = None

    @property
    def complete(self) -> list[Job]:
        return [j for j in self.jobs if j.status == "ok"]

    @property
    def failed(self) -> list[Job]:
        return [j for j in self.jobs if j.status == "failed"]

    @property
    def incomplete(self) -> list[Job]:
        return [j for j in self.jobs if j.status == "incomplete"]

    @property
    def keys(self) -> list[str]:
        """Every overridden key, in the order they appear."""
        out: dict[str, None] = {}
        for overrides in [j.overrides for j in self.jobs] + self.missing:
            for o in overrides:
                out.setdefault(key_value(o)[0], None)
        return list(out)

    @property
    def swept(self) -> list[str]:
        """Keys whose value differs between jobs (``seed`` included)."""
        all_params = [j.params for j in self.jobs] + [dict(key_value(o) for o in m) for m in self.missing]
        return [k for k in self.keys if len({p.get(k) for p in all_params}) > 1]

    @property
    def scenario_keys(self) -> list[str]:
        return [k for k in self.swept if k != "seed"]

    def scenario(self, params: dict) -> str:
        keys = self.scenario_keys
        if keys:
            return " ".join(f"{k}={params[k]}" for k in keys if k in params)
        fixed = [f"{k}={v}" for k, v in params.items() if k != "seed"]
        return " ".join(fixed) or "default"


def _read_job(path: Path, root: Path) -> Job:
    from ..runner import is_complete

    hydra_dir = path / HYDRA_DIR
    overrides = _load_yaml(hydra_dir / "overrides.yaml") or []
    hydra_cfg = (_load_yaml(hydra_dir / "hydra.yaml") or {}).get("hydra", {}) or {}
    choices = {
        k: v
        for k, v in ((hydra_cfg.get("runtime", {}) or {}).get("choices", {}) or {}).items()
        if not k.startswith("hydra/") and v is not None
    }
    config = _load_yaml(hydra_dir / "config.yaml") or {}
    name = str(path.relative_to(root)) if path != root else "."
    job = Job(path=path, name=name, overrides=[str(o) for o in overrides], choices=choices, config=config,
              status="incomplete", timing=read_json(path / JOB_FILE) or {})
    if is_complete(path) and (summary := read_json(path / SUMMARY_FILE)) is not None:
        job.status, job.summary = "ok", summary
    elif (path / ERROR_FILE).is_file():
        job.status = "failed"
        lines = (path / ERROR_FILE).read_text(errors="replace").splitlines()
        job.error = lines[0] if lines else "unknown error"
    return job


def collect(sweep_dir) -> Sweep:
    """Find every job under ``sweep_dir`` and match them with the jobs the sweep should have."""
    root = Path(sweep_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a directory")
    paths = []
    for hydra_dir in root.rglob(HYDRA_DIR):
        rel = hydra_dir.parent.relative_to(root).parts
        if hydra_dir.is_dir() and not _SKIP_DIRS.intersection(rel):
            paths.append(hydra_dir.parent)
    paths.sort(key=lambda p: _natural(str(p.relative_to(root))))
    jobs = [_read_job(p, root) for p in paths]
    sweep = Sweep(dir=root, jobs=jobs, info=read_json(root / SWEEP_FILE))
    multirun = root / MULTIRUN_FILE
    if multirun.is_file():
        from omegaconf import OmegaConf

        try:
            sweep.expected = expected_jobs(OmegaConf.load(multirun))
        except Exception:
            sweep.expected = None
    if sweep.expected is not None:
        wanted = Counter(tuple(sorted(o)) for o in sweep.expected)
        found = Counter()
        kept = []
        for job in jobs:
            key = tuple(sorted(job.overrides))
            if found[key] < wanted.get(key, 0):
                found[key] += 1
                kept.append(job)
            else:
                sweep.stale.append(job)
        sweep.jobs = kept
        left = wanted - found
        for o in sweep.expected:
            key = tuple(sorted(o))
            if left[key] > 0:
                sweep.missing.append(list(o))
                left[key] -= 1
    return sweep


__all__ = ["Job", "Sweep", "collect", "key_value"]
