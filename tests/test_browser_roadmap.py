"""The executive and roadmap pages in a real browser: `streamlit run dashboard.py` on a copy of the demo store,
driven by Playwright in Debian chromium. Both pages load in English and French with their charts drawn and no
exception; a link with filters opens the filtered view and the links between the pages keep it; an item title
holding `<script>` shows as text. Screenshots land in shots/ (PILOTAGE_SHOTS to move them)."""

from __future__ import annotations

import copy
import os
import re
import time
from datetime import date
from pathlib import Path

import pytest

from tests.app_support import ROOT, chromium_missing, settle, streamlit_server
from tests.test_page_executive import copy_sqlite

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")
SHOTS = Path(os.environ.get("PILOTAGE_SHOTS", ROOT / "shots"))
SCRIPT_TITLE = 'Escape <script> tags in receipt template (<script>alert("x")</script> runs in the PDF preview)'


@pytest.fixture(scope="module")
def store_copy(demo_store_url, tmp_path_factory):
    """(URL of a copy of the demo store, id of a snapshot in it whose Cloud migration bears a <script> title)."""
    from pilotage.application.service import default_as_of
    from pilotage.application.snapshots import freeze
    from pilotage.application.views import build_views
    from pilotage.core.store import Store
    from pilotage.core.workspace import load_workspace

    target = tmp_path_factory.mktemp("browser") / "demo.db"
    copy_sqlite(demo_store_url.removeprefix("sqlite:///"), target)
    store = Store(f"sqlite:///{target}")
    views = build_views(store.load(), load_workspace(), as_of=default_as_of(load_workspace(), store))
    forged = copy.deepcopy(views)
    forged["metrics"]["roadmap"]["PLAT-412"]["name"] = SCRIPT_TITLE
    for record in forged["executive"]["items"]:
        if record["key"] == "PLAT-412":
            record["name"] = SCRIPT_TITLE
    snap = freeze(store, title="Hostile title", as_of=date.fromisoformat(views["meta"]["as_of"]),
                  payload={"views": forged}, definitions_version=views["meta"]["definitions_version"],
                  data_version=views["meta"]["data_version"])
    return f"sqlite:///{target}", snap.id


@pytest.fixture(scope="module")
def site(store_copy, browser):
    """(base URL, snapshot id): the dashboard on the store copy, its home page opened once (see
    test_a_page_link_as_the_first_request_of_a_fresh_server)."""
    url, snapshot = store_copy
    with streamlit_server({"PILOTAGE_DEMO_STORE": url}) as base:
        context = browser.new_context()
        warm = context.new_page()
        warm.goto(base)
        settle(warm)
        context.close()
        yield base, snapshot


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 2600})
    pg = context.new_page()
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()


