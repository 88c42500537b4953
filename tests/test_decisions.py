"""Decisions on options: recorded through the CLI on a board snapshot of the demo, followed up at the next board
(CLI compare, board pack), the decision log's schema upgrade, and the executive page's total at stake and options
(AppTest, both languages)."""

from __future__ import annotations

import sqlite3
from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa
import streamlit as st
from streamlit.testing.v1 import AppTest

from metrics.translate import format_money
from pilotage.application.snapshots import load
from pilotage.core.store import SCHEMA_VERSION, Store
from presentation import i18n
from presentation.board_pack import gather, render_html
from tests.test_page_executive import DASHBOARD, run
from tests.test_snapshot_cli import cli, store_url, two_boards  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


def test_a_decision_on_an_option_is_followed_up_at_the_next_board(cli, two_boards, store_url):  # noqa: F811
    q3, q4 = two_boards
    store = Store(store_url)
    offered = load(store, q3).payload["views"]["metrics"]["roadmap"]["PLAT-412"]["options"]
    cut = next(o for o in offered if o["kind"] == "cut_scope")
    code, out, _ = cli("decide", q3, "--item", "PLAT-412", "--option", "cut_scope", "--owner", "CPO",
                       "--due", "2026-12-15")
    assert code == 0
    row = store.decisions(q3, with_options=True).iloc[-1]
    assert (row["item_key"], row["option"], row["what"], row["owner"]) == (
        "PLAT-412", "cut_scope", cut["statement"]["en"], "CPO")
    today = date.fromisoformat(row["decided_on"])
    code, out, _ = cli("compare", q4)
    # Q3 was frozen from Q4's figures: nothing was cut since, the forecast is Q4's, still late
    assert code == 0 and (
        f"Decided {today.day} {today:%b} {today.year}: cut {cut['remove_items']} pieces of work from Cloud "
        "migration (owner: CPO). Due 15 Dec 2026. Since: 0 pieces of work cut, forecast 17 Jan 2027, late.") in out

    code, _, err = cli("decide", q3, "--item", "PLAT-412", "--option", "unblock", "--owner", "CPO")
    assert code == 1 and "option 'unblock' was not offered for PLAT-412 in this snapshot (offered: move_target, " \
        "cut_scope, add_capacity)" in err
    code, _, err = cli("decide", q3, "--item", "PLAT-412", "--owner", "CPO")
    assert code == 1 and "needs both --item and --option" in err

    pack = render_html(gather(store, q4), lang="fr").replace("\xa0", " ")  # the next board's pack, in French
    assert f"retirer {cut['remove_items']} tâches de Cloud migration (responsable : CPO)" in pack
    assert "Depuis : 0 tâches retirées, prévu le 17 janv. 2027, en retard." in pack
    store.close()


