"""Issue 16 pieces with known answers outside the bad-input corpus: spreadsheet-safe cells, bounds declared with
every numeric setting, dropped values in the data confidence, the GitHub request rate, the `slow` selection and
the test set-up script (sudo only when not root)."""

from __future__ import annotations

import os
import subprocess
import types
from pathlib import Path

import pandas as pd
import pytest

from connectors.github_client import ClientOptions, GitHubClient
from connectors.jira_convert import DROP_REASONS
from metrics.confidence import dropped_values
from pilotage.application.export import spreadsheet_safe
from pilotage.core.workspace import SETTINGS
from presentation import i18n
from tests.selection import slow_selected

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("text", "cell"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tcmd", "'\tcmd"),
    ("\rcmd", "'\rcmd"), ("PAY Sprint 3", "PAY Sprint 3"), ("a=b", "a=b"), ("", ""),
])
def test_spreadsheet_safe(text, cell):
    assert spreadsheet_safe(text) == cell


def test_every_numeric_setting_declares_its_bounds():
    numeric = [(section, s) for section, settings in SETTINGS.items() for s in settings
               if s.type in ("int", "number", "number_map", "depends")]
    assert len(numeric) >= 15
    for section, s in numeric:
        assert (s.at_least is not None or s.above is not None) and s.at_most is not None, f"{section}.{s.key}"


def test_dropped_values():
    stats = {"jira": {"issues": 3, "dropped": {"story_points_negative": 1, "labels_not_a_list": 0,
                                               "story_points_not_a_number": 2}},
             "github": {"pulls": 4}}
    expected = pd.DataFrame({"source": ["jira", "jira"], "reason": ["story_points_negative",
                                                                    "story_points_not_a_number"],
                             "count": pd.array([1, 2], dtype="int64")})
    pd.testing.assert_frame_equal(dropped_values(stats), expected)


def test_dropped_values_empty():
    assert dropped_values({}).empty and list(dropped_values({}).columns) == ["source", "reason", "count"]
    assert dropped_values({"jira": {"dropped": {}}}).empty


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_drop_reason_is_explained_in_both_languages(lang):
    for reason in DROP_REASONS:
        assert i18n.TEXTS[f"dropped.{reason}"][lang].strip()


def test_github_progress_shows_the_rate_and_the_pause(monkeypatch):
    clock = iter([100.0, 110.0])
    monkeypatch.setattr("connectors.github_client.time.monotonic", lambda: next(clock))
    client = GitHubClient(url="http://127.0.0.1:9/api/v3", token="t", token_env="T", options=ClientOptions(),
                          progress=lambda *a: None)
    client.requests = 40
    seen = []
    client.reporting(lambda *a: seen.append(a))("pull requests", 40, 200, "acme/api")
    assert seen == [("pull requests", 40, 200, "acme/api · 40 requests, 4.0/s, 0.25 s pause between requests")]
    client.close()


@pytest.mark.parametrize(("expression", "selected"), [
    ("", False), ("slow", True), ("not slow", False), ("slow or browser", True), ("browser", False),
    ("not browser", True), ("browser or slow", True), ("slow and not browser", True),
])
def test_slow_selected(expression, selected):
    config = types.SimpleNamespace(getoption=lambda name: expression if name == "markexpr" else None)
    assert slow_selected(config) is selected


# ------------------------------------------------------------------------------------------ set-up script


