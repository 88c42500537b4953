"""The dashboard in a real browser: `streamlit run dashboard.py` on the demo, driven by Playwright in Debian
chromium. Screenshots land in shots/ (PILOTAGE_SHOTS to move them) for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.app_support import ROOT, chromium_missing, settle, streamlit_server

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")
SHOTS = Path(os.environ.get("PILOTAGE_SHOTS", ROOT / "shots"))


@pytest.fixture(scope="module")
def server(demo_store_url):
    with streamlit_server({"PILOTAGE_DEMO_STORE": demo_store_url}) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 2000})
    pg = context.new_page()
    yield pg
    context.close()


def _open(page, url: str) -> None:
    page.goto(url)
    settle(page)
    page.wait_for_selector(".pl-alloc-bar", timeout=60_000)  # the executive page's last figure, in HTML


def test_first_page_renders_with_its_figures_and_no_exception(server, page):
    _open(page, server)
    assert not page.query_selector_all('[data-testid="stException"]')
    assert "delivery at a glance" in page.inner_text("h1")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "executive-en.png"))


def test_language_switch_and_deep_link(server, page):
    _open(page, server + "?lang=fr&as_of=2026-10-31")
    assert "la livraison en un coup d'œil" in page.inner_text("h1")
    assert "31 oct. 2026" in page.inner_text('[data-testid="stMain"]')
    page.screenshot(path=str(SHOTS / "executive-fr.png"))
    page.get_by_text("English").click()
    settle(page)
    assert "delivery at a glance" in page.inner_text("h1")
    assert "lang=en" in page.url and "as_of=2026-10-31" in page.url