def test_decision_log_upgrades_from_schema_3(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store(url)
    store.migrate()
    store.add_decision("abc", "Freeze scope", "CTO", None)
    store.close()
    with sqlite3.connect(tmp_path / "old.db") as conn:  # back to what a schema-3 store holds
        conn.execute("ALTER TABLE decisions DROP COLUMN item_key")
        conn.execute("ALTER TABLE decisions DROP COLUMN option")
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    store = Store(url)
    assert store.migrate() == SCHEMA_VERSION == 4
    store.add_decision("abc", "Cut scope", "CPO", "2026-12-01", item_key="PLAT-412", option="cut_scope")
    frame = store.decisions("abc", with_options=True)[["what", "item_key", "option"]]
    assert frame.astype(object).where(frame.notna(), None).to_dict("records") == [
        {"what": "Freeze scope", "item_key": None, "option": None},
        {"what": "Cut scope", "item_key": "PLAT-412", "option": "cut_scope"}]
    assert list(store.decisions("abc").columns) == ["what", "owner", "due"]
    with store._tx(write=False) as conn:
        assert {"item_key", "option"} <= {c["name"] for c in sa.inspect(conn).get_columns("decisions")}
    store.close()


@pytest.mark.parametrize(("lang", "label", "cut", "moves"), [
    ("en", "Total at stake", "Cut scope", "Also moves: New checkout"),
    ("fr", "Total en jeu", "Réduire le périmètre", "Décale aussi : New checkout"),
])
def test_executive_page_leads_with_the_total_at_stake_and_the_options(demo_store_url, lang, label, cut, moves):
    from pilotage.application.service import default_as_of, load_dataset
    from pilotage.application.views import compute, views_from
    from pilotage.core.workspace import load_workspace

    st.cache_data.clear()
    ws = load_workspace()
    inputs = compute(load_dataset(ws), ws, as_of=default_as_of(ws))
    at_stake = inputs.metrics["portfolio"]["at_stake"]
    open_items = inputs.roadmap.items.loc[inputs.roadmap.items["done_date"].isna()]
    assert at_stake == pytest.approx((open_items["extra_cost"].fillna(0) + open_items["cost_of_delay"].fillna(0))
                                     .sum(), abs=0.01)
    views = views_from(inputs)
    first_red = next(r["key"] for r in views["executive"]["items"] if r["key_item"] and r["label"] == "late")
    assert first_red == "PLAT-412"
    at = run(AppTest.from_file(DASHBOARD, default_timeout=60), lang=lang)
    metric = at.metric[0]  # the first figure of the page
    assert (metric.label, metric.value) == (label, format_money(at_stake, "EUR", lang))
    assert [o["kind"] for o in inputs.metrics["roadmap"][first_red]["options"]] == [
        "move_target", "cut_scope", "add_capacity"]
    texts = [x.value.replace("\\", "").replace("\xa0", " ") for x in [*at.markdown, *at.caption]]
    assert f"**{cut}**" in texts
    assert any(x.startswith(moves) for x in texts)


@pytest.mark.parametrize(("lang", "lag", "blocked"), [
    ("en", "Weeks it waits after Cloud migration finishes",
     "No effect: this item waits for Cloud migration, which sets its date."),
    ("fr", "Semaines d'attente après la fin de Cloud migration",
     "Aucun effet : ce chantier attend Cloud migration, qui fixe sa date."),
])
def test_what_if_says_why_a_blocked_item_does_not_move(demo_store_url, lang, lag, blocked):
    from tests.test_page_roadmap import open_roadmap

    st.cache_data.clear()
    at = open_roadmap(AppTest.from_file(DASHBOARD, default_timeout=60), lang=lang, item="PAY-1201")
    assert at.number_input(key="whatif_lag_PAY-1201_PLAT-412").label == lag  # the business name, not PLAT-412
    at.slider(key="whatif_remove_PAY-1201").set_value(2).run()
    assert not at.exception, at.exception
    assert any(i.value.replace("\xa0", " ").startswith(blocked) for i in at.info), [i.value for i in at.info]


def test_the_total_at_stake_shows_its_change_since_the_last_board(demo_store_url, tmp_path, monkeypatch):
    import copy

    from pilotage.application.snapshots import freeze
    from pilotage.application.views import build_views
    from pilotage.core.workspace import load_workspace
    from tests.test_page_executive import copy_sqlite

    target = tmp_path / "demo.db"
    copy_sqlite(demo_store_url.removeprefix("sqlite:///"), target)
    url = f"sqlite:///{target}"
    monkeypatch.setenv("PILOTAGE_DEMO_STORE", url)
    st.cache_resource.clear()
    st.cache_data.clear()
    ws, store = load_workspace(), Store(url)
    views = build_views(store.load(), ws, as_of=date(2026, 11, 22))
    then = copy.deepcopy(views)
    then["metrics"]["portfolio"]["at_stake"] -= 50_000  # the board before saw €50k less at stake
    freeze(store, title="Board Q3", as_of=date(2026, 11, 22), payload={"views": then},
           definitions_version=views["meta"]["definitions_version"], data_version=views["meta"]["data_version"],
           created_at=pd.Timestamp("2026-11-22T18:00:00Z"))
    at = run(AppTest.from_file(DASHBOARD, default_timeout=60), lang="en")
    assert at.metric[0].delta == "+€50k since “Board Q3” (22 Nov 2026)"
    store.close()
    st.cache_resource.clear()
