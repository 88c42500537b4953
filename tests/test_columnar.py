"""The columnar copy of a store (pilotage.core.columnar): it loads exactly the store's frames, and a stale, missing
or corrupt copy is never used — the store is read instead, and the copy written again."""

from __future__ import annotations

import logging
import shutil

import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc
import pytest

from pilotage.application.service import build_demo_store
from pilotage.core import columnar
from pilotage.core import store as store_module
from pilotage.core.model import TABLES
from pilotage.core.store import Store
from tests.test_store_load import AMBIGUOUS_TEXTS, PLAIN_TEXTS, issues, write


@pytest.fixture
def sql_reads(monkeypatch):
    """How many times the store's tables were read from the database (a spy: the real reader runs)."""
    calls: list[int] = []
    real = Store._read_tables
    monkeypatch.setattr(Store, "_read_tables", lambda self: calls.append(1) or real(self))
    return calls


def stamp_of(store: Store) -> str:
    with store._tx(write=False) as conn:
        return store._version_and_stamp(conn)[1]


def assert_same(a, b) -> None:
    assert a.data_version == b.data_version
    assert set(a.frames) == set(b.frames) == set(TABLES)
    for name in TABLES:
        pd.testing.assert_frame_equal(a.frames[name], b.frames[name], check_exact=True, obj=name)


@pytest.fixture
def demo(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'demo.db'}")
    build_demo_store(store, items=500)
    yield store
    store.close()


def test_the_demo_writer_saves_a_copy_that_loads_the_stores_frames(demo, sql_reads):
    root = columnar.location(demo.url)
    assert [p.name for p in root.iterdir()] == [stamp_of(demo)]
    copied = demo.load()
    assert sql_reads == []  # read from the copy alone
    assert_same(copied, demo.load(from_copy=False))
    assert len(copied.issues) > 500 and copied.data_version == 2


@pytest.mark.parametrize("ambiguous", [None, *AMBIGUOUS_TEXTS])
def test_copy_keeps_every_value_exactly(sqlite_store, sql_reads, ambiguous):
    frame = issues(PLAIN_TEXTS, points=[0.1 + 0.2, 1e300, -2.5, 1 / 3, None, 5e-324, 13.0, 0.0])
    if ambiguous:
        frame.loc[3, "labels"] = AMBIGUOUS_TEXTS[ambiguous]  # the database reader reads this table row by row
    write(sqlite_store, {"issues": frame})
    from_store = sqlite_store.load()  # no copy yet: read from the database, then saved for the next reader
    assert sql_reads == [1]
    from_copy = sqlite_store.load()
    assert sql_reads == [1]
    assert_same(from_copy, from_store)
    assert from_copy.issues.set_index("key").loc["P-0", "story_points"] == 0.1 + 0.2


def test_a_write_makes_the_copy_stale(demo, sql_reads):
    old_stamp = stamp_of(demo)
    frame = issues(["only one"])
    write(demo, {"issues": frame})  # a full jira run: every jira row replaced, no copy saved by apply_sync
    assert stamp_of(demo) != old_stamp
    loaded = demo.load()
    assert sql_reads == [1]
    assert loaded.issues["summary"].tolist() == ["only one"] and loaded.data_version == 3
    assert [p.name for p in columnar.location(demo.url).iterdir()] == [stamp_of(demo)]  # the old copy is gone
    assert_same(demo.load(), loaded)
    assert sql_reads == [1]


def test_a_store_rebuilt_at_the_same_data_version_does_not_use_the_old_copy(tmp_path, sql_reads):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    build_demo_store(Store(url), items=500, seed=1)
    kept = columnar.location(url).with_name("kept")
    shutil.copytree(columnar.location(url), kept)
    (tmp_path / "demo.db").unlink()
    rebuilt = Store(url)
    build_demo_store(rebuilt, items=500, seed=2)  # same data version (2), other data
    shutil.rmtree(columnar.location(url))
    shutil.copytree(kept, columnar.location(url))  # the first store's copy put back beside the new one
    sql_reads.clear()
    loaded = rebuilt.load()
    assert sql_reads == [1] and loaded.data_version == 2
    assert_same(loaded, rebuilt.load(from_copy=False))


def corrupt_truncated(folder):
    path = folder / "issues.arrow"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def corrupt_garbage(folder):
    (folder / "status_changes.arrow").write_bytes(b"not an arrow file at all")


