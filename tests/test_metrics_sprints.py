"""Golden cases for sprint predictability (METRICS.md "Sprints"), worked out by hand.

Board 1 (team A) has S1 [Mon 2 Mar 09:00, completed Mon 16 Mar 10:00), S2 [16 Mar 11:00, completed 30 Mar 10:00)
and a future sprint S3 without dates; board 2 (team B) has S4. as_of = Sunday 5 April 2026.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from metrics.history import field_history
from metrics.sprints import analysed_sprints, membership_blocks, sprint_report, sprint_table, velocity_stability
from metrics.work import stages_for, work_items
from pilotage.core.model import Dataset, to_frame
from pilotage.core.workspace import parse_workspace

T = pd.Timestamp
AS_OF = date(2026, 4, 5)
S1, S2, S3, S4, S5 = (f"jira:sprint:{i}" for i in range(1, 6))
STATUSES = [("To Do", "new"), ("In Progress", "indeterminate"), ("Done", "done")]

SPRINTS = [
    {"id": S1, "board_id": 1, "name": "A 1", "state": "closed", "start_at": "2026-03-02T09:00Z",
     "end_at": "2026-03-16T09:00Z", "complete_at": "2026-03-16T10:00Z"},
    {"id": S2, "board_id": 1, "name": "A 2", "state": "closed", "start_at": "2026-03-16T11:00Z",
     "end_at": "2026-03-30T11:00Z", "complete_at": "2026-03-30T10:00Z"},
    {"id": S3, "board_id": 1, "name": "A 3", "state": "future"},
    {"id": S4, "board_id": 2, "name": "B 1", "state": "closed", "start_at": "2026-03-02T09:00Z",
     "end_at": "2026-03-16T09:00Z"},  # no complete date: its end is the planned end
    {"id": S5, "board_id": 1, "name": "A 0", "state": "active", "start_at": "2026-02-01T09:00Z",
     "end_at": "2026-02-14T09:00Z"},  # not closed: never analysed
]


def issue(key: str, created: str, issue_type: str = "Story", subtask: bool = False) -> dict:
    return {"id": f"jira:{key}", "source": "jira", "source_id": key, "key": key, "project": key.split("-")[0],
            "issue_type": issue_type, "is_subtask": subtask, "status": "x", "status_category": "new",
            "created_at": created, "updated_at": created}


def fields(key: str, field: str, *steps: tuple[str, str | None]) -> list[dict]:
    """History of one field; the first step is the creation row."""
    rows, previous = [], None
    for seq, (at, value) in enumerate(steps):
        rows.append({"item_id": f"jira:{key}", "source": "jira", "at": at, "seq": seq, "field": field,
                     "from_value": previous, "to_value": value})
        previous = value
    return rows


def statuses(key: str, *steps: tuple[str, str]) -> list[dict]:
    rows, previous = [], None
    for seq, (at, status) in enumerate(steps):
        rows.append({"item_id": f"jira:{key}", "source": "jira", "at": at, "seq": seq, "from_status": previous,
                     "to_status": status})
        previous = status
    return rows


ISSUES, FIELDS, CHANGES = [], [], []


def item(key, created, sprint_steps, points_steps=(), done_at=None, issue_type="Story", subtask=False):
    ISSUES.append(issue(key, created, issue_type, subtask))
    FIELDS.extend(fields(key, "sprint", *sprint_steps))
    if points_steps:
        FIELDS.extend(fields(key, "story_points", *points_steps))
    CHANGES.extend(statuses(key, (created, "To Do"), *(((done_at, "Done"),) if done_at else ())))


# ---- S1 (points: 4 of its 5 committed items are estimated at the start, exactly the 80% rule)
# committed, completed
item("A-1", "2026-02-20T00:00Z", [("2026-02-20T00:00Z", ""), ("2026-02-25T00:00Z", S1)],
     [("2026-02-20T00:00Z", "3")], done_at="2026-03-10T00:00Z")
# enters exactly at the start: committed; re-estimated after the start (points at start count); carried to S2
# by the sprint's completion (Jira keeps the closed sprint in the value)
item("A-2", "2026-02-20T00:00Z", [("2026-02-20T00:00Z", ""), ("2026-03-02T09:00Z", S1),
                                  ("2026-03-16T10:00Z", f"{S1},{S2}")],
     [("2026-02-20T00:00Z", "5"), ("2026-03-05T00:00Z", "8")], done_at="2026-03-20T00:00Z")
# added mid-sprint, its estimate changed at the very instant it was added (that value counts); completed
item("A-3", "2026-02-01T00:00Z", [("2026-02-01T00:00Z", ""), ("2026-03-04T00:00Z", S1)],
     [("2026-02-01T00:00Z", "2"), ("2026-03-04T00:00Z", "1")], done_at="2026-03-12T00:00Z")
# created inside the sprint, in it from creation: added with its estimate at creation; then removed
item("A-4", "2026-03-05T00:00Z", [("2026-03-05T00:00Z", S1), ("2026-03-10T00:00Z", "")],
     [("2026-03-05T00:00Z", "5"), ("2026-03-06T00:00Z", "13")])
# committed, left and came back before the end: not removed; completed
item("A-5", "2026-02-20T00:00Z", [("2026-02-26T00:00Z", S1), ("2026-03-05T00:00Z", ""), ("2026-03-08T00:00Z", S1)],
     [("2026-02-20T00:00Z", "2")], done_at="2026-03-15T00:00Z")
# committed, unestimated, removed
item("A-6", "2026-02-20T00:00Z", [("2026-02-20T00:00Z", S1), ("2026-03-06T00:00Z", "")])
# enters exactly at the end: neither committed nor added
item("A-7", "2026-02-20T00:00Z", [("2026-02-20T00:00Z", ""), ("2026-03-16T10:00Z", S1)], [("2026-02-20T00:00Z", "8")])
# committed, done exactly at the end instant (after it): not completed; carried into S2 the next day, reopened
item("A-9", "2026-02-20T00:00Z", [("2026-02-20T00:00Z", S1), ("2026-03-17T00:00Z", f"{S1},{S2}")],
     [("2026-02-20T00:00Z", "1")], done_at="2026-03-16T10:00Z")
CHANGES.append({"item_id": "jira:A-9", "source": "jira", "at": "2026-03-18T00:00Z", "seq": 2, "from_status": "Done",
                "to_status": "To Do"})
# not work items: an epic and a sub-task in the sprint are ignored
item("A-50", "2026-02-20T00:00Z", [("2026-02-20T00:00Z", S1)], [("2026-02-20T00:00Z", "40")], issue_type="Epic")
item("A-51", "2026-02-20T00:00Z", [("2026-02-20T00:00Z", S1)], [("2026-02-20T00:00Z", "1")],
     issue_type="Sub-task", subtask=True)
# ---- S2 (items: 1 of 3 committed items estimated)
item("A-10", "2026-03-10T00:00Z", [("2026-03-15T00:00Z", S2)], done_at="2026-03-25T00:00Z")
# committed, not completed, moved to the future sprint S3 (no start yet: later than any started sprint)
item("A-11", "2026-03-10T00:00Z", [("2026-03-15T00:00Z", S2), ("2026-04-01T00:00Z", f"{S2},{S3}")])
# ---- S4, board 2
item("B-1", "2026-02-20T00:00Z", [("2026-02-20T00:00Z", S4)], [("2026-02-20T00:00Z", "3")],
     done_at="2026-03-03T00:00Z")

# events after as_of: A-11 done, A-9 moved again, a new item in S2; none may change a result
FUTURE_FIELDS = (
    fields("A-12", "sprint", ("2026-04-06T00:00Z", S2))
    + [{"item_id": "jira:A-9", "source": "jira", "at": "2026-04-06T00:00Z", "seq": 5, "field": "sprint",
        "from_value": f"{S1},{S2}", "to_value": f"{S1},{S2},{S3}"},
       {"item_id": "jira:A-2", "source": "jira", "at": "2026-04-06T00:00Z", "seq": 5, "field": "story_points",
        "from_value": "8", "to_value": "1"}]
)
FUTURE_CHANGES = statuses("A-12", ("2026-04-06T00:00Z", "To Do")) + [
    {"item_id": "jira:A-11", "source": "jira", "at": "2026-04-07T00:00Z", "seq": 1, "from_status": "To Do",
     "to_status": "Done"}]


def dataset(issues=None, field_changes=None, changes=None, sprints=SPRINTS) -> Dataset:
    return Dataset({
        "issues": to_frame("issues", ISSUES if issues is None else issues),
        "field_changes": to_frame("field_changes", FIELDS if field_changes is None else field_changes),
        "status_changes": to_frame("status_changes", CHANGES if changes is None else changes),
        "statuses": to_frame("statuses", [{"id": f"jira:status:{i}", "source": "jira", "name": n, "category": c}
                                          for i, (n, c) in enumerate(STATUSES)]),
        "sprints": to_frame("sprints", [{"source": "jira", **s} for s in sprints]),
    })


WS = parse_workspace({"teams": [{"name": "A", "jira_projects": ["A"], "board": 1},
                                {"name": "B", "jira_projects": ["B"], "board": 2}]})


def report(ds: Dataset, as_of: date = AS_OF, ws=WS):
    return sprint_report(
        work_items(ds, ws, as_of=as_of), ds.field_changes, ds.status_changes, ds.sprints, ws.team_of_board(),
        stages_for(ds, ws), as_of=as_of, weeks=ws.metrics.window_weeks, points_rule=ws.metrics.points_rule,
        velocity_sprints=ws.metrics.velocity_sprints,
    )


def row(table: pd.DataFrame, sprint_id: str) -> pd.Series:
    return table.set_index("sprint_id").loc[sprint_id]


def members(m: pd.DataFrame, sprint_id: str, flag: str) -> list[str]:
    return sorted(m.loc[(m["sprint_id"] == sprint_id) & m[flag], "key"])


def test_membership_golden():
    _, m, _ = report(dataset())
    assert members(m, S1, "committed") == ["A-1", "A-2", "A-5", "A-6", "A-9"]
    assert members(m, S1, "added") == ["A-3", "A-4"]
    assert members(m, S1, "removed") == ["A-4", "A-6"]
    assert members(m, S1, "completed") == ["A-1", "A-3", "A-5"]
    assert members(m, S1, "carry_over") == ["A-2", "A-9"]
    points = m.loc[m["sprint_id"] == S1].set_index("key")["points"]
    assert points.to_dict() == pytest.approx({"A-1": 3, "A-2": 5, "A-3": 1, "A-4": 5, "A-5": 2, "A-6": float("nan"),
                                              "A-9": 1}, nan_ok=True)
    entered = m.loc[m["sprint_id"] == S1].set_index("key")["entered_at"]
    assert entered["A-3"] == T("2026-03-04T00:00Z") and pd.isna(entered["A-1"])
    assert members(m, S2, "committed") == ["A-10", "A-11", "A-2"]
    assert members(m, S2, "added") == ["A-9"]
    assert members(m, S2, "carry_over") == ["A-11"]
    assert members(m, S4, "completed") == ["B-1"]


def test_sprint_table_golden():
    table, _, _ = report(dataset())
    assert table["sprint_id"].tolist() == [S4, S1, S2]  # by end: S4 ends at its planned end 09:00
    s1 = row(table, S1)
    assert s1["team"] == "A" and s1["unit"] == "points" and s1["estimated_committed"] == 4
    assert (s1["committed_items"], s1["added_items"], s1["removed_items"], s1["completed_items"],
            s1["completed_committed_items"], s1["carry_over_items"]) == (5, 2, 2, 3, 2, 2)
    assert (s1["committed"], s1["added"], s1["removed"], s1["completed"], s1["completed_committed"],
            s1["carry_over"]) == (11, 6, 5, 6, 5, 6)
    assert s1["velocity"] == 6
    assert s1["planning_accuracy"] == pytest.approx(5 / 11)
    assert s1["capacity_accuracy"] == pytest.approx(6 / 11)
    assert s1["scope_change"] == pytest.approx(11 / 11)
    s2 = row(table, S2)
    assert s2["unit"] == "items" and s2["committed_points"] == 8  # A-2 re-estimated to 8 before S2 started
    assert (s2["committed"], s2["added"], s2["removed"], s2["completed"], s2["completed_committed"],
            s2["carry_over"]) == (3, 1, 0, 2, 2, 1)
    assert s2["planning_accuracy"] == pytest.approx(2 / 3) and s2["scope_change"] == pytest.approx(1 / 3)
    assert row(table, S4)["team"] == "B" and row(table, S4)["end"] == T("2026-03-16T09:00Z")


def test_points_rule_below_80_percent_counts_in_items():
    ws = parse_workspace({"metrics": {"points_rule": 0.81}, "teams": [{"name": "A", "jira_projects": ["A"],
                                                                       "board": 1}]})
    s1 = row(report(dataset(), ws=ws)[0], S1)
    assert s1["unit"] == "items" and s1["committed"] == 5 and s1["velocity"] == 3
    assert s1["planning_accuracy"] == pytest.approx(2 / 5)


def test_velocity_stability_golden():
    _, _, stability = report(dataset())
    # S1 counts in points, S2 in items: the stability is in items, velocities 3 and 2
    assert stability.loc["A", "unit"] == "items" and stability.loc["A", "sprints"] == 2
    assert stability.loc["A", "velocity_stability"] == pytest.approx(0.7071067811865476 / 2.5)
    assert stability.loc["B", "sprints"] == 1 and pd.isna(stability.loc["B", "velocity_stability"])


def test_velocity_stability_last_sprints_in_points():
    table = pd.DataFrame({
        "team": "A", "end": pd.date_range("2026-01-05", periods=8, freq="14D", tz="UTC"),
        "unit": ["items", "items", "points", "points", "points", "points", "points", "points"],
        "completed_items": [1, 1, 1, 1, 1, 1, 1, 1],
        "completed_points": [0, 0, 10.0, 20.0, 10.0, 20.0, 10.0, 20.0],
    })
    s = velocity_stability(table, ["A"], last=6, before=T("2026-12-31", tz="UTC"))
    assert s.loc["A", "unit"] == "points" and s.loc["A", "mean"] == 15
    assert s.loc["A", "velocity_stability"] == pytest.approx(pd.Series([10, 20] * 3).std() / 15)
    # the last 7 reach an items sprint: everything in items, all equal → 0
    seven = velocity_stability(table, ["A"], last=7, before=T("2026-12-31", tz="UTC"))
    assert seven.loc["A", "velocity_stability"] == 0


def test_future_events_change_nothing():
    now = report(dataset())
    later = report(dataset(ISSUES + [issue("A-12", "2026-04-06T00:00Z")], FIELDS + FUTURE_FIELDS,
                           CHANGES + FUTURE_CHANGES))
    for a, b in zip(now, later):
        pd.testing.assert_frame_equal(a, b)


def test_replay_before_the_second_sprint_ends():
    # on Friday 20 March the week of S1's end is not complete: S1 is not in the window yet
    assert report(dataset(), as_of=date(2026, 3, 20))[0].empty
    table, m, _ = report(dataset(), as_of=date(2026, 3, 22))
    assert table["sprint_id"].tolist() == [S4, S1]  # S2 completes after this as_of
    assert row(table, S1)["carry_over_items"] == 2 and members(m, S1, "carry_over") == ["A-2", "A-9"]


@pytest.mark.parametrize(
    ("entered", "committed", "added", "in_at_end"),
    [
        ("2026-03-02T09:00:00Z", True, False, True),  # exactly at the start
        ("2026-03-02T08:59:59.999Z", True, False, True),
        ("2026-03-02T09:00:00.001Z", False, True, True),
        ("2026-03-16T09:59:59.999Z", False, True, True),  # the last instant before the end
        ("2026-03-16T10:00:00Z", False, False, False),  # exactly at the end
    ],
)
def test_sprint_boundaries(entered, committed, added, in_at_end):
    ds = dataset([issue("A-1", "2026-02-01T00:00Z")], fields("A-1", "sprint", ("2026-02-01T00:00Z", ""),
                                                                 (entered, S1)),
                 statuses("A-1", ("2026-02-01T00:00Z", "To Do")))
    _, m, _ = report(ds)
    got = m.loc[m["sprint_id"] == S1]
    if not (committed or added):
        assert got.empty
        return
    assert got["committed"].tolist() == [committed] and got["added"].tolist() == [added]
    assert got["removed"].tolist() == [not in_at_end]


def test_membership_blocks_merge_touching_intervals():
    fc = to_frame("field_changes", fields("A-1", "sprint", ("2026-01-01T00:00Z", S1),
                                          ("2026-01-02T00:00Z", f"{S1},{S2}"), ("2026-01-03T00:00Z", S2),
                                          ("2026-01-04T00:00Z", f"{S2}, {S1}"), ("2026-01-04T00:00Z", "")))
    blocks = membership_blocks(field_history(fc, "sprint", as_of=date(2026, 1, 10)), pd.Index(["jira:A-1"]),
                               pd.Index([S1, S2]), as_of=date(2026, 1, 10))
    ms = lambda s: T(s).value // 10**6  # noqa: E731
    # S1 from 1 Jan to 3 Jan (two touching intervals merged); the 4 Jan value lasted no time (same instant)
    assert blocks.values.tolist() == [[0, 0, ms("2026-01-01T00:00Z"), ms("2026-01-03T00:00Z")],
                                      [0, 1, ms("2026-01-02T00:00Z"), ms("2026-01-04T00:00Z")]]


def test_empty():
    ds = Dataset.empty()
    table, m, stability = report(ds)
    assert table.empty and m.empty
    assert stability.loc["A"].to_dict() == {"velocity_stability": pytest.approx(float("nan"), nan_ok=True),
                                            "unit": "items", "sprints": 0, "mean": pytest.approx(float("nan"),
                                                                                                nan_ok=True)}
    # a closed sprint nobody was ever in: zero sizes, ratios undefined, counted in items
    empty_sprint = dataset([], [], [], sprints=SPRINTS[:1])
    t, _, _ = report(empty_sprint)
    assert t["committed"].tolist() == [0] and t["unit"].tolist() == ["items"] and t["planning_accuracy"].isna().all()
    assert analysed_sprints(ds.sprints, {1: "A"}, as_of=AS_OF).empty
    assert sprint_table(analysed_sprints(ds.sprints, {}, as_of=AS_OF), m, points_rule=0.8).empty
