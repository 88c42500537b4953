"""Backup and restore of one workspace's store: `python -m pilotage store export | import`.

The file is JSON (gzip-compressed when its name ends in `.gz`):

    {"format": "pilotage-store", "version": 1, "exported_at": ISO time, "data_version": int,
     "tables": {name: {"columns": [...], "rows": [[...], ...], "sha256": hex}}}

Every table of the store but its bookkeeping `meta` is in it: the canonical records, the raw payloads (so the
next sync stays incremental and `sync --reconvert` works), the sync runs, the quarantine, the snapshots and the
decisions. Each table carries the SHA-256 of its canonical JSON (`{"columns", "rows"}`), and each snapshot its own
content hash: a restore checks both before writing anything and refuses the whole file on a mismatch. A restore
is one transaction; it refuses a store that already holds data unless asked to replace it.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pilotage.application.snapshots import canonical_json, digest
from pilotage.core.errors import BackupError
from pilotage.core.store import Store

FORMAT, VERSION = "pilotage-store", 1


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    data_version: int
    rows: dict[str, int]
    snapshots: int


def _table_hash(columns: list[str], rows: list[list]) -> str:
    return digest(canonical_json({"columns": columns, "rows": rows}))


def export_store(store: Store, path: str | Path) -> BackupSummary:
    """Write the whole store to `path`; returns what was written."""
    path = Path(path)
    version, tables = store.dump()
    document = {
        "format": FORMAT, "version": VERSION, "exported_at": pd.Timestamp.now(tz="UTC").isoformat(),
        "data_version": version,
        "tables": {name: {"columns": cols, "rows": rows, "sha256": _table_hash(cols, rows)}
                   for name, (cols, rows) in tables.items()},
    }
    text = canonical_json(document)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    path.write_bytes(gzip.compress(data, mtime=0) if path.name.endswith(".gz") else data)
    return BackupSummary(path, version, {n: len(r) for n, (_c, r) in tables.items()}, len(tables["snapshots"][1]))


def read_backup(path: str | Path) -> dict[str, tuple[list[str], list[list]]]:
    """The tables of a backup file after checking every hash (BackupError naming the first problem)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        document = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
    except (OSError, ValueError) as e:
        raise BackupError(f"{path}: not a readable Pilotage backup ({e})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT or document.get("version") != VERSION:
        raise BackupError(f"{path}: not a Pilotage store backup of version {VERSION}")
    tables = {}
    for name in Store.BACKUP_TABLES:
        entry = (document.get("tables") or {}).get(name)
        if not isinstance(entry, dict):
            raise BackupError(f"{path}: table {name} is missing from the backup")
        columns, rows = entry.get("columns"), entry.get("rows")
        if _table_hash(columns, rows) != entry.get("sha256"):
            raise BackupError(f"{path}: table {name} does not match its SHA-256 (the file was changed or damaged): "
                              "nothing was restored")
        tables[name] = (columns, rows)
    columns, rows = tables["snapshots"]
    for row in rows:
        snap = dict(zip(columns, row))
        if digest(snap["content"]) != snap["sha256"] or snap["sha256"][:12] != snap["id"]:
            raise BackupError(f"{path}: snapshot {snap['id']} does not match its SHA-256: nothing was restored")
    return tables


def import_store(store: Store, path: str | Path, *, replace: bool = False) -> BackupSummary:
    """Restore a backup into `store` (verified first; one transaction). Returns what was restored."""
    tables = read_backup(path)
    version = store.restore(tables, replace=replace)
    return BackupSummary(Path(path), version, {n: len(r) for n, (_c, r) in tables.items()},
                         len(tables["snapshots"][1]))
