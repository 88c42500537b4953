"""Issue 17, Jira side: a Cloud site mixing a company-managed project (PAY: Epic Link, "Story Points", a scrum
board) with team-managed ones (APP: `parent` only, "Story point estimate", its own `simple` board with sprints,
a `Subtask`; LAB: a board with the sprints feature off), and roadmap dates from Jira Plans' "Target end" field,
read by the real `jira` client from the emulator.

APP-1 (epic) "Target end" history, worked out by hand:
    created 01-05 with 2026-03-31   → set      (baseline)
    01-20 → 2026-04-15              → later +15 days
    02-10 → 2026-05-01              → later +16 days (against the last target set, 04-15)
    03-01 → 2026-04-20              → earlier −11 days
target 2026-04-20, baseline 2026-03-31, slips 2, slip days 31. Children of APP-1 at as_of 2026-03-08: APP-2 (done),
APP-4 (in progress), APP-5 (moved in from PAY-3, then given APP-1 as parent) — not the sub-task APP-3: 3 children,
2 remaining.
"""

from __future__ import annotations

from datetime import date

import pytest

from connectors.jira import connector_for
from emulators.jira import JiraEmulator, workspace_for
from metrics.roadmap import roadmap_inputs
from pilotage.application.sync import run_sync
from pilotage.core.errors import WorkspaceError
from pilotage.core.store import Store
from pilotage.core.workspace import parse_workspace

AS_OF = date(2026, 3, 8)
T = "T10:00:00.000+0000"


def site() -> JiraEmulator:
    emu = JiraEmulator("cloud", now="2026-03-08T12:00:00.000+0000")
    emu.team_managed |= {"APP", "LAB"}
    emu.add_date_field("target_end", "customfield_10022", "Target end")
    emu.add_date_field("baseline_end", "customfield_10023", "Baseline end")
    emu.add_board(1, "PAY", board_type="scrum")
    emu.add_board(20, "APP", "APP board", board_type="simple")
    emu.add_board(30, "LAB", "LAB board", board_type="simple", sprints=False)
    emu.add_sprint(101, 1, "PAY Sprint 1", "closed", f"2026-02-02{T}", f"2026-02-16{T}", f"2026-02-16{T}")
    emu.add_sprint(201, 20, "APP Sprint 1", "active", f"2026-03-02{T}", f"2026-03-16{T}")
    emu.add_issues([
        {"key": "APP-1", "type": "Epic", "created": f"2026-01-05{T}", "baseline_end": "2026-04-01", "history": [
            {"at": f"2026-01-20{T}", "target_end": ["2026-03-31", "2026-04-15"]},
            {"at": f"2026-02-10{T}", "target_end": ["2026-04-15", "2026-05-01"]},
            {"at": f"2026-03-01{T}", "target_end": ["2026-05-01", "2026-04-20"]}]},
        {"key": "APP-2", "type": "Story", "created": f"2026-01-06{T}", "parent": "APP-1", "points": 5,
         "sprints": [201], "history": [{"at": f"2026-01-10{T}", "status": ["To Do", "In Progress"]},
                                       {"at": f"2026-02-01{T}", "status": ["In Progress", "Done"]}]},
        {"key": "APP-3", "type": "Subtask", "created": f"2026-01-07{T}", "parent": "APP-2"},
        {"key": "APP-4", "type": "Story", "created": f"2026-02-01{T}", "parent": "APP-1", "points": 3,
         "history": [{"at": f"2026-02-05{T}", "status": ["To Do", "In Progress"]}]},
        {"key": "PAY-1", "type": "Epic", "created": f"2026-01-05{T}", "target_end": "2026-06-30"},
        {"key": "PAY-2", "type": "Story", "created": f"2026-01-08{T}", "epic_link": "PAY-1",
         "fields": {"customfield_10026": 8.0}},
        {"key": "PAY-3", "type": "Story", "created": f"2026-01-09{T}"},
        {"key": "LAB-1", "type": "Task", "created": f"2026-01-09{T}"},
    ])
    emu.move("PAY-3", "APP-5", f"2026-02-20{T}")
    emu.change("APP-5", f"2026-02-21{T}", parent=[None, "APP-1"])
    return emu


@pytest.fixture
def emu():
    e = site().start()
    yield e
    e.stop()


def workspace(emu, monkeypatch, **jira):
    doc = workspace_for(emu, monkeypatch.setenv, projects=("PAY", "APP", "LAB"), teams=[
        {"name": "Payments", "jira_projects": ["PAY"]}, {"name": "App", "jira_projects": ["APP", "LAB"]}], **jira)
    return parse_workspace(doc)


