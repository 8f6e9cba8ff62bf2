"""The command line: refusals before anything runs, --cfg job, --help, a run, unique sweep dirs.

End-to-end checks run ``python -m cxsim`` in a subprocess with its working directory in
pytest's tmp_path (so a default ``outputs/`` would land there and can be looked for); the
checks of the preflight logic call it directly.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import fields

import pytest
import yaml

from cxsim.cli.preflight import CONFIG_DIR, groups, preflight, sweep_values
from cxsim.config import ConfigError, CXConfig, make_config

PY = sys.executable
SMALL = ["debug=small"]  # 20 weeks, 500 customers, 2 replicates, no plots, no progress bar

pytestmark = pytest.mark.xdist_group("cxsim-cli")


def cxsim(args, cwd, timeout=180, env=None):
    return subprocess.run([PY, "-m", "cxsim", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env)


def _field(key: str):
    obj = CXConfig()
    *parents, last = key.split(".")
    for p in parents:
        obj = getattr(obj, p)
    return {f.name: f for f in fields(obj)}[last]


def _range(key: str) -> str:
    meta = _field(key).metadata
    return f"[{meta['lo']}, {meta['hi']}]"


def _expected_words(arg: str) -> list[str]:
    """What the one-line message must name: the key, the value and what is allowed."""
    key, value = arg.split("=", 1)
    if key in groups():
        return [key, value, *groups()[key]]
    parent, _, name = key.rpartition(".")
    try:
        _field(key)
    except KeyError:  # a typo: the message lists the keys that exist there
        obj = getattr(CXConfig(), parent) if parent else CXConfig()
        return [key, *(f.name for f in fields(obj))]
    return [key, value, _range(key)]


BAD = ["leader.budjet=3", "seed=abc", "leader.authority=1.5", "leader.ex_share=-0.1", "reporting=cfo",
       "customers.n=0", "steps=-1"]


@pytest.mark.parametrize("arg", BAD)
def test_bad_override_is_refused_in_one_line_before_anything_runs(arg, tmp_path):
    res = cxsim([arg], cwd=tmp_path, timeout=60)
    assert res.returncode != 0
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, res.stderr
    for word in _expected_words(arg):
        assert word in lines[0], (word, lines[0])
    assert res.stdout == ""
    assert not (tmp_path / "outputs").exists()
    assert list(tmp_path.iterdir()) == []


def test_every_value_of_a_sweep_is_checked():
    with pytest.raises(ConfigError, match=r"leader\.authority=1\.5"):
        preflight(["-m", "leader.authority=0.5,1.5"])
    with pytest.raises(ConfigError, match=r"steps=-1"):
        preflight(["-m", "steps=range(-1,3)"])
    with pytest.raises(ConfigError, match=r"reporting=cfo"):
        preflight(["-m", "reporting=ceo,cfo"])
    with pytest.raises(ConfigError, match=r"leader\.ex_share=2"):
        preflight(["-m", "leader.ex_share=choice(0.1,2)"])
    preflight(["-m", "seed=range(0,20)", "reporting=ceo,marketing", "leader.authority=0.3,0.8",
               "hydra/launcher=basic", "hydra.sweep.dir=x", "output.plots=false"])
    assert sweep_values("range(0,3)") == ["0", "1", "2"]
    assert sweep_values("a,b") == ["a", "b"]


def test_combinations_of_swept_keys_are_checked_together():
    # each value is fine alone with the other key's default, one combination is not
    for voc, red in ((0.5, 0.1), (0.7, 0.1), (0.5, 0.4)):
        make_config(leader__voc_share=voc, leader__redesign_share=red)
    with pytest.raises(ConfigError):
        make_config(leader__voc_share=0.7, leader__redesign_share=0.4)
    with pytest.raises(ConfigError, match="combination"):
        preflight(["-m", "leader.voc_share=0.5,0.7", "leader.redesign_share=0.1,0.4"])


def test_a_sweep_without_multirun_and_bad_syntax_are_one_line_errors():
    with pytest.raises(ConfigError, match="--multirun"):
        preflight(["seed=1,2"])
    with pytest.raises(ConfigError, match="cannot read"):
        preflight(["seed=[1,"])
    with pytest.raises(ConfigError, match="output.colour"):
        preflight(["output.colour=true"])


def test_every_experiment_passes_preflight_and_a_bad_one_is_caught(tmp_path):
    names = groups()["experiment"]
    assert names
    for name in names:
        preflight(["-m", f"experiment={name}"])
        data = yaml.safe_load((CONFIG_DIR / "experiment" / f"{name}.yaml").read_text())
        assert data["hydra"]["sweeper"]["params"], name
    bad = tmp_path / "configs"  # a user's own experiment, added with --config-dir as Hydra allows
    (bad / "experiment").mkdir(parents=True)
    (bad / "experiment" / "oops.yaml").write_text(
        "# @package _global_\nhydra:\n  sweeper:\n    params:\n      leader.authority: 0.5,3\n")
    with pytest.raises(ConfigError, match=r"leader\.authority=3"):
        preflight(["-m", "--config-dir", str(bad), "experiment=oops"])


def test_cfg_job_shows_the_resolved_config_and_runs_nothing(tmp_path):
    res = cxsim(["--cfg", "job", "leader=influencer", "steps=7"], cwd=tmp_path, timeout=60)
    assert res.returncode == 0, res.stderr
    shown = yaml.safe_load(res.stdout)
    preset = yaml.safe_load((CONFIG_DIR / "leader" / "influencer.yaml").read_text())
    for key, value in preset.items():
        assert shown["leader"][key] == value
    assert shown["steps"] == 7
    make_config({k: v for k, v in shown.items()})  # a complete, valid config
    assert not (tmp_path / "outputs").exists()


def test_help_lists_groups_options_and_parameters(tmp_path):
    res = cxsim(["--help"], cwd=tmp_path, timeout=60)
    assert res.returncode == 0, res.stderr
    for group, options in groups().items():
        line = next((ln for ln in res.stdout.splitlines() if ln.startswith(f"{group}:")), None)
        assert line is not None, group
        for option in options:
            assert option in line
    for key in ("seed", "steps", "replicates", "leader.authority", "leader.ex_share", "leader.start_week"):
        assert key in res.stdout
    assert "--multirun" in res.stdout
    assert not (tmp_path / "outputs").exists()


def test_a_run_writes_its_outputs_where_hydra_says(tmp_path):
    from cxsim.cli.app import config_hash

    run_dir = tmp_path / "run"
    res = cxsim([*SMALL, "output.plots=true", "leader=influencer", f"hydra.run.dir={run_dir}"], cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert str(run_dir) in res.stdout
    for name in ("summary.json", "timeseries.parquet", "job.json", "plots/overview.png", ".hydra/config.yaml"):
        assert (run_dir / name).exists(), name
    summary = json.loads((run_dir / "summary.json").read_text())
    job = json.loads((run_dir / "job.json").read_text())
    resolved = yaml.safe_load((run_dir / ".hydra" / "config.yaml").read_text())
    assert job["status"] == "ok"
    assert summary["config_hash"] == job["config_hash"] == config_hash(resolved)
    assert summary["timing"]["simulation_s"] > 0
    assert summary["replicates"] == 2
    assert not (tmp_path / "outputs").exists()


def test_two_sweeps_started_at_the_same_moment_get_their_own_directories(tmp_path):
    args = [PY, "-m", "cxsim", "--multirun", "hydra/launcher=basic", "steps=3", "customers.n=100",
            "output.plots=false", "output.progress=false", "hydra.callbacks.sweep.report=false"]
    procs = [subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    errs = [p.communicate(timeout=180)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    dirs = sorted(p.parent for p in (tmp_path / "outputs" / "sweeps").rglob("multirun.yaml"))
    assert len(dirs) == 2 and dirs[0] != dirs[1]
    for d in dirs:
        assert json.loads((d / "0" / "job.json").read_text())["status"] == "ok"


def test_the_entry_point_does_not_import_the_model_before_its_checks():
    """The preflight runs before the model's heavy imports: refusals are immediate."""
    code = "import sys, cxsim.__main__; print('cxsim.model' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["False", "False"], (out.stdout, out.stderr)


def test_the_config_tree_is_package_data_of_a_wheel():
    """configs/ is reached through the package (cxsim/configs links to it), and pyproject.toml
    ships every file of it: an installed, non-editable cxsim finds its configs."""
    import tomllib
    from fnmatch import fnmatch
    from pathlib import Path

    import cxsim

    root = Path(__file__).resolve().parents[1]
    linked = Path(cxsim.__file__).parent / "configs"
    assert linked.is_symlink() and linked.resolve() == (root / "configs").resolve() == CONFIG_DIR
    patterns = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["cxsim"]
    files = [p.relative_to(root / "configs").as_posix() for p in (root / "configs").rglob("*") if p.is_file()]
    assert files
    for name in files:
        assert any(fnmatch(f"configs/{name}", pat) for pat in patterns), name
