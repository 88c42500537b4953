"""The Jira connector against the local emulator, through the real `jira` client: Data Center and Cloud shapes,
paging, truncated changelogs, and the exact canonical rows of hand-written edge cases (worked out by hand)."""

from __future__ import annotations

import pandas as pd
import pytest

from connectors.jira import connector_for
from emulators.jira import JiraEmulator, workspace_for
from pilotage.core.connector import no_progress
from pilotage.core.errors import WorkspaceError
from pilotage.core.model import TABLES, validate
from pilotage.core.workspace import parse_workspace

T = pd.Timestamp


def utc(text: str) -> pd.Timestamp:
    return T(text).tz_convert("UTC")


def build(emu: JiraEmulator) -> None:
    """The hand-written edge cases. Times carry several offsets on purpose."""
    emu.add_status("Code Review", "indeterminate")
    emu.add_status("Shipped", "done")
    emu.add_board(1, "PAY")
    emu.add_sprint(37, 1, "PAY Sprint 3", "closed", "2024-01-08T09:00:00.000+0000", "2024-01-22T09:00:00.000+0000",
                   "2024-01-22T10:00:00.000+0000")
    emu.add_sprint(38, 1, "PAY Sprint 4", "active", "2024-01-22T09:00:00.000+0000", "2024-02-05T09:00:00.000+0000")
    emu.add_version("PAY", "10200", "1.0", "2024-03-01", True)
    emu.add_version("PAY", "10201", "1.1", "2024-04-01")
    emu.add_issues([
        # epic whose due date was set at creation, then slipped three times
        {"key": "PAY-100", "type": "Epic", "created": "2024-01-01T09:00:00.000+0100", "status": "In Progress",
         "history": [{"at": "2024-02-01T10:00:00.000+0000", "due": ["2024-03-01", "2024-03-15"]},
                     {"at": "2024-02-20T10:00:00.000+0000", "due": ["2024-03-15", "2024-04-01"]},
                     {"at": "2024-03-10T10:00:00.000+0000", "due": ["2024-04-01", "2024-04-20"]}]},
        # epic without a date at creation
        {"key": "PAY-101", "type": "Epic", "created": "2024-01-01T08:00:00.000+0000",
         "history": [{"at": "2024-01-10T08:00:00.000+0000", "due": [None, "2024-02-01"]},
                     {"at": "2024-01-30T08:00:00.000+0000", "due": ["2024-02-01", "2024-02-15"]}]},
        # reopened: done, then back in progress
        {"key": "PAY-1", "created": "2024-01-02T10:00:00.000+0200",
         "history": [{"at": "2024-01-03T09:00:00.000+0200", "status": ["To Do", "In Progress"]},
                     {"at": "2024-01-05T09:00:00.000+0200", "status": ["In Progress", "Done"]},
                     {"at": "2024-01-08T09:00:00.000-0500", "status": ["Done", "In Progress"]}]},
        # done without ever being in progress
        {"key": "PAY-2", "created": "2024-01-02T12:00:00.000+0000",
         "history": [{"at": "2024-01-04T12:00:00.000+0000", "status": ["To Do", "Done"]}]},
        # created in progress, never changed
        {"key": "PAY-3", "created": "2024-01-02T12:00:00.000+0000", "status": "In Progress"},
        # created in progress, then done
        {"key": "PAY-4", "created": "2024-01-02T12:00:00.000+0000",
         "history": [{"at": "2024-01-06T12:00:00.000+0000", "status": ["In Progress", "Done"]}]},
        # added to the sprint after its start, removed before its end
        {"key": "PAY-5", "created": "2024-01-05T10:00:00.000+0000",
         "history": [{"at": "2024-01-10T10:00:00.000+0000", "sprint": [[], [37]]},
                     {"at": "2024-01-15T10:00:00.000+0000", "sprint": [[37], []]}]},
        # estimated at creation, re-estimated after the sprint started, carried over to the next sprint
        {"key": "PAY-6", "created": "2024-01-04T10:00:00.000+0000", "epic_link": "PAY-100",
         "history": [{"at": "2024-01-05T10:00:00.000+0000", "sprint": [[], [37]]},
                     {"at": "2024-01-09T10:00:00.000+0000", "points": [3, 5]},
                     {"at": "2024-01-22T10:00:00.000+0000", "sprint": [[37], [37, 38]]}]},
        # created inside a sprint, with an estimate, no history
        {"key": "PAY-7", "created": "2024-01-23T10:00:00.000+0000", "sprints": [38], "points": 2.5},
        # company-managed epic link, moved from one epic to another
        {"key": "PAY-8", "created": "2024-01-03T10:00:00.000+0000",
         "history": [{"at": "2024-01-04T10:00:00.000+0000", "epic_link": [None, "PAY-100"]},
                     {"at": "2024-01-20T10:00:00.000+0000", "epic_link": ["PAY-100", "PAY-101"]}]},
        # sub-task whose parent was set at creation
        {"key": "PAY-9", "type": "Sub-task", "created": "2024-01-03T11:00:00.000+0000", "parent": "PAY-8"},
        # fix versions: one added, another added, the first removed
        {"key": "PAY-10", "created": "2024-01-03T10:00:00.000+0000",
         "history": [{"at": "2024-01-10T10:00:00.000+0000", "fix_version": [None, "1.0"]},
                     {"at": "2024-01-20T10:00:00.000+0000", "fix_version": [None, "1.1"]},
                     {"at": "2024-02-01T10:00:00.000+0000", "fix_version": ["1.0", None]}]},
        # custom workflow status names
        {"key": "PAY-11", "created": "2024-01-03T10:00:00.000+0000",
         "history": [{"at": "2024-01-04T10:00:00.000+0000", "status": ["To Do", "Code Review"]},
                     {"at": "2024-01-05T10:00:00.000+0000", "status": ["Code Review", "Shipped"]}]},
        # team-managed: the new `parent` field pointing at an epic, changed once
        {"key": "PAY-12", "created": "2024-01-03T10:00:00.000+0000",
         "history": [{"at": "2024-01-04T10:00:00.000+0000", "parent": [None, "PAY-101"]}]},
        # incidents: by type, by label
        {"key": "PAY-13", "type": "Incident", "created": "2024-01-03T10:00:00.000+0000",
         "history": [{"at": "2024-01-03T12:30:00.000+0000", "status": ["To Do", "Done"]}]},
        {"key": "PAY-14", "type": "Bug", "created": "2024-01-04T10:00:00.000+0000", "labels": ["incident", "api"]},
        # planned in one sprint, moved to the next before the first started, then back into the first
        {"key": "PAY-15", "created": "2024-01-03T10:00:00.000+0000", "sprints": [37],
         "history": [{"at": "2024-01-05T10:00:00.000+0000", "sprint": [[37], [38]]},
                     {"at": "2024-01-09T10:00:00.000+0000", "sprint": [[38], [37]]}]},
    ])


