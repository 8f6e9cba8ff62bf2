"""The calibrated company as a preset every cxsim command accepts: ``company=<name>``.

The preset is a file of the ``company`` config group with a ``# @package _global_`` header, so
it can set parameters of any group: the company's own values that differ from the defaults
(``company.*``, ``customers.*`` of the calibration's scenario) and each free parameter at its
posterior median (4 significant digits). It is always written into the calibration's output
directory (``company/<name>.yaml``) and, with ``install=true``, into ``configs/company/``,
where ``python -m cxsim company=<name>``, sweeps, the explorer and the browser find it.
Before it is reported, :func:`check_composes` composes it through
:func:`cxsim.cli.scenarios.compose` from a copy of the config tree and compares every value.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import yaml

from ..cli.preflight import CONFIG_DIR
from ..cli.scenarios import compose
from ..config import ConfigError, CXConfig, flatten
from ..outputs import write_text

MARKER = "# Calibrated by python -m cxsim.calibrate"
GROUPS = ("company.", "customers.")


def _significant(x: float, digits: int = 4) -> float:
    return float(f"{x:.{digits}g}")


def values(company: CXConfig, medians: dict, name: str) -> dict:
    """Dotted key → value of the preset: the company's non-default values, then the medians."""
    default = flatten(CXConfig())
    out = {"company.name": name}
    for key, value in flatten(company).items():
        if key.startswith(GROUPS) and key != "company.name" and value != default[key]:
            out[key] = value
    out.update({k: _significant(v) for k, v in medians.items()})
    return out


def _nested(flat: dict) -> dict:
    out: dict = {}
    for key, value in flat.items():
        node = out
        *parents, last = key.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[last] = value
    return out


def text(flat: dict, table, source: str, scenario: list, history: list) -> str:
    lines = [f"{MARKER} on {datetime.now().astimezone().isoformat(timespec='seconds')}",
             f"# from {source}; company: {' '.join(scenario) or '(defaults)'}; during the data: {' '.join(history) or '(defaults)'}",
             "# Free parameters at their posterior median [90% credible interval]; the joint posterior",
             "# (posterior.csv next to the calibration's report) is what projections draw from."]
    for row in table.itertuples():
        lines.append(f"#   {row.parameter}: {row.median:.4g} [{row.q05:.4g}, {row.q95:.4g}]  (prior [{row.prior_lo:g}, {row.prior_hi:g}])")
    lines.append(f"# Use: python -m cxsim company={flat['company.name']} [leader=... reporting=...]")
    header = "# @package _global_\n" + "\n".join(lines) + "\n"
    return header + yaml.safe_dump(_nested(flat), sort_keys=False)


def write(path: Path, content: str) -> Path:
    return write_text(path, content)


def _target(name: str, config_dir=None) -> Path:
    return Path(config_dir or CONFIG_DIR) / "company" / f"{name}.yaml"


def check_installable(name: str, config_dir=None) -> None:
    """Refuse to install over a preset a person wrote (checked before anything runs)."""
    target = _target(name, config_dir)
    if target.exists() and MARKER not in target.read_text():
        raise ConfigError(f"name={name}: {target} is a preset not written by a calibration: choose another name")


def install(content: str, name: str, config_dir=None) -> Path:
    """Write the preset into ``<configs>/company/``."""
    check_installable(name, config_dir)
    return write(_target(name, config_dir), content)


def check_composes(content: str, name: str, expected: dict, config_dir=None) -> None:
    """Compose ``company=<name>`` from a copy of the config tree holding the preset and check
    that every value of ``expected`` comes out as written."""
    with tempfile.TemporaryDirectory(prefix="cxsim-preset-") as tmp:
        tree = Path(tmp) / "configs"
        shutil.copytree(Path(config_dir or CONFIG_DIR), tree)
        write(tree / "company" / f"{name}.yaml", content)
        composed = flatten(compose([f"company={name}"], config_dir=tree))
    wrong = {k: (v, composed.get(k)) for k, v in expected.items() if composed.get(k) != v}
    if wrong:
        raise ConfigError(f"the calibrated preset {name} does not compose as written: {wrong}")


__all__ = ["MARKER", "values", "text", "write", "check_installable", "install", "check_composes"]
