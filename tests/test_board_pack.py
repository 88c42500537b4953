"""The board pack of a demo snapshot: self-contained HTML opened offline in chromium with its charts drawn, the
A4 PDF's pages and text (pdftotext), escaping of Jira/GitHub text, no secret in a snapshot or an export.

One snapshot is frozen through the real path (`snapshots.create`) on a copy of the demo store, with a workspace
that names Jira/GitHub token variables (fake values set in the environment), an item name holding a `<script>`
tag and a team name holding `<b>`. The board before it is a hand-made copy of its views (as of a month earlier,
Cloud migration 2 weeks earlier, €40k cheaper, at risk), with a decision attached.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import re
import sqlite3
import subprocess
from datetime import date

import pandas as pd
import pytest

from pilotage.application.snapshots import assumptions, canonical_json, create, freeze
from pilotage.core.errors import SnapshotError
from pilotage.core.store import Store
from pilotage.core.workspace import GitHubConfig, JiraConfig, load_workspace
from presentation import board_pack
from tests.app_support import CHROMIUM, CHROMIUM_ARGS, chromium_missing

SCRIPT_NAME = 'Revenue <script>alert("x")</script> warehouse'
BOLD_TEAM = "Data <b>bold</b>"
SECRETS = {"PACK_TEST_JIRA_USER": "cto@nordwind.example", "PACK_TEST_JIRA_TOKEN": "jira-FAKE-7d2f9c41e0b3a5",
           "PACK_TEST_GITHUB_TOKEN": "fake-github-token-pack-test-7f3a9c"}
TITLE = 'Board <Q4> "2026"'
PAGES = [  # (page, text that must be on it): one section per printed page
    (1, "Board <Q4> \"2026\""), (2, "Decisions to take"), (2, "Total at stake"), (2, "Cut scope"),
    (3, "What it means"), (4, "Since last board"), (5, "Roadmap"), (6, "Target date history"),
    (7, "How the forecasts moved"), (10, "Delivery"), (11, "promises kept"), (12, "the four DORA keys"),
    (13, "Definitions"), (14, "Decision options"), (15, "Data confidence"), (15, "About this snapshot"),
]
no_chromium = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")


def _copy_sqlite(url: str, target) -> str:
    source = sqlite3.connect(url.removeprefix("sqlite:///"))
    dest = sqlite3.connect(target)
    source.backup(dest)  # consistent copy, WAL included
    source.close()
    dest.close()
    return f"sqlite:///{target}"


@pytest.fixture(scope="module")
def pack(demo_store_url, tmp_path_factory):
    """(store, workspace, the snapshot, the previous one)."""
    url = _copy_sqlite(demo_store_url, tmp_path_factory.mktemp("pack") / "demo.db")
    saved = {k: os.environ.get(k) for k in SECRETS}
    os.environ.update(SECRETS)
    demo = load_workspace()
    ws = dataclasses.replace(
        demo, store=url,
        jira=JiraConfig(url="https://nordwind.atlassian.net", projects=("PAY", "PLAT", "MOB", "DATA"),
                        user_env="PACK_TEST_JIRA_USER",
                        token_env="PACK_TEST_JIRA_TOKEN"),
        github=GitHubConfig(repos=tuple(r for t in demo.teams for r in t.repos), token_env="PACK_TEST_GITHUB_TOKEN"),
        teams=tuple(dataclasses.replace(t, name=BOLD_TEAM) if t.name == "Data" else t for t in demo.teams),
        roadmap=tuple(dataclasses.replace(r, name=SCRIPT_NAME) if r.key == "DATA-210" else r for r in demo.roadmap),
    )
    assert sorted(ws.secret_values()) == sorted(SECRETS.values())
    store = Store(url)
    current = create(ws, store, as_of=date(2026, 11, 22), title=TITLE)
    views = copy.deepcopy(current.payload["views"])
    views["meta"]["as_of"] = "2026-10-22"
    cloud = views["metrics"]["roadmap"]["PLAT-412"]
    cloud["forecast"]["p85"] = "2027-01-03"  # 14 days before the current 17 Jan
    cloud["status"], cloud["extra_cost"] = "amber", cloud["extra_cost"] - 40_000
    before = freeze(store, title="Board Q3 2026", as_of=date(2026, 10, 22), definitions_version="0ld0ld0ld0ld",
                    data_version=1, payload={"views": views, "assumptions": assumptions(ws)},
                    created_at=pd.Timestamp("2026-10-23T09:00:00Z"))
    store.add_decision(before.id, "Move two Platform engineers to the <migration>", "CTO", "2026-11-15")
    yield store, ws, current, before
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    store.close()


@pytest.fixture(scope="module")
def html_file(pack, tmp_path_factory):
    store, ws, current, _ = pack
    return board_pack.export(store, current.id, fmt="html", out=tmp_path_factory.mktemp("out") / "pack.html",
                             secrets=ws.secret_values())


@pytest.fixture(scope="module")
def pdf_file(pack, tmp_path_factory):
    if chromium_missing():
        pytest.skip(chromium_missing())
    store, ws, current, _ = pack
    return board_pack.export(store, current.id, fmt="pdf", out=tmp_path_factory.mktemp("out") / "pack.pdf",
                             secrets=ws.secret_values())


def _pdf_text(path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_no_secret_in_the_snapshot_or_its_exports(pack, html_file, pdf_file):
    store, ws, current, _ = pack
    stored = store.snapshot_row(current.id)["content"]
    texts = {"snapshot": stored, "html": html_file.read_text("utf-8"), "pdf": _pdf_text(pdf_file)}
    for where, text in texts.items():
        for value in SECRETS.values():
            assert value not in text, f"a secret leaked into the {where}"
    # the variable names are kept (they are the assumptions), never their values
    assert "PACK_TEST_JIRA_TOKEN" in stored


def test_a_secret_in_the_figures_refuses_creation_and_export(pack, monkeypatch, tmp_path):
    store, ws, current, _ = pack
    with pytest.raises(SnapshotError, match="configured secret"):
        board_pack.export(store, current.id, fmt="html", out=tmp_path / "x.html", secrets=["Cloud migration"])
    assert not (tmp_path / "x.html").exists()
    from pilotage.application import kept

    # the views a snapshot freezes come through the kept views (computed by the sync, or now)
    monkeypatch.setattr(kept, "views", lambda *a, **k: {"leak": SECRETS["PACK_TEST_JIRA_TOKEN"]})
    before = len(store.list_snapshots())
    with pytest.raises(SnapshotError, match="nothing was frozen"):
        create(ws, store, as_of=date(2026, 11, 22), title="Leaky")
    assert len(store.list_snapshots()) == before


def test_html_escapes_every_source_text(html_file):
    html = html_file.read_text("utf-8")
    assert '<script>alert("x")' not in html and "<b>bold</b>" not in html
    assert "Revenue &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; warehouse" in html
    assert "Data &lt;b&gt;bold&lt;/b&gt;" in html
    assert "Board &lt;Q4&gt; &#34;2026&#34;" in html
    assert "Move two Platform engineers to the &lt;migration&gt;" in html
    # Plotly reads <b> in labels: names reach the figures as entities, inside JSON where "<" is \\u003c
    assert "Data &amp;lt;b&amp;gt;bold" not in html and "\\u003cb\\u003ebold" not in html


def test_html_content(pack, html_file):
    _, _, current, _ = pack
    html = html_file.read_text("utf-8")
    # plotly.js inlined once; 4 charts and the trails of the 5 open key items
    assert html.count("* plotly.js v") == 1 and html.count("Plotly.newPlot(") == 9
    assert re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html) is None  # nothing fetched
    for text in ("2 of 5 key items on track", "<b>Since last board (22 Oct 2026):</b><ul><li>Cloud migration: now "
                 "late (was at risk); forecast +2 weeks (85% date 17 Jan 2027): time passed +31\u00a0d, forecast "
                 "method −17\u00a0d; +€40k extra cost</li>", current.sha256,
                 "Decided at the last board", "<td>Cloud migration</td><td>3 Jan 2027</td><td>17 Jan 2027</td>"
                 "<td>14 days later</td>"):
        assert text in html, text
    assert "Made with an earlier version of the definitions" not in html
    # the dashboard's words: DORA bands in plain words, the finished work's kinds without an empty one
    assert 'b-high">good (high performers)</span>' in html and "among the best (elite): under 24" in html
    assert "What the finished work went to" in html and "Keeping things running" not in html


def test_an_older_snapshot_still_exports_labelled(pack):
    store, _, _, before = pack
    html = board_pack.pack_bytes(store, before.id, fmt="html").decode("utf-8")
    assert "Board Q3 2026" in html and "0ld0ld0ld0ld (earlier than today&#39;s definitions" in html
    assert "Made with an earlier version of the definitions (0ld0ld0ld0ld)" in html
    assert "Since last board" not in html  # the first board has nothing to compare with


def test_french_pack(pack, tmp_path):
    store, ws, current, _ = pack
    html = board_pack.export(store, current.id, fmt="html", out=tmp_path / "fr.html", lang="fr").read_text("utf-8")
    assert '<html lang="fr">' in html
    assert "Depuis le dernier comité (22 oct. 2026)" in html and "Fiabilité des données" in html


@no_chromium
def test_html_opens_offline_with_its_charts_drawn(html_file):
    from playwright.sync_api import sync_playwright

    blocked, dialogs = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                   else (blocked.append(route.request.url), route.abort()))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(html_file.resolve().as_uri())
        page.wait_for_selector(".js-plotly-plot .main-svg")
        drawn = page.eval_on_selector_all(
            ".js-plotly-plot", "els => els.map(e => e.querySelectorAll('.main-svg g.trace .point').length)")
        text = page.inner_text("body")
        browser.close()
    assert blocked == [] and dialogs == []
    # timeline, 5 forecast trails, throughput, accuracy, allocation
    assert len(drawn) == 9 and all(n > 0 for n in drawn), drawn
    assert SCRIPT_NAME in text and BOLD_TEAM in text  # shown as typed


@no_chromium
def test_pdf_pages_and_text(pdf_file):
    info = subprocess.run(["pdfinfo", str(pdf_file)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    size = next(line for line in info.splitlines() if line.startswith("Page size:"))
    width, height = (float(x) for x in re.findall(r"[\d.]+", size)[:2])
    assert abs(width - 841.9) < 1 and abs(height - 595.3) < 1  # A4 landscape, in points
    assert pages == PAGES[-1][0]
    for number, text in PAGES:
        assert text in _pdf_text(pdf_file, number), (number, text)
    whole = " ".join(_pdf_text(pdf_file).split())
    assert SCRIPT_NAME in whole and BOLD_TEAM in whole
    assert "Cloud migration: now late (was at risk); forecast +2 weeks" in whole and f"{PAGES[-1][0]} / {PAGES[-1][0]}" in whole


def test_unknown_format_and_missing_browser(pack, tmp_path, monkeypatch):
    store, _, current, _ = pack
    with pytest.raises(SnapshotError, match="use html or pdf"):
        board_pack.export(store, current.id, fmt="docx", out=tmp_path / "x.docx")
    monkeypatch.setenv(board_pack.CHROMIUM_ENV, str(tmp_path / "no-browser"))
    with pytest.raises(SnapshotError, match="apt-get install -y chromium"):
        board_pack.export(store, current.id, fmt="pdf", out=tmp_path / "x.pdf")


def test_pack_is_deterministic(pack):
    store, _, current, _ = pack
    one = board_pack.pack_bytes(store, current.id, fmt="html")
    assert one == board_pack.pack_bytes(store, current.id, fmt="html")
    assert canonical_json(current.content) == store.snapshot_row(current.id)["content"]