@pytest.fixture(params=["server", "cloud"])
def emu(request):
    with JiraEmulator(request.param, embedded_changelog=2, changelog_page_cap=2, page_cap=4,
                      sprint_page_cap=1) as e:
        build(e)
        yield e


def fetch(emu: JiraEmulator, monkeypatch, **jira):
    ws = parse_workspace(workspace_for(emu, monkeypatch.setenv, **jira))
    return connector_for(ws, timeout=5, max_retries=1, sleep=lambda s: None).fetch(
        watermark=None, full=True, progress=no_progress)


def rows(frame: pd.DataFrame, item: str, field: str | None = None) -> list[tuple]:
    f = frame.loc[frame["item_id"] == f"jira:{item}"]
    if field is not None:
        f = f.loc[f["field"] == field]
    cols = ["seq", "at", "from_value", "to_value"] if field else ["seq", "at", "from_status", "to_status"]
    return [tuple(None if pd.isna(v) else v for v in r) for r in f.sort_values("seq")[cols].itertuples(index=False)]


def test_status_histories_start_with_the_creation_row(emu, monkeypatch):
    sc = fetch(emu, monkeypatch).batch.frames["status_changes"]
    assert rows(sc, "PAY-1") == [  # reopened; offsets +0200 and -0500 → UTC
        (0, utc("2024-01-02T08:00Z"), None, "To Do"),
        (1, utc("2024-01-03T07:00Z"), "To Do", "In Progress"),
        (2, utc("2024-01-05T07:00Z"), "In Progress", "Done"),
        (3, utc("2024-01-08T14:00Z"), "Done", "In Progress"),
    ]
    assert rows(sc, "PAY-2") == [(0, utc("2024-01-02T12:00Z"), None, "To Do"),
                                 (1, utc("2024-01-04T12:00Z"), "To Do", "Done")]
    assert rows(sc, "PAY-3") == [(0, utc("2024-01-02T12:00Z"), None, "In Progress")]
    assert rows(sc, "PAY-4") == [(0, utc("2024-01-02T12:00Z"), None, "In Progress"),
                                 (1, utc("2024-01-06T12:00Z"), "In Progress", "Done")]
    assert rows(sc, "PAY-11") == [(0, utc("2024-01-03T10:00Z"), None, "To Do"),
                                  (1, utc("2024-01-04T10:00Z"), "To Do", "Code Review"),
                                  (2, utc("2024-01-05T10:00Z"), "Code Review", "Shipped")]


