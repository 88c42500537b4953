"""Freshness in words: the line and the warnings (golden cases, both languages), the staleness limit (environment,
the worker's schedule, the default), and the board pack's line (when each source had been read at freeze time)."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from pilotage.application import snapshots
from pilotage.application.freshness import (
    DEFAULT_STALE_AFTER,
    SCHEDULE_NOTE,
    Freshness,
    SourceFreshness,
    stale_after,
)
from pilotage.core.store import SyncRecord
from presentation import i18n
from presentation.freshness import freshness_line, freshness_warnings

NOW = pd.Timestamp("2026-11-23T16:05Z")


def source(name, last_ok=None, failures=0, since=None, stale=False):
    return SourceFreshness(name, pd.Timestamp(last_ok) if last_ok else None, failures,
                           pd.Timestamp(since) if since else None, "HTTP 500", stale)


@pytest.mark.parametrize(("lang", "line"), [
    ("en", "Data from Jira as of 23 Nov 14:05 UTC (2 h ago) and from GitHub as of 23 Nov 16:00 UTC (5 min ago)."),
    ("fr", "Données de Jira au 23 nov. à 14:05 UTC (il y a 2 h) et de GitHub au 23 nov. à 16:00 UTC (il y a 5 min)."),
])
def test_the_line_names_each_source_and_its_age(lang, line):
    i18n.set_language(lang)
    f = Freshness(NOW, DEFAULT_STALE_AFTER, (source("jira", "2026-11-23T14:05Z"), source("github", "2026-11-23T16:00Z")))
    assert freshness_line(f) == line
    assert freshness_warnings(f) == []
    i18n.set_language("en")


def test_warnings_say_which_source_since_when_and_what_is_shown():
    i18n.set_language("en")
    f = Freshness(NOW, DEFAULT_STALE_AFTER, (
        source("jira", "2026-11-21T08:00Z", failures=3, since="2026-11-22T09:00Z", stale=True),
        source("github", "2026-11-22T06:00Z", stale=True),
        source("github", None, stale=True),
    ))
    assert freshness_line(f) == ""  # each stale source's time is in its warning
    assert freshness_warnings(f) == [
        "The figures may be out of date: Jira could not be read since 22 Nov 09:00 UTC (3 attempts failed). "
        "The figures shown are those of 21 Nov 08:00 UTC.",
        "The figures may be out of date: they were last refreshed from GitHub 34 h ago (22 Nov 06:00 UTC), "
        "and no refresh has run since.",
        "No data has been read from GitHub yet: the figures do not include it.",
    ]


def test_the_staleness_limit(sqlite_store, monkeypatch):
    monkeypatch.delenv("PILOTAGE_STALE_AFTER_HOURS", raising=False)
    assert stale_after(sqlite_store) == pd.Timedelta(hours=26)
    sqlite_store.write_note(SCHEDULE_NOTE, "3600")  # a worker running every hour
    assert stale_after(sqlite_store) == pd.Timedelta(hours=2)
    monkeypatch.setenv("PILOTAGE_STALE_AFTER_HOURS", "6")
    assert stale_after(sqlite_store) == pd.Timedelta(hours=6)
    version = sqlite_store.data_version()
    sqlite_store.write_note(SCHEDULE_NOTE, "60")
    assert sqlite_store.data_version() == version  # bookkeeping does not invalidate the dashboards' caches


def test_the_board_pack_says_when_the_sources_were_read(tmp_path):
    from connectors.demo import generate
    from pilotage.core.store import Store
    from pilotage.core.workspace import load_workspace
    from presentation.board_pack import gather, render_html

    store = Store(f"sqlite:///{tmp_path / 'acme.db'}")
    batches = generate(items=500)
    for name, batch in batches.items():
        store.apply_sync(batch, SyncRecord(name, "full", pd.Timestamp("2026-11-23T06:00Z")))
    ws = dataclasses.replace(load_workspace(), demo=False, name="Acme", store=store.url)
    snap = snapshots.create(ws, store, as_of=pd.Timestamp("2026-11-22").date(), title="Board")
    store.apply_sync(batches["jira"], SyncRecord("jira", "full", pd.Timestamp("2030-01-01T06:00Z")))  # after: not shown
    pack = gather(store, snap.id)
    assert {s.source for s in pack.freshness.sources} == {"jira", "github"}
    assert all(s.last_ok <= snap.created_at + pd.Timedelta(seconds=1) for s in pack.freshness.sources)
    html = render_html(pack, lang="fr")
    assert "Données derrière ces chiffres : GitHub au " in html and ", Jira au " in html
