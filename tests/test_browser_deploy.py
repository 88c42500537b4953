"""Several dashboards, one store: two `streamlit run` servers and the sync worker on one PostgreSQL database, read
in a real browser (Debian chromium through Playwright). A visitor on either server sees the data version the worker
wrote and the freshness line; a snapshot frozen on one server is listed on the other."""

from __future__ import annotations

import re
import time

import pytest

from tests.app_support import CHROMIUM, CHROMIUM_ARGS, chromium_missing, settle, streamlit_server
from tests.conftest import drop_postgres_schema, new_postgres_store, postgres_unavailable
from tests.operations_support import env, jira_emulator, pilotage, write_workspace

pytestmark = pytest.mark.skipif(bool(chromium_missing()), reason=chromium_missing() or "")


@pytest.fixture
def deployment(tmp_path):
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)
    store, schema = new_postgres_store()
    emu = jira_emulator(60)
    path = write_workspace(tmp_path, emu, store.url)
    yield store, emu, path
    store.close()
    emu.stop()
    drop_postgres_schema(schema)


def run_worker(emu, path) -> None:
    worker = pilotage("worker", "--once", "-w", str(path), environ=env(emu))
    assert worker.wait(120) == 0, worker.stderr.read()


def page_text(page, url: str, expected: str, timeout: float = 60) -> str:
    """The page's text once `expected` shows (a fresh visit each time, as a reader opening a link); text inside a
    closed expander ("Technical details": the data version) counts."""
    deadline = time.time() + timeout
    while True:
        page.goto(url)
        settle(page)
        text = page.text_content("body")
        if expected in text or time.time() > deadline:
            return text
        time.sleep(1)


def test_two_dashboards_and_a_worker_on_one_postgresql(deployment):
    from playwright.sync_api import sync_playwright

    store, emu, path = deployment
    run_worker(emu, path)
    first_version = store.data_version()
    servers = {"PILOTAGE_WORKSPACE": str(path), "JIRA_TOKEN": emu.token}
    with streamlit_server(servers) as a, streamlit_server(servers) as b, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1440, "height": 2200}).new_page()
        for base in (a, b):
            text = page_text(page, base + "data", f"data version {first_version}")
            assert f"data version {first_version}" in text, text[:2000]
            assert re.search(r"Data from Jira as of \d+ \w+ \d\d:\d\d UTC \((just now|\d+ min ago)\)", text), text[:2000]

        # a snapshot frozen on server A is listed on server B
        page_text(page, a + "data", "Freeze snapshot")
        page.get_by_role("button", name="Freeze snapshot").click()
        page.wait_for_selector("text=/Snapshot .* frozen|frozen/", timeout=60_000)
        [(snapshot_id,)] = store.list_snapshots()[["id"]].itertuples(index=False)
        text = page_text(page, b + "data", snapshot_id)
        assert snapshot_id in text, text[:3000]

        # the worker syncs new data: a visitor on either server sees the new version
        emu.add_issue({"key": "PAY-999", "type": "Story", "created": "2024-06-03T11:00:00.000+0000"})
        emu.now = emu.now.replace(hour=14)
        run_worker(emu, path)
        new_version = store.data_version()
        assert new_version > first_version
        for base in (b, a):
            text = page_text(page, base + "data", f"data version {new_version}")
            assert f"data version {new_version}" in text, text[:2000]
        browser.close()