def test_sprint_points_due_parent_and_version_histories(emu, monkeypatch):
    fc = fetch(emu, monkeypatch).batch.frames["field_changes"]
    s37, both = "jira:sprint:37", "jira:sprint:37,jira:sprint:38"
    assert rows(fc, "PAY-5", "sprint") == [(1, utc("2024-01-10T10:00Z"), "", s37),
                                           (2, utc("2024-01-15T10:00Z"), s37, "")]
    assert rows(fc, "PAY-6", "sprint") == [(1, utc("2024-01-05T10:00Z"), "", s37),
                                           (2, utc("2024-01-22T10:00Z"), s37, both)]
    assert rows(fc, "PAY-6", "story_points") == [(0, utc("2024-01-04T10:00Z"), None, "3"),
                                                 (1, utc("2024-01-09T10:00Z"), "3", "5")]
    assert rows(fc, "PAY-6", "parent") == [(0, utc("2024-01-04T10:00Z"), None, "jira:PAY-100")]
    assert rows(fc, "PAY-7", "sprint") == [(0, utc("2024-01-23T10:00Z"), None, "jira:sprint:38")]
    assert rows(fc, "PAY-7", "story_points") == [(0, utc("2024-01-23T10:00Z"), None, "2.5")]
    assert rows(fc, "PAY-100", "due_date") == [
        (0, utc("2024-01-01T08:00Z"), None, "2024-03-01"),
        (1, utc("2024-02-01T10:00Z"), "2024-03-01", "2024-03-15"),
        (2, utc("2024-02-20T10:00Z"), "2024-03-15", "2024-04-01"),
        (3, utc("2024-03-10T10:00Z"), "2024-04-01", "2024-04-20"),
    ]
    assert rows(fc, "PAY-101", "due_date") == [(1, utc("2024-01-10T08:00Z"), None, "2024-02-01"),
                                               (2, utc("2024-01-30T08:00Z"), "2024-02-01", "2024-02-15")]
    assert rows(fc, "PAY-8", "parent") == [(1, utc("2024-01-04T10:00Z"), None, "jira:PAY-100"),
                                           (2, utc("2024-01-20T10:00Z"), "jira:PAY-100", "jira:PAY-101")]
    assert rows(fc, "PAY-9", "parent") == [(0, utc("2024-01-03T11:00Z"), None, "jira:PAY-8")]
    assert rows(fc, "PAY-12", "parent") == [(1, utc("2024-01-04T10:00Z"), None, "jira:PAY-101")]
    assert rows(fc, "PAY-10", "fix_version") == [(1, utc("2024-01-10T10:00Z"), "", "1.0"),
                                                 (2, utc("2024-01-20T10:00Z"), "1.0", "1.0,1.1"),
                                                 (3, utc("2024-02-01T10:00Z"), "1.0,1.1", "1.1")]
    # nothing else: untouched fields of untouched issues have no rows
    assert rows(fc, "PAY-15", "sprint") == [(0, utc("2024-01-03T10:00Z"), None, s37),
                                            (1, utc("2024-01-05T10:00Z"), s37, "jira:sprint:38"),
                                            (2, utc("2024-01-09T10:00Z"), "jira:sprint:38", s37)]
    assert set(fc["item_id"]) == {f"jira:PAY-{n}" for n in (5, 6, 7, 8, 9, 10, 12, 15, 100, 101)}


