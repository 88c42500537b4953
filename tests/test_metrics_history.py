"""Golden cases for windows and item histories (METRICS.md "Time windows", "Work items and stages")."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from metrics.history import Timelines, stage_at, stage_map, timelines, unknown_statuses, value_at
from metrics.windows import as_of_instant, window_bounds, window_weeks
from pilotage.core.model import to_frame

T = pd.Timestamp


@pytest.mark.parametrize(
    ("as_of", "start", "end"),
    [
        (date(2026, 11, 22), "2026-08-31", "2026-11-23"),  # Sunday: its own week is the last of the window
        (date(2026, 11, 23), "2026-08-31", "2026-11-23"),  # Monday: its week is not complete
        (date(2026, 11, 21), "2026-08-24", "2026-11-16"),  # Saturday
    ],
)
def test_window_bounds(as_of, start, end):
    assert window_bounds(as_of, 12) == (T(start, tz="UTC"), T(end, tz="UTC"))
    assert len(window_weeks(as_of, 12)) == 12
    assert window_weeks(as_of, 12)[-1] == T(end, tz="UTC") - pd.Timedelta(days=7)


def test_as_of_instant_is_end_of_day():
    assert as_of_instant(date(2026, 3, 1)) == T("2026-03-02", tz="UTC")


STATUSES = to_frame(
    "statuses",
    [
        {"id": f"jira:status:{i}", "source": "jira", "name": n, "category": c}
        for i, (n, c) in enumerate(
            [("To Do", "new"), ("In Progress", "indeterminate"), ("Code Review", "indeterminate"),
             ("Done", "done"), ("Won't Do", "done")]
        )
    ],
)


def _issue(key, created):
    return {"id": f"jira:{key}", "source": "jira", "source_id": key[-1], "key": key, "project": "P",
            "issue_type": "Story", "is_subtask": False, "status": "x", "status_category": "new",
            "created_at": created, "updated_at": created}


def _changes(key, rows):
    return [{"item_id": f"jira:{key}", "source": "jira", "at": at, "seq": i, "from_status": f, "to_status": t}
            for i, (at, f, t) in enumerate(rows)]


ISSUES = to_frame("issues", [_issue(k, "2026-01-05T09:00Z") for k in ("P-1", "P-2", "P-3", "P-4", "P-5")]
                  + [_issue("P-6", "2026-02-01T00:00Z")])
CHANGES = to_frame(
    "status_changes",
    _changes("P-1", [("2026-01-05T09:00Z", None, "To Do"), ("2026-01-06T10:00Z", "To Do", "In Progress"),
                     ("2026-01-07T10:00Z", "In Progress", "Code Review"), ("2026-01-08T10:00Z", "Code Review", "Done")])
    # reopened, then done again; a move between done statuses does not change done_at
    + _changes("P-2", [("2026-01-05T09:00Z", None, "To Do"), ("2026-01-06T00:00Z", "To Do", "In Progress"),
                       ("2026-01-08T00:00Z", "In Progress", "Done"), ("2026-01-09T00:00Z", "Done", "In Progress"),
                       ("2026-01-12T00:00Z", "In Progress", "Done"), ("2026-01-13T00:00Z", "Done", "Won't Do")])
    # done without ever being in progress: no start
    + _changes("P-3", [("2026-01-05T09:00Z", None, "To Do"), ("2026-01-10T00:00Z", "To Do", "Done")])
    # created directly in progress
    + _changes("P-4", [("2026-01-05T09:00Z", None, "In Progress")])
    # reopened and not done again: not done
    + _changes("P-5", [("2026-01-05T09:00Z", None, "To Do"), ("2026-01-06T00:00Z", "To Do", "In Progress"),
                       ("2026-01-07T00:00Z", "In Progress", "Done"), ("2026-01-09T00:00Z", "Done", "To Do")])
    + _changes("P-6", [("2026-02-01T00:00Z", None, "To Do")]),
)


def test_timelines_golden():
    mapping = stage_map(STATUSES)
    tl = timelines(ISSUES, CHANGES, mapping, as_of=date(2026, 1, 31))
    assert list(tl.index) == ["jira:P-1", "jira:P-2", "jira:P-3", "jira:P-4", "jira:P-5"]  # P-6 created after
    assert tl.loc["jira:P-1", "started_at"] == T("2026-01-06T10:00Z")
    assert tl.loc["jira:P-1", "done_at"] == T("2026-01-08T10:00Z")
    assert tl.loc["jira:P-2", "started_at"] == T("2026-01-06T00:00Z")
    assert tl.loc["jira:P-2", "done_at"] == T("2026-01-12T00:00Z")
    assert tl.loc["jira:P-2", "status"] == "Won't Do"
    assert pd.isna(tl.loc["jira:P-3", "started_at"]) and tl.loc["jira:P-3", "done_at"] == T("2026-01-10T00:00Z")
    assert tl.loc["jira:P-4", "started_at"] == T("2026-01-05T09:00Z") and tl.loc["jira:P-4", "stage"] == "in_progress"
    assert tl.loc["jira:P-5", "stage"] == "todo" and pd.isna(tl.loc["jira:P-5", "done_at"])


def test_timelines_replay_the_past():
    tl = timelines(ISSUES, CHANGES, stage_map(STATUSES), as_of=date(2026, 1, 8))
    # before the reopen of P-2 (Jan 9) it was done on Jan 8; a change at exactly the as_of instant is not used
    assert tl.loc["jira:P-2", "done_at"] == T("2026-01-08T00:00Z")
    assert tl.loc["jira:P-5", "stage"] == "done"
    assert tl.loc["jira:P-3", "stage"] == "todo"


def test_timelines_prepared_once_answer_each_instant():
    mapping = stage_map(STATUSES)
    prepared = Timelines(ISSUES, CHANGES, mapping)
    days = (date(2026, 1, 6), date(2026, 1, 8), date(2026, 2, 1))
    for day in days:
        pd.testing.assert_frame_equal(prepared.at(day), timelines(ISSUES, CHANGES, mapping, as_of=day),
                                      check_exact=True)
    early, middle, late = (prepared.at(day) for day in days)
    # P-5 is done at exactly the first instant (7 Jan 00:00), P-2 reopened at exactly the second: neither counts yet
    assert early["stage"].to_dict() == {"jira:P-1": "in_progress", "jira:P-2": "in_progress", "jira:P-3": "todo",
                                        "jira:P-4": "in_progress", "jira:P-5": "in_progress"}
    assert middle["stage"].to_dict() == {"jira:P-1": "done", "jira:P-2": "done", "jira:P-3": "todo",
                                         "jira:P-4": "in_progress", "jira:P-5": "done"}
    assert late["stage"].to_dict() == {"jira:P-1": "done", "jira:P-2": "done", "jira:P-3": "done",
                                       "jira:P-4": "in_progress", "jira:P-5": "todo", "jira:P-6": "todo"}
    assert [tl.loc["jira:P-2", "done_at"] for tl in (middle, late)] == [T("2026-01-08T00:00Z"), T("2026-01-12T00:00Z")]
    assert pd.isna(early.loc["jira:P-2", "done_at"]) and late.loc["jira:P-2", "status"] == "Won't Do"
    assert middle.loc["jira:P-5", "done_at"] == T("2026-01-07T00:00Z") and pd.isna(late.loc["jira:P-5", "done_at"])
    assert {tl.loc["jira:P-5", "started_at"] for tl in (early, middle, late)} == {T("2026-01-06T00:00Z")}


def test_overrides_and_unknown_statuses():
    mapping = stage_map(STATUSES, overrides={"Code Review": "done"})
    tl = timelines(ISSUES, CHANGES, mapping, as_of=date(2026, 1, 31))
    assert tl.loc["jira:P-1", "done_at"] == T("2026-01-07T10:00Z")
    assert unknown_statuses(CHANGES, stage_map(STATUSES)) == []
    assert unknown_statuses(CHANGES, {"To Do": "todo"}) == ["Code Review", "Done", "In Progress", "Won't Do"]


def test_stage_at_and_value_at():
    mapping = stage_map(STATUSES)
    points = pd.DataFrame({"item_id": ["jira:P-2", "jira:P-2", "jira:P-6"],
                           "at": [T("2026-01-08T00:00Z"), T("2026-01-10T00:00Z"), T("2026-01-10T00:00Z")]})
    stages = stage_at(CHANGES, mapping, points)
    assert stages.iloc[:2].tolist() == ["done", "in_progress"] and pd.isna(stages.iloc[2])
    changes = pd.DataFrame({"item_id": ["a", "a"], "at": [T("2026-01-01T00:00Z"), T("2026-01-03T00:00Z")],
                            "seq": [0, 1], "value": ["1", "2"]})
    pts = pd.DataFrame({"item_id": ["a", "a", "b"], "at": [T("2026-01-02T00:00Z"), T("2026-01-03T00:00Z"),
                                                            T("2026-01-03T00:00Z")]})
    values = value_at(changes, pts)
    assert values.iloc[:2].tolist() == ["1", "2"] and pd.isna(values.iloc[2])


def test_empty():
    empty = to_frame("issues", [])
    tl = timelines(empty, to_frame("status_changes", []), {}, as_of=date(2026, 1, 31))
    assert tl.empty and {"stage", "started_at", "done_at"} <= set(tl.columns)
