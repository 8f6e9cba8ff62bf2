"""Scenarios composed from ``configs/`` with Hydra's own composition: the one way to build a preset.

A scenario is a list of Hydra overrides, exactly as on the command line
(``["leader=influencer", "reporting=marketing", "leader.budget=1"]``). The browser, the tests,
the dockings and the studies call :func:`compose` instead of reading YAML files themselves, so a
preset is defined once, in ``configs/``, and means the same thing everywhere (group order,
``# @package`` headers, defaults lists and precedence are Hydra's own). The command line's
pre-flight check composes through :func:`hydra_session` too, with the same search path as
``python -m cxsim`` (``--config-dir`` included), so it accepts what Hydra accepts.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..config import ConfigError, CXConfig, make_config


def _config_dir() -> Path:
    """The config tree: ``configs/`` at the top of a checkout. ``cxsim/configs`` is a symbolic
    link to it, so the tree is package data of a wheel and an installed cxsim finds it in the
    package; a checkout without the link falls back to ``../configs``."""
    here = Path(__file__).resolve().parents[1]  # the cxsim package
    for d in (here / "configs", here.parent / "configs"):
        if (d / "config.yaml").is_file():
            return d.resolve()
    return here / "configs"


CONFIG_DIR = _config_dir()
CONFIG_NAME = "config"
# the run settings a scenario may carry besides the model's parameters
_NOT_MODEL = ("hydra", "output", "experiment")


@contextlib.contextmanager
def hydra_session(config_dir: str | Path | None = None, extra_dir: str | Path | None = None) -> Iterator:
    """A Hydra instance with the search path of ``python -m cxsim [--config-dir extra_dir]``:
    ``config_dir`` (default: the packaged ``configs/``) as the primary config directory, then
    ``extra_dir`` where Hydra puts ``--config-dir``. Whatever Hydra was set up before (e.g.
    inside a Hydra job) is restored afterwards."""
    from hydra._internal.hydra import Hydra
    from hydra._internal.utils import create_config_search_path
    from hydra.core.config_search_path import SearchPathQuery
    from hydra.core.global_hydra import GlobalHydra

    from . import app  # noqa: F401  (registers the schema and the resolvers the configs use)

    saved = GlobalHydra.instance().hydra if GlobalHydra.instance().is_initialized() else None
    GlobalHydra.instance().clear()
    search_path = create_config_search_path(f"file://{Path(config_dir or CONFIG_DIR).resolve()}")
    if extra_dir is not None:  # exactly what Hydra does with --config-dir (hydra/_internal/utils.py)
        search_path.prepend(provider="command-line", path=f"file://{os.path.abspath(extra_dir)}",
                            anchor=SearchPathQuery(provider="schema"))
    try:
        yield Hydra.create_main_hydra2(task_name="cxsim", config_search_path=search_path)
    finally:
        GlobalHydra.instance().clear()
        if saved is not None:
            GlobalHydra.instance().initialize(saved)


def one_line(err: BaseException) -> str:
    """A Hydra or OmegaConf error in one line: its message and its cause's, without the
    search-path listing Hydra appends."""
    parts = []
    while err is not None and len(parts) < 3:
        text = str(err).split("Config search path:")[0]
        text = " ".join(text.replace("\t", " ").split())
        if text and text not in parts:
            parts.append(text.rstrip("."))
        err = err.__cause__
    return ": ".join(parts) or "invalid configuration"


def compose_config(hydra, overrides: Iterable[str], *, multirun: bool = False, config_name: str = CONFIG_NAME):
    """The composed config (``hydra`` node included) of ``overrides`` in a :func:`hydra_session`;
    a Hydra error becomes a one-line :class:`ConfigError`."""
    from hydra.types import RunMode

    try:
        return hydra.compose_config(config_name=config_name, overrides=list(overrides),
                                    run_mode=RunMode.MULTIRUN if multirun else RunMode.RUN,
                                    from_shell=True, with_log_configuration=False)
    except Exception as err:  # Hydra's messages span several lines
        raise ConfigError(one_line(err)) from None


@functools.lru_cache(maxsize=256)
def _compose(overrides: tuple[str, ...], config_dir: str) -> tuple:
    from omegaconf import OmegaConf, open_dict

    with hydra_session(config_dir) as hydra:
        cfg = compose_config(hydra, overrides)
    with open_dict(cfg):
        del cfg["hydra"]
    data = OmegaConf.to_container(cfg, resolve=True)
    return tuple(data.items())


def compose_dict(overrides: Iterable[str] = (), config_dir: str | Path | None = None) -> dict:
    """The composed job config (without ``hydra``) as a plain nested dict."""
    import copy

    return copy.deepcopy(dict(_compose(tuple(overrides), str(config_dir or CONFIG_DIR))))


def compose(overrides: Iterable[str] = (), config_dir: str | Path | None = None) -> CXConfig:
    """The validated model config of a scenario: ``compose(["leader=lure"])``."""
    data = compose_dict(overrides, config_dir)
    return make_config({k: v for k, v in data.items() if k not in _NOT_MODEL})


__all__ = ["CONFIG_DIR", "CONFIG_NAME", "compose", "compose_config", "compose_dict", "hydra_session", "one_line"]
