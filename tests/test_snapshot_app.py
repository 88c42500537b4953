"""Snapshots in the dashboard (AppTest): signed read-only links accepted, refused and expired; an older snapshot
labelled; a tampered one refused; the optional login gate; the Data page's snapshot panel; the "since last board"
block, escaped and in both languages.

The app runs on its own copy of the demo store (PILOTAGE_DEMO_STORE), holding "Board Q4 2026" frozen through the
real path and a hand-made "Board Q3 2026" before it (Cloud migration 2 weeks earlier and at risk, an item named
with a `<script>` tag, a decision attached).
"""

from __future__ import annotations

import copy
import sqlite3
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
import streamlit as st
from streamlit.testing.v1 import AppTest

from pilotage.application.snapshots import assumptions, create, freeze, sign, verify
from pilotage.core.store import Store
from pilotage.core.workspace import load_workspace

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
SECRET = "link-secret-for-tests"
SCRIPT = '<script>alert("x")</script>'


@pytest.fixture(scope="module")
def boards(demo_store_url, tmp_path_factory):
    """(store URL, q3 id, q4 id, id of a snapshot made with earlier definitions)."""
    target = tmp_path_factory.mktemp("app") / "demo.db"
    source, dest = sqlite3.connect(demo_store_url.removeprefix("sqlite:///")), sqlite3.connect(target)
    source.backup(dest)
    source.close()
    dest.close()
    url = f"sqlite:///{target}"
    store, ws = Store(url), load_workspace()
    q4 = create(ws, store, as_of=date(2026, 11, 22), title="Board Q4 2026")
    views = copy.deepcopy(q4.payload["views"])
    views["meta"]["as_of"] = "2026-10-22"
    roadmap = views["metrics"]["roadmap"]
    roadmap["PLAT-412"]["forecast"]["p85"], roadmap["PLAT-412"]["status"] = "2027-01-03", "amber"
    roadmap["OLD-1"] = {"name": f"Legacy {SCRIPT}", "team": "Platform", "key_item": False, "status": "green",
                        "forecast": {"p85": "2026-12-01", "inputs": {"done_date": None}}}
    q3 = freeze(store, title="Board Q3 2026", as_of=date(2026, 10, 22), definitions_version=q4.definitions_version,
                data_version=1, payload={"views": views, "assumptions": assumptions(ws)},
                created_at=pd.Timestamp("2026-10-23T09:00:00Z"))
    store.add_decision(q3.id, "Move two Platform engineers to the migration", "CTO", "2026-11-15")
    older = freeze(store, title="Board Q2 2026", as_of=date(2026, 7, 1), definitions_version="0ld0ld0ld0ld",
                   data_version=1, payload=q4.payload, created_at=pd.Timestamp("2026-07-02T09:00:00Z"))
    store.close()
    return url, q3.id, q4.id, older.id


@pytest.fixture(scope="module", autouse=True)
def fresh_caches():
    """The demo workspace is cached with the store it was first loaded with: start from empty caches (the
    computed views are then shared by this module's tests, all on the same store)."""
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture
def app(boards, monkeypatch):
    monkeypatch.setenv("PILOTAGE_DEMO_STORE", boards[0])
    for name in ("PILOTAGE_LINK_SECRET", "PILOTAGE_REQUIRE_LOGIN", "PILOTAGE_WORKSPACE", "PILOTAGE_WORKSPACES"):
        monkeypatch.delenv(name, raising=False)
    return AppTest.from_file(DASHBOARD, default_timeout=90)


def _open(app, params: dict[str, str]):
    for k, v in params.items():
        app.query_params[k] = v
    app.run()
    assert not app.exception, app.exception
    return app


def _texts(elements) -> str:
    return " ".join(str(e.value) for e in elements)


# ------------------------------------------------------------------------------------------ signed links


def test_signed_link_accepted(app, boards, monkeypatch):
    monkeypatch.setenv("PILOTAGE_LINK_SECRET", SECRET)
    q4 = boards[2]
    _open(app, sign(q4, SECRET, expires_at=int(time.time()) + 3600))
    assert "Frozen snapshot “Board Q4 2026”: figures as of 22 Nov 2026" in _texts(app.warning)
    assert app.title and not app.error


@pytest.mark.parametrize(("params", "reason"), [
    (lambda q4: {"snapshot": q4}, "it is not signed for this snapshot"),
    (lambda q4: {**sign(q4, SECRET), "sig": "0" * 32}, "it is not signed for this snapshot"),
    (lambda q4: sign(q4, "another-secret"), "it is not signed for this snapshot"),
    (lambda q4: sign(q4, SECRET, expires_at=int(time.time()) - 60), "it has expired"),
])
def test_signed_link_refused(app, boards, monkeypatch, params, reason):
    monkeypatch.setenv("PILOTAGE_LINK_SECRET", SECRET)
    _open(app, params(boards[2]))
    assert f"This snapshot link cannot be shown: {reason}." in _texts(app.error)
    assert not app.title and not app.get("plotly_chart") and not app.warning  # nothing of the snapshot


