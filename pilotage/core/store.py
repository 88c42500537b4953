"""The store: one schema on SQLite (default, WAL mode) or PostgreSQL, through SQLAlchemy Core.

- The canonical tables come from `pilotage.core.model.TABLES`; bookkeeping tables (meta, sync runs, raw payloads,
  quarantine, snapshots) are declared here. Times are stored as epoch milliseconds (UTC) on both engines.
- The schema is versioned: `MIGRATIONS` run in order on open; `meta.schema_version` records the last applied.
- One sync run is one transaction (`apply_sync`): replaced rows, raw payloads, quarantine, the run record with its
  watermark and the data-version bump commit together or not at all.
- `load()` reads every table inside one read transaction (WAL snapshot on SQLite, REPEATABLE READ on PostgreSQL),
  so a reader never sees half a sync.
- `sync_lock()` lets one process at a time sync a store: a PostgreSQL advisory lock (per database and schema), an
  exclusive lock file beside a SQLite file. Both vanish with the process that holds them, so a crash leaves no lock.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from pilotage.core.errors import StoreError, SyncBusy
from pilotage.core.model import DTYPES, TABLES, Batch, Dataset, Quarantined, RawPayload, empty_frame, validate

SCHEMA_VERSION = 3
_SA_TYPES = {
    "str": sa.Text,
    "date": sa.Text,
    "int": sa.BigInteger,
    "float": sa.Float,
    "bool": sa.Boolean,
    "ts": sa.BigInteger,
}

metadata = sa.MetaData()
for _t in TABLES.values():
    sa.Table(
        _t.name,
        metadata,
        *[sa.Column(c.name, _SA_TYPES[c.kind](), nullable=c.nullable, primary_key=c.name in _t.key) for c in _t.columns],
        sa.Index(f"ix_{_t.name}_owner", _t.owner) if _t.owner not in _t.key[:1] else sa.Index(f"ix_{_t.name}_source", "source"),
    )

meta_table = sa.Table("meta", metadata, sa.Column("key", sa.Text, primary_key=True), sa.Column("value", sa.Text))
sync_runs = sa.Table(
    "sync_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("mode", sa.Text, nullable=False),  # full | incremental | reconvert | demo
    sa.Column("status", sa.Text, nullable=False),  # ok | failed
    sa.Column("started_at", sa.BigInteger, nullable=False),
    sa.Column("finished_at", sa.BigInteger, nullable=False),
    sa.Column("watermark", sa.Text),
    sa.Column("stats", sa.Text),  # JSON
    sa.Column("message", sa.Text),
    sa.Column("data_version", sa.Integer),
)
raw_payloads = sa.Table(
    "raw_payloads",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),  # source:kind:key
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("fetched_at", sa.BigInteger, nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
)
quarantine = sa.Table(
    "quarantine",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("payload", sa.Text),
    sa.Column("at", sa.BigInteger, nullable=False),
)


snapshots = sa.Table(
    "snapshots",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),  # the first 12 hex digits of the hash
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("as_of", sa.Text, nullable=False),  # ISO date
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("definitions_version", sa.Text, nullable=False),
    sa.Column("data_version", sa.Integer, nullable=False),
    sa.Column("sha256", sa.Text, nullable=False),  # of `content`, checked on every load
    sa.Column("content", sa.Text, nullable=False),  # canonical JSON
)
decisions = sa.Table(
    "decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("snapshot_id", sa.Text, nullable=False, index=True),
    sa.Column("what", sa.Text, nullable=False),
    sa.Column("owner", sa.Text, nullable=False),
    sa.Column("due", sa.Text),  # ISO date
    sa.Column("created_at", sa.BigInteger, nullable=False),
)
_V3_TABLES = [metadata.tables[name] for name in ("workflow_runs", "commits", "pull_request_commits")]
_V1_TABLES = [t for name, t in metadata.tables.items()
              if name not in ("snapshots", "decisions") and t not in _V3_TABLES]


def _migration_1(conn: Connection) -> None:
    metadata.create_all(conn, tables=_V1_TABLES)


def _migration_2(conn: Connection) -> None:
    metadata.create_all(conn, tables=[snapshots, decisions])


def _migration_3(conn: Connection) -> None:
    """GitHub Actions deploy runs, default-branch commits and PR commit lists (issue 17)."""
    metadata.create_all(conn, tables=_V3_TABLES)


# (version, function): append new migrations, never edit an applied one.
MIGRATIONS = [(1, _migration_1), (2, _migration_2), (3, _migration_3)]


@dataclass(frozen=True)
class SyncRecord:
    source: str
    mode: str
    started_at: pd.Timestamp
    watermark: str | None = None
    stats: dict | None = None


def _now_ms() -> int:
    return int(time.time() * 1000)


def redact(url: str) -> str:
    """The store URL without its password, for messages."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.split("@")[-1]


