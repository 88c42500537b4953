"""The Delivery, Engineering and Definitions pages in a real browser (Playwright, Debian chromium) over
`streamlit run` on the demo, in English and French: charts drawn, no exception, no script run from an item title.
Screenshots land in shots/ (PILOTAGE_SHOTS to move them): delivery-en.png, engineering-fr.png, …"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.app_support import CHROMIUM, CHROMIUM_ARGS, ROOT, chromium_missing, settle, streamlit_server

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")
SHOTS = Path(os.environ.get("PILOTAGE_SHOTS", ROOT / "shots"))
PAGES = {  # url path, query, charts expected, tall enough for the whole page
    "delivery": ("delivery", "team=Payments", 5, 4300),
    "engineering": ("engineering", "team=Payments", 2, 3300),
    "definitions": ("definitions", "", 0, 3700),
}
TITLES = {
    ("delivery", "en"): "Delivery — Payments", ("delivery", "fr"): "Livraison — Payments",
    ("engineering", "en"): "Engineering — Payments", ("engineering", "fr"): "Ingénierie — Payments",
    ("definitions", "en"): "Definitions", ("definitions", "fr"): "Définitions",
}


@pytest.fixture(scope="module")
def server(demo_store_url):
    with streamlit_server({"PILOTAGE_DEMO_STORE": demo_store_url}) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open(browser, url: str, height: int):
    page = browser.new_page(viewport={"width": 1440, "height": height})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    settle(page)
    return page, dialogs


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_with_charts(server, browser, name, lang):
    path, query, charts, height = PAGES[name]
    page, dialogs = _open(browser, f"{server}{path}?{'&'.join(x for x in (query, f'lang={lang}') if x)}", height)
    try:
        if charts:
            page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=60_000)
            settle(page)
        assert page.inner_text("h1").strip() == TITLES[(name, lang)]
        assert not page.query_selector_all('[data-testid="stException"]')
        assert len(page.query_selector_all('[data-testid="stPlotlyChart"] .main-svg')) >= charts
        assert not dialogs
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-{lang}.png"))
    finally:
        page.close()


def test_a_script_in_an_item_title_never_runs(server, browser):
    """PAY-1211's title holds `<script>alert("x")</script>`; it is in the Payments figures as of 15 Jan 2026."""
    page, dialogs = _open(browser, f"{server}delivery?team=Payments&as_of=2026-01-15", 4300)
    try:
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=60_000)
        page.get_by_text("Finished work behind these figures").click()
        settle(page)
        scatter = page.query_selector_all('[data-testid="stPlotlyChart"]')[2]  # the cycle-time chart
        scatter.scroll_into_view_if_needed()
        label = ""
        for point in scatter.query_selector_all(".scatterlayer .trace:first-child .point"):
            box = point.bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.wait_for_timeout(100)
            label = scatter.query_selector(".hoverlayer").text_content()
            if "PAY-1211" in label:
                break
        assert '<script>alert("x")</script>' in label  # the hover label shows the title as typed
        assert not dialogs
        assert not page.query_selector_all('[data-testid="stMain"] script')
        assert not page.query_selector_all('[data-testid="stException"]')
    finally:
        page.close()
