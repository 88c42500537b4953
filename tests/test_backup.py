"""Backup and restore of a store (`python -m pilotage store export | import`): a SQLite store restored into SQLite
and PostgreSQL holds the same records, raw payloads, runs, snapshots (which verify) and decisions; the restore
refuses a file whose hashes do not match and a store that already holds data, and writes nothing then."""

from __future__ import annotations

import gzip
import json
from datetime import date

import pandas as pd
import pytest

from pilotage.application import snapshots
from pilotage.application.backup import export_store, import_store
from pilotage.application.service import build_demo_store
from pilotage.cli import main
from pilotage.core.errors import BackupError, StoreError
from pilotage.core.model import TABLES, RawPayload
from pilotage.core.store import Store, SyncRecord


@pytest.fixture(scope="module")
def backup(tmp_path_factory):
    """A small demo store with a raw payload, a failed run, two snapshots and a decision, exported once."""
    folder = tmp_path_factory.mktemp("backup")
    source = Store(f"sqlite:///{folder / 'source.db'}")
    build_demo_store(source, items=500)
    from connectors.demo import generate

    source.apply_sync(generate(items=500)["jira"], SyncRecord("jira", "full", pd.Timestamp("2026-11-23T06:00Z")),
                      raw=[RawPayload("jira", "issue", "PAY-1", '{"key": "PAY-1", "note": "\\u00e9t\\u00e9"}')])
    source.record_failed_run("github", "incremental", pd.Timestamp("2026-11-23T07:00Z"), "GitHub answered 502")
    first = snapshots.freeze(source, title="Board Q3", as_of=date(2026, 9, 30), payload={"views": {"x": 1}},
                             definitions_version="d1", data_version=1)
    snapshots.freeze(source, title="Board Q4 — été", as_of=date(2026, 11, 20), payload={"views": {"x": 2.5}},
                     definitions_version="d1", data_version=2)
    source.add_decision(first.id, "Hire a platform team", "COMEX", "2026-12-01")
    path = folder / "acme.json.gz"
    summary = export_store(source, path)
    assert summary.snapshots == 2 and summary.rows["raw_payloads"] == 1
    return source, path


def test_a_restore_holds_exactly_what_was_exported(backup, store):
    source, path = backup
    before = store.data_version()
    summary = import_store(store, path)
    assert summary.data_version == before + 1  # the dashboards' caches see a new version
    left, right = source.load().frames, store.load().frames
    for name in TABLES:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)
    assert [r.payload for r in store.raw("jira")] == [r.payload for r in source.raw("jira")]
    pd.testing.assert_frame_equal(source.runs().drop(columns="data_version"), store.runs().drop(columns="data_version"),
                                  check_dtype=False)
    ids = list(snapshots.ordered_rows(source)["id"])
    assert [snapshots.load(store, i).sha256 for i in ids] == [snapshots.load(source, i).sha256 for i in ids]
    assert store.decisions(ids[0]).to_dict("records") == source.decisions(ids[0]).to_dict("records")
    store.record_failed_run("jira", "incremental", pd.Timestamp("2026-11-24T06:00Z"), "later run")  # ids go on
    assert store.runs()["id"].max() == source.runs()["id"].max() + 1


def test_a_store_with_data_is_not_overwritten_unless_asked(backup, sqlite_store):
    source, path = backup
    import_store(sqlite_store, path)
    with pytest.raises(StoreError, match="already holds data .*--replace"):
        import_store(sqlite_store, path)
    assert import_store(sqlite_store, path, replace=True).snapshots == 2


def _tampered(path, tmp_path, change, *, rehash_table: bool = False):
    document = json.loads(gzip.decompress(path.read_bytes()))
    table = change(document["tables"])
    if rehash_table:
        from pilotage.application.backup import _table_hash

        entry = document["tables"][table]
        entry["sha256"] = _table_hash(entry["columns"], entry["rows"])
    out = tmp_path / "tampered.json"
    out.write_text(json.dumps(document), encoding="utf-8")
    return out


def _change_an_issue(tables):
    tables["issues"]["rows"][0][tables["issues"]["columns"].index("summary")] = "changed by hand"
    return "issues"


def _change_a_snapshot(tables):
    snap = tables["snapshots"]
    content = snap["columns"].index("content")
    snap["rows"][0][content] = snap["rows"][0][content].replace('"x":', '"x":9')
    return "snapshots"


@pytest.mark.parametrize(("change", "rehash", "message"), [
    (_change_an_issue, False, "table issues does not match its SHA-256"),
    (_change_a_snapshot, False, "table snapshots does not match its SHA-256"),
    (_change_a_snapshot, True, "snapshot .* does not match its SHA-256"),
])
def test_a_file_whose_hashes_do_not_match_is_refused_and_nothing_is_written(backup, sqlite_store, tmp_path, change,
                                                                             rehash, message):
    _source, path = backup
    bad = _tampered(path, tmp_path, change, rehash_table=rehash)
    version = sqlite_store.data_version()
    with pytest.raises(BackupError, match=message):
        import_store(sqlite_store, bad)
    assert sqlite_store.data_version() == version and sqlite_store.counts()["issues"] == 0


def test_not_a_backup(sqlite_store, tmp_path):
    other = tmp_path / "other.json"
    other.write_text('{"format": "something else"}')
    with pytest.raises(BackupError, match="not a Pilotage store backup"):
        import_store(sqlite_store, other)


def test_the_command_line_round_trip(backup, tmp_path, capsys):
    source, _path = backup
    for name, url in (("a", source.url), ("b", f"sqlite:///{tmp_path / 'b.db'}")):
        (tmp_path / f"{name}.toml").write_text(f'[workspace]\nstore = "{url}"\n[jira]\nurl = "http://127.0.0.1:9"\n'
                                               'projects = ["PAY"]\n')
    out = tmp_path / "a.json"
    assert main(["store", "export", "-w", str(tmp_path / "a.toml"), "--out", str(out)]) == 0
    assert main(["store", "import", "-w", str(tmp_path / "b.toml"), "--in", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2 snapshot(s), 1 raw payloads" in printed and printed.startswith("wrote ")
    assert main(["store", "import", "-w", str(tmp_path / "b.toml"), "--in", str(out)]) == 1
    assert "--replace" in capsys.readouterr().err
