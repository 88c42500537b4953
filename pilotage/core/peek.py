"""What a SQLite store file says, read with the standard library alone (no SQLAlchemy, pandas or Arrow).

A command that can answer from a kept document (pilotage.application.kept_export) first needs three facts: the
store's data stamp, its recent sync runs (the default date) and the snapshots a document compares with. Read with
`sqlite3` in one read-only transaction they cost milliseconds, where importing the data stack costs over a second.
Only SQLite stores on a file can be peeked: any other store, a missing file or an unexpected schema gives None,
and the caller computes as usual.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

SQLITE_PREFIX = "sqlite:///"
RECENT_RUNS = 20  # the runs the default date is read from (pilotage.application.service.default_as_of)


def database_file(url: str) -> Path | None:
    """The file of a SQLite store URL (None: not a store on a file)."""
    if not url.startswith(SQLITE_PREFIX):
        return None
    database = url[len(SQLITE_PREFIX):].split("?", 1)[0]
    return None if not database or database == ":memory:" else Path(database)


def location(url: str) -> Path | None:
    """The folder of a store's columnar copies and kept documents (None: this store has none)."""
    database = database_file(url)
    return None if database is None else Path(f"{database}.columnar")


def last_sync_date(runs: Iterable[tuple[str, int]], today: date | None = None) -> date:
    """The date the data describes, from recent runs as (status, started_at in epoch ms): the day of the last
    successful run's start (the instant just before it, in UTC), else `today` (default: today in UTC)."""
    started = [ms for status, ms in runs if status == "ok"]
    if not started:
        return today or datetime.now(UTC).date()
    return (datetime.fromtimestamp(max(started) / 1000, UTC) - timedelta(milliseconds=1)).date()


@dataclass(frozen=True)
class Peek:
    data_stamp: str
    data_version: int
    recent_runs: tuple[tuple[str, int], ...]  # (status, started_at ms), newest first
    snapshots: tuple[tuple[str, str, int, str], ...]  # (id, as_of, created_at ms, sha256) of every snapshot

    def default_as_of(self) -> date:
        return last_sync_date(self.recent_runs)


def peek(url: str) -> Peek | None:
    """The store's data stamp, recent runs and snapshot rows, or None when the store cannot be peeked."""
    database = database_file(url)
    if database is None or not database.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        conn.execute("BEGIN")  # one snapshot of the file for the three reads
        meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('data_stamp', 'data_version')"))
        runs = conn.execute("SELECT status, started_at FROM sync_runs ORDER BY id DESC LIMIT ?",
                            (RECENT_RUNS,)).fetchall()
        snapshots = conn.execute("SELECT id, as_of, created_at, sha256 FROM snapshots").fetchall()
    except sqlite3.Error:  # an older schema, or not a Pilotage store: the caller reads it the usual way
        return None
    finally:
        conn.close()
    if not meta.get("data_stamp"):
        return None
    return Peek(meta["data_stamp"], int(meta.get("data_version") or 0), tuple(runs),
                tuple(sorted(snapshots, key=lambda r: (r[1], r[2], r[0]))))
