"""The dashboard as people use it, in a real browser (Playwright, Debian chromium) over `streamlit run` on a
workspace file copied from the demo's, with its own copy of the demo store (this module freezes a snapshot and
edits the file):

- every change of the sidebar filters is applied, six team changes and four date changes in a row (page heading
  and address);
- after "Freeze snapshot" the downloads serve the new snapshot's file;
- a saved edit of the workspace file (Platform's weekly cost) shows at the next rerun;
- the executive page at 390×844 shows the first item's status, delay and money above the fold;
- the Delivery tables fit at 1440 px (no horizontal scroll).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from pilotage.core.workspace import DEMO_WORKSPACE
from tests.app_support import CHROMIUM, CHROMIUM_ARGS, chromium_missing, settle, streamlit_server
from tests.test_page_executive import copy_sqlite

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")
SIDEBAR = '[data-testid="stSidebar"]'


@pytest.fixture(scope="module")
def workspace_file(demo_store_url, tmp_path_factory) -> Path:
    """The demo workspace file, copied beside a copy of the demo store."""
    folder = tmp_path_factory.mktemp("ux")
    copy_sqlite(demo_store_url.removeprefix("sqlite:///"), folder / "demo.db")
    text = DEMO_WORKSPACE.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^store = .*$', 'store = "sqlite:///demo.db"', text)
    path = folder / "nordwind.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def server(workspace_file):
    with streamlit_server({"PILOTAGE_WORKSPACE": str(workspace_file)}) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _page(browser, url: str, width: int = 1440, height: int = 1600):
    page = browser.new_page(viewport={"width": width, "height": height}, accept_downloads=True)
    page.goto(url)
    settle(page)
    return page


def _idle(page, timeout: float = 120) -> None:
    """Wait until the script run has finished: no running indicator nor spinner on three looks in a row."""
    busy = '[data-testid="stStatusWidget"], [data-testid="stSpinner"]'
    quiet, end = 0, time.time() + timeout
    while time.time() < end and quiet < 3:
        quiet = 0 if page.query_selector(busy) else quiet + 1
        time.sleep(0.4)


def _heading(page, text: str) -> None:
    """Wait until the page heading reads `text` (the run after a click has drawn the page)."""
    page.wait_for_function("t => document.querySelector('h1') && document.querySelector('h1').innerText.trim() === t",
                           arg=text, timeout=60_000)


def _pick_team(page, label: str) -> None:
    page.locator(f'{SIDEBAR} [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=label, exact=True).click()


def test_six_team_changes_in_a_row_are_each_applied(server, browser):
    page = _page(browser, f"{server}delivery")
    try:
        _heading(page, "Delivery — all teams")
        for team in ["Mobile", "Payments", "Platform", "Data", "Payments", "All teams"]:
            _pick_team(page, team)
            _heading(page, "Delivery — all teams" if team == "All teams" else f"Delivery — {team}")
            settle(page)
            assert page.inner_text("h1").strip().endswith("all teams" if team == "All teams" else team)
            if team == "All teams":
                assert "team=" not in page.url
            else:
                assert f"team={team}" in page.url
    finally:
        page.close()


def test_four_date_changes_in_a_row_are_each_applied(server, browser):
    page = _page(browser, f"{server}delivery?team=Data")
    try:
        _heading(page, "Delivery — Data")
        box = page.locator(f'{SIDEBAR} [data-testid="stDateInput"] input')
        for iso, shown in [("2026-10-30", "30 Oct 2026"), ("2026-11-13", "13 Nov 2026"),
                           ("2026-10-01", "1 Oct 2026"), ("2026-11-05", "5 Nov 2026")]:
            box.fill(iso)  # typed, as a person would; Escape closes the calendar, which applies the date
            box.press("Enter")
            page.keyboard.press("Escape")
            page.wait_for_function(
                "s => document.querySelector('[data-testid=\"stMain\"] [data-testid=\"stCaptionContainer\"]')"
                ".innerText.includes('Figures as of ' + s)", arg=shown, timeout=120_000)
            settle(page)
            assert f"as_of={iso}" in page.url and "team=Data" in page.url
            assert page.inner_text("h1").strip() == "Delivery — Data"
    finally:
        page.close()


def test_freeze_then_download_gives_the_new_snapshot(server, browser):
    page = _page(browser, f"{server}data", height=2400)
    try:
        for title in ("UX board one", "UX board two"):  # the second freeze must move the downloads off the first
            page.get_by_label("Title", exact=True).fill(title)
            page.get_by_role("button", name="Freeze snapshot").click()
            page.wait_for_selector(f'text=Snapshot “{title}” frozen', timeout=120_000)
            _idle(page)
            created = page.inner_text('[data-testid="stMain"]')
            snapshot_id = re.search(rf"Snapshot “{title}” frozen \(id (\w+),", created).group(1)
            with page.expect_download(timeout=60_000) as info:
                page.get_by_role("button", name="Download the HTML page").click()
            download = info.value
            assert snapshot_id in download.suggested_filename
            assert title in Path(download.path()).read_text(encoding="utf-8")
    finally:
        page.close()


def test_a_saved_workspace_edit_shows_at_the_next_rerun(server, browser, workspace_file):
    page = _page(browser, server)
    original = workspace_file.read_text(encoding="utf-8")
    try:
        card = page.locator(".pl-card-name", has_text="Cloud migration").locator("xpath=..")  # the card's lines
        before = re.search(r"€(\d+)k extra team cost", card.inner_text()).group(1)
        edited = original.replace("weekly_cost = 32000", "weekly_cost = 64000")
        assert edited != original
        workspace_file.write_text(edited, encoding="utf-8")
        page.locator('[data-testid="stSidebarNav"] a', has_text="Delivery").click()  # two reruns of the same
        _heading(page, "Delivery — all teams")  # session, no reload, as someone back from their editor would
        page.locator('[data-testid="stSidebarNav"] a', has_text="Executive summary").click()
        deadline = time.time() + 60
        after = before
        while time.time() < deadline and after == before:
            time.sleep(0.5)
            text = card.inner_text() if card.count() else ""
            found = re.search(r"€(\d+)k extra team cost", text)
            after = found.group(1) if found else before
        assert int(after) > int(before) * 1.5  # Platform's cost doubled: the extra team cost of its late item too
    finally:
        workspace_file.write_text(original, encoding="utf-8")
        page.close()


def test_phone_first_screen_answers_what_is_late_by_how_much_and_what_it_costs(server, browser):
    page = _page(browser, server, width=390, height=844)
    try:
        first = page.locator(".pl-glance").first
        first.wait_for(timeout=60_000)
        box = first.bounding_box()
        assert box["y"] + box["height"] <= 844, box
        text = first.inner_text()
        assert "Late" in text or "At risk" in text  # status
        assert "behind its committed date" in text  # delay
        assert re.search(r"€\d+k at stake", text)  # money
    finally:
        page.close()


@pytest.mark.parametrize("query", ["", "?team=Payments"])
def test_delivery_tables_fit_at_1440_px(server, browser, query):
    page = _page(browser, f"{server}delivery{query}", height=4000)
    try:
        page.wait_for_selector('[data-testid="stDataFrame"]', timeout=60_000)
        settle(page)
        grids = page.query_selector_all('[data-testid="stDataFrame"]')
        widths = [g.evaluate("g => { const s = g.querySelector('.dvn-scroller');"
                             " return s ? [s.scrollWidth, s.clientWidth] : null; }") for g in grids if g.is_visible()]
        widths = [w for w in widths if w]
        assert len(widths) >= 2
        assert all(scroll <= client + 1 for scroll, client in widths), widths
    finally:
        page.close()
