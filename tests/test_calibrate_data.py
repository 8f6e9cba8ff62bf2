"""The company's CSV: what is accepted, how periods map onto model weeks, and every refusal.

Each bad file must be refused with one line naming the file, the row (and its line), the
column and what is allowed, before anything runs.
"""

from __future__ import annotations

import numpy as np
import pytest

from cxsim.calibrate.data import DataError, read
from cxsim.calibrate.settings import Observation

GOOD = ["period,nps,nps_responses,churn,churn_base"] + [
    f"2024-{m:02d},{-10 + m},{300 + m},0.0{m % 9 + 1},100000" for m in range(1, 9)]


def write(tmp_path, lines, name="company.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_monthly_file_maps_onto_model_weeks(tmp_path):
    obs = read(write(tmp_path, ["# a comment line is skipped", *GOOD]), min_periods=6)
    assert obs.period == "month" and obs.columns == ("nps", "churn")
    assert obs.labels[0] == "2024-01" and len(obs.labels) == 8
    # a month is 52/12 weeks: period i covers weeks starts[i]+1 … ends[i], no gap, no overlap
    assert obs.starts[0] == 0 and np.all(obs.starts[1:] == obs.ends[:-1])
    assert obs.weeks == round(8 * 52 / 12)
    assert obs.series["nps"].tolist() == [-9, -8, -7, -6, -5, -4, -3, -2]
    assert obs.counts["nps_responses"][0] == 301 and obs.counts["churn_base"][0] == 100000


@pytest.mark.parametrize("cells, period, expected, weeks_each", [
    (["0", "1", "2", "3", "4", "5"], "auto", "week", 1),  # integers count weeks
    (["1", "2", "3", "4", "5", "6"], "month", "month", None),  # … unless stated
    (["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"], "auto", "quarter", 13),
    (["2024-01-07", "2024-01-14", "2024-01-21", "2024-01-28", "2024-02-04", "2024-02-11"], "auto", "week", 1),
    (["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30"], "auto", "month", None),
    (["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31", "2025-03-31", "2025-06-30"], "auto", "quarter", 13),
    (["2024-W01", "2024-W02", "2024-W03", "2024-W04", "2024-W05", "2024-W06"], "auto", "week", 1),
])
def test_period_formats_and_lengths(tmp_path, cells, period, expected, weeks_each):
    lines = ["period,churn,churn_base"] + [f"{c},0.01,5000" for c in cells]
    obs = read(write(tmp_path, lines), period=period)
    assert obs.period == expected
    if weeks_each:
        assert np.all(obs.ends - obs.starts == weeks_each)
    else:
        assert set(obs.ends - obs.starts) <= {4, 5}


def test_gaps_between_periods_are_kept(tmp_path):
    lines = ["period,churn,churn_base"] + [f"2024-{m:02d},0.01,5000" for m in (1, 2, 3, 5, 6, 7)]
    obs = read(write(tmp_path, lines))
    assert obs.starts[3] > obs.ends[2]  # April is missing: May starts a month later


def test_counts_may_come_from_the_settings(tmp_path):
    lines = ["period,nps"] + [f"{w},{w}" for w in range(6)]
    obs = read(write(tmp_path, lines), observation=Observation(nps_responses=250))
    assert obs.counts["nps_responses"].tolist() == [250.0] * 6


def _bad(lines_edit):
    lines = list(GOOD)
    lines_edit(lines)
    return lines


def _set(row: int, col: int, value: str):
    def edit(lines):
        cells = lines[row].split(",")
        cells[col] = value
        lines[row] = ",".join(cells)
    return edit


# (name, edit of GOOD, words the one-line message must contain)
BAD = [
    ("unknown column", lambda ls: ls.__setitem__(0, ls[0].replace("churn_base", "chrun_base")), ["chrun_base", "unknown", "churn_base"]),
    ("missing period column", lambda ls: ls.__setitem__(0, ls[0].replace("period", "month")), ["month", "unknown"]),
    ("no observed column", lambda ls: ls.__setitem__(slice(None), [",".join(r.split(",")[:1]) for r in ls]), ["no observed column", "nps"]),
    ("count without its figure", lambda ls: ls.__setitem__(slice(None), [",".join(r.split(",")[:3] + r.split(",")[4:]) for r in ls]), ["churn_base", "without", "churn"]),
    ("missing count column", lambda ls: ls.__setitem__(slice(None), [",".join(r.split(",")[:2] + r.split(",")[3:]) for r in ls]), ["nps_responses", "missing", "observation.nps_responses"]),
    ("non-numeric cell", _set(3, 1, "abc"), ["row 3", "line", "column nps", "'abc'", "not a number", "[-100, 100]"]),
    ("empty cell", _set(2, 3, ""), ["row 2", "column churn", "empty", "[0, 1]"]),
    ("NaN", _set(4, 1, "nan"), ["row 4", "column nps", "not a number"]),
    ("NPS above 100", _set(5, 1, "130"), ["row 5", "column nps", "130", "[-100, 100]"]),
    ("NPS below -100", _set(5, 1, "-101"), ["row 5", "column nps", "-101", "[-100, 100]"]),
    ("churn as a percentage", _set(1, 3, "1.5"), ["row 1", "column churn", "1.5", "[0, 1]", "share"]),
    ("negative churn", _set(1, 3, "-0.01"), ["row 1", "column churn", "[0, 1]"]),
    ("fractional answer count", _set(2, 2, "12.5"), ["row 2", "column nps_responses", "whole number"]),
    ("zero base", _set(2, 4, "0"), ["row 2", "column churn_base", "whole number ≥ 1"]),
    ("too short", lambda ls: ls.__delitem__(slice(4, None)), ["3 period", "at least 6"]),
    ("unsorted periods", _set(4, 0, "2024-02"), ["row 4", "column period", "2024-02", "before", "increasing order"]),
    ("duplicate period", _set(4, 0, "2024-03"), ["row 4", "column period", "2024-03", "repeats", "one row per period"]),
    ("unknown date format", _set(2, 0, "02/2024"), ["row 2", "column period", "02/2024", "YYYY-MM"]),
    ("impossible month", _set(2, 0, "2024-13"), ["row 2", "column period", "2024-13"]),
    ("mixed formats", _set(2, 0, "2024-02-01"), ["row 2", "column period", "mixes formats"]),
    ("ragged row", lambda ls: ls.__setitem__(3, ls[3] + ",7"), ["row 3", "6 cells", "5 columns"]),
    ("duplicate column", lambda ls: ls.__setitem__(slice(None), [r + "," + r.split(",")[1] for r in ls]), ["nps", "twice"]),
]


@pytest.mark.parametrize("name, edit, words", BAD, ids=[b[0] for b in BAD])
def test_bad_data_is_refused_with_one_line(tmp_path, name, edit, words):
    path = write(tmp_path, _bad(edit))
    with pytest.raises(DataError) as err:
        read(path, min_periods=6)
    msg = str(err.value)
    assert "\n" not in msg
    assert msg.startswith(str(path))
    for word in words:
        assert word in msg, (word, msg)


def test_dates_that_are_not_whole_periods_apart_are_refused(tmp_path):
    lines = ["period,churn,churn_base"] + [f"2024-01-{d:02d},0.01,5000" for d in (1, 8, 15, 25, 29, 30)]
    with pytest.raises(DataError, match="not whole weeks apart|cannot tell the period length"):
        read(write(tmp_path, lines), period="week")


def test_a_period_length_that_contradicts_the_format_is_refused(tmp_path):
    lines = ["period,churn,churn_base"] + [f"2024-{m:02d},0.01,5000" for m in range(1, 7)]
    with pytest.raises(DataError, match="cannot be period=week"):
        read(write(tmp_path, lines), period="week")


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        read(tmp_path / "nope.csv")
