"""Scenarios composed from ``configs/`` with Hydra's compose API: the one way to build a preset.

A scenario is a list of Hydra overrides, exactly as on the command line
(``["leader=influencer", "reporting=marketing", "leader.budget=1"]``). The browser, the tests,
the dockings and the studies call :func:`compose` instead of reading YAML files themselves, so a
preset is defined once, in ``configs/``, and means the same thing everywhere (group order,
``# @package`` headers and precedence are Hydra's own).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

from ..config import ConfigError, CXConfig, make_config
from .preflight import CONFIG_DIR

# the run settings a scenario may carry besides the model's parameters
_NOT_MODEL = ("hydra", "output", "experiment")


def compose_dict(overrides: Iterable[str] = (), config_dir: str | Path | None = None) -> dict:
    """The composed job config (without ``hydra``) as a plain nested dict."""
    return dict(_compose(tuple(overrides), str(config_dir or CONFIG_DIR)))


@functools.lru_cache(maxsize=256)
def _compose(overrides: tuple[str, ...], config_dir: str) -> tuple:
    from hydra import compose as hydra_compose
    from hydra import initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra
    from omegaconf import OmegaConf

    from . import app  # noqa: F401  (registers the schema and the resolvers the configs use)

    if GlobalHydra.instance().is_initialized():  # e.g. called from inside a Hydra job
        saved = GlobalHydra.instance().hydra
        GlobalHydra.instance().clear()
    else:
        saved = None
    try:
        with initialize_config_dir(version_base="1.3", config_dir=config_dir, job_name="cxsim_compose"):
            cfg = hydra_compose(config_name="config", overrides=list(overrides))
    except Exception as err:  # Hydra's messages span several lines
        raise ConfigError(" ".join(str(err).split())) from None
    finally:
        GlobalHydra.instance().clear()
        if saved is not None:
            GlobalHydra.instance().initialize(saved)
    data = OmegaConf.to_container(cfg, resolve=False)
    return tuple((k, v) for k, v in data.items() if k != "hydra")


def compose(overrides: Iterable[str] = (), config_dir: str | Path | None = None) -> CXConfig:
    """The validated model config of a scenario: ``compose(["leader=lure"])``."""
    data = compose_dict(overrides, config_dir)
    return make_config({k: v for k, v in data.items() if k not in _NOT_MODEL})


__all__ = ["compose", "compose_dict"]