class Store:
    """A Pilotage store. Open with `Store(url)`; nothing connects until first use."""

    def __init__(self, url: str, *, password: str | None = None) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._password = password

    # ---------------------------------------------------------------- connection
    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = self._create_engine()
        return self._engine

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    def _create_engine(self) -> Engine:
        url = sa.make_url(self.url)
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        if self._password:
            url = url.set(password=self._password)
        if self.is_sqlite:
            if url.database and url.database != ":memory:":
                Path(url.database).parent.mkdir(parents=True, exist_ok=True)
            engine = sa.create_engine(url, connect_args={"timeout": 60})

            @event.listens_for(engine, "connect")
            def _on_connect(dbapi_conn, _record):  # WAL: readers keep reading while a sync writes
                dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (pysqlite's own is unreliable)
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.execute("PRAGMA busy_timeout=60000")
                cur.close()

            @event.listens_for(engine, "begin")
            def _on_begin(conn):
                conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

            return engine
        return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})

    @contextmanager
    def _tx(self, *, write: bool) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                if write:
                    conn = conn.execution_options(write=True)
                elif not self.is_sqlite:
                    conn = conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    yield conn
        except (sa.exc.OperationalError, sa.exc.IntegrityError, sa.exc.DataError) as e:
            raise StoreError(f"store {redact(self.url)}: {e.orig}") from e

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    # ---------------------------------------------------------------- schema
    def migrate(self) -> int:
        """Create or upgrade the schema; returns the schema version."""
        with self._tx(write=True) as conn:
            current = self._schema_version(conn)
            for version, apply in MIGRATIONS:
                if version > current:
                    apply(conn)
                    self._set_meta(conn, "schema_version", str(version))
                    current = version
            if self._get_meta(conn, "data_version") is None:
                self._set_meta(conn, "data_version", "0")
        return current

    def _schema_version(self, conn: Connection) -> int:
        if not sa.inspect(conn).has_table("meta"):
            return 0
        v = self._get_meta(conn, "schema_version")
        return int(v) if v else 0

    def _get_meta(self, conn: Connection, key: str) -> str | None:
        return conn.execute(sa.select(meta_table.c.value).where(meta_table.c.key == key)).scalar()

    def _set_meta(self, conn: Connection, key: str, value: str) -> None:
        conn.execute(meta_table.delete().where(meta_table.c.key == key))
        conn.execute(meta_table.insert().values(key=key, value=value))

    def data_version(self) -> int:
        """Bumped by every committed write; the dashboard's caches are keyed on it."""
        try:
            with self._tx(write=False) as conn:
                if not sa.inspect(conn).has_table("meta"):
                    return 0
                return int(self._get_meta(conn, "data_version") or 0)
        except StoreError:
            raise

    def is_empty(self) -> bool:
        with self._tx(write=False) as conn:
            if not sa.inspect(conn).has_table("issues"):
                return True
            return conn.execute(sa.text("SELECT COUNT(*) FROM sync_runs WHERE status = 'ok'")).scalar() == 0

    # ---------------------------------------------------------------- sync lock
    @contextmanager
    def sync_lock(self, holder: str, *, wait: float = 0.0) -> Iterator[None]:
        """Hold this store's sync lock for the block; SyncBusy naming the holder if another process keeps it
        longer than `wait` seconds. `holder` says who we are ("worker", "dashboard", "command line")."""
        who = f"{holder} on {socket.gethostname()} (pid {os.getpid()}) since {time.strftime('%H:%M:%S UTC', time.gmtime())}"
        deadline = time.monotonic() + wait
        if self.is_sqlite:
            database = sa.make_url(self.url).database
            if not database or database == ":memory:":  # a private database: nobody else can sync it
                yield
                return
            path = Path(database).with_name(Path(database).name + ".sync-lock")
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "a+", encoding="utf-8") as f:
                while True:
                    try:
                        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() >= deadline:
                            f.seek(0)
                            raise SyncBusy(f.read().strip() or "another process") from None
                        time.sleep(0.2)
                f.seek(0)
                f.truncate()
                f.write(who)
                f.flush()
                try:
                    yield
                finally:
                    f.truncate(0)
                    fcntl.flock(f, fcntl.LOCK_UN)
            return
        key = "hashtext('pilotage-sync:' || current_database() || ':' || current_schema())"
        try:
            conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        except sa.exc.OperationalError as e:
            raise StoreError(f"store {redact(self.url)}: {e.orig}") from e
        with conn:
            # The holder is read from pg_stat_activity by whoever finds the lock taken.
            conn.execute(sa.text("SELECT set_config('application_name', :who, false)"), {"who": f"pilotage-sync {who}"[:63]})
            while not conn.execute(sa.text(f"SELECT pg_try_advisory_lock({key})")).scalar():
                if time.monotonic() >= deadline:
                    holder_name = conn.execute(sa.text(
                        "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                        f"WHERE l.locktype = 'advisory' AND l.granted AND l.objid::int = {key} LIMIT 1"
                    )).scalar()
                    raise SyncBusy((holder_name or "another process").removeprefix("pilotage-sync "))
                time.sleep(0.2)
            try:
                yield
            finally:
                conn.execute(sa.text(f"SELECT pg_advisory_unlock({key})"))
                conn.execute(sa.text("SELECT set_config('application_name', '', false)"))

    # ---------------------------------------------------------------- writes
    def apply_sync(
        self,
        batch: Batch,
        record: SyncRecord,
        *,
        raw: Iterable[RawPayload] = (),
        quarantined: Iterable[Quarantined] = (),
    ) -> int:
        """Write one sync run atomically; returns the new data version.

        A full batch replaces every row of its source; an incremental one replaces the rows owned by
        `batch.refreshed` and removes those owned by `batch.deleted`. Source-wide tables (statuses, sprints,
        versions) present in the batch are replaced as a whole.
        """
        problems = [p for name, frame in batch.frames.items() for p in validate(name, frame)]
        problems += [
            f"{name}: rows of source {sorted(set(frame['source']) - {batch.source})} in a {batch.source} batch"
            for name, frame in batch.frames.items()
            if len(frame) and (frame["source"] != batch.source).any()
        ]
        if problems:
            raise StoreError("refused to write an invalid batch (nothing was changed): " + "; ".join(problems))
        self.migrate()
        with self._tx(write=True) as conn:
            for name, table in TABLES.items():
                frame = batch.frames.get(name)
                sa_table = metadata.tables[name]
                src = sa_table.c.source == batch.source
                if batch.full or (table.source_wide and frame is not None):
                    conn.execute(sa_table.delete().where(src))
                else:
                    owners = sorted(batch.refreshed | batch.deleted)
                    for chunk in _chunks(owners, 500):
                        conn.execute(sa_table.delete().where(src, sa_table.c[table.owner].in_(chunk)))
                if frame is not None and len(frame):
                    _bulk_insert(conn, name, frame)
            raw = list(raw)
            if batch.full:  # a full run's payloads are the whole truth of its source
                conn.execute(raw_payloads.delete().where(raw_payloads.c.source == batch.source))
            for chunk in _chunks([f"{r.source}:{r.kind}:{r.key}" for r in raw], 500):
                conn.execute(raw_payloads.delete().where(raw_payloads.c.id.in_(chunk)))
            now = _now_ms()
            if raw:
                conn.execute(
                    raw_payloads.insert(),
                    [
                        {"id": f"{r.source}:{r.kind}:{r.key}", "source": r.source, "kind": r.kind, "key": r.key,
                         "fetched_at": now, "payload": r.payload}
                        for r in raw
                    ],
                )
            version = int(self._get_meta(conn, "data_version") or 0) + 1
            self._set_meta(conn, "data_version", str(version))
            run_id = conn.execute(
                sync_runs.insert().values(
                    source=batch.source,
                    mode=record.mode,
                    status="ok",
                    started_at=int(record.started_at.timestamp() * 1000),
                    finished_at=now,
                    watermark=record.watermark,
                    stats=json.dumps(record.stats or {}, sort_keys=True),
                    data_version=version,
                )
            ).inserted_primary_key[0]
            q = [
                {"run_id": run_id, "source": x.source, "kind": x.kind, "key": x.key, "reason": x.reason,
                 "payload": x.payload[:100_000], "at": now}
                for x in quarantined
            ]
            if q:
                conn.execute(quarantine.insert(), q)
        return version

    def record_failed_run(self, source: str, mode: str, started_at: pd.Timestamp, message: str, stats: dict | None = None) -> None:
        """Note a failed run (the data stays as it was; the data page shows the message)."""
        self.migrate()
        with self._tx(write=True) as conn:
            conn.execute(
                sync_runs.insert().values(
                    source=source, mode=mode, status="failed", started_at=int(started_at.timestamp() * 1000),
                    finished_at=_now_ms(), stats=json.dumps(stats or {}, sort_keys=True), message=message[:2000],
                )
            )

    # ---------------------------------------------------------------- reads
    def load(self) -> Dataset:
        """Every canonical table at one data version, each sorted by its primary key.

        Columns arrive as Arrow arrays, never as one Python object per cell: the database joins each column into
        one text (`_joined`) that numpy and pyarrow split in C. Rows are sorted here, not in SQL, so both engines
        give the same byte-wise order of text keys.
        """
        self.migrate()
        tables = {}
        # One read transaction (a WAL snapshot on SQLite, REPEATABLE READ on PostgreSQL) for every table. The
        # driver releases the GIL while the database joins a table, so a second thread splits the previous one.
        with self._tx(write=False) as conn, ThreadPoolExecutor(max_workers=1) as splitter:
            version = int(self._get_meta(conn, "data_version") or 0)
            cur = conn.connection.dbapi_connection.cursor()
            engine = conn.dialect.name
            splits = {name: splitter.submit(_split_table, name, *_joined(cur, name, engine)) for name in TABLES}
            for name, split in splits.items():
                try:
                    tables[name] = split.result()
                except _Ambiguous:
                    tables[name] = _rows(cur, name)
            cur.close()
        return Dataset({name: _frame_from_arrow(name, tables[name]) for name in TABLES}, data_version=version)

    def last_watermark(self, source: str) -> str | None:
        """Watermark of the last successful run of a source (None before the first)."""
        self.migrate()
        with self._tx(write=False) as conn:
            return conn.execute(
                sa.select(sync_runs.c.watermark)
                .where(sync_runs.c.source == source, sync_runs.c.status == "ok", sync_runs.c.watermark.is_not(None))
                .order_by(sync_runs.c.id.desc())
                .limit(1)
            ).scalar()

    def source_health(self, *, before: pd.Timestamp | None = None) -> list[dict]:
        """Per source that has run: `last_ok` (epoch ms when its last successful run finished, None if never),
        `failures` (failed runs since then), `failing_since` (epoch ms when the first of those started) and
        `message` (the last failure's). `before`: only the runs finished by then (e.g. when a snapshot was frozen).
        Read-only (no migration: every page calls it, and a migration check would queue behind a sync's write)."""
        until = int(before.timestamp() * 1000) if before is not None else 2**62
        with self._tx(write=False) as conn:
            if not sa.inspect(conn).has_table("sync_runs"):
                return []
            ok = {source: (run_id, finished) for source, run_id, finished in conn.execute(sa.text(
                "SELECT r.source, r.id, r.finished_at FROM sync_runs r WHERE r.id IN (SELECT MAX(id) FROM sync_runs "
                "WHERE status = 'ok' AND finished_at <= :until GROUP BY source)"), {"until": until})}
            health = []
            for (source,) in conn.execute(sa.select(sync_runs.c.source).distinct().order_by(sync_runs.c.source)
                                          .where(sync_runs.c.finished_at <= until)):
                after = ok.get(source, (0, None))[0]
                failed = (sync_runs.c.source == source, sync_runs.c.status == "failed", sync_runs.c.id > after,
                          sync_runs.c.finished_at <= until)
                count, since, last_id = conn.execute(sa.select(
                    sa.func.count(), sa.func.min(sync_runs.c.started_at), sa.func.max(sync_runs.c.id)).where(*failed)
                ).one()
                message = conn.execute(sa.select(sync_runs.c.message).where(sync_runs.c.id == last_id)).scalar()
                health.append({"source": source, "last_ok": ok.get(source, (0, None))[1], "failures": count,
                               "failing_since": since, "message": message or ""})
        return health

    def read_note(self, key: str) -> str | None:
        """A bookkeeping value (e.g. the worker's schedule); writing one does not change the data version."""
        with self._tx(write=False) as conn:
            return self._get_meta(conn, f"note:{key}") if sa.inspect(conn).has_table("meta") else None

    def write_note(self, key: str, value: str) -> None:
        self.migrate()
        with self._tx(write=True) as conn:
            self._set_meta(conn, f"note:{key}", value)

    def runs(self, limit: int = 50) -> pd.DataFrame:
        self.migrate()
        with self._tx(write=False) as conn:
            df = pd.read_sql(sa.select(sync_runs).order_by(sync_runs.c.id.desc()).limit(limit), conn)
        for c in ("started_at", "finished_at"):
            df[c] = pd.to_datetime(df[c], unit="ms", utc=True)
        return df

    def quarantined(self, limit: int = 1000) -> pd.DataFrame:
        self.migrate()
        with self._tx(write=False) as conn:
            df = pd.read_sql(
                sa.select(quarantine.c.run_id, quarantine.c.source, quarantine.c.kind, quarantine.c.key,
                          quarantine.c.reason, quarantine.c.at).order_by(quarantine.c.id.desc()).limit(limit),
                conn,
            )
        df["at"] = pd.to_datetime(df["at"], unit="ms", utc=True)
        return df

    def raw(self, source: str, kind: str | None = None) -> Iterator[RawPayload]:
        """Stored raw payloads of a source, for re-conversion without fetching."""
        self.migrate()
        q = sa.select(raw_payloads.c.kind, raw_payloads.c.key, raw_payloads.c.payload).where(raw_payloads.c.source == source)
        if kind:
            q = q.where(raw_payloads.c.kind == kind)
        with self._tx(write=False) as conn:
            rows = conn.execute(q.order_by(raw_payloads.c.id)).all()
        for k, key, payload in rows:
            yield RawPayload(source, k, key, payload)

    def counts(self) -> dict[str, int]:
        self.migrate()
        with self._tx(write=False) as conn:
            return {name: conn.execute(sa.text(f"SELECT COUNT(*) FROM {name}")).scalar() for name in TABLES}


    # ---------------------------------------------------------------- snapshots (insert-only; pilotage.application.snapshots verifies hashes)
    def insert_snapshot(self, row: dict) -> None:
        self.migrate()
        with self._tx(write=True) as conn:
            if conn.execute(sa.select(snapshots.c.id).where(snapshots.c.id == row["id"])).first():
                raise StoreError(f"snapshot {row['id']} already exists")
            conn.execute(snapshots.insert().values(**row))


    def snapshot_row(self, snapshot_id: str) -> dict | None:
        self.migrate()
        with self._tx(write=False) as conn:
            row = conn.execute(sa.select(snapshots).where(snapshots.c.id == snapshot_id)).mappings().first()
        return dict(row) if row else None


    def list_snapshots(self) -> pd.DataFrame:
        self.migrate()
        cols = [snapshots.c.id, snapshots.c.title, snapshots.c.as_of, snapshots.c.created_at,
                snapshots.c.definitions_version, snapshots.c.data_version]
        with self._tx(write=False) as conn:
            df = pd.read_sql(sa.select(*cols).order_by(snapshots.c.created_at.desc()), conn)
        df["created_at"] = pd.to_datetime(df["created_at"], unit="ms", utc=True)
        return df


    def add_decision(self, snapshot_id: str, what: str, owner: str, due: str | None) -> None:
        self.migrate()
        with self._tx(write=True) as conn:
            conn.execute(decisions.insert().values(snapshot_id=snapshot_id, what=what, owner=owner, due=due,
                                                   created_at=_now_ms()))


    def decisions(self, snapshot_id: str) -> pd.DataFrame:
        self.migrate()
        with self._tx(write=False) as conn:
            return pd.read_sql(
                sa.select(decisions.c.what, decisions.c.owner, decisions.c.due)
                .where(decisions.c.snapshot_id == snapshot_id).order_by(decisions.c.id),
                conn,
            )


    # ---------------------------------------------------------------- backup (pilotage.application.backup)
    BACKUP_TABLES = tuple(name for name in metadata.tables if name != "meta")  # a new table is backed up too

    def dump(self) -> tuple[int, dict[str, tuple[list[str], list[list]]]]:
        """The data version and every table but `meta` as (columns, rows sorted by key), in one read transaction."""
        self.migrate()
        out = {}
        with self._tx(write=False) as conn:
            version = int(self._get_meta(conn, "data_version") or 0)
            for name in self.BACKUP_TABLES:
                table = metadata.tables[name]
                rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
                out[name] = ([c.name for c in table.columns], [list(r) for r in rows])
        return version, out

    def restore(self, tables: dict[str, tuple[list[str], list[list]]], *, replace: bool) -> int:
        """Replace every backup table with `tables` in one transaction; returns the new data version (above both
        the store's and any it had). Refused when the store already holds records or snapshots, unless `replace`."""
        self.migrate()
        with self._tx(write=True) as conn:
            if not replace:
                held = [n for n in (*TABLES, "snapshots")
                        if conn.execute(sa.select(sa.func.count()).select_from(metadata.tables[n])).scalar()]
                if held:
                    raise StoreError(f"store {redact(self.url)} already holds data ({', '.join(held)}): restore "
                                     "into an empty store, or pass --replace to overwrite it")
            for name in self.BACKUP_TABLES:
                table = metadata.tables[name]
                columns, rows = tables[name]
                if set(columns) != {c.name for c in table.columns}:
                    raise StoreError(f"{name}: the backup's columns {columns} do not match this store's")
                conn.execute(table.delete())
                for chunk in _chunks(rows, 1000):
                    conn.execute(table.insert(), [dict(zip(columns, row)) for row in chunk])
                if conn.dialect.name == "postgresql" and "id" in table.c and table.c.id.autoincrement is True:
                    conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                         f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"))
            version = int(self._get_meta(conn, "data_version") or 0) + 1
            self._set_meta(conn, "data_version", str(version))
        return version


