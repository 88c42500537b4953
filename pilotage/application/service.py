"""What the CLI and the dashboard share on top of the store: open a workspace's data, write the demo company's
records (the generator returns them; this writes them) when needed, pick the default as_of date. No Streamlit here: the dashboard wraps these in its caches."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pandas as pd

from pilotage.application import kept
from pilotage.core.model import Dataset
from pilotage.core.peek import RECENT_RUNS, last_sync_date
from pilotage.core.store import Store, SyncRecord, open_store
from pilotage.core.workspace import Workspace


def store_for(ws: Workspace) -> Store:
    """The workspace's store, migrated; the demo workspace's store is built on first use."""
    store = open_store(ws)
    store.migrate()
    if ws.demo and store.is_empty():
        build_demo_store(store, ws=ws)
    return store


def load_dataset(ws: Workspace) -> Dataset:
    return store_for(ws).load()


def default_as_of(ws: Workspace, store: Store | None = None) -> date:
    """The date the data describes: the day of the last successful sync (its start), else today."""
    runs = (store or store_for(ws)).runs(limit=RECENT_RUNS)
    return last_sync_date(zip(runs["status"], (t.value // 1_000_000 for t in runs["started_at"])))


def build_demo_store(store: Store, *, seed: int = 7, items: int | None = None, ws: Workspace | None = None) -> dict:
    """Generate the demo company and write it into `store` (replacing any earlier demo data), then its columnar
    copy, and with `ws` (the demo workspace) the views of its default date (pilotage.application.kept).

    Returns stats: rows per table (both sources), `generate_seconds`, `write_seconds`, `prepare_seconds` (copy and
    views), `data_version`.
    """
    from connectors.demo import DEFAULT_ITEMS, DEMO_ANCHOR, generate  # only here: `metrics` never loads the generator

    t0 = time.perf_counter()
    batches = generate(seed=seed, items=items)
    t1 = time.perf_counter()
    started = pd.Timestamp(DEMO_ANCHOR + timedelta(days=1), tz="UTC")
    stats: dict = {}
    version = 0
    for source, batch in batches.items():
        rows = {name: len(frame) for name, frame in batch.frames.items()}
        run_stats = {"seed": seed, "items": items or DEFAULT_ITEMS, **rows}
        version = store.apply_sync(batch, SyncRecord(source, "demo", started_at=started, watermark=None,
                                                     stats=run_stats))
        for name, count in rows.items():
            stats[name] = stats.get(name, 0) + count
    t2 = time.perf_counter()
    store.save_copy()
    if ws is not None:
        kept.prepare(ws, store)
    stats["generate_seconds"] = round(t1 - t0, 3)
    stats["write_seconds"] = round(t2 - t1, 3)
    stats["prepare_seconds"] = round(time.perf_counter() - t2, 3)
    stats["data_version"] = version
    return stats