def test_links_are_open_without_a_secret(app, boards):
    _open(app, {"snapshot": boards[2]})
    assert "Frozen snapshot “Board Q4 2026”" in _texts(app.warning)


def test_older_definitions_are_labelled(app, boards):
    _open(app, {"snapshot": boards[3]})
    assert "Frozen snapshot “Board Q2 2026”" in _texts(app.warning)
    assert "Made with an earlier version of the definitions (0ld0ld0ld0ld)" in _texts(app.caption)


def test_tampered_snapshot_is_refused(app, boards, tmp_path, monkeypatch):
    url, _, q4, _ = boards
    target = tmp_path / "tampered.db"
    source, dest = sqlite3.connect(url.removeprefix("sqlite:///")), sqlite3.connect(target)
    source.backup(dest)
    source.close()
    dest.close()
    with sa.create_engine(f"sqlite:///{target}").begin() as conn:
        conn.execute(sa.text("UPDATE snapshots SET content = REPLACE(content, 'Cloud migration', 'Cloud migratio') "
                             "WHERE id = :id"), {"id": q4})
    monkeypatch.setenv("PILOTAGE_DEMO_STORE", f"sqlite:///{target}")
    st.cache_resource.clear()
    try:
        _open(app, {"snapshot": q4})
    finally:
        st.cache_resource.clear()  # the next tests' workspace is the module's store again
    assert "was modified after it was frozen" in _texts(app.error)
    assert not app.warning


# ------------------------------------------------------------------------------------------ login gate


def test_login_gate_shows_only_a_login_button(app, monkeypatch):
    monkeypatch.setenv("PILOTAGE_REQUIRE_LOGIN", "1")
    app.user = {"is_logged_in": False}
    _open(app, {})
    assert [t.value for t in app.title] == ["Pilotage"]
    assert [b.label for b in app.button] == ["Log in"]
    assert not app.get("plotly_chart") and not app.sidebar.selectbox and not app.metric
    app.button[0].click().run()  # no [auth] configured here: the page says what to set up
    assert "Login is not configured" in _texts(app.error)


def test_login_gate_lets_a_logged_in_user_in(app, monkeypatch):
    monkeypatch.setenv("PILOTAGE_REQUIRE_LOGIN", "1")
    app.user = {"is_logged_in": True, "email": "cto@nordwind.example", "name": "Ada"}
    _open(app, {})
    assert app.title[0].value.startswith("Nordwind (demo)")
    assert "Signed in as Ada" in _texts(app.sidebar.caption)
    assert "Log out" in [b.label for b in app.sidebar.button]


def test_login_gate_lets_a_signed_snapshot_link_in(app, boards, monkeypatch):
    monkeypatch.setenv("PILOTAGE_REQUIRE_LOGIN", "1")
    monkeypatch.setenv("PILOTAGE_LINK_SECRET", SECRET)
    app.user = {"is_logged_in": False}
    _open(app, sign(boards[2], SECRET))
    assert "Frozen snapshot “Board Q4 2026”" in _texts(app.warning)
    app2 = AppTest.from_file(DASHBOARD, default_timeout=90)
    app2.user = {"is_logged_in": False}
    _open(app2, {"snapshot": boards[2]})  # unsigned: the login button only
    assert [b.label for b in app2.button] == ["Log in"] and not app2.warning


# ------------------------------------------------------------------------------------------ data page panel


def _data_page(app, params=None):
    _open(app, params or {})
    app.switch_page("app_pages/data.py")
    app.run()
    assert not app.exception, app.exception
    return app


def test_panel_freezes_lists_decides_and_links(app, boards, monkeypatch):
    url = boards[0]
    monkeypatch.setenv("PILOTAGE_LINK_SECRET", SECRET)
    _data_page(app)
    assert "Board snapshots" in [s.value for s in app.subheader]
    before = len(Store(url).list_snapshots())
    title = next(i for i in app.text_input if i.label == "Title")
    title.set_value("Board <b>Dec</b> 2026")
    next(b for b in app.button if b.label == "Freeze snapshot").click().run()
    assert not app.exception, app.exception
    listed = Store(url).list_snapshots()
    assert len(listed) == before + 1
    made = listed.loc[listed["title"] == "Board <b>Dec</b> 2026"].iloc[0]
    assert made["as_of"] == "2026-11-22"
    assert any(made["id"] in s.value and "&lt;b&gt;Dec&lt;/b&gt;" in s.value for s in app.success)

    app.selectbox(key="snapshot_chosen").set_value(boards[2]).run()
    link = app.code[0].value
    params = dict(p.split("=", 1) for p in link.split("?", 1)[1].split("&"))
    assert params["snapshot"] == boards[2] and verify(params, SECRET) is None and int(params["exp"]) > time.time()
    assert [d.proto.label for d in app.get("download_button")] == ["Download the HTML page",
                                                                   "Download the PDF board pack"]
    what = next(i for i in app.text_input if i.label == "Decision")
    owner = next(i for i in app.text_input if i.label == "Owner (a role or a team)")
    what.set_value("Freeze scope of New checkout")
    owner.set_value("COMEX")
    next(b for b in app.button if b.label == "Record the decision").click().run()
    assert not app.exception, app.exception
    assert Store(url).decisions(boards[2]).to_dict("records")[-1] == {"what": "Freeze scope of New checkout",
                                                                      "owner": "COMEX", "due": None}


