"""The Definitions page: every metric of the registry, grouped, in English and French; a snapshot shows the
definitions frozen with it."""

from __future__ import annotations

import html
from datetime import date

import pytest

from metrics.registry import definitions_version, metrics
from tests.test_page_delivery import (  # noqa: F401 (fixtures)
    english_afterwards,
    open_page,
    tiny,
)

PAGE = "app_pages/definitions.py"
GROUPS = {
    "en": ["Flow of work", "Sprints", "Releases and stability (DORA)", "Where the effort goes", "Data confidence",
           "Roadmap and business impact"],
    "fr": ["Flux de travail", "Sprints", "Mises en production et stabilité (DORA)", "Où va l'effort",
           "Confiance dans les données", "Feuille de route et impact métier"],
}


def shown(at) -> str:
    """The page's Markdown as a reader sees it (escapes removed)."""
    return html.unescape("\n".join(m.value for m in at.markdown).replace("\\", ""))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_registry_metric_is_defined_in_both_languages(demo_store_url, lang):
    at = open_page(PAGE, lang=lang)
    text = shown(at)
    registry = metrics()
    for m in registry:
        name, definition = m.text(lang)
        assert f"**{name}**" in text, m.id
        assert definition in text, m.id
    assert [h.value for h in at.subheader] == GROUPS[lang]
    assert definitions_version() in at.caption[0].value and f"{len(registry)} " in at.caption[0].value
    assert any("`cycle_time`" in c.value for c in at.caption)


def test_search_narrows_the_list(demo_store_url):
    at = open_page(PAGE, lang="en")
    at.text_input[0].input("restore").run()
    names = [m.value for m in at.markdown if m.value.startswith("**")]
    assert names == ["**Time to recover**"]
    at.text_input[0].input("no such metric").run()
    assert "No metric matches “no such metric”." in at.info[-1].value


def test_a_snapshot_shows_its_frozen_definitions(tiny, monkeypatch):  # noqa: F811
    from pilotage.application.snapshots import LINK_SECRET_ENV, create
    from pilotage.application.views import build_views
    from pilotage.core.store import Store
    from pilotage.core.workspace import load_workspace

    monkeypatch.delenv(LINK_SECRET_ENV, raising=False)
    ws = load_workspace(tiny / "tiny.toml")
    store = Store(ws.store)
    ds = store.load()
    as_of = date(2026, 11, 22)
    views = build_views(ds, ws, as_of=as_of)
    throughput = next(d for d in views["definitions"] if d["id"] == "throughput")
    throughput["definition"]["en"] = "Wording as it stood when the board met."
    snapshot = create(ws, store, as_of=as_of, title="Board", views=views, data_version=ds.data_version)
    store.close()
    at = open_page(PAGE, snapshot=snapshot.id, lang="en")
    assert "Wording as it stood when the board met." in shown(at)
    assert "You are reading a snapshot" in at.info[-1].value


@pytest.mark.parametrize(("lang", "lines"), [
    ("en", ["- nordwind/payments-api: deployments to production", "- nordwind/data-pipeline: published releases (29)"]),
    ("fr", ["- nordwind/payments-api : déploiements vers production",
            "- nordwind/data-pipeline : versions publiées (29)"]),
])
def test_where_releases_come_from_per_repository(demo_store_url, lang, lines):
    """Issue 17: the Definitions page says where each repository's deployments come from (the demo: four
    repositories deploy to production, one publishes releases)."""
    text = shown(open_page(PAGE, lang=lang))
    for line in lines:
        assert line in text
    assert text.count("- nordwind/") == 5  # one line per repository
