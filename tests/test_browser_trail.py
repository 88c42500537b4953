"""Forecasts a board can trust (issue 13) in a real browser: `streamlit run dashboard.py` on a copy of the demo store
holding a board snapshot of 8 Nov 2026, driven by Playwright in Debian chromium. The Roadmap page draws the
item's forecast trail (the landing range over the last week-ends against the target) and says why it moved; the
executive page's "since last board" names New checkout's target move (18 Dec → 15 Jan, on 13 Nov) with its causes."""

from __future__ import annotations

from datetime import date

import pytest

from tests.app_support import chromium_missing, settle, streamlit_server
from tests.test_browser_roadmap import page, show  # noqa: F401 (fixtures)
from tests.test_page_executive import copy_sqlite

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")


@pytest.fixture(scope="module")
def board_site(demo_store_url, tmp_path_factory, browser):  # noqa: F811
    """The dashboard's base URL, on a store copy with a board snapshot frozen at 8 Nov 2026."""
    from pilotage.application.snapshots import create
    from pilotage.core.store import Store
    from pilotage.core.workspace import load_workspace

    target = tmp_path_factory.mktemp("trail") / "demo.db"
    copy_sqlite(demo_store_url.removeprefix("sqlite:///"), target)
    url = f"sqlite:///{target}"
    store = Store(url)
    create(load_workspace(), store, as_of=date(2026, 11, 8), title="Board 8 Nov")
    store.close()
    with streamlit_server({"PILOTAGE_DEMO_STORE": url}) as base:
        context = browser.new_context()
        warm = context.new_page()
        warm.goto(base)
        settle(warm)
        context.close()
        yield base


@pytest.mark.parametrize(("lang", "legend", "why"), [
    ("en", "Landing range (50%–85%)", "Since 15 Nov: 85% date +7\u00a0d: time passed +7\u00a0d"),
    ("fr", "Arrivée prévue (50 %–85 %)", "Depuis le 15 nov. : date à 85 % +7\u00a0j : temps écoulé +7\u00a0j"),
], ids=["en", "fr"])
def test_the_roadmap_page_draws_the_forecast_trail(board_site, page, lang, legend, why):  # noqa: F811
    text = show(page, f"{board_site}roadmap?lang={lang}&item=PAY-1201", charts=3)
    charts = page.locator('[data-testid="stPlotlyChart"]').evaluate_all("es => es.map(e => e.textContent)")
    trail = [c for c in (x.replace("\u00a0", " ") for x in charts) if legend in c]  # Plotly draws no-break spaces
    assert len(trail) == 1, charts
    assert "6 Sep" in trail[0] or "6 sept." in trail[0]  # the first of the 12 week-ends on the time axis
    assert " ".join(why.split()) in " ".join(text.split())
    page.screenshot(path=str(_shot(f"roadmap-trail-{lang}.png")))


@pytest.mark.parametrize(("lang", "move"), [
    ("en", "New checkout: its target moved from 18 Dec to 15 Jan 2027 on 13 Nov; forecast +10 days"),
    ("fr", "New checkout : sa date cible est passée du 18 déc. au 15 janv. 2027 le 13 nov. ; prévision +10 jours"),
], ids=["en", "fr"])
def test_the_executive_page_names_the_target_move_since_the_last_board(board_site, page, lang, move):  # noqa: F811
    text = show(page, f"{board_site}?lang={lang}", charts=0, ready="text=Board 8 Nov")  # the executive page draws no Plotly chart
    flat = " ".join(text.replace("\u00a0", " ").split())
    assert "Board 8 Nov" in flat
    assert move in flat, flat[:3000]
    page.screenshot(path=str(_shot(f"executive-since-{lang}.png")))


def _shot(name: str):
    from tests.test_browser_roadmap import SHOTS

    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS / name