def test_panel_in_snapshot_mode_is_read_only(app, boards):
    _data_page(app, {"snapshot": boards[1], "lang": "fr"})
    assert "Instantanés pour le comité" in [s.value for s in app.subheader]
    assert "Board Q3 2026" in _texts(app.markdown)
    assert not [i for i in app.text_input if i.label in ("Titre", "Décision")]  # no freezing, no decisions
    assert not app.code  # no link to other snapshots
    assert [d.proto.label for d in app.get("download_button")] == ["Télécharger la page HTML",
                                                                   "Télécharger le dossier PDF"]


# ------------------------------------------------------------------------------------------ since last board


def _since_script():
    import os
    from types import SimpleNamespace

    from pilotage.application.snapshots import load
    from pilotage.core.store import Store
    from pilotage.core.workspace import load_workspace
    from presentation import i18n
    from ui.context import Context, ctx, set_context
    from ui.since_last_board import since_last_board
    from ui.state import Filters

    i18n.set_language(os.environ["SINCE_LANG"])
    store = Store(os.environ["PILOTAGE_DEMO_STORE"])
    shown = load(store, os.environ["SINCE_SNAPSHOT"])
    live = os.environ["SINCE_LIVE"] == "1"
    as_of = shown.as_of if not live else shown.as_of.replace(day=21)  # live figures dated after Q3, before Q4
    set_context(Context(
        ws=load_workspace(), filters=Filters("", "", None, "", i18n.language(), "" if live else shown.id),
        store=store, data=SimpleNamespace(data_version=99), as_of=as_of, default_as_of=as_of,
        views=shown.payload["views"], snapshot=None if live else shown,
    ))
    since_last_board(ctx())


@pytest.mark.parametrize("live", ["1", "0"])
def test_since_last_board_in_english(boards, monkeypatch, live):
    monkeypatch.setenv("PILOTAGE_DEMO_STORE", boards[0])
    monkeypatch.setenv("SINCE_SNAPSHOT", boards[2])
    monkeypatch.setenv("SINCE_LANG", "en")
    monkeypatch.setenv("SINCE_LIVE", live)
    at = AppTest.from_function(_since_script, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert [s.value for s in at.subheader] == ["Since last board"]
    assert "“Board Q3 2026” (figures as of 22 Oct 2026" in _texts(at.caption)
    body = _texts(at.markdown)
    assert "Cloud migration\\: now late \\(was at risk\\); forecast \\+2 weeks \\(85% date 17 Jan 2027\\)" in body
    assert "now late \\(was at risk\\)" in body
    assert "Move two Platform engineers to the migration — CTO (by 15 Nov 2026)" in body
    assert "<script>" not in body and "&lt;script&gt;alert" in body  # the removed item's name, as text
    moves = at.dataframe[0].value
    assert moves.loc[moves["item"] == "Cloud migration", "move_days"].iloc[0] == 14


def test_since_last_board_in_french(boards, monkeypatch):
    monkeypatch.setenv("PILOTAGE_DEMO_STORE", boards[0])
    monkeypatch.setenv("SINCE_SNAPSHOT", boards[2])
    monkeypatch.setenv("SINCE_LANG", "fr")
    monkeypatch.setenv("SINCE_LIVE", "0")
    at = AppTest.from_function(_since_script, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert [s.value for s in at.subheader] == ["Depuis le dernier comité"]
    assert "Cloud migration\u00a0\\: désormais en retard \\(était à risque\\)\u00a0; prévision \\+2 semaines" in \
        _texts(at.markdown)
    assert "Décidé au dernier comité" in _texts(at.markdown)


def test_since_last_board_hint_without_snapshots(monkeypatch, demo_store_url, tmp_path):
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    Store(empty).migrate()
    monkeypatch.setenv("PILOTAGE_DEMO_STORE", empty)

    def script():
        import os
        from types import SimpleNamespace

        from pilotage.core.store import Store
        from presentation import i18n
        from ui.since_last_board import since_last_board

        i18n.set_language("en")
        # only the store and the mode are read when the store holds no snapshot
        since_last_board(SimpleNamespace(store=Store(os.environ["PILOTAGE_DEMO_STORE"]), live=True, snapshot=None))

    at = AppTest.from_function(script, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    assert "No board snapshot yet" in _texts(at.caption)
