"""The metrics export kept per data stamp (pilotage.application.kept_export) and the store peek it rests on.

The promise: `python -m pilotage metrics` gives byte for byte what computing gives, whether it answers from the
kept texts or computes; it never serves texts of other data, settings, seed or snapshots; and its answering path
imports no pandas, SQLAlchemy or Arrow.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from pilotage.application import kept, kept_export, snapshots
from pilotage.application.export import metrics_json, to_csv_text, to_json_text
from pilotage.application.service import build_demo_store, default_as_of
from pilotage.core.peek import last_sync_date, peek
from pilotage.core.store import Store
from pilotage.core.workspace import load_workspace
from tests.test_store_load import NOW, issues, write

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    monkeypatch.setenv("PILOTAGE_DEMO_STORE", url)
    ws = load_workspace()
    store = Store(url)
    build_demo_store(store, items=500, ws=ws)
    yield ws, store
    store.close()


def computed_texts(ws, store, as_of: date, seed: int | None = None) -> dict[str, str]:
    """What the metrics command printed before anything was kept: computed from the store."""
    report = metrics_json(store.load(), ws, as_of=as_of, seed=seed,
                          last_snapshot=snapshots.latest(store, as_of=as_of))
    return {"json": to_json_text(report), "csv": to_csv_text(report)}


def test_the_sync_keeps_the_export_of_its_date_identical_to_computing_it(demo):
    ws, store = demo
    answered = kept_export.answer(ws)
    assert answered is not None
    assert answered == computed_texts(ws, store, default_as_of(ws, store))
    assert json.loads(answered["json"])["portfolio"]["since_last_snapshot"] is None


def test_a_freeze_keeps_the_export_that_compares_with_it(demo):
    ws, store = demo
    as_of = default_as_of(ws, store)
    frozen = snapshots.create(ws, store, as_of=as_of, title="Board December")
    answered = kept_export.answer(ws)
    assert answered is not None and answered == computed_texts(ws, store, as_of)
    since = json.loads(answered["json"])["portfolio"]["since_last_snapshot"]
    assert since["id"] == frozen.id and since["change"] == 0


def test_other_data_settings_seed_or_date_are_never_answered_from_the_kept_texts(demo):
    ws, store = demo
    as_of = default_as_of(ws, store)
    team = ws.teams[0]
    dearer = dataclasses.replace(ws, teams=(dataclasses.replace(team, weekly_cost=team.weekly_cost * 3),
                                            *ws.teams[1:]))
    assert kept_export.answer(dearer) is None
    assert kept_export.answer(ws, seed=ws.metrics.seed + 1) is None
    assert kept_export.answer(ws, as_of=date(2026, 10, 4)) is None
    assert kept_export.answer(ws, as_of=as_of) is not None
    write(store, {"issues": issues(["after the sync"])})  # a write without preparation: a new data stamp
    assert kept_export.answer(ws) is None


def test_computing_keeps_the_texts_for_the_next_command(demo):
    ws, store = demo
    earlier = date(2026, 10, 4)
    texts = kept.compute_export(ws, as_of=earlier)
    assert texts == computed_texts(ws, store, earlier)
    assert kept_export.answer(ws, as_of=earlier) == texts


def test_a_broken_kept_text_is_not_served(demo):
    ws, store = demo
    [path] = (p for p in kept_export.location(store.url).rglob("exports/*.json"))
    path.write_text('{"json": "trunc', encoding="utf-8")
    assert kept_export.answer(ws) is None
    path.write_text('{"json": "only one format"}', encoding="utf-8")
    assert kept_export.answer(ws) is None


def test_the_command_answers_without_the_data_stack_and_prints_what_computing_prints(demo):
    ws, store = demo
    as_of = default_as_of(ws, store)
    probe = ("import sys; from pilotage.cli import main; code = main(sys.argv[1:]); "
             "heavy = sorted(m for m in ('pandas', 'sqlalchemy', 'pyarrow', 'numpy') if m in sys.modules); "
             "sys.stderr.write(repr(heavy)); sys.exit(code)")
    for fmt in ("json", "csv"):
        done = subprocess.run([sys.executable, "-c", probe, "metrics", "--format", fmt], cwd=ROOT, env=os.environ,
                              capture_output=True, text=True, check=True)
        assert done.stderr == "[]"
        assert done.stdout == computed_texts(ws, store, as_of)[fmt]


def test_peek_reads_what_the_store_says(demo, tmp_path):
    ws, store = demo
    found = peek(store.url)
    ds = store.load()
    assert (found.data_stamp, found.data_version) == (ds.data_stamp, ds.data_version)
    assert found.default_as_of() == default_as_of(ws, store)
    assert found.snapshots == ()
    frozen = snapshots.create(ws, store, as_of=date(2026, 11, 1), title="Board November")
    [(snapshot_id, as_of, _, sha)] = peek(store.url).snapshots
    assert (snapshot_id, as_of, sha) == (frozen.id, "2026-11-01", frozen.sha256)
    assert peek("postgresql://postgres@127.0.0.1:5432/test") is None
    assert peek(f"sqlite:///{tmp_path / 'missing.db'}") is None
    (tmp_path / "other.db").write_bytes(b"")  # an empty file: no Pilotage tables
    assert peek(f"sqlite:///{tmp_path / 'other.db'}") is None


def test_the_default_date_is_the_day_before_the_last_good_run_instant_else_today(tmp_path):
    ms = int(pd.Timestamp("2026-11-23T00:00:00Z").timestamp() * 1000)
    assert last_sync_date([("failed", ms + 86_400_000), ("ok", ms)]) == date(2026, 11, 22)
    assert last_sync_date([("ok", ms + 1)]) == date(2026, 11, 23)
    assert last_sync_date([("failed", ms)], today=date(2026, 12, 6)) == date(2026, 12, 6)
    store = Store(f"sqlite:///{tmp_path / 'runs.db'}")
    write(store, {"issues": issues(["one"])})  # an ok run started at NOW
    store.record_failed_run("jira", "incremental", NOW + pd.Timedelta(days=2), "the server did not answer")
    assert default_as_of(None, store) == peek(store.url).default_as_of() == (NOW - pd.Timedelta(milliseconds=1)).date()
    store.close()
