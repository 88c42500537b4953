"""Snapshots: stable hashes, tamper detection, immutability, board order, signed read-only links, secrets kept out."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa

from pilotage.application.snapshots import (
    assumptions,
    calibration_history,
    canonical_json,
    freeze,
    history,
    latest,
    leaked_secrets,
    load,
    ordered_rows,
    previous,
    sign,
    signed_url,
    verify,
)
from pilotage.core.errors import SnapshotError

CREATED = pd.Timestamp("2026-11-23T08:00:00Z")
PAYLOAD = {"roadmap": {"PLAT-200": {"p85": "2027-02-26", "drift_days": 43, "probability": 0.31}},
           "ratio": float("nan"), "when": date(2026, 11, 22)}


def _freeze(store, title="Board Q4 2026", payload=PAYLOAD):
    return freeze(store, title=title, as_of=date(2026, 11, 22), payload=payload, definitions_version="d1",
                  data_version=3, created_at=CREATED)


def test_same_inputs_same_hash(tmp_path):
    from pilotage.core.store import Store

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
    params = sign("abc123def456", "s3cret", workspace="acme", expires_at=2_000)
    assert verify(params, "s3cret", workspace="acme", now=1_000) is None
    assert verify(params, "s3cret", workspace="acme", now=3_000) == "expired"
    assert verify({**params, "snapshot": "other"}, "s3cret", workspace="acme", now=1_000) == "not_signed"
    assert verify({"snapshot": "abc123def456"}, "s3cret", workspace="acme") == "not_signed"
    assert verify({**params, "exp": "9999999999"}, "s3cret", workspace="acme", now=1_000) is not None  # signed too
    assert verify(params, "s3cret", workspace="globex", now=1_000) == "not_signed"  # bound to its company
    assert verify({**params, "sig": "éé"}, "s3cret", workspace="acme", now=1_000) == "not_signed"  # not ASCII
    assert verify({"snapshot": "abc123def456"}, None, workspace="acme") is None  # protection off without a secret
    assert verify(sign("abc123def456", "s3cret", workspace="acme"), "s3cret", workspace="acme") is None  # no expiry


def test_board_order_previous_latest_and_history(store):
    def board(title, as_of, created):
        return freeze(store, title=title, as_of=as_of, payload={"views": {"meta": {"as_of": as_of.isoformat()}}},
                      definitions_version="d1", data_version=1, created_at=pd.Timestamp(created))

    june = board("June", date(2026, 6, 22), "2026-06-23T08:00:00Z")
    octo = board("October", date(2026, 10, 22), "2026-10-23T08:00:00Z")
    redo = board("October, again", date(2026, 10, 22), "2026-10-24T08:00:00Z")  # same date, frozen later
    late = board("September, frozen late", date(2026, 9, 22), "2026-11-01T08:00:00Z")  # older figures
    assert ordered_rows(store)["title"].tolist() == ["June", "September, frozen late", "October", "October, again"]
    assert previous(store, june) is None
    assert previous(store, octo).id == late.id and previous(store, redo).id == octo.id
    assert latest(store).id == redo.id
    assert latest(store, as_of=date(2026, 10, 21)).id == late.id
    assert latest(store, as_of=date(2026, 6, 1)) is None
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE snapshots SET title = 'x', content = REPLACE(content, 'June', 'Juin') "
                             "WHERE id = :id"), {"id": june.id})
    kept, refused = history(store, before=date(2026, 10, 22))
    assert [s.id for s in kept] == [late.id] and refused == [june.id]
    assert calibration_history(kept) == [({"id": late.id, "title": "September, frozen late", "as_of": "2026-09-22"},
                                          {"meta": {"as_of": "2026-09-22"}})]


def test_signed_url():
    url = signed_url("https://pilotage.example.com/", "abc123def456", "s3cret", workspace="acme", expires_at=2_000,
                     extra={"lang": "fr"})
    assert url == ("https://pilotage.example.com/?lang=fr&snapshot=abc123def456&exp=2000&sig="
                   + sign("abc123def456", "s3cret", workspace="acme", expires_at=2_000)["sig"])
    assert signed_url("http://h:8501", "abc123def456", None, workspace="acme") == "http://h:8501/?snapshot=abc123def456"


def test_leaked_secrets_and_assumptions():
    import dataclasses

    from pilotage.core.workspace import JiraConfig, load_workspace

    assert leaked_secrets("token=abc-123 and more", ["abc-123", "zzz", ""]) == 1
    ws = dataclasses.replace(load_workspace(), store="postgresql://u:pw@db/x", store_password_env="PG_PASSWORD",
                             jira=JiraConfig(url="https://bot:hunter2@jira.example.com", projects=("PAY",)))
    frozen = canonical_json(assumptions(ws))
    assert "hunter2" not in frozen and "pw@" not in frozen and "PG_PASSWORD" not in frozen
    assert "https://bot:***@jira.example.com" in frozen and '"token_env":"JIRA_TOKEN"' in frozen
