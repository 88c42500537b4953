"""How fresh a workspace's data is, source by source, and when that becomes a warning.

A source is *stale* when its last successful run finished longer ago than `stale_after`, when it never succeeded,
or when its last `FAILURES_BEFORE_WARNING` runs in a row failed (the worker has already retried with back-off: the
figures will not refresh by themselves). `stale_after` is `PILOTAGE_STALE_AFTER_HOURS` when set, else twice the
schedule the worker recorded in the store, else 26 hours (a daily refresh plus two hours of slack).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pandas as pd

from pilotage.application.sync import configured_sources
from pilotage.core.store import Store
from pilotage.core.workspace import Workspace

STALE_AFTER_ENV = "PILOTAGE_STALE_AFTER_HOURS"
DEFAULT_STALE_AFTER = pd.Timedelta(hours=26)
FAILURES_BEFORE_WARNING = 3
SCHEDULE_NOTE = "worker_every_seconds"  # written by the worker, read here


@dataclass(frozen=True)
class SourceFreshness:
    source: str  # "jira" | "github"
    last_ok: pd.Timestamp | None  # when its last successful run finished (UTC)
    failures: int  # failed runs since then
    failing_since: pd.Timestamp | None  # when the first of those failed runs started
    message: str  # the last failure's message (technical: for the CTO, not the pages)
    stale: bool


@dataclass(frozen=True)
class Freshness:
    now: pd.Timestamp
    stale_after: pd.Timedelta
    sources: tuple[SourceFreshness, ...]  # empty for the demo company

    @property
    def stale(self) -> bool:
        return any(s.stale for s in self.sources)


def stale_after(store: Store) -> pd.Timedelta:
    hours = os.environ.get(STALE_AFTER_ENV, "").strip()
    if hours:
        try:
            return pd.Timedelta(hours=float(hours))
        except ValueError:
            raise ValueError(f"{STALE_AFTER_ENV}: expected a number of hours, got {hours!r}") from None
    every = store.read_note(SCHEDULE_NOTE)
    return pd.Timedelta(seconds=2 * float(every)) if every else DEFAULT_STALE_AFTER


def _time(ms: int | None) -> pd.Timestamp | None:
    return None if ms is None else pd.Timestamp(int(ms), unit="ms", tz="UTC")


def freshness(ws: Workspace, store: Store, *, now: pd.Timestamp | None = None) -> Freshness:
    """The freshness of each configured source of `ws` at `now` (default: the clock)."""
    now = now or pd.Timestamp.now(tz="UTC")
    limit = stale_after(store)
    if ws.demo:
        return Freshness(now, limit, ())
    health = {h["source"]: h for h in store.source_health()}
    sources = []
    for source in configured_sources(ws):
        h = health.get(source, {"last_ok": None, "failures": 0, "failing_since": None, "message": ""})
        last_ok = _time(h["last_ok"])
        stale = last_ok is None or now - last_ok > limit or h["failures"] >= FAILURES_BEFORE_WARNING
        sources.append(SourceFreshness(source, last_ok, h["failures"], _time(h["failing_since"]), h["message"], stale))
    return Freshness(now, limit, tuple(sources))


def freshness_when_frozen(store: Store, frozen_at: pd.Timestamp) -> Freshness:
    """When each source had last been read as a snapshot was frozen (for the board pack's line)."""
    sources = tuple(
        SourceFreshness(h["source"], _time(h["last_ok"]), h["failures"], _time(h["failing_since"]), h["message"],
                        stale=False)
        for h in store.source_health(before=frozen_at) if h["last_ok"] is not None
    )
    return Freshness(frozen_at, DEFAULT_STALE_AFTER, sources)
