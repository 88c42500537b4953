"""Golden cases for data confidence (METRICS.md "Data confidence"): coverage ratios with their low flag and the
"not enough data" state."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from metrics.confidence import NOT_ENOUGH, confidence_table, coverage, roadmap_targets
from metrics.delivery import delivery_report
from metrics.work import stages_for
from pilotage.core.model import Dataset, to_frame
from pilotage.core.workspace import parse_workspace
from tests import test_metrics_dora as dora_case

T = pd.Timestamp
AS_OF = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("numerator", "denominator", "ratio", "low", "status"),
    [
        (3, 4, 0.75, False, "ok"),
        (1, 2, 0.5, False, "ok"),  # exactly 50% is not below 50%
        (1, 3, 1 / 3, True, "low"),
        (0, 5, 0.0, True, "low"),
        (0, 0, None, False, NOT_ENOUGH),
    ],
)
def test_coverage(numerator, denominator, ratio, low, status):
    c = coverage(numerator, denominator)
    assert c == {"numerator": numerator, "denominator": denominator, "ratio": pytest.approx(ratio), "low": low,
                 "status": status}


def epic(key: str, done: bool = False) -> tuple[dict, dict]:
    row = {"id": f"jira:{key}", "source": "jira", "source_id": key, "key": key, "project": key.split("-")[0],
           "issue_type": "Epic", "is_subtask": False, "status": "x", "status_category": "new",
           "created_at": "2026-01-01T00:00Z", "updated_at": "2026-01-01T00:00Z"}
    status = {"item_id": f"jira:{key}", "source": "jira", "at": "2026-01-01T00:00Z", "seq": 0,
              "to_status": "Done" if done else "To Do"}
    return row, status


def target(key: str, field: str, *steps: tuple[str, str | None]) -> list[dict]:
    return [{"item_id": f"jira:{key}", "source": "jira", "at": at, "seq": i, "field": field, "to_value": v}
            for i, (at, v) in enumerate(steps)]


EPICS = [epic("E-1"), epic("E-2"), epic("E-3"), epic("E-4", done=True), epic("E-5"), epic("F-1")]
ROADMAP_DS = Dataset({
    "issues": to_frame("issues", [e for e, _ in EPICS]),
    "status_changes": to_frame("status_changes", [s for _, s in EPICS]),
    "statuses": to_frame("statuses", [{"id": "1", "source": "jira", "name": "To Do", "category": "new"},
                                      {"id": "2", "source": "jira", "name": "Done", "category": "done"}]),
    "field_changes": to_frame("field_changes",
                              target("E-1", "due_date", ("2026-01-05T00:00Z", "2026-06-30"))
                              + target("E-2", "due_date", ("2026-03-02T00:00Z", "2026-06-30"))  # after as_of
                              + target("E-3", "due_date", ("2026-01-05T00:00Z", "2026-06-30"),
                                       ("2026-02-01T00:00Z", None))  # cleared
                              + target("E-4", "due_date", ("2026-01-05T00:00Z", "2026-06-30"))
                              + target("E-1", "fix_version", ("2026-01-05T00:00Z", "1.0"))
                              + target("E-2", "fix_version", ("2026-01-05T00:00Z", "2.0, 1.0"))
                              + target("E-3", "fix_version", ("2026-01-05T00:00Z", "3.0"))),
    "versions": to_frame("versions", [
        {"id": "v1", "source": "jira", "project": "E", "name": "1.0", "release_date": "2026-06-30"},
        {"id": "v3", "source": "jira", "project": "E", "name": "3.0", "release_date": None},
    ]),
})


def _workspace(**jira):
    return parse_workspace({
        **({"jira": {"url": "https://x.example", "projects": ["E", "F"], **jira}} if jira else {}),
        "roadmap": [{"key": "E-5", "target": "2026-09-30"}],
        "teams": [{"name": "E team", "jira_projects": ["E"]}, {"name": "F team", "jira_projects": ["F"]}],
    })


def test_roadmap_targets_due_dates():
    ws = _workspace()
    r = roadmap_targets(ROADMAP_DS, ws, stages_for(ROADMAP_DS, ws), as_of=AS_OF).set_index("key")
    # E-4 is done: not counted; E-5 has its target in the workspace file
    assert r["has_target"].to_dict() == {"E-1": True, "E-2": False, "E-3": False, "E-5": True, "F-1": False}
    assert r.loc["F-1", "team"] == "F team"


def test_roadmap_targets_fix_versions():
    ws = _workspace(target="fix_version")
    r = roadmap_targets(ROADMAP_DS, ws, stages_for(ROADMAP_DS, ws), as_of=AS_OF).set_index("key")
    # a fix version counts when it has a release date; 3.0 has none
    assert r["has_target"].to_dict() == {"E-1": True, "E-2": True, "E-3": False, "E-5": True, "F-1": False}


def test_confidence_table_golden():
    done = pd.DataFrame({"team": ["A", "A", "A", "B"], "points": [3.0, None, 1.0, None],
                         "started_at": [T("2026-02-20", tz="UTC"), pd.NaT, pd.NaT, T("2026-02-20", tz="UTC")]})
    roadmap = pd.DataFrame({"team": ["A", "A", "B"], "has_target": [True, False, True]})
    report = dora_case.REPORT
    table = confidence_table(done, roadmap, report.prs, report.incidents, report.team_incidents,
                             report.repo_incidents, {"A": ("acme/api", "acme/web"), "B": ()},
                             ["acme/api", "acme/web", "acme/none"], as_of=AS_OF, weeks=2)
    got = {(r.scope_kind, r.scope, r.ratio_id): (r.numerator, r.denominator, r.status) for r in table.itertuples()}
    assert got[("overall", "", "estimated_items")] == (2, 4, "ok")
    assert got[("team", "A", "items_with_start")] == (1, 3, "low")
    assert got[("team", "A", "epics_with_target")] == (1, 2, "ok")
    assert got[("team", "B", "prs_deployed")] == (0, 0, NOT_ENOUGH)
    assert got[("repo", "acme/api", "prs_deployed")] == (4, 5, "ok")
    assert got[("repo", "acme/none", "prs_deployed")] == (0, 0, NOT_ENOUGH)
    # in the window: 101, 102, OPS-1, web#5, 104 and XYZ-1; web#5 and XYZ-1 precede any deployment of theirs
    assert got[("overall", "", "incidents_linked")] == (4, 6, "ok")
    assert got[("repo", "acme/web", "incidents_linked")] == (1, 2, "ok")


def test_confidence_in_the_report_uses_team_incidents():
    ws = parse_workspace({"metrics": {"window_weeks": 2}, "teams": [{"name": "Platform", "jira_projects": ["OPS"],
                                                                    "repos": ["acme/api", "acme/web"]}]})
    c = delivery_report(dora_case.DS, ws, as_of=AS_OF).confidence.set_index(["scope_kind", "scope", "ratio_id"])
    assert c.loc[("team", "Platform", "incidents_linked"), ["numerator", "denominator"]].tolist() == [4, 5]
    assert c.loc[("team", "Platform", "prs_deployed"), ["numerator", "denominator"]].tolist() == [5, 6]
    assert c.loc[("overall", "", "estimated_items"), "status"] == NOT_ENOUGH


def test_empty():
    ws = _workspace()
    assert roadmap_targets(Dataset.empty(), ws, {}, as_of=AS_OF).empty
    c = delivery_report(Dataset.empty(), ws, as_of=AS_OF).confidence
    assert set(c["status"]) == {NOT_ENOUGH} and c["ratio"].isna().all() and not c["low"].any()
    assert len(c.loc[c["scope_kind"] == "overall"]) == 5
