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

import hashlib
import json
import logging
import os
import uuid
from datetime import date
from functools import cache
from pathlib import Path

from pilotage.application.views import build_views
from pilotage.core import columnar
from pilotage.core.model import Dataset
from pilotage.core.store import Store
from pilotage.core.workspace import Workspace, fingerprint

ROOT = Path(__file__).resolve().parent.parent.parent
_CODE = ("metrics", "pilotage/application", "pilotage/core")


@cache
def code_version() -> str:
    """A hash of the sources the views are computed by (metrics, application, core)."""
    h = hashlib.sha256()
    for folder in _CODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def _path(store: Store, ds: Dataset, ws: Workspace, as_of: date, seed: int) -> Path | None:
    root = columnar.location(store.url)
    if root is None or not ds.data_stamp:
        return None
    name = f"{as_of.isoformat()}-seed{seed}-{fingerprint(ws)}-{code_version()}.json"
    return root / ds.data_stamp / "views" / name


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
        _keep(path, document)
    return document


def _keep(path: Path, document: dict) -> None:
    staging = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        staging.write_text(json.dumps(document, ensure_ascii=False, allow_nan=False), encoding="utf-8")
        staging.replace(path)  # readers see the whole document or none
    except OSError as e:
        staging.unlink(missing_ok=True)
        logging.getLogger(__name__).warning("views not kept in %s: %s", path.parent, e)


def prepare(ws: Workspace, store: Store) -> None:
    """Compute and keep the views of the store's current data at its default date (after a sync); nothing for a
    store without a columnar copy (there is nowhere to keep them)."""
    from pilotage.application.service import default_as_of

    if columnar.location(store.url) is None:
        return
    ds = store.load()
    views(store, ds, ws, as_of=default_as_of(ws, store))
