"""Snapshots: stable hashes, tamper detection, immutability, signed read-only links."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa

from pilotage.errors import SnapshotError
from pilotage.snapshots import canonical_json, freeze, load, sign, verify

CREATED = pd.Timestamp("2026-11-23T08:00:00Z")
PAYLOAD = {"roadmap": {"PLAT-200": {"p85": "2027-02-26", "drift_days": 43, "probability": 0.31}},
           "ratio": float("nan"), "when": date(2026, 11, 22)}


def _freeze(store, title="Board Q4 2026", payload=PAYLOAD):
    return freeze(store, title=title, as_of=date(2026, 11, 22), payload=payload, definitions_version="d1",
                  data_version=3, created_at=CREATED)


def test_same_inputs_same_hash(tmp_path):
    from pilotage.store import Store

    a = _freeze(Store(f"sqlite:///{tmp_path / 'a.db'}"))
    b = _freeze(Store(f"sqlite:///{tmp_path / 'b.db'}"))
    assert a.sha256 == b.sha256 and a.id == a.sha256[:12]
    assert canonical_json({"b": 1, "a": [1.5, None]}) == '{"a":[1.5,null],"b":1}'
    assert _freeze(Store(f"sqlite:///{tmp_path / 'c.db'}"), title="Board Q1 2027").sha256 != a.sha256


def test_round_trip_and_clean_values(store):
    snap = _freeze(store)
    again = load(store, snap.id)
    assert again == snap
    assert again.payload["ratio"] is None and again.payload["when"] == "2026-11-22"
    assert store.list_snapshots()["id"].tolist() == [snap.id]


def test_tampered_snapshot_is_refused(store):
    snap = _freeze(store)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE snapshots SET content = REPLACE(content, '43', '1') WHERE id = :id"),
                     {"id": snap.id})
    with pytest.raises(SnapshotError, match="modified after it was frozen"):
        load(store, snap.id)


def test_snapshots_are_insert_only(store):
    _freeze(store)
    with pytest.raises(Exception, match="already exists"):
        _freeze(store)
    with pytest.raises(SnapshotError, match="does not exist"):
        load(store, "0123456789ab")
    with pytest.raises(SnapshotError, match="needs a title"):
        _freeze(store, title="  ")


def test_decisions_attach_to_a_snapshot(store):
    snap = _freeze(store)
    store.add_decision(snap.id, "Move two Platform engineers to the migration", "CTO", "2026-12-01")
    assert store.decisions(snap.id).to_dict("records") == [
        {"what": "Move two Platform engineers to the migration", "owner": "CTO", "due": "2026-12-01"}]
    assert load(store, snap.id).sha256 == snap.sha256  # decisions are not part of the frozen content


def test_signed_links():
    params = sign("abc123def456", "s3cret", expires_at=2_000)
    assert verify(params, "s3cret", now=1_000) is None
    assert verify(params, "s3cret", now=3_000) == "expired"
    assert verify({**params, "snapshot": "other"}, "s3cret", now=1_000) == "not_signed"
    assert verify({"snapshot": "abc123def456"}, "s3cret") == "not_signed"
    assert verify({**params, "exp": "9999999999"}, "s3cret", now=1_000) is not None  # expiry is signed too
    assert verify({"snapshot": "abc123def456"}, None) is None  # protection off without a secret
    assert verify(sign("abc123def456", "s3cret"), "s3cret") is None  # no expiry
