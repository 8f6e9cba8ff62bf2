"""``python -m cxsim.explore [experiment=NAME] [key=value ...]``: one exploration.

A thin Hydra entry point over its own config tree, ``configs/explore/`` (primary config
``config.yaml``; groups ``design``, ``questions``, ``experiment``). Before Hydra starts, the
command line is composed with Hydra's compose API and the whole exploration is planned
(:func:`cxsim.explore.plan.preflight`): any bad input stops here with one line naming the
key, the value and what is allowed (exit status 2), and nothing is written. Then Hydra runs
:func:`task`, which calls the plain function :func:`cxsim.explore.pipeline.explore`.
Exit status 1 when points or chunks failed (their results are kept; the same command resumes).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable

from ..cli.preflight import CONFIG_DIR
from ..config import ConfigError

EXPLORE_DIR = CONFIG_DIR / "explore"
_HYDRA_FLAGS = ("--help", "-h", "--hydra-help", "--cfg", "-c", "--info", "-i", "--resolve", "--version")


def compose_config(overrides: Iterable[str] = ()) -> dict:
    """The exploration's config from ``configs/explore/`` with ``overrides``, resolved, as a dict."""
    from omegaconf import OmegaConf

    from ..cli.scenarios import compose_dict

    overrides = list(overrides)
    try:
        data = compose_dict(overrides, EXPLORE_DIR)
    except ConfigError as err:
        raise _unknown_key(err, overrides) from None
    try:
        return OmegaConf.to_container(OmegaConf.create(data), resolve=True)
    except Exception as err:  # an interpolation that does not resolve
        raise ConfigError(" ".join(str(err).split())) from None


def _unknown_key(err: ConfigError, overrides: list[str]) -> ConfigError:
    """Hydra's "Could not override 'a.b'" with the keys that are allowed at that place."""
    match = re.match(r"Could not override '([^']+)'", str(err))
    if not match:
        return err
    key = match.group(1)
    parent, _, name = key.rpartition(".")
    from ..cli.scenarios import compose_dict

    try:
        node = compose_dict([o for o in overrides if not o.startswith(key + "=")], EXPLORE_DIR)
        for part in filter(None, parent.split(".")):
            node = node[part]
        allowed = ", ".join(map(str, node)) if isinstance(node, dict) else ""
    except (ConfigError, KeyError, TypeError):
        return err
    where = f"under '{parent}'" if parent else "at the top level"
    return ConfigError(f"{key} is not a setting of the exploration: allowed {where}: {allowed} "
                       f"(add a new entry with +{key}=…)")


def dry_run(plan) -> str:
    """The size of a plan and its wall time at the speed of one run measured now (nothing written)."""
    import time

    import numpy as np

    from ..model import CXModel
    from .execute import workers_for

    runs, weeks = plan.cost()
    name, rec = next(iter(plan.evaluator().recordings.items()))
    cfg = plan.evaluator().configs(plan.design.iloc[0].to_dict())[name]
    probe = min(rec.horizon, 52)
    model = CXModel(cfg, rng=np.random.default_rng(0))
    started = time.perf_counter()
    for _ in range(probe):
        model.step()
    per_week = (time.perf_counter() - started) / probe
    workers = workers_for(plan.execution, len(plan.design))
    hours = weeks * per_week / workers / 3600
    return (f"{plan.name}: {plan.spec.kind} design, {len(plan.design):,} points over {len(plan.factors)} factors × "
            f"{len(plan.scenarios)} scenario(s) × {plan.replicates} replicate(s) = {runs:,} model runs, {weeks:,} "
            f"simulated weeks; at {1000 * per_week:.1f} ms per simulated week (measured now, scenario {name}) "
            f"about {hours:.1f} h on {workers} worker(s). Nothing was run (dry_run=true).")


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    status = {"code": 0}
    if not any(a.split("=")[0] in _HYDRA_FLAGS for a in args):
        from .plan import preflight

        try:
            cfg = compose_config([a for a in args if not a.startswith("-")])
            plan = preflight(cfg)
        except ConfigError as err:
            print(f"cxsim.explore: error: {err}", file=sys.stderr)
            raise SystemExit(2) from None
        if cfg.get("dry_run"):
            print(f"cxsim.explore: {dry_run(plan)}")
            return

    def task(cfg) -> None:
        import logging

        from omegaconf import OmegaConf

        from .pipeline import explore

        for noisy in ("MESA", "matplotlib", "EMA"):  # Hydra sets the root logger to INFO; Mesa logs every step
            logging.getLogger(noisy).setLevel(logging.WARNING)

        result = explore(OmegaConf.to_container(cfg, resolve=True))
        t = result.timing
        share = t["overhead_share"]
        cost = "every chunk was on disk" if share != share else f"{100 * share:.1f}% outside the simulation"
        print(f"cxsim.explore: {len(result.table)} of {len(result.plan.design)} points done "
              f"({result.failed} failed) in {t['wall_seconds']:.0f} s, {cost}; report: {result.report}")
        status["code"] = 1 if result.failed or result.stats.chunk_errors else 0

    import hydra

    sys.argv = [sys.argv[0], *args]
    hydra.main(version_base="1.3", config_path=str(EXPLORE_DIR), config_name="config")(task)()
    if status["code"]:
        print("cxsim.explore: error: some points or chunks failed (see the report); the same command resumes",
              file=sys.stderr)
        raise SystemExit(status["code"])


if __name__ == "__main__":
    main()