# -------------------------------------------------------------------------------------------- bulk helpers


def _chunks(items: list, n: int) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _column_values(series: pd.Series, kind: str) -> list:
    """Python values for the driver, converted by Arrow: epoch ms for times, None for missing."""
    values = pa.array(series.astype(DTYPES[kind]), from_pandas=True)  # astype: no copy when already typed
    return (values.cast(pa.int64()) if kind == "ts" else values).to_pylist()


def _bulk_insert(conn: Connection, name: str, frame: pd.DataFrame) -> None:
    table = TABLES[name]
    cols = table.column_names
    rows = zip(*[_column_values(frame[c.name], c.kind) for c in table.columns])
    dbapi = conn.connection.dbapi_connection
    cur = dbapi.cursor()
    try:
        if conn.dialect.name == "postgresql":
            with cur.copy(f"COPY {name} ({', '.join(cols)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cur.executemany(f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)
    finally:
        cur.close()


# Arrow types of each column kind: as read (times as epoch ms, booleans as 0 / 1), and as the frames hold them
_READ_TYPES = {"str": pa.large_string(), "date": pa.large_string(), "int": pa.int64(), "float": pa.float64(),
               "bool": pa.int64(), "ts": pa.int64()}
_ARROW_TYPES = {**_READ_TYPES, "bool": pa.bool_(), "ts": pa.timestamp("ms", tz="UTC")}
_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' default `str` dtype (large_string inside)
_PANDAS_TYPES = {pa.large_string(): _STR, pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}.get

# One SELECT per table returns each column as a single text: its values joined by the ASCII record separator,
# NULL text written as the unit separator, numbers as their exact text ("" = NULL; SQLite's quote() and
# PostgreSQL's float text both round-trip). Python then holds a few strings per table instead of one object per
# cell (fetchall of the 100,000-item demo, ~1.2M rows, spends ~4 s creating objects). Both ambiguities are
# detected, not assumed away: a text holding the record separator makes its column split into too many values, a
# text equal to the unit separator makes more markers than NULLs (counted by SQL); that table is then read row by
# row. Both engines cap one text at 1 GB: ~30M rows of the largest column.
_SEP, _NULL = "\x1e", "\x1f"
_SQL = {  # joined column, text with NULL marked, number as text ("" = NULL), boolean as 0 / 1
    "sqlite": ("CAST(group_concat({}, '\x1e') AS BLOB)", "ifnull({}, '\x1f')",
               "CASE WHEN {0} IS NULL THEN '' ELSE quote({0}) END", "ifnull({}, '')"),
    "postgresql": ("convert_to(string_agg({}, chr(30)), 'UTF8')", "coalesce({}, chr(31))",
                   "coalesce({}::text, '')", "coalesce({}::int::text, '')"),
}


class _Ambiguous(Exception):
    """A joined column does not split back into exactly its rows' values."""


def _joined(cur, name: str, engine: str) -> tuple[int, list[bytes | int | None]]:
    """One SELECT over a table: its row count, then per column the joined text (and, for nullable text, how many
    values are not NULL)."""
    join, text, number, boolean = _SQL[engine]
    exprs = ["COUNT(*)"]
    for c in TABLES[name].columns:
        if c.kind in ("str", "date"):
            exprs += [join.format(text.format(c.name)), f"COUNT({c.name})"] if c.nullable else [join.format(c.name)]
        else:
            exprs.append(join.format((boolean if c.kind == "bool" else number).format(c.name)))
    cur.execute(f"SELECT {', '.join(exprs)} FROM {name}")
    count, *values = cur.fetchone()
    return count, values


def _split_table(name: str, count: int, values: list) -> pa.Table:
    """The Arrow table of what `_joined` returned; _Ambiguous when a text held a separator."""
    table = TABLES[name]
    if not count:
        return pa.table({c.name: pa.array([], _READ_TYPES[c.kind]) for c in table.columns})
    columns, i = {}, 0
    for c in table.columns:
        nullable_text = c.kind in ("str", "date") and c.nullable
        columns[c.name] = _split_column(values[i], c.kind, count, count - values[i + 1] if nullable_text else 0)
        i += 2 if nullable_text else 1
    return pa.table(columns)


def _split_column(joined: bytes, kind: str, count: int, nulls: int) -> pa.Array:
    """The `count` values of one joined column, typed as `_READ_TYPES`.

    The separators are cut out with numpy and the value boundaries become the Arrow offsets directly."""
    raw = np.frombuffer(joined, dtype=np.uint8)
    separators = raw == ord(_SEP)
    cuts = np.flatnonzero(separators)
    if len(cuts) != count - 1:
        raise _Ambiguous
    offsets = np.empty(count + 1, dtype=np.int64)
    offsets[0], offsets[-1] = 0, len(raw) - len(cuts)
    offsets[1:-1] = cuts - np.arange(len(cuts))  # each cut shifts the following values one byte left
    data = raw[~separators] if len(cuts) else raw
    lengths = np.diff(offsets)
    if kind in ("str", "date"):
        first_bytes = data[np.minimum(offsets[:-1], len(data) - 1)] if len(data) else np.zeros(count, np.uint8)
        marker = (lengths == 1) & (first_bytes == ord(_NULL))
        if int(marker.sum()) != nulls:
            raise _Ambiguous
        validity = pa.py_buffer(np.packbits(~marker, bitorder="little")) if nulls else None
        values = pa.Array.from_buffers(pa.large_string(), count, [validity, pa.py_buffer(offsets), pa.py_buffer(data)],
                                       null_count=nulls)
        values.validate(full=True)  # UTF-8 and offsets
        return values
    text = pa.Array.from_buffers(pa.large_string(), count, [None, pa.py_buffer(offsets), pa.py_buffer(data)])
    if (lengths == 0).any():
        text = pc.if_else(pa.array(lengths == 0), pa.scalar(None, text.type), text)
    return text.cast(_READ_TYPES[kind])


def _rows(cur, name: str) -> pa.Table:
    """The slow, unambiguous read: one Python tuple per row."""
    table = TABLES[name]
    cur.execute(f"SELECT {', '.join(table.column_names)} FROM {name}")
    columns = list(zip(*cur.fetchall()))
    return pa.table({
        c.name: pa.array([None if v is None else int(v) for v in values] if c.kind == "bool" else values,
                         _READ_TYPES[c.kind])
        for c, values in zip(table.columns, columns)
    })


def _sorted_by(arrow: pa.Table, key: tuple[str, ...]) -> bool:
    """Whether rows are in strictly ascending key order (compared pairwise, column by column, in C)."""
    head, tail = arrow.slice(0, arrow.num_rows - 1), arrow.slice(1)
    ordered = None  # rows known to be before their successor on the columns seen so far
    undecided = None  # rows equal to their successor on the columns seen so far
    for column in key:
        a, b = head.column(column), tail.column(column)
        less, equal = pc.less(a, b), pc.equal(a, b)
        step_less = less if undecided is None else pc.and_(undecided, less)
        ordered = step_less if ordered is None else pc.or_(ordered, step_less)
        undecided = equal if undecided is None else pc.and_(undecided, equal)
    return ordered is None or bool(pc.all(ordered).as_py() in (True, None))


def _frame_from_arrow(name: str, arrow: pa.Table) -> pd.DataFrame:
    """The typed frame of a table (model.DTYPES) from its Arrow columns, sorted by its key.

    Epoch milliseconds become `datetime64[ms, UTC]`, SQLite's 0/1 booleans `boolean`; a column the reader typed
    otherwise because it held only nulls is cast to the model's type."""
    table = TABLES[name]
    if arrow.num_rows == 0:
        return empty_frame(name)
    if not _sorted_by(arrow, table.key):  # stores written by full runs are, incremental runs append
        arrow = arrow.take(pc.sort_indices(arrow, sort_keys=[(k, "ascending") for k in table.key]))
    data = {}
    for c in table.columns:
        values = arrow.column(c.name)
        if values.type != _ARROW_TYPES[c.kind]:
            values = values.cast(_ARROW_TYPES[c.kind])
        data[c.name] = values.to_pandas(types_mapper=_PANDAS_TYPES)
    return pd.DataFrame(data)


def open_store(workspace) -> Store:
    """The store of a workspace, with the PostgreSQL password taken from the environment if named."""
    from pilotage.core.workspace import secret

    return Store(workspace.store, password=secret(workspace.store_password_env) if workspace.store_password_env else None)

