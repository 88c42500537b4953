"""Views kept per data stamp (pilotage.application.kept): computed once, read back identical, never served for
other data, another date, other settings or a broken file."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from pilotage.application import kept, kept_export
from pilotage.application.service import build_demo_store, default_as_of
from pilotage.application.views import build_views
from pilotage.core import columnar
from pilotage.core.store import Store
from pilotage.core.workspace import fingerprint, load_workspace
from tests.test_store_load import issues, write


@pytest.fixture
def computed(monkeypatch):
    """The as_of dates the views were computed for (a spy: the real computation runs)."""
    calls: list[date] = []

    def spy(ds, ws, *, as_of, seed=None):
        calls.append(as_of)
        return build_views(ds, ws, as_of=as_of, seed=seed)

    monkeypatch.setattr(kept, "build_views", spy)
    return calls


@pytest.fixture
def demo(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'demo.db'}")
    ws = load_workspace()
    build_demo_store(store, items=500, ws=ws)
    yield ws, store
    store.close()


def kept_files(store: Store) -> list[str]:
    ds = store.load()
    return sorted(p.name for p in (columnar.location(store.url) / ds.data_stamp / "views").glob("*.json"))


def test_the_demo_writer_keeps_the_views_of_its_date_and_they_read_back_identical(demo, computed):
    ws, store = demo
    as_of = default_as_of(ws, store)
    [name] = kept_files(store)
    assert name.startswith(f"{as_of.isoformat()}-seed{ws.metrics.seed}-")
    ds = store.load()
    document = kept.views(store, ds, ws, as_of=as_of)
    assert computed == []  # read, not computed
    assert document == build_views(ds, ws, as_of=as_of)
    assert document["meta"]["data_version"] == ds.data_version


def test_another_date_is_computed_once_then_kept(demo, computed):
    ws, store = demo
    ds = store.load()
    earlier = date(2026, 10, 4)
    first = kept.views(store, ds, ws, as_of=earlier)
    again = kept.views(store, store.load(), ws, as_of=earlier)
    assert computed == [earlier] and first == again and first["meta"]["as_of"] == "2026-10-04"
    assert len(kept_files(store)) == 2


def test_other_settings_are_not_served_the_kept_views(demo, computed):
    ws, store = demo
    ds, as_of = store.load(), default_as_of(ws, store)
    team = ws.teams[0]
    dearer = dataclasses.replace(ws, teams=(dataclasses.replace(team, weekly_cost=team.weekly_cost * 3),
                                            *ws.teams[1:]))
    assert fingerprint(dearer) != fingerprint(ws)
    document = kept.views(store, ds, dearer, as_of=as_of)
    assert computed == [as_of]
    assert document["meta"]["teams"][0]["weekly_cost"] == team.weekly_cost * 3
    other_seed = kept.views(store, ds, ws, as_of=as_of, seed=ws.metrics.seed + 1)
    assert computed == [as_of, as_of] and other_seed["meta"]["seed"] == ws.metrics.seed + 1


def test_where_the_workspace_and_its_store_live_does_not_change_the_fingerprint(tmp_path):
    ws = load_workspace()
    moved = dataclasses.replace(ws, path=tmp_path / "elsewhere.toml", store=f"sqlite:///{tmp_path / 'x.db'}")
    assert fingerprint(moved) == fingerprint(ws)
    assert len(kept_export.code_version()) == 16


def test_new_data_is_never_served_views_of_the_old(demo, computed):
    ws, store = demo
    as_of = default_as_of(ws, store)
    write(store, {"issues": issues(["after the sync"])})
    ds = store.load()
    document = kept.views(store, ds, ws, as_of=as_of)
    assert computed == [as_of] and document["meta"]["data_version"] == ds.data_version == 3


def test_a_broken_kept_file_is_computed_again_and_replaced(demo, computed):
    ws, store = demo
    ds, as_of = store.load(), default_as_of(ws, store)
    [name] = kept_files(store)
    path = columnar.location(store.url) / ds.data_stamp / "views" / name
    path.write_text('{"meta": {"as_of": "trunc', encoding="utf-8")
    document = kept.views(store, ds, ws, as_of=as_of)
    assert computed == [as_of]
    assert json.loads(path.read_text(encoding="utf-8")) == document


def test_a_store_without_a_columnar_copy_keeps_nothing_and_the_sync_computes_nothing(computed):
    store = Store("sqlite:///:memory:")
    kept.prepare(load_workspace(), store)
    assert computed == []
