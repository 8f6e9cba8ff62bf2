"""Checks of the files around a command line: the config trees it reads, the directory it writes.

* Every YAML file of the config directories (the packaged ``configs/`` and a user's
  ``--config-dir``) must parse: a broken file is an error naming the file and the line, even
  when Hydra would not read it this time (a user's file shadowed by a packaged one is never
  read: that is worth a warning too, since the user's edits there are silently ignored).
* The run or sweep directory must be creatable: its nearest existing ancestor is a directory
  in which this process can create one. The probe leaves nothing behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml

from ..config import ConfigError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_files(config_dir: Path) -> list[Path]:
    return sorted(p for p in Path(config_dir).rglob("*.yaml") if p.is_file())


def check_yaml(config_dirs) -> None:
    """Raise a one-line :class:`ConfigError` for the first YAML file that does not parse."""
    for d in config_dirs:
        for path in yaml_files(d):
            try:
                with open(path) as fh:
                    yaml.load(fh, Loader=_Loader)
            except yaml.YAMLError as err:
                mark = getattr(err, "problem_mark", None)
                where = f", line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
                problem = getattr(err, "problem", None) or str(err).splitlines()[0]
                raise ConfigError(f"config file {path}{where} is not valid YAML: {problem}") from None
            except OSError as err:
                raise ConfigError(f"config file {path} cannot be read: {err.strerror}") from None


def shadowed(primary: Path, extra: Path) -> list[str]:
    """Warnings for files of ``--config-dir`` that Hydra never reads because the primary config
    directory, which comes first in its search path, has a file of the same name."""
    out = []
    for path in yaml_files(extra):
        rel = path.relative_to(extra)
        if (primary / rel).is_file():
            out.append(f"{path} is ignored: Hydra reads {primary / rel} first (the packaged configs come before "
                       f"--config-dir); give your file another name, e.g. {rel.parent / ('my_' + rel.name)}")
    return out


def check_output_dir(key: str, path: str) -> None:
    """Raise a one-line :class:`ConfigError` when ``path`` (the value of ``key``) cannot be a
    directory this process writes into."""
    target = Path(path).expanduser()
    target = target if target.is_absolute() else Path.cwd() / target
    if target.exists():
        if not target.is_dir():
            raise ConfigError(f"{key}={path} is a file, not a directory: choose a directory (new or existing)")
        if not os.access(target, os.W_OK | os.X_OK):
            raise ConfigError(f"{key}={path} is not writable by this user: choose a directory you can write in")
        return
    ancestor = target.parent
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise ConfigError(f"{key}={path} cannot be created: {ancestor} is a file, not a directory")
    try:  # the only reliable test (/proc, read-only mounts): create a directory there, then remove it
        os.rmdir(tempfile.mkdtemp(prefix=".cxsim-probe-", dir=ancestor))
    except OSError as err:
        raise ConfigError(f"{key}={path} cannot be created: no directory can be made in {ancestor} "
                          f"({err.strerror})") from None


__all__ = ["check_yaml", "shadowed", "check_output_dir", "yaml_files"]
