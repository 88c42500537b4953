"""The bad-input corpus (tests/bad_input/): broken workspace files and malformed API payloads, table-driven.

- `workspaces/*.toml`: `python -m pilotage check --workspace FILE` exits 2 and prints the expected message (first
  line of the file: `# expect: …`), which names the key to fix (or the line, for TOML syntax errors).
- `payloads/*.json`: the emulators serve good records plus the case's bad ones; a full sync must end as the case
  says — bad records quarantined with their reason, or kept with the unusable value dropped, or the run refused
  with a clear message — and nothing already stored is lost: the good records are exactly as a clean sync left
  them. Cases marked `xfail` describe a known defect (strict: the test fails once it is fixed, so the mark goes).
The format of both is described in tests/bad_input/README.md.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import types
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import emulators.github as github_emulator
import emulators.jira as jira_emulator
from pilotage.application.sync import run_sync
from pilotage.cli import EXIT_USAGE, main
from pilotage.core.model import TABLES
from pilotage.core.store import Store
from pilotage.core.workspace import parse_workspace

CORPUS = Path(__file__).resolve().parent / "bad_input"
WORKSPACES = sorted((CORPUS / "workspaces").glob("*.toml"))
PAYLOADS = sorted((CORPUS / "payloads").glob("*.json"))
# what issue 9 asks the payload corpus to cover (each case names its category)
CATEGORIES = {"missing or null field", "wrong type", "unknown status", "unknown category", "invalid date",
              "far-future date", "1 MB string", "non-UTF-8", "duplicate key", "cycle in epic parents"}
NON_UTF8 = "@@NON-UTF-8@@"  # replaced on the wire by bytes that are not UTF-8 (Latin-1 "é", then 0xFF)
GITHUB_TOKEN_ENV = "PILOTAGE_BAD_INPUT_GITHUB_TOKEN"
REPO = "nordwind/api"


def header(path: Path) -> dict[str, str]:
    """`# expect: …` and `# xfail: …` lines at the top of a corpus file (UTF-8, whatever encoding follows)."""
    out = {}
    for line in path.read_bytes().decode("utf-8", errors="replace").splitlines():
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(": ")
        out[key] = value
    return out


def cases(paths: list[Path], read) -> list:
    params = []
    for path in paths:
        spec = read(path)
        marks = [pytest.mark.xfail(reason=spec["xfail"], strict=True)] if spec.get("xfail") else []
        params.append(pytest.param(path, id=path.stem, marks=marks))
    return params


# ------------------------------------------------------------------------------------------ workspace files


@pytest.mark.parametrize("path", cases(WORKSPACES, header))
def test_a_broken_workspace_file_is_refused_naming_what_to_fix(path, capsys):
    expected = header(path)["expect"]
    code = main(["check", "--offline", "--workspace", str(path)])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE, err
    assert f"  - {expected}" in err.splitlines(), err


def test_check_exits_2_from_the_command_line():
    path = next(p for p in WORKSPACES if "duplicate-team" in p.name)
    done = subprocess.run([sys.executable, "-m", "pilotage", "check", "--workspace", str(path)],
                          cwd=CORPUS.parent.parent, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"The workspace file has 1 problem(s) in {path}:",
                                        '  - teams[1].name: duplicate team "Payments"']


# ------------------------------------------------------------------------------------------ API payloads


def read_case(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def expand(value):
    """Case files stay small: `{"repeat": "x", "times": 1000000}` stands for a 1 MB text."""
    if isinstance(value, dict):
        if set(value) == {"repeat", "times"}:
            return value["repeat"] * value["times"]
        return {k: expand(v) for k, v in value.items()}
    if isinstance(value, list):
        return [expand(v) for v in value]
    return value


class _WireText(str):
    """JSON text whose UTF-8 encoding has the NON_UTF8 marker replaced by invalid bytes."""

    def encode(self, *args, **kwargs) -> bytes:
        return str.encode(self, *args, **kwargs).replace(NON_UTF8.encode(), b"caf\xe9 \xff")


@pytest.fixture
def non_utf8_wire(monkeypatch):
    """Both emulators serialise with `json.dumps(...).encode()`: give them text that encodes to broken bytes."""
    wire = types.SimpleNamespace(dumps=lambda *a, **k: _WireText(json.dumps(*a, **k)), loads=json.loads)
    monkeypatch.setattr(jira_emulator, "json", wire)
    monkeypatch.setattr(github_emulator, "json", wire)


JIRA_GOOD = [
    {"key": "PAY-1", "created": "2024-01-02T10:00:00.000+0000", "summary": "Good story", "sprints": [37], "points": 3,
     "epic_link": "PAY-2", "history": [{"at": "2024-01-03T10:00:00.000+0000", "status": ["To Do", "In Progress"]},
                                       {"at": "2024-01-09T10:00:00.000+0000", "status": ["In Progress", "Done"]}]},
    {"key": "PAY-2", "type": "Epic", "created": "2024-01-01T10:00:00.000+0000", "summary": "Good epic",
     "due": "2024-09-30", "status": "In Progress"},
]
GITHUB_GOOD = {
    "pulls": [{"number": 1, "state": "closed", "title": "PAY-1 good change", "created_at": "2025-03-01T09:00:00Z",
               "merged_at": "2025-03-01T12:00:00Z", "closed_at": "2025-03-01T12:00:00Z",
               "commits": [{"sha": "c1", "authored_at": "2025-03-01T08:00:00Z"}]}],
    "deployments": [{"id": 1, "environment": "production", "created_at": "2025-03-02T10:00:00Z",
                     "statuses": [{"id": 11, "state": "success", "created_at": "2025-03-02T10:05:00Z"}]}],
    "releases": [{"id": 1, "tag": "v1", "created_at": "2025-03-02T09:00:00Z", "published_at": "2025-03-02T09:01:00Z"}],
    "issues": [{"number": 10, "labels": ["incident"], "created_at": "2025-03-03T10:00:00Z", "state": "open"}],
}


class JiraSite:
    """The Jira emulator serving the good records; `add` serves a case's records beside them, `reset` removes them."""

    source = "jira"

    def __init__(self, setenv) -> None:
        self.emu = jira_emulator.JiraEmulator("server").start()
        self.emu.add_board(1, "PAY")
        self.emu.add_sprint(37, 1, "PAY Sprint 3", "closed", "2024-01-01T09:00:00.000+0000",
                            "2024-01-15T09:00:00.000+0000", "2024-01-15T09:00:00.000+0000")
        self.emu.add_issues(JIRA_GOOD)
        self.good = (dict(self.emu.issues), list(self.emu.statuses), dict(self.emu.sprints))
        self.ws = parse_workspace(jira_emulator.workspace_for(self.emu, setenv))

    def add(self, case: dict) -> None:
        for status_id, name, category in case.get("statuses", []):
            self.emu.add_status(name, category, status_id)
        for sprint in case.get("sprints", []):
            self.emu.add_sprint(*sprint)
        self.emu.add_issues(expand(case["records"]))

    def reset(self) -> None:
        self.emu.issues, self.emu.statuses, self.emu.sprints = dict(self.good[0]), list(self.good[1]), dict(self.good[2])

    def factory(self, ws, source):
        from connectors.jira import connector_for

        return connector_for(ws, timeout=5, max_retries=0)