@pytest.mark.parametrize(("uid", "calls"), [
    ("0", ["apt-get update -qq", "apt-get install -y -qq chromium fonts-liberation poppler-utils",
           "python -m pip install -q -r requirements-dev.txt"]),
    ("1000", ["sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq",
              "apt-get update -qq",
              "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation poppler-utils",
              "apt-get install -y -qq chromium fonts-liberation poppler-utils",
              "python -m pip install -q -r requirements-dev.txt"]),
])
def test_setup_script_uses_sudo_only_when_not_root(tmp_path, uid, calls):
    """On a machine without chromium: as root (a fresh container has no sudo) apt-get runs directly; as a user
    through sudo. Every command the script runs is a stub that records its arguments."""
    bin_dir, log = tmp_path / "bin", tmp_path / "calls.log"
    bin_dir.mkdir()
    record = f'#!/bin/sh\necho "$(basename "$0") $*" >> {log}\n'
    stubs = {"id": f"#!/bin/sh\necho {uid}\n", "apt-get": record, "python": record, "fc-list": "#!/bin/sh\n",
             "sudo": record + 'exec "$@"\n'}
    if uid == "0":
        del stubs["sudo"]  # a fresh root container has none
    for name, body in stubs.items():
        (bin_dir / name).write_text(body)
        (bin_dir / name).chmod(0o755)
    for tool in ("env", "dirname", "basename", "grep"):
        os.symlink(subprocess.run(["sh", "-c", f"command -v {tool}"], capture_output=True, text=True).stdout.strip(),
                   bin_dir / tool)
    done = subprocess.run(["/bin/bash", str(ROOT / "scripts" / "setup-test-env.sh")], env={"PATH": str(bin_dir)},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert log.read_text().splitlines() == calls


def test_readme_and_ci_run_the_script():
    command = "scripts/setup-test-env.sh && python -m pytest"
    assert command in (ROOT / "README.md").read_text(encoding="utf-8")
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "sudo apt-get" not in (ROOT / "README.md").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------ data page


@pytest.mark.parametrize(("lang", "warning", "reason"), [
    ("en", "The last sync dropped 3 unusable value(s) and kept their items",
     "Negative story points (the estimate is left empty)"),
    ("fr", "La dernière synchronisation a écarté 3 valeur(s) inutilisable(s)",
     "Points d'estimation négatifs (estimation laissée vide)"),
])
def test_data_page_shows_what_the_last_sync_dropped(demo_store_url, tmp_path, monkeypatch, lang, warning, reason):
    import sqlite3

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    path = tmp_path / "demo.db"
    with sqlite3.connect(demo_store_url.removeprefix("sqlite:///")) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    with sqlite3.connect(path) as db:  # an older jira run that dropped more, then the last one
        for stats in ('{"dropped": {"labels_not_a_list": 9}}',
                      '{"dropped": {"story_points_negative": 2, "sprint_without_dates": 1}}'):
            db.execute("INSERT INTO sync_runs (source, mode, status, started_at, finished_at, stats) "
                       "VALUES ('jira', 'full', 'ok', 1, 2, ?)", (stats,))
    monkeypatch.setenv("PILOTAGE_DEMO_STORE", f"sqlite:///{path}")
    for name in ("PILOTAGE_LINK_SECRET", "PILOTAGE_REQUIRE_LOGIN", "PILOTAGE_WORKSPACE", "PILOTAGE_WORKSPACES"):
        monkeypatch.delenv(name, raising=False)
    st.cache_resource.clear()
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    app.query_params["lang"] = lang
    app.run()
    app.switch_page("app_pages/data.py")
    app.run()
    assert not app.exception, app.exception
    assert [w.value for w in app.warning if w.value.startswith(warning)], [w.value for w in app.warning]
    table = next(d.value for d in app.dataframe if "reason" in d.value.columns)
    assert list(table["count"]) == [1, 2] and table["reason"].iloc[1] == reason
    st.cache_resource.clear()


def test_snapshot_list_marks_a_forged_row_instead_of_showing_its_title(demo_store_url, tmp_path, monkeypatch):
    import sqlite3
    from datetime import date

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from pilotage.application.snapshots import create, freeze
    from pilotage.core.store import Store
    from pilotage.core.workspace import load_workspace

    path = tmp_path / "demo.db"
    with sqlite3.connect(demo_store_url.removeprefix("sqlite:///")) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    store = Store(f"sqlite:///{path}")
    q4 = create(load_workspace(), store, as_of=date(2026, 11, 22), title="Board Q4 2026")
    q3 = freeze(store, title="Board Q3 2026", as_of=date(2026, 10, 1), payload=q4.payload,
                definitions_version=q4.definitions_version, data_version=q4.data_version,
                created_at=pd.Timestamp("2026-10-01T18:00:00Z"))
    store.close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE snapshots SET title = 'Board Q3 2026: all green' WHERE id = ?", (q3.id,))
    monkeypatch.setenv("PILOTAGE_DEMO_STORE", f"sqlite:///{path}")
    for name in ("PILOTAGE_LINK_SECRET", "PILOTAGE_REQUIRE_LOGIN", "PILOTAGE_WORKSPACE", "PILOTAGE_WORKSPACES"):
        monkeypatch.delenv(name, raising=False)
    st.cache_resource.clear()
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    app.run()
    app.switch_page("app_pages/data.py")
    app.run()
    assert not app.exception, app.exception
    listing = next(d.value for d in app.dataframe if "note" in d.value.columns).set_index("id")
    assert listing.loc[q3.id, "title"] == "—"
    assert listing.loc[q3.id, "note"] == "modified after freezing: refused, left out of comparisons"
    assert listing.loc[q4.id, "title"] == "Board Q4 2026" and listing.loc[q4.id, "note"] == ""
    assert "all green" not in str(app.selectbox(key="snapshot_chosen").options)
    st.cache_resource.clear()
