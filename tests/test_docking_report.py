"""``python -m cxsim.validation``: the docking table and docs/validation.md (small sizes).

The full run (``make validate``, 2,000 runs) takes about a minute; here the cheap sections run
at toy sizes only to check the table, the report and the command line. Numbers are not
checked here (the docking tests do that).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cxsim.validation import dockings as v

COLUMNS = "| docking | published / theoretical | cxsim | error | tolerance | pass | runs | command |"


@pytest.fixture(scope="module")
def small():
    return v.run_all(runs=40, only=("erlang", "bass"), log=lambda *_: None)


def test_rows_have_every_column_and_a_reproducing_command(small):
    rows, details = small
    assert {r["section"] for r in rows} == {"erlang", "bass"}
    for r in rows:
        for key in ("docking", "reference", "value", "error", "tolerance", "runs", "command"):
            assert isinstance(r[key], str) and r[key], (key, r)
        assert r["passed"] is None or type(r["passed"]) is bool
        assert r["command"] == f"python -m cxsim.validation 40 --only {r['section']}"
    assert details["seconds"] and details["runs"] == 40


def test_report_is_written_atomically(small, tmp_path):
    rows, details = small
    text = v.render_report(rows, details, wall=1.0)
    assert COLUMNS in text
    assert "Bass (1969)" in text and "Management\nScience* 15(5)" in text
    assert text.count("\n| ") >= len(rows) + 1
    out = v.write_report(text, tmp_path / "docs" / "validation.md")
    assert out.read_text(encoding="utf-8") == text
    assert [p.name for p in out.parent.iterdir()] == ["validation.md"]  # no temporary left behind


def test_failed_check_is_flagged_and_sets_the_exit_code(small, monkeypatch, tmp_path, capsys):
    rows, details = small
    bad = [dict(rows[0], passed=False)] + rows[1:]
    assert "**FAIL**" in v.render_report(bad, details)
    monkeypatch.setattr(v, "run_all", lambda *a, **k: (bad, details))
    out = tmp_path / "validation.md"
    assert v.main(["40", "--out", str(out)]) == 1
    assert out.exists()
    good = [dict(r, passed=None if r["passed"] is None else True) for r in rows]  # toy sizes may miss a z > 4
    monkeypatch.setattr(v, "run_all", lambda *a, **k: (good, details))
    assert v.main(["40", "--out", str(out)]) == 0


def test_only_runs_one_section_and_does_not_write(tmp_path, capsys):
    out = tmp_path / "validation.md"
    assert v.main(["10", "--only", "erlang", "--out", str(out)]) == 0
    assert not out.exists()
    assert "Erlang C textbook case" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        v.main(["10", "--only", "nonsense"])


def test_the_committed_report_lists_every_docking():
    report = Path(v.REPORT)
    if not report.exists():
        pytest.skip("docs/validation.md not generated yet (make validate)")
    text = report.read_text(encoding="utf-8")
    assert COLUMNS in text
    for name in ("March 1991 code knowledge", "March turnover", "March turbulence", "Erlang C textbook",
                 "Bass well mixed", "Silos", "Little, journey kernel", "Little, model"):
        assert name in text, name
