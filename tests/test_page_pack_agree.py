"""The dashboard and the board pack speak with one voice: for one frozen demo board, every figure a page shows
that the pack shows too reads the same, in English and in French.

The pages are read through AppTest on the snapshot (its frozen views), the pack through `pdftotext -raw` of its
PDF (content order: a card's lines stay together). Compared: the portfolio line, every key item's card (traffic
light, team, landing range, chance, drift, money), every statement of the executive page, a team's DORA figures
on the engineering page and its delivery figures (planning accuracy, regularity, typical weekly throughput).
"""

from __future__ import annotations

import dataclasses
import html
import re
import subprocess
from datetime import date

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pilotage.application.snapshots import LINK_SECRET_ENV, create
from pilotage.core.store import Store
from pilotage.core.workspace import load_workspace
from presentation import board_pack
from presentation.i18n import label, t
from tests.app_support import chromium_missing
from tests.test_page_delivery import open_page
from tests.test_page_executive import copy_sqlite

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")
TEAM = "Payments"
SPACES = re.compile(r"[\s\u00a0\u202f]+")


def normal(text: str) -> str:
    """Text as read, whatever wraps it: tags dropped, entities decoded, every run of spaces one space."""
    return SPACES.sub(" ", html.unescape(re.sub(r"<[^>]+>", " ", text))).strip()


@pytest.fixture(scope="module")
def board(demo_store_url, tmp_path_factory):
    """(snapshot id, {lang: the pack's text}) for the demo frozen at 22 Nov 2026."""
    target = tmp_path_factory.mktemp("agree") / "demo.db"
    copy_sqlite(demo_store_url.removeprefix("sqlite:///"), target)
    url = f"sqlite:///{target}"
    store = Store(url)
    snapshot = create(dataclasses.replace(load_workspace(), store=url), store, as_of=date(2026, 11, 22),
                      title="Board")
    texts = {}
    for lang in ("en", "fr"):
        pdf = tmp_path_factory.mktemp(lang) / "pack.pdf"
        pdf.write_bytes(board_pack.pack_bytes(store, snapshot.id, fmt="pdf", lang=lang))
        texts[lang] = normal(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                            check=True).stdout)
    store.close()
    yield url, snapshot.id, texts


def page(url: str, snapshot_id: str, path: str, monkeypatch, **query: str) -> AppTest:
    monkeypatch.setenv("PILOTAGE_DEMO_STORE", url)
    monkeypatch.delenv(LINK_SECRET_ENV, raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    return open_page(path, snapshot=snapshot_id, **query)


def html_blocks(at: AppTest, css_class: str) -> list[str]:
    return [h.proto.body for h in at.get("html") if f'class="{css_class}' in h.proto.body]


def card_lines(body: str) -> list[str]:
    """A card's texts, one per element (badge, name, team, landing line, figures)."""
    return [normal(x) for x in re.findall(r">([^<>]+)<", body) if normal(x)]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_executive_page_and_pack_read_the_same(board, lang, monkeypatch):
    url, snapshot_id, packs = board
    pack = packs[lang]
    at = page(url, snapshot_id, "app_pages/executive.py", monkeypatch, lang=lang)
    portfolio = normal(html_blocks(at, "pl-portfolio")[0])
    assert portfolio in pack
    cards = [b for b in (h.proto.body for h in at.get("html")) if 'class="pl-card-name' in b]
    assert len(cards) == 5
    for body in cards:
        lines = card_lines(body)
        assert " ".join(lines) in pack, lines  # the same card, line for line, in the same order
    statements = [normal(b) for b in html_blocks(at, "pl-risk")]
    assert statements
    for statement in statements:
        assert statement in pack, statement


def team_row(pack: str, section_title: str) -> str:
    """The team's row in the first table following `section_title` in the pack: from its name to the next
    team's (the pack's tables list the teams by name)."""
    teams = sorted(team.name for team in load_workspace().teams)
    start = pack.index(f"{TEAM} ", pack.index(section_title))
    following = teams[teams.index(TEAM) + 1:]
    return pack[start:pack.index(f"{following[0]} ", start)] if following else pack[start:start + 400]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_teams_engineering_and_delivery_figures_read_the_same(board, lang, monkeypatch):
    url, snapshot_id, packs = board
    pack = packs[lang]
    with board_pack.in_language(lang):
        dora_title, delivery_title = normal(t("pack.engineering.title")), normal(t("pack.delivery.title"))
        planning, regularity = t("delivery.kpi.planning"), label("velocity_stability")
        typically = re.escape(normal(t("delivery.lead.flow"))).replace(r"\{per_week\}", "(?P<per_week>[^ ]+)")
        typically = re.sub(r"\\\{[a-z0-9_]+\\\}", ".*?", typically)
    engineering = page(url, snapshot_id, "app_pages/engineering.py", monkeypatch, lang=lang, team=TEAM)
    values = [normal(m.value) for m in engineering.metric]
    assert len(values) == 4
    dora = team_row(pack, dora_title)
    for value in values:  # releases a week, time to customers, releases causing an incident, time to restore
        assert value in dora, (value, dora)

    delivery = page(url, snapshot_id, "app_pages/delivery.py", monkeypatch, lang=lang, team=TEAM)
    shown = {m.label: normal(m.value) for m in delivery.metric}
    row = team_row(pack, delivery_title).split(" ")
    lead = normal(" ".join(m.value for m in delivery.markdown).replace("**", "").replace("\\", ""))
    per_week = re.search(typically.replace(r"\*\*", ""), lead)
    assert per_week, lead
    assert row[1] == per_week["per_week"]  # typical (median) items finished a week
    cells = " ".join(row)
    assert f" {shown[planning]} " in cells and f" {shown[regularity]} " in cells, (shown, cells)