def synced(ws, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'jira.db'}")
    [summary] = run_sync(ws, store, sources=["jira"], connector_factory=lambda w, s: connector_for(
        w, timeout=2, max_retries=0, sleep=lambda _: None))
    assert summary.ok, summary.message
    ds = store.load()
    store.close()
    return summary, ds


def test_team_managed_and_company_managed_projects_in_one_workspace(emu, monkeypatch, tmp_path):
    summary, ds = synced(workspace(emu, monkeypatch, target="field:Target end"), tmp_path)
    assert summary.stats["notes"] == ["APP: team-managed project (parent epics, its own board's sprints)",
                                      "LAB: team-managed project (parent epics, its own board's sprints)"]
    assert [r.path for r in emu.requests if "/project/" in r.path and not r.path.endswith("versions")] == [
        "/rest/api/2/project/PAY", "/rest/api/2/project/APP", "/rest/api/2/project/LAB"]
    assert sorted(ds.sprints["id"]) == ["jira:sprint:101", "jira:sprint:201"]  # LAB's board has no sprints
    issues = ds.issues.set_index("key")
    assert issues.loc["APP-3", "is_subtask"] and issues.loc["APP-3", "parent_id"] == "jira:APP-2"
    assert issues.loc["APP-2", "parent_id"] == "jira:APP-1" and issues.loc["APP-2", "story_points"] == 5
    assert issues.loc["PAY-2", "parent_id"] == "jira:PAY-1" and issues.loc["PAY-2", "story_points"] == 8
    assert "PAY-3" not in issues.index and issues.loc["APP-5", "parent_id"] == "jira:APP-1"
    sprint = ds.field_changes.loc[(ds.field_changes["item_id"] == "jira:APP-2")
                                  & (ds.field_changes["field"] == "sprint"), "to_value"].tolist()
    assert sprint == ["jira:sprint:201"]


def test_target_end_field_gives_the_target_and_the_drift_ledger(emu, monkeypatch, tmp_path):
    ws = workspace(emu, monkeypatch, target="field:Target end")
    _, ds = synced(ws, tmp_path)
    history = ds.field_changes.loc[(ds.field_changes["item_id"] == "jira:APP-1")
                                   & (ds.field_changes["field"] == "target_field")]
    assert history["to_value"].tolist() == ["2026-03-31", "2026-04-15", "2026-05-01", "2026-04-20"]
    inputs = roadmap_inputs(ds, ws, as_of=AS_OF)
    items = inputs.items.set_index("key")
    app = items.loc["APP-1"]
    assert (app["baseline_date"], app["target_date"], app["target_source"], app["baseline_source"]) == (
        "2026-03-31", "2026-04-20", "Target end", "Target end")
    assert (app["slips"], app["slip_days"], app["children"], app["remaining"]) == (2, 31, 3, 2)
    assert items.loc["PAY-1", "target_date"] == "2026-06-30"  # a company-managed epic reads the same field
    ledger = inputs.ledger.loc[inputs.ledger["key"] == "APP-1"]
    assert ledger["kind"].tolist() == ["set", "later", "later", "earlier"]
    assert ledger["change_days"].tolist()[1:] == [15, 16, -11]


def test_a_baseline_field_gives_the_committed_date(emu, monkeypatch, tmp_path):
    ws = workspace(emu, monkeypatch, target="field:customfield_10022", baseline_field="field:Baseline end")
    _, ds = synced(ws, tmp_path)
    app = roadmap_inputs(ds, ws, as_of=AS_OF).items.set_index("key").loc["APP-1"]
    assert (app["baseline_date"], app["baseline_source"], app["target_date"]) == (
        "2026-04-01", "Baseline end", "2026-04-20")


def test_an_unknown_date_field_is_a_clear_workspace_error(emu, monkeypatch, tmp_path):
    ws = workspace(emu, monkeypatch, target="field:Target finish")
    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(WorkspaceError, match="jira.target: no field named or with id 'Target finish'.*Target end"):
        connector_for(ws, timeout=2, max_retries=0).fetch(watermark=None, full=True,
                                                          progress=lambda *a: None)
    store.close()


@pytest.mark.parametrize("value", ["field:", "target_end", 3])
def test_a_bad_date_source_setting_names_the_key(value):
    with pytest.raises(WorkspaceError, match="jira.target: expected due_date, fix_version or field:"):
        parse_workspace({"jira": {"url": "https://x.atlassian.net", "projects": ["A"], "target": value}})