def corrupt_missing_table(folder):
    (folder / "sprints.arrow").unlink()


def corrupt_missing_manifest(folder):
    (folder / columnar.MANIFEST).unlink()


def corrupt_other_schema(folder):  # e.g. a copy written by a version of the model with other columns
    table = pa.table({"id": ["x"], "source": ["jira"]})
    with ipc.new_file(folder / "repositories.arrow", table.schema) as writer:
        writer.write_table(table)


def corrupt_row_count(folder):
    path = folder / "issues.arrow"
    table = ipc.open_file(pa.memory_map(str(path))).read_all().slice(1)
    with ipc.new_file(path.with_suffix(".tmp"), table.schema) as writer:
        writer.write_table(table)
    path.with_suffix(".tmp").replace(path)


@pytest.mark.parametrize("corrupt", [corrupt_truncated, corrupt_garbage, corrupt_missing_table,
                                     corrupt_missing_manifest, corrupt_other_schema, corrupt_row_count])
def test_a_corrupt_copy_is_ignored_then_replaced(demo, sql_reads, corrupt):
    folder = columnar.location(demo.url) / stamp_of(demo)
    expected = demo.load(from_copy=False)
    sql_reads.clear()
    corrupt(folder)
    assert columnar.read(folder.parent, folder.name, store_module._SCHEMAS) is None
    assert_same(demo.load(), expected)
    assert sql_reads == [1]
    assert columnar.read(folder.parent, folder.name, store_module._SCHEMAS) is not None  # written again
    assert_same(demo.load(), expected)
    assert sql_reads == [1]


def test_a_copy_that_cannot_be_written_only_costs_speed(tmp_path, caplog):
    url = f"sqlite:///{tmp_path / 'pilotage.db'}"
    columnar.location(url).write_text("a file where the folder of copies should be")
    store = Store(url)
    with caplog.at_level(logging.WARNING):
        build_demo_store(store, items=500)
        loaded = store.load()
    assert "columnar copy" in caplog.text and "not saved" in caplog.text
    assert_same(loaded, store.load(from_copy=False))


def test_only_sqlite_files_have_a_copy(tmp_path):
    assert columnar.location(f"sqlite:///{tmp_path / 'a.db'}") == tmp_path / "a.db.columnar"
    assert columnar.location("sqlite:///:memory:") is None
    assert columnar.location("postgresql://postgres@127.0.0.1:5432/test") is None


def test_the_sync_saves_the_copy_and_keeps_the_views(tmp_path):
    """run_sync writes the copy of its run and the views of its date (demo workspaces cannot sync: a stub source
    stands for Jira)."""
    from pilotage.application.sync import run_sync
    from pilotage.core.connector import SyncResult
    from pilotage.core.model import Batch
    from pilotage.core.workspace import parse_workspace

    ws = parse_workspace({"jira": {"url": "http://127.0.0.1:9", "projects": ["P"], "token_env": "NONE"},
                          "workspace": {"store": f"sqlite:///{tmp_path / 'ws.db'}"}})
    store = Store(ws.store)

    class OneIssue:
        def fetch(self, *, watermark, full, progress):
            return SyncResult(batch=Batch("jira", {"issues": issues(["synced"])}, full=True), watermark="w1")

    [summary] = run_sync(ws, store, connector_factory=lambda w, s: OneIssue())
    assert summary.ok
    copied = columnar.read(columnar.location(store.url), stamp_of(store), store_module._SCHEMAS)
    assert copied is not None and copied["issues"].column("summary").to_pylist() == ["synced"]
    assert len(list((columnar.location(store.url) / stamp_of(store) / "views").glob("*.json"))) == 1


def test_a_restored_backup_is_never_served_the_copy_of_the_data_it_replaced(demo, tmp_path, sql_reads):
    from pilotage.application.backup import export_store, import_store

    export_store(demo, tmp_path / "backup.json")
    write(demo, {"issues": issues(["written after the backup"])})
    assert demo.load().issues["summary"].tolist() == ["written after the backup"]  # and its copy saved
    stamp = stamp_of(demo)
    import_store(demo, tmp_path / "backup.json", replace=True)
    assert stamp_of(demo) != stamp
    restored = demo.load()
    assert len(restored.issues) > 500
    assert_same(restored, demo.load(from_copy=False))
