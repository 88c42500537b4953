"""The metrics export kept beside the views: `python -m pilotage metrics` answered without computing.

The export depends on the data (the store's data stamp), as_of, the forecast seed, the workspace's settings
(`fingerprint`), the code (`code_version`) and the board snapshots up to as_of (its
`portfolio.since_last_snapshot`). Its JSON and CSV texts are kept under that key in the store's folder of copies,
beside the views of the same data stamp (pilotage.application.kept: a new stamp makes both unreachable and the
next copy removes them), by the sync, by a snapshot freeze and by every `metrics` command that had to compute.
`answer` reads them back with the standard library alone (pilotage.core.peek): no pandas, SQLAlchemy or Arrow
import, so the command answers in a fraction of a second at any size. A missing or unreadable text is computed
again; a store without a folder of copies (PostgreSQL, in memory) always computes.

The snapshots enter the key as their rows (id, as_of, created_at, sha256): a new snapshot, or a row whose hash
was changed, gives another key. Content altered behind an unchanged hash column is refused when the export is
computed (snapshots.latest skips it); a text kept before the alteration keeps the intact snapshot's figure.

This module imports nothing heavy: the `metrics` command loads it before knowing whether it must compute.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import uuid
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path

from pilotage.core.peek import location, peek
from pilotage.core.workspace import Workspace, fingerprint

FORMATS = ("json", "csv")
ROOT = Path(__file__).resolve().parent.parent.parent
_CODE = ("metrics", "pilotage/application", "pilotage/core")


@cache
def code_version() -> str:
    """A hash of the sources the kept documents are computed by (metrics, application, core): an upgrade never
    serves figures of the previous definitions."""
    h = hashlib.sha256()
    for folder in _CODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def kept_path(url: str, stamp: str | None, kind: str, ws: Workspace, as_of: date, seed: int,
              suffix: str = "") -> Path | None:
    """Where the `kind` document ("views", "exports") of the data `stamp` is kept (None: nowhere to keep it)."""
    root = location(url)
    if root is None or not stamp:
        return None
    return root / stamp / kind / f"{as_of.isoformat()}-seed{seed}-{fingerprint(ws)}-{code_version()}{suffix}.json"


def _snapshots_key(snapshots: Iterable[tuple], as_of: date) -> str:
    rows = [list(row) for row in snapshots if row[1] <= as_of.isoformat()]
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:12]


def _export_path(url: str, stamp: str, ws: Workspace, as_of: date, seed: int, snapshots) -> Path | None:
    return kept_path(url, stamp, "exports", ws, as_of, seed, f"-snapshots{_snapshots_key(snapshots, as_of)}")


def answer(ws: Workspace, *, as_of: date | None = None, seed: int | None = None) -> dict[str, str] | None:
    """The kept export texts {"json", "csv"} for the store's current data at `as_of` (default: the date of the
    last sync), or None when they are not kept."""
    found = peek(ws.store)
    if found is None:
        return None
    as_of = as_of or found.default_as_of()
    seed = ws.metrics.seed if seed is None else seed
    path = _export_path(ws.store, found.data_stamp, ws, as_of, seed, found.snapshots)
    try:
        texts = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return texts if isinstance(texts, dict) and all(isinstance(texts.get(f), str) for f in FORMATS) else None


def keep(url: str, stamp: str, ws: Workspace, *, as_of: date, seed: int, snapshots, texts: dict[str, str]) -> None:
    """Keep export `texts` computed from the data `stamp` with the snapshot rows `snapshots` (read before the
    latest snapshot was: one frozen meanwhile gives another key, never a wrong answer)."""
    path = _export_path(url, stamp, ws, as_of, seed, snapshots)
    if path is not None:
        write_whole(path, json.dumps({f: texts[f] for f in FORMATS}, ensure_ascii=False))


def write_whole(path: Path, text: str) -> None:
    """Write `text` so that readers see the whole file or none; a failure is logged and only costs speed."""
    staging = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        staging.write_text(text, encoding="utf-8")
        staging.replace(path)
    except OSError as e:
        staging.unlink(missing_ok=True)
        logging.getLogger(__name__).warning("not kept in %s: %s", path.parent, e)
