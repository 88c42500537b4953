"""The executive page's decisions in a real browser (Playwright, Debian chromium) over `streamlit run` on the demo,
in English and French: the total at stake comes first, and the first red item (Cloud migration) shows its options
side by side with their dates, chances and € effects. Screenshots: shots/decisions-en.png, decisions-fr.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from metrics.translate import format_money
from tests.app_support import CHROMIUM, CHROMIUM_ARGS, ROOT, chromium_missing, settle, streamlit_server

pytestmark = pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or "")
SHOTS = Path(os.environ.get("PILOTAGE_SHOTS", ROOT / "shots"))
WORDS = {
    "en": {"at_stake": "Total at stake", "kinds": ["Move the date", "Cut scope", "Add capacity"], "by": "Lands by",
           "chance": "chance of"},
    "fr": {"at_stake": "Total en jeu", "kinds": ["Décaler la date", "Réduire le périmètre", "Renforcer l'équipe"],
           "by": "Livré d'ici le", "chance": "de chances pour le"},
}


@pytest.fixture(scope="module")
def demo(demo_store_url):
    """The export's portfolio and Cloud migration's options, computed by the metrics layer."""
    from pilotage.application.service import default_as_of, load_dataset
    from pilotage.application.views import compute
    from pilotage.core.workspace import load_workspace

    ws = load_workspace()
    inputs = compute(load_dataset(ws), ws, as_of=default_as_of(ws))
    return inputs.metrics


@pytest.fixture(scope="module")
def browser(demo_store_url):
    from playwright.sync_api import sync_playwright

    with streamlit_server({"PILOTAGE_DEMO_STORE": demo_store_url}) as url, sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield url, b
        b.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_total_at_stake_and_the_first_red_items_options(browser, demo, lang):
    url, b = browser
    words = WORDS[lang]
    page = b.new_page(viewport={"width": 1440, "height": 2600})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(f"{url}?lang={lang}")
        settle(page)
        at_stake = page.locator(".st-key-at-stake")
        at_stake.locator('[data-testid="stMetricValue"]').wait_for(timeout=90_000)  # the first run computes
        text = " ".join(at_stake.inner_text().split())
        assert words["at_stake"] in text and " ".join(
            format_money(demo["portfolio"]["at_stake"], "EUR", lang).split()) in text
        options = demo["roadmap"]["PLAT-412"]["options"]
        assert [o["kind"] for o in options] == ["move_target", "cut_scope", "add_capacity"]
        cards = [page.locator(f".st-key-option-PLAT-412-{o['kind']}") for o in options]
        cards[-1].locator('[data-testid="stMarkdown"]').first.wait_for(timeout=60_000)
        boxes = [card.bounding_box() for card in cards]
        assert all(box is not None for box in boxes)
        assert len({round(box["y"]) for box in boxes}) == 1  # side by side, on one row
        assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
        first = " ".join(cards[1].inner_text().split())  # cut scope: what to do, the date, the chance, the € effect
        assert first.startswith(words["kinds"][1]) and words["by"] in first and words["chance"] in first
        cut = options[1]
        saving = " ".join(format_money(cut["saving"], "EUR", lang).split())
        assert saving in first
        for card, kind in zip(cards, words["kinds"]):
            assert " ".join(card.inner_text().split()).startswith(kind)
        # the money comes before the choices on the page
        assert at_stake.bounding_box()["y"] < boxes[0]["y"]
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"decisions-{lang}.png"))
        assert page.locator('[data-testid="stException"]').count() == 0 and dialogs == []
    finally:
        page.close()