def test_issue_rows_and_reference_tables(emu, monkeypatch):
    result = fetch(emu, monkeypatch)
    frames = result.batch.frames
    for name, frame in frames.items():
        assert validate(name, frame) == [], name
        assert list(frame.columns) == TABLES[name].column_names
    issues = frames["issues"].set_index("key")
    assert len(issues) == 17
    six = issues.loc["PAY-6"]
    assert (six["id"], six["source_id"], six["story_points"], six["parent_id"]) == ("jira:PAY-6", str(
        emu.issue("PAY-6")["id"]), 5.0, "jira:PAY-100")
    assert issues.loc["PAY-8", "parent_id"] == "jira:PAY-101"
    assert issues.loc["PAY-9", "parent_id"] == "jira:PAY-8" and bool(issues.loc["PAY-9", "is_subtask"])
    assert issues.loc["PAY-100", "due_date"] == "2024-04-20"
    assert issues.loc["PAY-10", "fix_versions"] == "1.1"
    assert issues.loc["PAY-11", ["status", "status_category"]].tolist() == ["Shipped", "done"]
    assert issues.loc["PAY-1", "created_at"] == utc("2024-01-02T08:00Z")
    assert issues.loc["PAY-1", "url"] == f"{emu.url}/browse/PAY-1"
    assert issues.loc["PAY-14", "labels"] == "incident api"
    incidents = frames["incidents"].set_index("id")
    assert list(incidents.index) == ["jira:PAY-13", "jira:PAY-14"]
    assert incidents.loc["jira:PAY-13", "resolved_at"] == utc("2024-01-03T12:30Z")
    statuses = frames["statuses"].set_index("name")["category"]
    assert statuses["Code Review"] == "indeterminate" and statuses["Shipped"] == "done"
    sprints = frames["sprints"].set_index("id")
    assert list(sprints.index) == ["jira:sprint:37", "jira:sprint:38"]
    assert sprints.loc["jira:sprint:37", ["board_id", "state", "start_at", "complete_at"]].tolist() == [
        1, "closed", utc("2024-01-08T09:00Z"), utc("2024-01-22T10:00Z")]
    versions = frames["versions"].set_index("name")
    assert versions.loc["1.0", ["id", "release_date", "released"]].tolist() == ["jira:version:10200", "2024-03-01", True]
    assert result.stats["issues"] == 17 and result.stats["quarantined"] == 0 and result.stats["sprints"] == 2
    assert result.stats["changelog_entries"] == sum(len(s["history"]) for s in emu.issues.values())


