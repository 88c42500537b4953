"""Dashboard state through AppTest on the demo: the sidebar filters keep every change (keyed widgets), the address
and the session stay in step both ways, a saved workspace edit shows at the next rerun (caches keyed on the
workspace fingerprint), and a frozen snapshot becomes the picker's choice.

The workspace fingerprint and the lead-time split are checked on golden inputs here too.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pilotage.application.views.engineering import split
from pilotage.core.workspace import DEMO_WORKSPACE, fingerprint, load_workspace, parse_workspace
from presentation import i18n
from tests.test_page_executive import copy_sqlite

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
DELIVERY = "app_pages/delivery.py"


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    i18n.set_language("en")


def _app(page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def _param(at: AppTest, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


# ------------------------------------------------------------------------------------------ fingerprint


def test_fingerprint_is_stable_and_follows_every_setting():
    ws = load_workspace(DEMO_WORKSPACE)
    assert fingerprint(ws) == fingerprint(load_workspace(DEMO_WORKSPACE))
    assert re.fullmatch(r"[0-9a-f]{16}", fingerprint(ws))
    moved = dataclasses.replace(ws, path=Path("/elsewhere/nordwind.toml"))
    assert fingerprint(moved) == fingerprint(ws)  # where the file lives is not a setting
    teams = list(ws.teams)
    teams[1] = dataclasses.replace(teams[1], weekly_cost=64000)
    assert fingerprint(dataclasses.replace(ws, teams=tuple(teams))) != fingerprint(ws)
    assert fingerprint(dataclasses.replace(ws, metrics=dataclasses.replace(ws.metrics, seed=1))) != fingerprint(ws)


def test_fingerprint_ignores_layout_and_never_holds_a_secret(monkeypatch):
    compact = {"workspace": {"name": "Acme"}, "jira": {"url": "https://acme.atlassian.net", "projects": ["PAY"]}}
    spelled = {"jira": {"projects": ["PAY"], "url": "https://acme.atlassian.net", "token_env": "JIRA_TOKEN"},
               "workspace": {"name": "Acme", "currency": "EUR"}}  # other order, defaults written out
    path = Path("/tmp/acme.toml")
    assert fingerprint(parse_workspace(compact, path=path)) == fingerprint(parse_workspace(spelled, path=path))
    monkeypatch.setenv("JIRA_TOKEN", "first-token-value")
    first = fingerprint(parse_workspace(compact, path=path))
    monkeypatch.setenv("JIRA_TOKEN", "second-token-value")
    assert fingerprint(parse_workspace(compact, path=path)) == first  # the token's value is not hashed


# ------------------------------------------------------------------------------------------ lead-time split


def test_split_adds_up_to_the_median_total():
    """Stages (coding, review, deploy) of three changes: (1, 2, 3) = 6 h, (3, 2, 7) = 12 h, (2, 2, 5) = 9 h.
    Median total 9 h; stage means 2, 2, 5 (sum 9), so the split is exactly 2, 2, 5. The stage medians happen to
    add up here; the second case shows they need not."""
    prs = pd.DataFrame({"coding": [1.0, 3.0, 2.0], "review": [2.0, 2.0, 2.0], "deploy": [3.0, 7.0, 5.0]})
    assert split(prs, 9.0) == pytest.approx({"coding": 2.0, "review": 2.0, "deploy": 5.0})
    # slow changes slow in different stages: totals 12, 12, 10 h (median 12) but stage medians 1 + 1 + 1 = 3 h;
    # stage means 4, 4, 10/3 (sum 34/3) share the 12 h as 12·12/34, 12·12/34, 12·10/34
    skewed = pd.DataFrame({"coding": [10.0, 1.0, 1.0], "review": [1.0, 10.0, 1.0], "deploy": [1.0, 1.0, 8.0]})
    parts = split(skewed, 12.0)
    assert sum(parts.values()) == pytest.approx(12.0)
    assert parts == pytest.approx({"coding": 144 / 34, "review": 144 / 34, "deploy": 120 / 34})


def test_split_empty():
    assert split(pd.DataFrame({"coding": [], "review": [], "deploy": []}), float("nan")) == \
        {"coding": None, "review": None, "deploy": None}


# ------------------------------------------------------------------------------------------ filters


def test_six_team_changes_in_a_row_are_each_applied(demo_store_url):
    at = _app(DELIVERY)
    for team in ["Mobile", "Payments", "Platform", "Data", "", "Payments"]:
        at.selectbox(key="side_team").select(team).run()
        assert not at.exception, at.exception
        assert at.title[0].value == f"Delivery — {team or 'all teams'}"
        assert _param(at, "team") == (team or None)


def test_four_date_changes_in_a_row_are_each_applied(demo_store_url):
    at = _app(DELIVERY, team="Data")
    for iso, shown in [("2026-10-30", "30 Oct 2026"), ("2026-11-13", "13 Nov 2026"), ("2026-10-01", "1 Oct 2026"),
                       ("2026-11-05", "5 Nov 2026")]:
        at.date_input(key="side_as_of").set_value(date.fromisoformat(iso)).run()
        assert not at.exception, at.exception
        assert at.caption[0].value.startswith(f"Figures as of {shown}")
        assert _param(at, "as_of") == iso and _param(at, "team") == "Data"


def test_a_link_followed_in_an_open_session_wins_over_the_widgets(demo_store_url):
    at = _app(DELIVERY, team="Mobile")
    at.selectbox(key="side_team").select("Payments").run()
    at.query_params["team"] = "Data"  # a pasted link / the back button, in the same session
    at.query_params["as_of"] = "2026-10-30"
    at.run()
    assert at.title[0].value == "Delivery — Data"
    assert at.selectbox(key="side_team").value == "Data"
    assert at.date_input(key="side_as_of").value == date(2026, 10, 30)
    at.selectbox(key="side_team").select("Platform").run()  # and the next click still counts
    assert at.title[0].value == "Delivery — Platform" and _param(at, "as_of") == "2026-10-30"


def test_a_page_switch_that_drops_the_address_keeps_the_filters(demo_store_url):
    at = _app("app_pages/definitions.py")  # a page without selectboxes of its own (AppTest cannot re-send a
    at.selectbox(key="side_team").select("Platform").run()  # page selectbox's label across a language change)
    at.radio(key="side_lang").set_value("fr").run()
    assert at.title[0].value == "Définitions"
    for k in list(at.query_params):
        del at.query_params[k]  # a browser page switch drops the query string
    at.switch_page(DELIVERY)
    at.run()
    assert at.title[0].value == "Livraison — Platform"
    assert _param(at, "team") == "Platform" and _param(at, "lang") == "fr"


# ------------------------------------------------------------------------------------------ live settings


def test_a_saved_workspace_edit_shows_at_the_next_rerun(demo_store_url, tmp_path, monkeypatch):
    copy_sqlite(demo_store_url.removeprefix("sqlite:///"), tmp_path / "demo.db")
    path = tmp_path / "nordwind.toml"
    original = re.sub(r"(?m)^store = .*$", 'store = "sqlite:///demo.db"', DEMO_WORKSPACE.read_text("utf-8"))
    path.write_text(original, encoding="utf-8")
    monkeypatch.setenv("PILOTAGE_WORKSPACE", str(path))

    def extra_cost(at: AppTest) -> int:
        card = next(h.proto.body for h in at.get("html") if 'pl-card-name">Cloud migration' in h.proto.body)
        return int(re.search(r"€(\d+)k extra team cost", card).group(1))

    at = _app()
    before = extra_cost(at)
    path.write_text(original.replace("weekly_cost = 32000", "weekly_cost = 64000"), encoding="utf-8")
    at.run()
    assert extra_cost(at) == pytest.approx(2 * before, abs=1)  # Platform's weekly cost doubled, so did its cost
    path.write_text(original, encoding="utf-8")
    at.run()
    assert extra_cost(at) == before
