"""Golden cases for flow metrics (METRICS.md "Work items and stages"): throughput, cycle and lead time, WIP,
ageing WIP and cumulative flow, worked out by hand.

as_of = Sunday 2026-03-01 (instant 2026-03-02 00:00 UTC), window of 3 weeks: 9, 16 and 23 February.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from metrics.delivery import ALL, delivery_report
from metrics.flow import (
    ageing_wip,
    completed_in_window,
    cumulative_flow,
    cycle_time,
    lead_time,
    throughput,
    wip,
)
from metrics.work import stages_for, work_items
from pilotage.core.model import Dataset, to_frame
from pilotage.core.workspace import parse_workspace

T = pd.Timestamp
AS_OF = date(2026, 3, 1)
WEEKS = 3
WEEK_STARTS = [T("2026-02-09", tz="UTC"), T("2026-02-16", tz="UTC"), T("2026-02-23", tz="UTC")]
STATUSES = [("To Do", "new"), ("In Progress", "indeterminate"), ("Review", "indeterminate"), ("Done", "done"),
            ("Won't Do", "done")]


def issue(key: str, created: str, issue_type: str = "Story", subtask: bool = False, **extra) -> dict:
    return {"id": f"jira:{key}", "source": "jira", "source_id": key, "key": key, "project": key.split("-")[0],
            "issue_type": issue_type, "is_subtask": subtask, "status": "x", "status_category": "new",
            "created_at": created, "updated_at": created, **extra}


def history(key: str, *steps: tuple[str, str]) -> list[dict]:
    """Status history: the first step is the creation row."""
    rows, previous = [], None
    for seq, (at, status) in enumerate(steps):
        rows.append({"item_id": f"jira:{key}", "source": "jira", "at": at, "seq": seq, "from_status": previous,
                     "to_status": status})
        previous = status
    return rows


ISSUES = [
    issue("A-1", "2026-02-10T09:00Z"),
    issue("A-2", "2026-02-01T00:00Z"),
    issue("A-3", "2026-02-17T00:00Z"),
    issue("A-4", "2026-02-20T00:00Z"),
    issue("A-5", "2026-01-01T00:00Z"),
    issue("A-6", "2026-02-01T00:00Z"),
    issue("A-7", "2026-02-02T00:00Z", resolution="Won't Do"),
    issue("A-8", "2026-02-26T12:00Z"),
    issue("A-9", "2026-02-27T00:00Z"),
    issue("A-10", "2026-02-14T00:00Z"),
    issue("A-11", "2026-02-13T23:59:59Z"),
    issue("A-20", "2026-02-01T00:00Z", issue_type="Epic"),
    issue("A-21", "2026-02-01T00:00Z", issue_type="Sub-task", subtask=True),
    issue("B-1", "2026-02-23T00:00Z"),
    issue("Z-1", "2026-02-18T00:00Z"),
]
CHANGES = (
    history("A-1", ("2026-02-10T09:00Z", "To Do"), ("2026-02-16T00:00Z", "In Progress"), ("2026-02-18T00:00Z", "Done"))
    # reopened: first done before the window, reopened, done again in the window; started at the first start
    + history("A-2", ("2026-02-01T00:00Z", "To Do"), ("2026-02-02T00:00Z", "In Progress"),
              ("2026-02-10T00:00Z", "Done"), ("2026-02-20T00:00Z", "In Progress"), ("2026-02-24T00:00Z", "Done"))
    # done without ever being in progress: counted, but no cycle time
    + history("A-3", ("2026-02-17T00:00Z", "To Do"), ("2026-02-19T12:00Z", "Done"))
    # created directly in progress: started at creation
    + history("A-4", ("2026-02-20T00:00Z", "In Progress"), ("2026-02-22T00:00Z", "Done"))
    + history("A-5", ("2026-01-01T00:00Z", "To Do"), ("2026-02-01T00:00Z", "In Progress"))
    # reopened and not done again: not done, not in progress
    + history("A-6", ("2026-02-01T00:00Z", "To Do"), ("2026-02-03T00:00Z", "Review"), ("2026-02-17T00:00Z", "Done"),
              ("2026-02-25T00:00Z", "To Do"))
    + history("A-7", ("2026-02-02T00:00Z", "To Do"), ("2026-02-16T12:00Z", "In Progress"),
              ("2026-02-27T00:00Z", "Won't Do"))
    + history("A-8", ("2026-02-26T12:00Z", "In Progress"))
    # done exactly at the as_of instant: not used, still in progress at as_of
    + history("A-9", ("2026-02-27T00:00Z", "To Do"), ("2026-02-28T00:00Z", "In Progress"),
              ("2026-03-02T00:00Z", "Done"))
    # done exactly at Monday 00:00 of the second week
    + history("A-10", ("2026-02-14T00:00Z", "To Do"), ("2026-02-15T00:00Z", "In Progress"),
              ("2026-02-16T00:00Z", "Done"))
    # done one second before Monday 00:00: in the first week
    + history("A-11", ("2026-02-13T23:59:59Z", "To Do"), ("2026-02-15T23:59:59Z", "Done"))
    + history("A-20", ("2026-02-01T00:00Z", "In Progress"), ("2026-02-20T00:00Z", "Done"))
    + history("A-21", ("2026-02-01T00:00Z", "In Progress"), ("2026-02-20T00:00Z", "Done"))
    + history("B-1", ("2026-02-23T00:00Z", "To Do"), ("2026-02-24T00:00Z", "In Progress"),
              ("2026-02-25T00:00Z", "Done"))
    + history("Z-1", ("2026-02-18T00:00Z", "To Do"), ("2026-02-19T00:00Z", "In Progress"),
              ("2026-02-20T00:00Z", "Done"))
)
# events after as_of: none of them may change a result
FUTURE_ISSUES = [issue("A-30", "2026-03-05T00:00Z"), issue("A-31", "2026-03-02T00:00Z")]
FUTURE_CHANGES = (
    history("A-30", ("2026-03-05T00:00Z", "In Progress"), ("2026-03-06T00:00Z", "Done"))
    + history("A-31", ("2026-03-02T00:00Z", "In Progress"))
    + [{"item_id": "jira:A-5", "source": "jira", "at": "2026-03-03T00:00Z", "seq": 2, "from_status": "In Progress",
        "to_status": "Done"},
       {"item_id": "jira:A-6", "source": "jira", "at": "2026-03-02T00:00Z", "seq": 4, "from_status": "To Do",
        "to_status": "In Progress"}]
)


def dataset(issues=ISSUES, changes=CHANGES) -> Dataset:
    return Dataset({
        "issues": to_frame("issues", issues),
        "status_changes": to_frame("status_changes", changes),
        "statuses": to_frame("statuses", [{"id": f"jira:status:{i}", "source": "jira", "name": n, "category": c}
                                          for i, (n, c) in enumerate(STATUSES)]),
    })


def workspace(**metrics):
    return parse_workspace({
        "metrics": {"window_weeks": WEEKS, **metrics},
        "teams": [{"name": "A", "jira_projects": ["A"]}, {"name": "B", "jira_projects": ["B"]}],
    })


def items_of(ds: Dataset, ws=None, as_of: date = AS_OF) -> pd.DataFrame:
    return work_items(ds, ws or workspace(), as_of=as_of)


def test_throughput_golden():
    items = items_of(dataset())
    t = throughput(items, ["A", "B"], as_of=AS_OF, weeks=WEEKS)
    assert list(t.columns) == ["team", "week", "items"]
    assert t.loc[t["team"] == "A", "week"].tolist() == WEEK_STARTS
    # A-11 (Sun 23:59:59) | A-1, A-3, A-4, A-10 (Mon 00:00) | A-2 (reopened, done again), A-7 (Won't Do)
    assert t.loc[t["team"] == "A", "items"].tolist() == [1, 4, 2]
    assert t.loc[t["team"] == "B", "items"].tolist() == [0, 0, 1]


def test_throughput_exclusions():
    t = throughput(items_of(dataset(), workspace(exclude_statuses=["Won't Do"])), ["A"], as_of=AS_OF, weeks=WEEKS)
    assert t["items"].tolist() == [1, 4, 1]
    t = throughput(items_of(dataset(), workspace(exclude_resolutions=["Won't Do"])), ["A"], as_of=AS_OF, weeks=WEEKS)
    assert t["items"].tolist() == [1, 4, 1]


def test_cycle_and_lead_time_golden():
    done = completed_in_window(items_of(dataset()), as_of=AS_OF, weeks=WEEKS)
    assert sorted(done.loc[done["team"] == "A", "key"]) == ["A-1", "A-10", "A-11", "A-2", "A-3", "A-4", "A-7"]
    ct = cycle_time(done, ["A", "B"])
    # A: 2, 22 (A-2 from its first start), 2 (A-4 from creation), 10.5, 1; no start
    # sorted 1, 2, 2, 10.5, 22: p85 at position 3.4 → 10.5 + 0.4 × 11.5; p95 at 3.8 → 10.5 + 0.8 × 11.5
    assert ct.loc["A"].to_dict() == pytest.approx({"p50": 2.0, "p85": 15.1, "p95": 19.7, "count": 5})
    assert ct.loc["B"].to_dict() == pytest.approx({"p50": 1.0, "p85": 1.0, "p95": 1.0, "count": 1})
    lt = lead_time(done, ["A"])
    # 7.625, 23, 2.5, 2, 25, 2, 2 → sorted 2, 2, 2, 2.5, 7.625, 23, 25
    assert lt.loc["A"].to_dict() == pytest.approx({"p50": 2.5, "p85": 23.2, "p95": 24.4, "count": 7})


def test_wip_and_ageing_golden():
    items = items_of(dataset())
    assert wip(items, ["A", "B"]).to_dict() == {"A": 3, "B": 0}  # A-9 (its done is at the as_of instant)
    ageing = ageing_wip(items, {"A": 15.1, "B": 1.0}, as_of=AS_OF)
    assert ageing["key"].tolist() == ["A-5", "A-8", "A-9"]  # oldest first
    assert ageing["age_days"].tolist() == [29.0, 3.5, 2.0]
    assert ageing["over_p85"].tolist() == [True, False, False]
    # strictly above: an age equal to p85 is not flagged; no p85 → not flagged
    assert ageing_wip(items, {"A": 29.0}, as_of=AS_OF)["over_p85"].tolist() == [False, False, False]
    assert not ageing_wip(items, {}, as_of=AS_OF)["over_p85"].any()


def test_cumulative_flow_golden():
    ds = dataset()
    cfd = cumulative_flow(items_of(ds), ds.status_changes, stages_for(ds, workspace()), ["A", "B"], as_of=AS_OF,
                          weeks=WEEKS)
    a = cfd.loc[cfd["team"] == "A"]
    assert a["week"].tolist() == WEEK_STARTS
    # end of week 1 (just before Mon 16 Feb 00:00): A-10's done at exactly 00:00 belongs to the next week
    assert a[["todo", "in_progress", "done"]].values.tolist() == [[2, 3, 2], [0, 3, 6], [1, 3, 7]]
    assert cfd.loc[cfd["team"] == "B", "done"].tolist() == [0, 0, 1]


def test_future_events_change_nothing():
    ws = workspace()
    now = delivery_report(dataset(), ws, as_of=AS_OF)
    later = delivery_report(dataset(ISSUES + FUTURE_ISSUES, CHANGES + FUTURE_CHANGES), ws, as_of=AS_OF)
    pd.testing.assert_frame_equal(now.throughput, later.throughput)
    pd.testing.assert_frame_equal(now.cycle_time, later.cycle_time)
    pd.testing.assert_frame_equal(now.lead_time, later.lead_time)
    pd.testing.assert_series_equal(now.wip, later.wip)
    pd.testing.assert_frame_equal(now.ageing_wip, later.ageing_wip)
    pd.testing.assert_frame_equal(now.cumulative_flow, later.cumulative_flow)


def test_overall_includes_unassigned_projects():
    report = delivery_report(dataset(), workspace(), as_of=AS_OF)
    overall = report.throughput.loc[report.throughput["team"] == ALL, "items"].tolist()
    assert overall == [1, 5, 3]  # A + B + Z-1 (its project has no team)
    assert report.cycle_time.loc[ALL, "count"] == 7
    assert report.wip.loc[ALL] == 3
    assert report.cumulative_flow.loc[report.cumulative_flow["team"] == ALL, "done"].tolist() == [2, 7, 9]


@pytest.mark.parametrize(
    ("done_at", "week"),
    [
        ("2026-02-09T00:00:00Z", 0),  # Monday 00:00 of the window's first week
        ("2026-02-08T23:59:59.999Z", None),  # the instant before the window
        ("2026-02-22T23:59:59.999Z", 1),
        ("2026-02-23T00:00:00Z", 2),
        ("2026-03-01T23:59:59.999Z", 2),  # the last instant of as_of
        ("2026-03-02T00:00:00Z", None),  # the as_of instant: not used
    ],
)
def test_window_boundaries(done_at, week):
    ds = dataset([issue("A-1", "2026-01-01T00:00Z")],
                 history("A-1", ("2026-01-01T00:00Z", "In Progress"), (done_at, "Done")))
    counts = throughput(items_of(ds), ["A"], as_of=AS_OF, weeks=WEEKS)["items"].tolist()
    assert counts == [int(i == week) for i in range(WEEKS)]


@pytest.mark.parametrize(
    ("as_of", "first_week", "counted"),
    [
        (date(2026, 3, 1), "2026-02-09", 1),  # Sunday: its own week is the last of the window
        (date(2026, 3, 2), "2026-02-09", 1),  # Monday: its week is not complete yet
        (date(2026, 2, 28), "2026-02-02", 0),  # Saturday: the window ends on Monday 23 Feb
    ],
)
def test_as_of_boundaries(as_of, first_week, counted):
    ds = dataset([issue("A-1", "2026-01-01T00:00Z")],
                 history("A-1", ("2026-01-01T00:00Z", "In Progress"), ("2026-02-24T00:00Z", "Done")))
    t = throughput(items_of(ds, as_of=as_of), ["A"], as_of=as_of, weeks=WEEKS)
    assert t["week"].iloc[0] == T(first_week, tz="UTC")
    assert t["items"].sum() == counted


def test_empty():
    ds = Dataset.empty()
    items = items_of(ds)
    done = completed_in_window(items, as_of=AS_OF, weeks=WEEKS)
    t = throughput(items, ["A"], as_of=AS_OF, weeks=WEEKS)
    assert t["items"].tolist() == [0, 0, 0]
    ct = cycle_time(done, ["A"])
    assert ct.loc["A", "count"] == 0 and ct.loc["A", ["p50", "p85", "p95"]].isna().all()
    assert lead_time(done, ["A"]).loc["A", "count"] == 0
    assert wip(items, ["A"]).to_dict() == {"A": 0}
    assert ageing_wip(items, {}, as_of=AS_OF).empty
    cfd = cumulative_flow(items, ds.status_changes, {}, ["A"], as_of=AS_OF, weeks=WEEKS)
    assert cfd[["todo", "in_progress", "done"]].to_numpy().sum() == 0 and len(cfd) == WEEKS
    assert cumulative_flow(items, ds.status_changes, {}, [], as_of=AS_OF, weeks=WEEKS).empty
