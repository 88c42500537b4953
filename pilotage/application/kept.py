"""Views kept per data stamp: the views document computed once and read back by every later process.

The key is everything the document depends on: the data (the store's data stamp, new at every committed write),
`as_of`, the forecast seed, the workspace's settings (`pilotage.core.workspace.fingerprint`: the parsed workspace without where
its file and store live) and the code that computes it (`code_version`: a hash of the metrics, application and
core sources, so an upgrade never shows figures of the previous definitions). The views hold both languages'
texts, so one document serves every language and team filter.

Kept documents live in the store's columnar copy folder (pilotage.core.columnar), under the data stamp they were
computed from: a new stamp makes them unreachable and the next copy removes them. The sync and the demo writer
compute the document of the default date right after writing (`prepare`), so the first visitor after a sync
reads it instead of computing it. A kept document that cannot be read is computed again; one that cannot be
written only costs speed. Stores without a columnar copy (PostgreSQL) keep nothing here.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from pilotage.application import kept_export
from pilotage.application.export import metrics_json, portfolio_since, to_csv_text, to_json_text
from pilotage.application.kept_export import kept_path, write_whole
from pilotage.application.snapshots import latest
from pilotage.application.views import build_views
from pilotage.core import columnar
from pilotage.core.model import Dataset
from pilotage.core.peek import peek
from pilotage.core.store import Store
from pilotage.core.workspace import Workspace


def _path(store: Store, ds: Dataset, ws: Workspace, as_of: date, seed: int) -> Path | None:
    return kept_path(store.url, ds.data_stamp, "views", ws, as_of, seed)


def views(store: Store, ds: Dataset, ws: Workspace, *, as_of: date, seed: int | None = None) -> dict:
    """The views document of `ds` (loaded from `store`) at `as_of`: the kept one, else computed and kept."""
    seed = ws.metrics.seed if seed is None else seed
    path = _path(store, ds, ws, as_of, seed)
    if path is not None:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # not kept yet, or unreadable: computed again below
            pass
    document = build_views(ds, ws, as_of=as_of, seed=seed)
    if path is not None:
        write_whole(path, json.dumps(document, ensure_ascii=False, allow_nan=False))
    return document


def prepare(ws: Workspace, store: Store) -> None:
    """Compute and keep the views of the store's current data at its default date (after a sync), and the
    metrics export they hold (pilotage.application.kept_export); nothing for a store without a columnar copy
    (there is nowhere to keep them)."""
    from pilotage.application.service import default_as_of

    if columnar.location(store.url) is None:
        return
    ds = store.load()
    as_of = default_as_of(ws, store)
    keep_export(ws, store, views(store, ds, ws, as_of=as_of), data_version=ds.data_version)


def keep_export(ws: Workspace, store: Store, views: dict, *, data_version: int) -> None:
    """Keep the export texts of a views document computed from the store's data `data_version`, measured against
    the latest snapshot the store holds now (nothing when the store has moved to other data since)."""
    found = peek(store.url)  # before the latest snapshot is read: one frozen meanwhile gives another key
    if found is None or found.data_version != data_version:
        return
    as_of = date.fromisoformat(views["meta"]["as_of"])
    document = views["metrics"]
    document = {**document, "portfolio": portfolio_since(document["portfolio"], latest(store, as_of=as_of))}
    kept_export.keep(store.url, found.data_stamp, ws, as_of=as_of, seed=views["meta"]["seed"],
                     snapshots=found.snapshots, texts={"json": to_json_text(document), "csv": to_csv_text(document)})


def compute_export(ws: Workspace, *, as_of: date | None = None, seed: int | None = None) -> dict[str, str]:
    """The metrics export texts {"json", "csv"} of the workspace's store at `as_of` (default: the date of the last
    sync), computed (pilotage.application.export.metrics_json) and kept for `kept_export.answer`."""
    from pilotage.application.service import default_as_of, store_for

    store = store_for(ws)
    before = peek(store.url)  # before the data and the latest snapshot are read (see keep_export)
    ds = store.load()
    as_of = as_of or default_as_of(ws, store)
    seed = ws.metrics.seed if seed is None else seed
    report = metrics_json(ds, ws, as_of=as_of, seed=seed, last_snapshot=latest(store, as_of=as_of))
    texts = {"json": to_json_text(report), "csv": to_csv_text(report)}
    if before is not None and before.data_stamp == ds.data_stamp:
        kept_export.keep(store.url, ds.data_stamp, ws, as_of=as_of, seed=seed, snapshots=before.snapshots,
                         texts=texts)
    return texts
