"""Issue 16 in a real browser (Debian chromium): with two companies served and the login required, a broken login
set-up or a hostile link never shows a traceback or another company, and a Markdown snapshot id is shown as text.

1. PILOTAGE_REQUIRE_LOGIN=1 with no [auth] section: the login page, no AttributeError; a signature that is not
   ASCII (`sig=%C3%A9%C3%A9`): the login page, no TypeError.
2. A Nordwind link whose `ws=` is changed to Globex: the login page, nothing of Globex; the genuine link: the
   snapshot, and no company picker.
7. `?snapshot=![x](http://127.0.0.1:9/t.png) [Log in again](http://evil.example/login)` with no link secret: the
   error box shows the text; no image is fetched and no link is drawn.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import pytest

from pilotage.application.snapshots import sign
from tests.app_support import chromium_missing, settle, streamlit_server
from tests.companies import GLOBEX_NAME, GLOBEX_TEAM, MARKDOWN_ID, SECRET, two_companies

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")]


@pytest.fixture(scope="module")
def companies(demo_store_url, tmp_path_factory):
    return two_companies(tmp_path_factory.mktemp("companies"), demo_store_url)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1600})
    pg = context.new_page()
    requested: list[str] = []
    pg.on("request", lambda request: requested.append(request.url))
    pg.requested = requested
    yield pg
    context.close()


LOGIN = 'button:has-text("Log in")'
ERROR = '[data-testid="stAlertContentError"]'


def _visit(page, base: str, query: dict[str, str], until: str) -> str:
    """The page's text once `until` (a selector) is drawn and the run has finished."""
    page.goto(base + "?" + urlencode(query))
    page.wait_for_selector(until, timeout=90_000)
    settle(page)
    text = page.inner_text("body")
    assert not page.query_selector_all('[data-testid="stException"]'), text
    assert "Traceback" not in text and "Error:" not in text, text
    return text


def test_login_gate_and_links_bound_to_their_company(companies, page):
    env = {"PILOTAGE_WORKSPACES": str(companies.folder), "PILOTAGE_REQUIRE_LOGIN": "1",
           "PILOTAGE_LINK_SECRET": SECRET}
    signed = sign(companies.snapshot, SECRET, workspace="nordwind")
    with streamlit_server(env) as base:
        text = _visit(page, base, {}, LOGIN)  # case 1: no [auth] section
        assert "Log in" in text and "AttributeError" not in text

        text = _visit(page, base, {"snapshot": companies.snapshot, "ws": "nordwind", "sig": "éé"}, LOGIN)  # case 1
        assert "Log in" in text and "TypeError" not in text and "Board Q4 2026" not in text

        text = _visit(page, base, {**signed, "ws": "globex"}, LOGIN)  # case 2: the link moved to another company
        assert "Log in" in text
        assert GLOBEX_NAME not in text and GLOBEX_TEAM not in text and "Board Q4 2026" not in text

        text = _visit(page, base, {**signed, "ws": "nordwind"}, 'text=/Frozen snapshot/')  # case 2: the genuine link
        assert "Frozen snapshot “Board Q4 2026”" in text
        assert GLOBEX_NAME not in text and "globex" not in text.lower()
        sidebar = page.inner_text('[data-testid="stSidebar"]')
        assert "Company" not in sidebar and "globex" not in sidebar.lower()


def test_markdown_in_a_snapshot_id_is_shown_as_text(companies, page):
    with streamlit_server({"PILOTAGE_WORKSPACES": str(companies.folder)}) as base:
        text = _visit(page, base, {"snapshot": MARKDOWN_ID, "ws": "nordwind"}, ERROR)
        error = page.inner_text('[data-testid="stAlertContentError"]')
        # as typed (an invisible word joiner, U+2060, keeps each address from becoming a link)
        assert "This snapshot cannot be shown" in error and MARKDOWN_ID in error.replace("\u2060", ""), error
        box = page.query_selector('[data-testid="stAlertContentError"]')
        assert not box.query_selector_all("img") and not box.query_selector_all("a"), box.inner_html()
        fetched = {urlsplit(url).netloc for url in page.requested}
        assert "127.0.0.1:9" not in fetched and "evil.example" not in fetched, fetched
        assert "Log in again" in text  # as typed, not a link
