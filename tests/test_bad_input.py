"""The bad-input corpus (tests/bad_input/): broken workspace files and malformed API payloads, table-driven.

- `workspaces/*.toml`: `python -m pilotage check --workspace FILE` exits 2 and prints the expected message (first
  line of the file: `# expect: …`), which names the key to fix (or the line, for TOML syntax errors).
- `payloads/*.json`: the emulators serve good records plus the case's bad ones; a full sync must end as the case
  says — bad records quarantined with their reason, or kept with the unusable value dropped (and counted per
  reason in the sync stats), or the run refused with a clear message — and nothing already stored is lost: the
  good records are exactly as a clean sync left them. Cases marked `xfail` describe a known defect (strict: the
  test fails once it is fixed, so the mark goes).
- `links/*.json`: the dashboard (AppTest) opened by a hostile or broken link, with two companies configured:
  what it shows, what it must not show (another company, a traceback, Markdown from the address).
- `commands/*.json`: a command run on a copy of the demo store holding three board snapshots (issue 16: hostile
  text, tampered snapshots, bad arguments): its exit code, its lines, no traceback, and the store exactly as the
  case's set-up left it.
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


# ------------------------------------------------------------------------------------------ commands

COMMANDS = sorted((CORPUS / "commands").glob("*.json"))


def sqlite_fingerprint(path: Path) -> str:
    """SHA-256 of the whole SQLite file's content as SQL (every table, every row)."""
    import hashlib

    digest = hashlib.sha256()
    with sqlite3.connect(path) as db:
        for line in db.iterdump():
            digest.update(line.encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def boards_store(demo_store_url, tmp_path_factory):
    """The demo store with three snapshots: Q2 (as of 2026-07-01), Q3 (2026-10-01) and Q4 (2026-11-22)."""
    from pilotage.application.snapshots import create, freeze
    from pilotage.core.workspace import load_workspace

    path = tmp_path_factory.mktemp("boards") / "demo.db"
    with sqlite3.connect(demo_store_url.removeprefix("sqlite:///")) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    store = Store(f"sqlite:///{path}")
    q4 = create(load_workspace(), store, as_of=date(2026, 11, 22), title="Board Q4 2026")
    ids = {"q4": q4.id}
    for key, title, as_of in (("q2", "Board Q2 2026", date(2026, 7, 1)), ("q3", "Board Q3 2026", date(2026, 10, 1))):
        ids[key] = freeze(store, title=title, as_of=as_of, payload=q4.payload, data_version=q4.data_version,
                          definitions_version=q4.definitions_version,
                          created_at=pd.Timestamp(f"{as_of.isoformat()}T18:00:00Z")).id
    store.close()
    return path, ids


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in COMMANDS])
def test_a_hostile_or_careless_command_gets_one_clear_answer_and_changes_nothing(path, boards_store, tmp_path,
                                                                                 monkeypatch, capsys):
    case = read_case(path)
    pristine, ids = boards_store
    copy = tmp_path / "store.db"
    with sqlite3.connect(pristine) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    names = {**ids, "store": str(copy), "tmp": str(tmp_path), "workspace": str(tmp_path / "workspace.toml")}
    with sqlite3.connect(copy) as db:
        for statement in case.get("sql", []):
            db.execute(statement.format(**names))
    if "workspace" in case:
        Path(names["workspace"]).write_text(case["workspace"].replace("{store}", str(copy)), encoding="utf-8")
    monkeypatch.setenv("PILOTAGE_DEMO_STORE", f"sqlite:///{copy}")
    monkeypatch.delenv("PILOTAGE_LINK_SECRET", raising=False)
    before = sqlite_fingerprint(copy)
    capsys.readouterr()
    try:
        code = main([a.format(**names) for a in case["argv"]])
    except SystemExit as e:  # argparse's usage errors
        code = e.code
    out, err = capsys.readouterr()

    assert code == case["exit"], err
    assert "Traceback" not in err and "Error:" not in err, err
    for line in case.get("stdout_lines", []):
        assert line.format(**names) in out.splitlines(), out
    if "stdout_starts" in case:
        assert out.startswith(case["stdout_starts"].format(**names)), out
    for line in case.get("stderr_lines", []):
        assert line.format(**names) in err.splitlines(), err
    assert sqlite_fingerprint(copy) == before  # nothing stored changed
    with sqlite3.connect(copy) as db:
        stored = "\n".join(db.iterdump())
    for text in case.get("not_printed", []) + case.get("nowhere", []):
        printed = text in out + err  # a bare bool: pytest would diff the whole store dump
        assert not printed, text
    for text in case.get("nowhere", []):
        kept = text in stored
        assert not kept, text


# ------------------------------------------------------------------------------------------ links (dashboard)

LINKS = sorted((CORPUS / "links").glob("*.json"))


@pytest.fixture(scope="module")
def companies(demo_store_url, tmp_path_factory):
    from tests.companies import two_companies

    return two_companies(tmp_path_factory.mktemp("companies"), demo_store_url)


def element_texts(app) -> str:
    """Every text the run produced, main area and sidebar, labels and options included."""
    texts = []

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            walk(child)
        if getattr(node, "proto", None) is not None:
            texts.append(str(node.proto))

    walk(app._tree)
    return "\n".join(texts)


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in LINKS])
def test_a_hostile_link_shows_nothing_it_should_not(path, companies, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from pilotage.application.snapshots import sign
    from tests.companies import GLOBEX_NAME, GLOBEX_TEAM, MARKDOWN_ID, SECRET

    names = {"secret": SECRET, "snapshot": companies.snapshot, "globex_name": GLOBEX_NAME,
             "globex_team": GLOBEX_TEAM, "markdown_id": MARKDOWN_ID}
    case = read_case(path)
    expect = case["expect"]
    for name in ("PILOTAGE_LINK_SECRET", "PILOTAGE_REQUIRE_LOGIN", "PILOTAGE_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PILOTAGE_WORKSPACES", str(companies.folder))
    for name, value in case["env"].items():
        monkeypatch.setenv(name, value.format(**names))
    st.cache_resource.clear()  # workspaces and stores are cached per process
    app = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard.py"), default_timeout=120)
    if "user" in case:
        app.user = case["user"]
    query = sign(companies.snapshot, SECRET, workspace=case["signed_for"]) if "signed_for" in case else {}
    query.update({k: v.format(**names) for k, v in case["query"].items()})
    for k, v in query.items():
        app.query_params[k] = v
    app.run()

    assert not app.exception, app.exception
    shown = element_texts(app)
    if "buttons" in expect:
        assert [b.label for b in app.button] == expect["buttons"]
    if "warning" in expect:
        assert any(expect["warning"] in w.value for w in app.warning), [w.value for w in app.warning]
    if "error" in expect:
        [error] = app.error
        assert expect["error"] in error.value, error.value
        for text in expect.get("error_lacks", []):
            assert text not in error.value, error.value
    for text in expect.get("present", []):  # the texts are read from where the absent ones would be
        assert text in shown, text
    for text in expect.get("absent", []):
        assert text.format(**names) not in shown, text


def test_the_corpus_covers_every_case_of_issue_16():
    """Cases 1 to 9 (10 is the test command and the README, tests/test_hardening.py); workspace files say which
    case they belong to with a `# case: N` line."""
    cases = {read_case(p)["case"] for p in COMMANDS + LINKS}
    cases |= {read_case(p).get("case") for p in PAYLOADS}
    cases |= {int(header(p)["case"]) for p in WORKSPACES if "case" in header(p)}
    assert set(range(1, 10)) <= cases, sorted(set(range(1, 10)) - cases)
