"""Check a command line before Hydra runs anything: one-line errors naming key, value, allowed.

Everything is checked through Hydra's own machinery, with the search path ``python -m cxsim``
will use (``--config-dir`` and an absolute ``--config-path`` included, see
:func:`cxsim.cli.scenarios.hydra_session`), so the check accepts what Hydra accepts (a user's
own experiments, every launcher Hydra knows) and refuses, in one line, what would fail later:

* the flags (Hydra's argument parser) and every override (Hydra's override parser);
* every YAML file of the config directories (a broken one is named with its line);
* each value of each override: ``group=option`` against the options Hydra finds, each scalar
  against the schema's type and range (:func:`cxsim.config.make_config`), a model parameter
  deleted (``~leader.authority``), a sweep without ``--multirun``, ``interval(...)`` with the
  default sweeper;
* the composition itself (Hydra's compose), then every job of a sweep as the sweeper will
  expand it (the experiment's ``hydra.sweeper.params`` included): each combination of swept
  groups is composed by Hydra, each job's config validated, so cross-key rules hold in every job;
* the run or sweep directory (it must be creatable).

It returns the command line to run (whole-number floats of integer parameters written as
integers, see :mod:`.overrides`) and warnings: settings that cannot act in a job
(:mod:`cxsim.contradictions`), a user's config file Hydra will not read.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..config import ConfigError, CXConfig, OutputConfig, make_config
from ..contradictions import contradictions
from .config_files import check_output_dir, check_yaml, shadowed
from .overrides import SHOW_ONLY, expand_jobs, integer_keys, normalise, parse, parse_args, sweep_values, values
from .scenarios import CONFIG_DIR, compose_config, hydra_session

MAX_JOBS = 4096  # beyond this, each value is checked on its own, not each job
MAX_COMPOSED = 32  # combinations of swept groups composed by Hydra; beyond, each group value alone
OUTPUT_KEYS = tuple(f.name for f in fields(OutputConfig))
MODEL_KEYS = tuple(f.name for f in fields(CXConfig))


@dataclass
class Checked:
    """A command line that passed: what to give Hydra, and what to tell the user first."""

    args: list[str]
    warnings: list[str] = field(default_factory=list)
    multirun: bool = False


# directories of configs/ that are not groups of a run: Hydra's own, and the config trees of the
# other commands (python -m cxsim.explore, python -m cxsim.calibrate), which have their own primary config
OTHER_TREES = ("hydra", "explore", "calibrate")


def groups() -> dict[str, list[str]]:
    """Config groups of the packaged configs/ tree and their options."""
    out = {}
    for d in sorted(p for p in CONFIG_DIR.iterdir() if p.is_dir() and p.name not in OTHER_TREES):
        out[d.name] = sorted(f.stem for f in d.glob("*.yaml"))
    return out


def _primary_dir(config_path: str | None) -> Path:
    if config_path is None:
        return CONFIG_DIR
    if not os.path.isabs(config_path):
        raise ConfigError(f"--config-path {config_path}: give an absolute path (Hydra would look for a relative one "
                          "inside the cxsim package), or add a directory with --config-dir")
    if not (Path(config_path) / "config.yaml").is_file():
        raise ConfigError(f"--config-path {config_path}: no config.yaml there")
    return Path(config_path)


def _check_output(key: str, vals: list) -> None:
    name = key.split(".", 1)[1] if "." in key else ""
    if name not in OUTPUT_KEYS:
        raise ConfigError(f"{key} is not a setting: allowed keys under 'output.' are {', '.join(OUTPUT_KEYS)}")
    for v in vals:
        if str(v).lower() not in ("true", "false"):
            raise ConfigError(f"{key}={v!r} must be true or false")


def _check_value(override, loader, multirun: bool) -> None:
    """The checks of one override that need no composition."""
    key = override.key_or_group
    arg = override.input_line
    if override.is_sweep_override() and not multirun:
        raise ConfigError(f"{arg} is a sweep: add --multirun (or -m) to run every value")
    if override.is_delete():
        if key.split(".")[0] in MODEL_KEYS and not loader.repository.group_exists(key):
            raise ConfigError(f"{arg} deletes a model parameter, which every run needs: set a value instead "
                              f"({key}=…; python -m cxsim --help lists the ranges)")
        return
    if loader.repository.group_exists(key):
        options = loader.get_group_options(key)
        for v in values(override):
            if v is not None and str(v) not in options:
                raise ConfigError(f"{key}={v} is not a preset: choose one of {', '.join(options) or '(none)'}")
        return
    if override.is_hydra_override():
        return
    if key == "output" or key.startswith("output."):
        _check_output(key, values(override))
        return
    for v in values(override):
        make_config(overrides={key: v})


def _model_dict(cfg) -> dict:
    """The job part of a composed config, resolved, as plain data."""
    from omegaconf import OmegaConf, open_dict

    cfg = cfg.copy()
    with open_dict(cfg):
        cfg.pop("hydra", None)
    return OmegaConf.to_container(cfg, resolve=True)


def _check_jobs(hydra, master, fixed: list[str], sweep: list, multirun: bool, config_name: str) -> list[str]:
    """Compose each combination of swept groups, validate each job; return the warnings."""
    group = {o.key_or_group: hydra.config_loader.repository.group_exists(o.key_or_group) for o in sweep}
    jobs = expand_jobs(sweep, MAX_JOBS)
    if jobs is None:  # too many jobs to check one by one: each value on its own
        jobs = [[(o.key_or_group, v, o)] for o in sweep for v in values(o)]

    def combo_of(job) -> tuple:  # the group choices the master config does not hold
        return tuple((k, v) for k, v, o in job if group[k] and o.input_line not in fixed)

    combos = {combo_of(job) for job in jobs}
    if len(combos) > MAX_COMPOSED:  # each group value composed once, the jobs checked on the master
        combos = {((k, v),) for combo in combos for k, v in combo}
    composed = {(): _model_dict(master)}
    for combo in sorted(combos - {()}, key=str):
        composed[combo] = _model_dict(compose_config(hydra, fixed + [f"{k}={v}" for k, v in combo], config_name=config_name))
    said: Counter = Counter()
    for job in jobs:
        base = composed.get(combo_of(job), composed[()])
        scalars = {k: v for k, v, o in job if not group[k] and not o.is_hydra_override() and not k.startswith("output")}
        try:
            cfg = make_config(base, overrides=scalars)
        except ConfigError as err:
            where = " ".join(f"{k}={v}" for k, v, _ in job)
            raise ConfigError(f"{err} (in the combination {where})" if multirun and where else str(err)) from None
        said.update(contradictions(cfg))
    n = len(jobs)
    return [text if n == 1 else f"{text} (in {count} of {n} jobs)" for text, count in said.items()]


def preflight(args: list[str]) -> Checked:
    """Check ``args`` (``python -m cxsim``'s command line); raise :class:`ConfigError` (one line)."""
    parsed = parse_args(args)
    checked = Checked(args=list(args), multirun=bool(parsed.multirun))
    if parsed.help or parsed.hydra_help or parsed.shell_completion:
        return checked
    primary = _primary_dir(parsed.config_path)
    extra = None
    if parsed.config_dir is not None:
        extra = Path(parsed.config_dir).resolve()
        if not extra.is_dir():
            raise ConfigError(f"--config-dir {parsed.config_dir}: not a directory")
    check_yaml([primary] + ([extra] if extra else []))
    if extra is not None:
        checked.warnings += shadowed(primary, extra)
    integers = integer_keys()
    with hydra_session(primary, extra) as hydra:
        loader = hydra.config_loader
        given = []
        for arg in parsed.overrides:
            override = parse(arg, loader)
            _check_value(override, loader, checked.multirun)
            rewritten = normalise(override, integers)
            if rewritten is not None:
                checked.args[checked.args.index(arg)] = rewritten
                override = parse(rewritten, loader)
            given.append(override)
        config_name = parsed.config_name or "config"
        master = compose_config(hydra, [o.input_line for o in given], multirun=checked.multirun, config_name=config_name)
        sweeper = str(master.hydra.sweeper.get("_target_", ""))
        basic = sweeper.endswith("BasicSweeper")
        params = [parse(f"{k}={v}", loader) for k, v in (master.hydra.sweeper.get("params") or {}).items()]
        on_command_line = {o.get_key_element() for o in given}
        for override in params:
            _check_value(override, loader, True)
            rewritten = normalise(override, integers)
            if rewritten is not None and override.get_key_element() not in on_command_line:
                checked.args.append(rewritten)
                params[params.index(override)] = parse(rewritten, loader)
        if basic:
            for override in params + given:
                if override.is_interval_sweep():
                    raise ConfigError(f"{override.input_line}: interval() is for sweepers that sample (e.g. Optuna); "
                                      "the default sweeper runs lists (a,b), range(...) and choice(...)")
        fixed = [o.input_line for o in given if not o.is_sweep_override()]
        task = [o for o in params + given if not o.is_hydra_override()]
        if basic or not checked.multirun:
            checked.warnings += _check_jobs(hydra, master, fixed, [o for o in task if not o.is_delete()],
                                            checked.multirun, config_name)
    if not any(getattr(parsed, flag, None) for flag in SHOW_ONLY):
        from omegaconf import OmegaConf

        key = "hydra.sweep.dir" if checked.multirun else "hydra.run.dir"
        check_output_dir(key, str(OmegaConf.select(master, key)))
    return checked


__all__ = ["Checked", "preflight", "groups", "sweep_values", "CONFIG_DIR", "OUTPUT_KEYS"]