class GitHubSite:
    """The GitHub emulator serving the good records of one repository; `add` serves a case's records beside them,
    `reset` removes them."""

    source = "github"

    def __init__(self, setenv) -> None:
        setenv(GITHUB_TOKEN_ENV, "ghp-bad-input")
        self.clock = github_emulator.FakeClock()
        self.emu = github_emulator.GitHubEmulator({REPO: GITHUB_GOOD}, token="ghp-bad-input", clock=self.clock).start()
        self.ws = parse_workspace({"github": {"url": self.emu.url, "repos": [REPO], "token_env": GITHUB_TOKEN_ENV}})

    def add(self, case: dict) -> None:
        records = expand(case["records"])
        self.serve({kind: GITHUB_GOOD.get(kind, []) + records.get(kind, []) for kind in set(GITHUB_GOOD) | set(records)})

    def reset(self) -> None:
        self.serve(GITHUB_GOOD)

    def serve(self, spec: dict) -> None:
        self.emu.repos = github_emulator.GitHubEmulator({REPO: spec}).repos  # its constructor fills the defaults

    def factory(self, ws, source):
        from connectors.github import connector_for

        return connector_for(ws, seconds_between_requests=0, sleep=self.clock.sleep, clock=self.clock, max_retries=0)


def sync(site, store: Store):
    [summary] = run_sync(site.ws, store, sources=[site.source], full=True, connector_factory=site.factory)
    return summary


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Per source: the site, and a store after a clean sync of its good records (copied for each case)."""
    made = {}
    with pytest.MonkeyPatch.context() as mp:
        for site in (JiraSite(mp.setenv), GitHubSite(mp.setenv)):
            path = tmp_path_factory.mktemp("bad-input") / f"{site.source}.db"
            store = Store(f"sqlite:///{path}")
            assert sync(site, store).ok
            made[site.source] = (site, path, store.load())
            store.close()
        yield made
    for site, _, _ in made.values():
        site.emu.stop()


@pytest.mark.parametrize("path", cases(PAYLOADS, read_case))
def test_a_malformed_payload_is_quarantined_or_refused_and_nothing_stored_is_lost(path, tmp_path, sites,
                                                                                 non_utf8_wire):
    case = read_case(path)
    expect = case["expect"]
    site, pristine, before = sites[case["source"]]
    copy = tmp_path / "store.db"
    with sqlite3.connect(pristine) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    store = Store(f"sqlite:///{copy}")
    site.add(case)
    try:
        summary = sync(site, store)
        after = store.load()
    finally:
        site.reset()
        store.close()

    if "error" in expect:
        assert not summary.ok and expect["error"] in summary.message, summary.message
        for name, frame in before.frames.items():
            pd.testing.assert_frame_equal(after.frames[name], frame, obj=name)
        return
    assert summary.ok, summary.message
    if site.source == "jira":  # every value dropped while its item was kept is counted, per reason
        assert summary.stats["dropped"] == expect.get("dropped", {}), summary.stats["dropped"]
    quarantine = store.quarantined()
    reasons = sorted(quarantine.loc[quarantine["run_id"] == quarantine["run_id"].max(), "reason"])
    assert reasons == sorted(expect.get("quarantined", [])), reasons
    for name, frame in before.frames.items():  # every good record is still there, unchanged
        key = list(TABLES[name].key)
        kept = frame[key].merge(after.frames[name], on=key, how="left")[list(frame.columns)]
        pd.testing.assert_frame_equal(kept, frame.reset_index(drop=True), obj=name)
    for check in expect.get("stored", []):
        frame = after.frames[check["table"]].set_index(check.get("key", "id"))
        assert check["id"] in frame.index, f"{check['id']} not stored"
        value = frame.loc[check["id"], check["column"]]
        if "length" in check:
            assert len(value) == check["length"]
        elif check["value"] is None:
            assert pd.isna(value), value
        elif check["column"].endswith("_at"):
            assert value == pd.Timestamp(check["value"])
        else:
            assert value == check["value"], value
    for absent in expect.get("absent", []):
        table, key = absent.split(" ")
        assert key not in set(after.frames[table].iloc[:, 0]), absent
    if expect.get("metrics"):  # the figures are still computed over what was stored
        from pilotage.application.views import build_views

        views = build_views(after, site.ws, as_of=date.fromisoformat(expect["metrics"]))
        assert views["meta"]["data_version"] == after.data_version


def test_the_corpus_covers_what_issue_9_asks():
    assert len(WORKSPACES) >= 15 and len(PAYLOADS) >= 20
    assert {read_case(p)["category"] for p in PAYLOADS} >= CATEGORIES
    assert any("dependency cycle" in header(p)["expect"] for p in WORKSPACES)  # roadmap cycles live in the file