def wait_for_charts(page, charts: int) -> None:
    """Until at least `charts` Plotly charts are drawn (each draws several .main-svg layers), or an exception
    shows (then fail at once)."""
    page.wait_for_function(
        "n => document.querySelector('[data-testid=\"stException\"]') || "
        "[...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".filter(e => e.querySelector('.main-svg')).length >= n", arg=charts, timeout=60_000)
    assert not page.query_selector_all('[data-testid="stException"]'), page.inner_text('[data-testid="stMain"]')


def show(page, url: str, charts: int, ready: str | None = None) -> str:
    """Open the URL, wait until `charts` Plotly charts are drawn (and the `ready` selector is there); the main
    area's text (no exception shown)."""
    page.goto(url)
    settle(page)
    wait_for_charts(page, charts)
    if ready:
        page.wait_for_selector(ready, timeout=60_000)
        settle(page)
    assert not page.query_selector_all('[data-testid="stException"]')
    return page.inner_text('[data-testid="stMain"]')


def chosen_item(page, label: str) -> str:
    """The roadmap item the page's selectbox shows."""
    return page.locator('[data-testid="stSelectbox"]', has_text=label).locator("input").input_value()


def timeline_text(page, timeout: float = 60) -> str:
    """The text drawn in the roadmap timeline (its item names), spaces left out (long names are drawn on two
    lines, which textContent joins without a space): the chart with the "figures as of" line, waited for, since
    a loaded machine may draw the page's other charts first."""
    end = time.time() + timeout
    while True:
        texts = page.locator('[data-testid="stPlotlyChart"]').evaluate_all("es => es.map(e => e.textContent)")
        found = [x for x in texts if "Figures as of " in x or "Chiffres au " in x]
        if found or time.time() > end:
            return re.sub(r"\s", "", found[0] if found else " ".join(texts))
        time.sleep(0.5)


@pytest.mark.parametrize(("lang", "title", "landing", "road_title", "pick"), [
    ("en", "delivery at a glance", "Lands between 7 Jan and 17 Jan 2027", "Roadmap", "Roadmap item"),
    ("fr", "la livraison en un coup d'œil", "Arrivée prévue entre le 7 janv. et le 17 janv. 2027",
     "Feuille de route", "Chantier"),
], ids=["en", "fr"])
def test_both_pages_render_in_both_languages(site, page, lang, title, landing, road_title, pick):
    base, _ = site
    text = show(page, f"{base}?lang={lang}", charts=0, ready=".pl-alloc-bar")  # no Plotly chart there
    assert title in page.inner_text("h1")
    assert landing in text
    assert "No production releases" not in text and "Aucune mise en production" not in text  # GitHub data there
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"executive-{lang}.png"))
    show(page, f"{base}roadmap?lang={lang}", charts=2)
    assert road_title in page.inner_text("h1")
    assert chosen_item(page, pick) == "Cloud migration (PLAT-412)"
    assert "Notificationpreferences" in timeline_text(page)
    page.screenshot(path=str(SHOTS / f"roadmap-{lang}.png"))
    assert not page.dialogs


def test_a_link_with_filters_opens_the_filtered_view_and_links_keep_it(site, page):
    base, _ = site
    show(page, f"{base}roadmap?lang=fr&team=Payments&item=PAY-1202", charts=2)
    assert chosen_item(page, "Chantier") == "Instant payouts for merchants (PAY-1202)"
    drawn = timeline_text(page)
    assert "Newcheckout" in drawn and "Cloudmigration" not in drawn  # only the team's items
    page.get_by_role("link", name="Synthèse direction").click()
    settle(page)
    page.wait_for_selector("text=Équipe Payments seulement", timeout=60_000)
    assert "team=Payments" in page.url and "lang=fr" in page.url
    page.get_by_role("link", name="Détails dans la feuille de route").first.click()
    settle(page)
    page.wait_for_url(re.compile(r"roadmap.*item=PAY-1201"), timeout=60_000)
    settle(page)
    wait_for_charts(page, 2)
    assert chosen_item(page, "Chantier") == "New checkout (PAY-1201)"
    assert "team=Payments" in page.url and "lang=fr" in page.url


def test_a_script_title_shows_as_text(site, page):
    base, snapshot = site
    text = show(page, f"{base}?lang=en&snapshot={snapshot}", charts=0, ready=".pl-alloc-bar")
    assert SCRIPT_TITLE in text  # the characters themselves, on the card and in the statement
    text = show(page, f"{base}roadmap?lang=en&snapshot={snapshot}&item=PLAT-412", charts=2)
    assert SCRIPT_TITLE in text  # the item's heading
    assert re.sub(r"\s", "", SCRIPT_TITLE) in timeline_text(page)
    assert chosen_item(page, "Roadmap item") == f"{SCRIPT_TITLE} (PLAT-412)"
    assert not page.dialogs


def test_a_page_link_as_the_first_request_of_a_fresh_server(store_copy, page):
    url, _ = store_copy
    with streamlit_server({"PILOTAGE_DEMO_STORE": url}) as base:
        show(page, f"{base}roadmap?lang=en&item=PAY-1202", charts=2)
        assert chosen_item(page, "Roadmap item") == "Instant payouts for merchants (PAY-1202)"
