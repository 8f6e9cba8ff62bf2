"""Reading a sweep directory into jobs: what each job was, whether it finished, what is missing.

Works on any directory of cxsim jobs written by Hydra (a ``--multirun`` sweep, one run, a sweep
where some jobs failed, were killed or never started): it reads each job's
``.hydra/overrides.yaml`` (what was overridden), ``.hydra/config.yaml`` (the resolved values)
and ``.hydra/hydra.yaml`` (the group choices), and the sweep's ``multirun.yaml`` to know which
jobs should exist. A job is complete only when its outputs verify
(:func:`cxsim.runner.verify_outputs`); a job whose files are damaged is listed with the file and
what is wrong, never read as a result, and a damaged file never stops the reading.

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


class Damaged(Exception):
    """A file that cannot be read; the message names it and says what is wrong."""


def load_yaml(path: Path, root: Path | None = None, kind: type = dict):
    """The YAML in ``path`` (of type ``kind``); None when the file is missing; :class:`Damaged`
    when it is not readable YAML of that type (the message names the file relative to ``root``)."""
    name = path.relative_to(root) if root is not None and path.is_relative_to(root) else path
    try:
        with open(path) as fh:
            data = yaml.safe_load(fh)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise Damaged(f"{name}: cannot be read ({err.strerror})") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise Damaged(f"{name}: not valid YAML{where} ({getattr(err, 'problem', None) or 'syntax error'})") from None
    if not isinstance(data, kind):
        raise Damaged(f"{name}: holds {type(data).__name__}, not the {kind.__name__} Hydra writes there")
    return data


def _natural(name: str):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


@dataclass
class Job:
    path: Path
    name: str
    overrides: list[str]
    choices: dict
    config: dict
    status: str  # "ok", "failed", "damaged" (outputs or records that do not verify) or "incomplete"
    error: str | None = None  # failed: the exception; damaged: the file and what is wrong
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
    problems: list[str] = field(default_factory=list)  # damaged files of the sweep itself

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
    def damaged(self) -> list[Job]:
        return [j for j in self.jobs if j.status == "damaged"]

    @property
    def all_complete(self) -> bool:
        """Every job the sweep should have is there and verifies, and no file of it is damaged."""
        return not self.problems and not self.missing and all(j.status == "ok" for j in self.jobs)

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
    from ..runner import verify_outputs

    name = str(path.relative_to(root)) if path != root else "."
    job = Job(path=path, name=name, overrides=[], choices={}, config={}, status="incomplete")
    try:
        job.overrides = [str(o) for o in load_yaml(path / HYDRA_DIR / "overrides.yaml", root, list) or []]
        hydra_cfg = (load_yaml(path / HYDRA_DIR / "hydra.yaml", root) or {}).get("hydra", {}) or {}
        job.choices = {
            k: v
            for k, v in ((hydra_cfg.get("runtime", {}) or {}).get("choices", {}) or {}).items()
            if not k.startswith("hydra/") and v is not None
        }
        job.config = load_yaml(path / HYDRA_DIR / "config.yaml", root) or {}
    except Damaged as err:
        job.status, job.error = "damaged", str(err)
        return job
    job.timing = read_json(path / JOB_FILE) or {}
    problem = verify_outputs(path)
    if problem is None:
        job.status, job.summary = "ok", read_json(path / SUMMARY_FILE)
    elif (path / ERROR_FILE).is_file():
        job.status = "failed"
        lines = (path / ERROR_FILE).read_text(errors="replace").splitlines()
        job.error = lines[0] if lines else "unknown error"
    elif (path / SUMMARY_FILE).exists():  # written last: the job finished, its outputs are damaged
        job.status, job.error = "damaged", f"{name}/{problem}"
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
    if sweep.info is None and (root / SWEEP_FILE).exists():
        sweep.problems.append(f"{SWEEP_FILE}: not readable JSON (the timing section is incomplete)")
    try:
        multirun = load_yaml(root / MULTIRUN_FILE, root)
    except Damaged as err:
        sweep.problems.append(f"{err}: which jobs the sweep should have is unknown")
        multirun = None
    if multirun is not None:
        from omegaconf import OmegaConf

        sweep.expected = expected_jobs(OmegaConf.create(multirun))
    if sweep.expected is not None:
        wanted = Counter(tuple(sorted(o)) for o in sweep.expected)
        found = Counter()
        kept = []
        for job in jobs:
            key = tuple(sorted(job.overrides))
            if job.status == "damaged" and not job.overrides:  # its records are unreadable: keep it listed
                kept.append(job)
            elif found[key] < wanted.get(key, 0):
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


__all__ = ["Damaged", "Job", "Sweep", "collect", "key_value", "load_yaml"]
