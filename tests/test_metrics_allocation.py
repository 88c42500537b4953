"""Golden cases for investment allocation (METRICS.md "Investment allocation"), worked out by hand.

as_of = Sunday 1 March 2026, window of 2 weeks (16 and 23 February).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from metrics.allocation import allocation, parse_points, points_at
from metrics.delivery import ALL, delivery_report
from metrics.flow import completed_in_window
from metrics.history import field_history
from metrics.work import CATEGORIES, work_items
from pilotage.core.model import Dataset, to_frame
from pilotage.core.workspace import parse_workspace

AS_OF = date(2026, 3, 1)
WS = parse_workspace({
    "metrics": {"window_weeks": 2},
    "allocation": {"run_labels": ["ops"], "epics": {"A-100": "run / KTLO"}},
    "teams": [{"name": "A", "jira_projects": ["A"]}, {"name": "B", "jira_projects": ["B"]}],
})


def issue(key, issue_type="Story", labels=None, parent=None, done="2026-02-20T00:00Z"):
    row = {"id": f"jira:{key}", "source": "jira", "source_id": key, "key": key, "project": key.split("-")[0],
           "issue_type": issue_type, "is_subtask": False, "status": "Done", "status_category": "done",
           "labels": labels, "parent_id": parent, "created_at": "2026-02-01T00:00Z",
           "updated_at": "2026-02-01T00:00Z"}
    changes = [{"item_id": f"jira:{key}", "source": "jira", "at": "2026-02-01T00:00Z", "seq": 0, "to_status": "To Do"},
               {"item_id": f"jira:{key}", "source": "jira", "at": done, "seq": 1, "from_status": "To Do",
                "to_status": "Done"}]
    return row, changes


def points(key, *steps):
    return [{"item_id": f"jira:{key}", "source": "jira", "at": at, "seq": i, "field": "story_points",
             "to_value": value} for i, (at, value) in enumerate(steps)]


ROWS = [
    issue("A-1"),
    issue("A-2", "Bug"),
    issue("A-3", labels="tech-debt"),
    issue("A-4", labels="ops frontend"),
    issue("A-5", labels="tech-debt", parent="jira:A-100"),  # the epic's declared category wins
    issue("A-6", "Incident"),
    issue("A-7", done="2026-02-10T00:00Z"),  # before the window
    issue("A-8"),
    issue("A-100", "Epic"),
]
FIELDS = (
    points("A-1", ("2026-02-01T00:00Z", "3"))
    + points("A-2", ("2026-02-01T00:00Z", "2"))
    + points("A-3", ("2026-02-01T00:00Z", "5"))
    + points("A-5", ("2026-02-01T00:00Z", "2"), ("2026-02-10T00:00Z", "8"), ("2026-03-02T00:00Z", "1"))
    + points("A-6", ("2026-02-01T00:00Z", "1"))
    + points("A-7", ("2026-02-01T00:00Z", "40"))
    + points("A-8", ("2026-02-01T00:00Z", "5"), ("2026-02-05T00:00Z", None))  # estimate cleared
)
DS = Dataset({
    "issues": to_frame("issues", [r for r, _ in ROWS]),
    "status_changes": to_frame("status_changes", [c for _, cs in ROWS for c in cs]),
    "field_changes": to_frame("field_changes", FIELDS),
    "statuses": to_frame("statuses", [{"id": "jira:status:1", "source": "jira", "name": "To Do", "category": "new"},
                                      {"id": "jira:status:2", "source": "jira", "name": "Done", "category": "done"}]),
})


def done_items(ds=DS) -> pd.DataFrame:
    items = work_items(ds, WS, as_of=AS_OF)
    items["points"] = items["id"].map(points_at(field_history(ds.field_changes, "story_points", as_of=AS_OF)))
    return completed_in_window(items, as_of=AS_OF, weeks=2)


def test_points_at_as_of():
    p = points_at(field_history(DS.field_changes, "story_points", as_of=AS_OF))
    assert p.to_dict() == {"jira:A-1": 3.0, "jira:A-2": 2.0, "jira:A-3": 5.0, "jira:A-5": 8.0, "jira:A-6": 1.0,
                           "jira:A-7": 40.0}  # A-5's change at the as_of instant is not used; A-8 was cleared
    assert parse_points(pd.Series(["1.5", "", None, "abc", "1.5"])).tolist() == pytest.approx(
        [1.5, float("nan"), float("nan"), float("nan"), 1.5], nan_ok=True)


def test_allocation_golden():
    a = allocation(done_items(), ["A", "B"]).set_index(["team", "category"])
    assert list(a.loc["A"].index) == list(CATEGORIES)
    assert a.loc["A", "items"].tolist() == [2, 1, 2, 2]  # features A-1 A-8 | tech debt A-3 | A-2 A-6 | A-4 A-5
    assert a.loc["A", "points"].tolist() == [3.0, 5.0, 3.0, 8.0]
    assert a.loc["A", "items_share"].tolist() == pytest.approx([2 / 7, 1 / 7, 2 / 7, 2 / 7])
    assert a.loc["A", "points_share"].tolist() == pytest.approx([3 / 19, 5 / 19, 3 / 19, 8 / 19])
    assert a.loc["B", "items"].tolist() == [0, 0, 0, 0] and a.loc["B", "items_share"].isna().all()


def test_allocation_overall_in_the_report():
    report = delivery_report(DS, WS, as_of=AS_OF)
    overall = report.allocation.loc[report.allocation["team"] == ALL].set_index("category")
    assert overall["items"].tolist() == [2, 1, 2, 2] and overall["points"].sum() == 19


def test_empty():
    empty = Dataset.empty()
    a = allocation(done_items(empty), ["A"])
    assert a["items"].tolist() == [0, 0, 0, 0] and a["points"].tolist() == [0.0] * 4
    assert a["items_share"].isna().all() and a["points_share"].isna().all()
    assert points_at(field_history(empty.field_changes, "story_points", as_of=AS_OF)).empty
