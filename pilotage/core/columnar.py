"""The columnar copy of a store: every canonical table as an Arrow IPC file, per data stamp, read memory-mapped.

The store stays the source of truth. Each committed write gives the store a new random data stamp (meta
`data_stamp`); the writer then saves the tables it just committed under `<store file>.columnar/<stamp>/`. A reader
that finds the stamp its read transaction sees uses that folder (~0.1 s for the 100,000-item demo instead of
~1.4 s of SQL), else reads the store. A stamp's folder is immutable: written in a temporary folder, renamed into
place, and removed only once a newer stamp has replaced it (a reader still holding its memory map keeps reading
the unlinked files, as POSIX allows).

A copy is ignored, never trusted, when it is stale (another stamp), incomplete (a table or the manifest missing)
or corrupt (a file Arrow cannot open, a schema other than the model's, a row count other than the manifest's):
the store is read instead. Only SQLite stores on a file have a copy: a PostgreSQL store may serve several hosts,
and its reader has no local folder that would stay in step with it.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc as ipc

from pilotage.core.peek import location  # noqa: F401  (the copies' folder, re-exported for the store)

MANIFEST = "manifest.json"
FORMAT = 1  # bump when the layout of a copy changes: older copies are then ignored


def new_stamp() -> str:
    """A data stamp: random, so two stores (or one rebuilt from scratch) never share one."""
    return uuid.uuid4().hex


def write(root: Path, stamp: str, tables: dict[str, pa.Table]) -> Path:
    """Save `tables` as the copy of `stamp`, then remove the copies of other stamps. Returns the copy's folder."""
    root.mkdir(parents=True, exist_ok=True)
    final = root / stamp
    staging = root / f".staging-{stamp}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        for name, table in tables.items():
            with ipc.new_file(staging / f"{name}.arrow", table.schema) as writer:
                writer.write_table(table)
        manifest = {"format": FORMAT, "stamp": stamp, "rows": {name: t.num_rows for name, t in tables.items()}}
        (staging / MANIFEST).write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
        if final.exists():  # a copy of this stamp that a reader found broken: set aside, replaced below
            final.rename(root / f".staging-replaced-{uuid.uuid4().hex[:8]}")
        try:
            staging.rename(final)
        except OSError:  # another process saved the same stamp meanwhile: its copy is as good as ours
            shutil.rmtree(staging, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    for other in root.iterdir():
        if other.name != stamp and (not other.name.startswith(".staging-") or other.name.startswith(".staging-replaced")):
            shutil.rmtree(other, ignore_errors=True)
    return final


def read(root: Path, stamp: str, schemas: dict[str, pa.Schema]) -> dict[str, pa.Table] | None:
    """The tables of the copy of `stamp`, memory-mapped, or None when that copy is missing, stale or corrupt."""
    folder = root / stamp
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT or manifest.get("stamp") != stamp:
            return None
        tables = {}
        for name, schema in schemas.items():
            table = ipc.open_file(pa.memory_map(str(folder / f"{name}.arrow"))).read_all()
            if not table.schema.equals(schema) or table.num_rows != manifest["rows"].get(name):
                return None
            table.validate()
            tables[name] = table
        return tables
    except (OSError, ValueError, KeyError, TypeError, AttributeError, pa.ArrowException):
        return None