def test_paging_and_truncated_changelogs(emu, monkeypatch):
    result = fetch(emu, monkeypatch)
    searches = [r for r in emu.requests if r.path.startswith("/rest/api/2/search")]
    # 17 issues, the server caps pages at 4: five pages, each page starting where the last ended
    assert len(searches) == 5
    if emu.mode == "server":
        assert all(r.path == "/rest/api/2/search" for r in searches)
        assert [r.param("startAt") for r in searches] == ["0", "4", "8", "12", "16"]
    else:
        assert all(r.path == "/rest/api/2/search/jql" for r in searches)
        assert [r.param("nextPageToken") is None for r in searches] == [True, False, False, False, False]
    assert result.batch.frames["issues"]["source_id"].is_unique
    # issues with more than 2 changelog entries were completed from the changelog endpoint, 2 entries a page
    long = [s for s in emu.issues.values() if len(s["history"]) > 2]
    calls = [r for r in emu.requests if r.path.endswith("/changelog")]
    assert len(calls) == sum((len(s["history"]) + 1) // 2 for s in long)
    assert {r.path for r in calls} == {f"/rest/api/2/issue/{s['id']}/changelog" for s in long}
    # the board's two sprints, one a page
    assert emu.count("/rest/agile/1.0/board/1/sprint") == 2
    assert result.stats["requests"] == len(emu.requests)


def test_cloud_and_data_center_give_the_same_records(monkeypatch):
    frames = {}
    for mode in ("server", "cloud"):
        with JiraEmulator(mode, embedded_changelog=2) as e:
            build(e)
            out = fetch(e, monkeypatch).batch.frames
            frames[mode] = {n: f.drop(columns=["url"], errors="ignore") for n, f in out.items()}
        assert e.count("/search/jql") == (1 if mode == "cloud" else 0)
    for name in frames["server"]:
        pd.testing.assert_frame_equal(frames["server"][name], frames["cloud"][name], obj=name)


def test_explicit_story_points_field(monkeypatch):
    with JiraEmulator("server") as e:
        build(e)
        e.issue("PAY-7")["fields"] = {"customfield_10002": None, "customfield_19999": 13}
        e.fields.append({"id": "customfield_19999", "name": "Estimate", "custom": True,
                         "schema": {"type": "number"}, "clauseNames": ["Estimate"]})
        issues = fetch(e, monkeypatch, story_points_field="Estimate").batch.frames["issues"].set_index("key")
        assert issues.loc["PAY-7", "story_points"] == 13.0
        assert pd.isna(issues.loc["PAY-6", "story_points"])  # "Story Points" is not the configured field
        with pytest.raises(WorkspaceError, match="jira.story_points_field.*'Effort'.*estimate"):
            fetch(e, monkeypatch, story_points_field="Effort")


def test_bad_payloads_are_trimmed_or_quarantined(monkeypatch):
    with JiraEmulator("server") as e:
        e.add_board(1, "PAY")
        e.add_issues([
            {"key": "PAY-1", "created": "2024-01-02T10:00:00.000+0000", "fields": {"duedate": "31/02/2024",
                                                                                 "customfield_10002": "lots"}},
            {"key": "PAY-2", "created": "not a date"},
            {"key": "PAY-3", "created": "2024-01-02T10:00:00.000+0000", "fields": {"issuetype": None}},
            {"key": "PAY-4", "created": "2024-01-02T10:00:00.000+0000", "status": "Mystery"},  # not in /status
            {"key": "PAY-5", "created": "2024-01-02T10:00:00.000+0000",
             "fields": {"status": {"id": "424242", "name": "Ghost"}}},  # no category anywhere
            {"key": "PAY-6", "created": "2024-01-02T10:00:00.000+0000", "fields": {"labels": None, "summary": None},
             "history": [{"at": "yesterday", "status": ["To Do", "Done"]},
                         {"at": "2024-01-03T10:00:00.000+0000", "items": [{"field": "Sprint", "from": None,
                                                                           "to": "abc"}]},
                         {"at": "2024-01-04T10:00:00.000+0000", "status": ["To Do", "In Progress"]}]},
            {"key": "PAY-7", "id": 20001, "created": "2024-01-02T10:00:00.000+0000"},
            {"key": "PAY-7", "id": 20002, "created": "2024-01-02T10:00:00.000+0000"},  # one key, two ids
        ])
        result = fetch(e, monkeypatch)
    issues = result.batch.frames["issues"].set_index("key")
    assert sorted(issues.index) == ["PAY-1", "PAY-4", "PAY-6", "PAY-7"]
    assert issues.loc["PAY-7", "source_id"] == "20001"
    assert pd.isna(issues.loc["PAY-1", "due_date"]) and pd.isna(issues.loc["PAY-1", "story_points"])
    assert issues.loc["PAY-4", ["status", "status_category"]].tolist() == ["Mystery", "indeterminate"]
    reasons = sorted(q.reason for q in result.quarantined)
    assert reasons == [
        "issue PAY-2: fields.created: missing or not a timestamp ('not a date')",
        "issue PAY-3: fields.issuetype.name: missing",
        "issue PAY-5: fields.status.statusCategory: no usable category for status 'Ghost'",
        "issue PAY-7: key: also the key of issue 20001",
    ]
    assert all(q.payload and q.kind == "issue" for q in result.quarantined)
    # the entry without a usable time is dropped, the sprint item without ids changes nothing
    assert rows(result.batch.frames["status_changes"], "PAY-6") == [
        (0, utc("2024-01-02T10:00Z"), None, "To Do"), (1, utc("2024-01-04T10:00Z"), "To Do", "In Progress")]
    assert rows(result.batch.frames["field_changes"], "PAY-6", "sprint") == []
    assert result.stats["quarantined"] == 4 and result.stats["unknown_statuses"] == 1
    # quarantined issues still have their raw payload, so a fixed converter can rebuild them
    assert {r.key for r in result.raw if r.kind == "issue"} == {str(10001 + i) for i in range(6)} | {"20001", "20002"}


def test_reconvert_rebuilds_exactly_what_fetch_converted(emu, monkeypatch):
    ws = parse_workspace(workspace_for(emu, monkeypatch.setenv))
    connector = connector_for(ws, timeout=5, max_retries=1)
    fetched = connector.fetch(watermark=None, full=True, progress=no_progress)
    emu.reset_requests()
    rebuilt = connector.reconvert(list(reversed(fetched.raw)), progress=no_progress)
    assert emu.requests == []
    assert rebuilt.watermark == fetched.watermark
    assert set(rebuilt.batch.frames) == set(fetched.batch.frames)
    for name, frame in fetched.batch.frames.items():
        pd.testing.assert_frame_equal(rebuilt.batch.frames[name], frame, obj=name)
