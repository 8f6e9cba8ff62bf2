"""The command line of ``python -m cxsim.calibrate``: checks first, then a thin Hydra app.

:func:`main` composes the settings from ``configs/calibrate/`` with Hydra's compose API and
runs :func:`cxsim.calibrate.calibration.prepare` on them, so a bad key, value, CSV or prior
stops the command with one line (exit status 2) before anything runs; then Hydra runs
:func:`task` in its run directory (``outputs/calibrations/<date>/<time>``, or
``hydra.run.dir=<dir>`` — the same directory continues an interrupted calibration).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import NoReturn

from hydra.core.config_store import ConfigStore
from omegaconf import OmegaConf

from ..cli.preflight import CONFIG_DIR
from ..cli.scenarios import compose_dict
from ..config import ConfigError
from .settings import Settings

ConfigStore.instance().store(name="calibrate_schema", node=Settings)
CALIBRATE_DIR = "calibrate"
_NO_CHECK = ("--help", "-h", "--hydra-help", "--cfg", "-c", "--info", "--shell-completion", "-sc")


def compose_settings(overrides: list[str], config_dir=None) -> Settings:
    """The settings of ``configs/calibrate/config.yaml`` with ``overrides`` (Hydra's compose API,
    through :func:`cxsim.cli.scenarios.compose_dict`)."""
    root = Path(config_dir or CONFIG_DIR)
    data = compose_dict(overrides, root / CALIBRATE_DIR)
    settings = OmegaConf.to_object(OmegaConf.merge(OmegaConf.structured(Settings), data))
    if config_dir is not None and settings.config_dir is None:
        settings.config_dir = str(root)
    return settings


_TAKES_VALUE = ("--config-name", "-cn", "--config-path", "-cp", "--config-dir", "-cd", "--experimental-rerun")


def _settings_overrides(args: list[str]) -> list[str]:
    """The ``key=value`` arguments that set calibration settings (not Hydra's own)."""
    out, skip = [], False
    for a in args:
        if skip or a.startswith("-"):
            skip = a in _TAKES_VALUE
            continue
        if not a.startswith(("hydra.", "hydra/", "+hydra")):
            out.append(a)
    return out


def preflight(args: list[str]):
    """The checked plan of a command line (ConfigError on the first problem)."""
    from .calibration import prepare

    return prepare(compose_settings(_settings_overrides(args)))


def refuse(command: str, err: ConfigError) -> NoReturn:
    """A one-line error and exit status 2 (nothing ran, or nothing more will)."""
    print(f"{command}: error: {err}", file=sys.stderr)
    raise SystemExit(2) from None


def quiet() -> None:
    """Hydra sets the root logger to INFO; Mesa logs every step and pyabc every generation."""
    for noisy in ("MESA", "matplotlib", "ABC", "distributed"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def task(cfg) -> None:
    """What Hydra runs: the calibration into its run directory."""
    from hydra.core.hydra_config import HydraConfig

    from .calibration import calibrate

    quiet()
    out = Path(HydraConfig.get().runtime.output_dir)
    try:
        summary = calibrate(OmegaConf.to_object(cfg), out)
    except ConfigError as err:
        refuse("cxsim.calibrate", err)
    medians = "; ".join(f"{r['parameter']} = {r['median']:.4g} [{r['q05']:.4g}, {r['q95']:.4g}]" for r in summary["posterior"])
    print(f"cxsim.calibrate: {medians} (median [90% interval]); report in {out / 'report.md'}")
    warning = (summary.get("fit") or {}).get("warning")
    if warning:
        print(f"cxsim.calibrate: warning: {warning}", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    import hydra

    args = sys.argv[1:] if argv is None else list(argv)
    try:
        if not any(a.split("=")[0] in _NO_CHECK for a in args):
            preflight(args)
    except ConfigError as err:
        refuse("cxsim.calibrate", err)
    sys.argv = [sys.argv[0], *args]
    hydra.main(version_base="1.3", config_path=str(CONFIG_DIR / CALIBRATE_DIR), config_name="config")(task)()


__all__ = ["compose_settings", "preflight", "refuse", "quiet", "task", "main"]
