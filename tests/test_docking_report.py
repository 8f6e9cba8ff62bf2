"""``python -m cxsim.validation``: the docking table and docs/validation.md (small sizes).

The full run (``make validate``, 2,000 runs) takes about a minute; here the cheap sections run
at toy sizes only to check the table, the report and the command line. Numbers are not
checked here (the docking tests do that).
"""

from __future__ import annotations

import dataclasses

import pytest

from cxsim.validation import suite
from cxsim.validation.erlang import ERLANG_TEXTBOOK, erlang_docking
from cxsim.validation.report import COLUMNS, REPORT, render_report, write_report

HEADER = "| " + " | ".join(COLUMNS) + " |"


@pytest.fixture(scope="module")
def small():
    return suite.run_all(runs=40, only=("erlang", "bass"), log=lambda *_: None)


def test_rows_have_every_column_and_a_reproducing_command(small):
    assert list(small.results) == ["erlang", "bass"] and small.runs == 40
    checks = small.checks()
    assert [c.section for c in checks] == ["erlang"] * 9 + ["bass"] * 8
    for c in checks:
        for key in ("docking", "reference", "value", "error", "tolerance", "runs"):
            assert isinstance(getattr(c, key), str) and getattr(c, key), (key, c)
        assert c.passed is None or type(c.passed) is bool
    assert small.command("bass") == "python -m cxsim.validation 40 --only bass"
    assert set(small.seconds) == {"erlang", "bass"}


def test_report_is_written_atomically(small, tmp_path):
    text = render_report(small, wall=1.0)
    assert HEADER in text
    assert "Bass (1969)" in text and "Management\nScience* 15(5)" in text
    assert "### Bass on the model's network (all runs)" in text
    assert text.count("`python -m cxsim.validation 40 --only erlang`") == 9
    assert text.count("\n| ") == 1 + len(small.checks()) + 5  # header, a row per check, the network table (header + 4)
    out = write_report(text, tmp_path / "docs" / "validation.md")
    assert out.read_text(encoding="utf-8") == text
    assert [p.name for p in out.parent.iterdir()] == ["validation.md"]  # no temporary left behind


def test_failed_check_is_flagged_and_sets_the_exit_code(small, monkeypatch, tmp_path):
    wrong = erlang_docking({**ERLANG_TEXTBOOK, "p_wait": 0.2})  # a published figure the kernel misses
    bad = dataclasses.replace(small, results={**small.results, "erlang": wrong})
    assert not bad.passed and "**FAIL**" in render_report(bad)
    monkeypatch.setattr(suite, "run_all", lambda *a, **k: bad)
    out = tmp_path / "validation.md"
    assert suite.main(["40", "--out", str(out)]) == 1
    assert out.exists()
    good = dataclasses.replace(small, results={"erlang": erlang_docking()})  # toy sizes may miss a z > 4
    monkeypatch.setattr(suite, "run_all", lambda *a, **k: good)
    assert suite.main(["40", "--out", str(out)]) == 0


def test_only_runs_one_section_and_does_not_write(tmp_path, capsys):
    out = tmp_path / "validation.md"
    assert suite.main(["10", "--only", "erlang", "--out", str(out)]) == 0
    assert not out.exists()
    assert "Erlang C textbook case" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        suite.main(["10", "--only", "nonsense"])


def test_the_committed_report_lists_every_docking():
    if not REPORT.exists():
        pytest.skip("docs/validation.md not generated yet (make validate)")
    text = REPORT.read_text(encoding="utf-8")
    assert HEADER in text
    for name in ("March 1991 code knowledge", "March turnover", "March turbulence", "Erlang C textbook",
                 "Bass well mixed", "Silos", "Little, journey kernel", "Little, model", "Plain per-agent Mesa reference"):
        assert name in text, name
    assert "**FAIL**" not in text
