"""``benchmarks/run_all.py --quick`` runs and writes a table with every row (no timing assertions)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_bench_quick_writes_every_row(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run_all.py"), "--quick", "--out", str(tmp_path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    res = json.loads((tmp_path / "results.json").read_text())
    md = (tmp_path / "results.md").read_text()

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from run_all import ROW_KEYS
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    keys = [r["key"] for r in res["rows"]]
    assert keys == list(ROW_KEYS)
    table = [line for line in md.splitlines() if line.startswith("| ") and not line.startswith("| measure")]
    assert len(table) == len(ROW_KEYS)
    for row in res["rows"]:
        assert row["value"], row
        assert f"| {row['measure']} | {row['value']} |" in md
    assert "quick mode" in md and "Machine:" in md
    assert res["sweep"]["runs"] == 4 and res["scale"]["peak_rss"] > 0
