"""Board snapshots: frozen, verifiable records of every figure shown at a board meeting.

A snapshot's content is canonical JSON (sorted keys, no NaN, fixed separators); its SHA-256 is stored beside it and
checked on every load, so a modified snapshot is refused instead of shown. The hash covers every column of the row:
the id is its first 12 digits, and the columns the listing, the ordering and the comparisons read (title, as_of,
created_at, definitions_version, data_version) must equal the values inside the hashed content, so a forged title
or date is refused like a forged figure (stores frozen before this check still verify: the content always held
them). A refused snapshot is left out of `previous`/`latest`/`history` (callers show the ids `history` refused),
never blocking the others. Snapshots are only ever inserted.
Read-only links are signed with HMAC-SHA256 over the workspace, the snapshot id and an optional expiry, with the
secret from `PILOTAGE_LINK_SECRET` (links are open when it is unset).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import time
from dataclasses import dataclass
from datetime import date

import pandas as pd

from pilotage.core.errors import SnapshotError
from pilotage.core.store import Store

LINK_SECRET_ENV = "PILOTAGE_LINK_SECRET"


@dataclass(frozen=True)
class Snapshot:
    id: str
    title: str
    as_of: date
    created_at: pd.Timestamp
    definitions_version: str
    data_version: int
    sha256: str
    content: dict  # {"title", "as_of", "created_at", "definitions_version", "data_version", "payload"}

    @property
    def payload(self) -> dict:
        return self.content["payload"]


def _clean(value):
    """JSON-safe values: NaN/inf → None, numpy/pandas scalars → Python, dates → ISO text."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, (pd.Timestamp, date)):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalar
        return _clean(value.item())
    if value is pd.NaT or value is None:
        return None
    return value


def canonical_json(content: dict) -> str:
    return json.dumps(_clean(content), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def freeze(
    store: Store,
    *,
    title: str,
    as_of: date,
    payload: dict,
    definitions_version: str,
    data_version: int,
    created_at: pd.Timestamp | None = None,
) -> Snapshot:
    """Store a new snapshot (immutable) and return it."""
    if not title.strip():
        raise SnapshotError("a snapshot needs a title (e.g. \"Board Q4 2026\")")
    created = created_at or pd.Timestamp.now(tz="UTC").floor("s")
    content = {
        "title": title.strip(), "as_of": as_of.isoformat(), "created_at": created.isoformat(),
        "definitions_version": definitions_version, "data_version": data_version, "payload": payload,
    }
    text = canonical_json(content)
    sha = digest(text)
    store.insert_snapshot({
        "id": sha[:12], "title": content["title"], "as_of": content["as_of"],
        "created_at": int(created.timestamp() * 1000), "definitions_version": definitions_version,
        "data_version": data_version, "sha256": sha, "content": text,
    })
    return _snapshot(sha[:12], sha, json.loads(text))


def load(store: Store, snapshot_id: str) -> Snapshot:
    """The snapshot, after checking its hash; SnapshotError when missing or modified."""
    row = store.snapshot_row(snapshot_id)
    if row is None:
        raise SnapshotError(f"snapshot {snapshot_id!r} does not exist in this workspace's store")
    if digest(row["content"]) != row["sha256"] or row["sha256"][:12] != row["id"] or not _row_matches(row):
        raise SnapshotError(
            f"snapshot {snapshot_id} was modified after it was frozen (its SHA-256 no longer matches): "
            "it is not shown. Restore the store from a backup or freeze a new snapshot."
        )
    return _snapshot(row["id"], row["sha256"], json.loads(row["content"]))


def _row_matches(row: dict) -> bool:
    """Whether the row's own columns say what its hashed content says."""
    try:
        content = json.loads(row["content"])
        created = pd.Timestamp(content["created_at"])
        return (row["title"] == content["title"] and row["as_of"] == content["as_of"]
                and row["created_at"] == int(created.timestamp() * 1000)
                and row["definitions_version"] == content["definitions_version"]
                and row["data_version"] == content["data_version"])
    except (ValueError, KeyError, TypeError):
        return False


def _snapshot(snapshot_id: str, sha: str, content: dict) -> Snapshot:
    return Snapshot(
        id=snapshot_id, title=content["title"], as_of=date.fromisoformat(content["as_of"]),
        created_at=pd.Timestamp(content["created_at"]), definitions_version=content["definitions_version"],
        data_version=content["data_version"], sha256=sha, content=content,
    )


# ------------------------------------------------------------------------------------------ signed links


def link_secret() -> str | None:
    from pilotage.core.workspace import secret

    return secret(LINK_SECRET_ENV)


def sign(snapshot_id: str, secret: str, *, workspace: str, expires_at: int | None = None) -> dict[str, str]:
    """Query parameters of a read-only link to a snapshot of `workspace` (its `Workspace.slug`): snapshot id,
    optional expiry (epoch seconds) and signature. The signature covers the workspace, so the link opens nothing
    of another company."""
    params = {"snapshot": snapshot_id}
    if expires_at is not None:
        params["exp"] = str(int(expires_at))
    params["sig"] = _mac(workspace, snapshot_id, params.get("exp", ""), secret)
    return params


def verify(params: dict[str, str], secret: str | None, *, workspace: str, now: float | None = None) -> str | None:
    """None when the link may be shown in `workspace` (the slug of the workspace it would open), else why not:
    `not_signed` or `expired`. Open when no secret is set."""
    if not secret:
        return None
    snapshot_id, exp, sig = params.get("snapshot", ""), params.get("exp", ""), params.get("sig", "")
    # bytes: compare_digest refuses text that is not ASCII (a forged `sig=éé`)
    if not sig or not hmac.compare_digest(sig.encode(), _mac(workspace, snapshot_id, exp, secret).encode()):
        return "not_signed"
    if exp and int(exp) < (now if now is not None else time.time()):  # signed by us: always whole seconds
        return "expired"
    return None


def _mac(workspace: str, snapshot_id: str, exp: str, secret: str) -> str:
    message = f"{workspace}|{snapshot_id}|{exp}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def expiry_in_days(days: float) -> int:
    return int(time.time() + days * 86400)


def signed_url(base_url: str, snapshot_id: str, secret: str | None, *, workspace: str,
               expires_at: int | None = None, extra: dict[str, str] | None = None) -> str:
    """The read-only link to a snapshot of `workspace` (its slug): `base_url?snapshot=ID[&exp=…]&sig=…` (unsigned
    when no secret is set)."""
    from urllib.parse import urlencode

    params = dict(extra or {})
    if secret:
        params.update(sign(snapshot_id, secret, workspace=workspace, expires_at=expires_at))
    else:
        params["snapshot"] = snapshot_id
    return base_url.rstrip("/") + "/?" + urlencode(params)


# ------------------------------------------------------------------------------------------ history


def ordered_rows(store: Store) -> pd.DataFrame:
    """The store's snapshots (id, title, as_of, created_at, definitions_version, data_version), oldest first by
    (as_of, created_at): the order of the boards."""
    rows = store.list_snapshots()
    return rows.sort_values(["as_of", "created_at", "id"]).reset_index(drop=True)


def previous(store: Store, snapshot: Snapshot) -> Snapshot | None:
    """The board before `snapshot`: the latest intact snapshot ordered before it (None for the first one).
    Refused snapshots are skipped (`history` names them)."""
    rows = ordered_rows(store)
    here = (snapshot.as_of.isoformat(), snapshot.created_at)
    earlier = rows.loc[[(a, c) < here for a, c in zip(rows["as_of"], rows["created_at"])]]
    return _newest_intact(store, earlier["id"])


def latest(store: Store, *, as_of: date | None = None) -> Snapshot | None:
    """The most recent intact snapshot whose figures are as of `as_of` or earlier (any when `as_of` is None)."""
    rows = ordered_rows(store)
    if as_of is not None:
        rows = rows.loc[rows["as_of"] <= as_of.isoformat()]
    return _newest_intact(store, rows["id"])


def _newest_intact(store: Store, ids: pd.Series) -> Snapshot | None:
    """The last of `ids` that verifies. A row whose order columns were forged does not verify, so the order of
    the intact ones is their true order."""
    for snapshot_id in reversed(list(ids)):
        try:
            return load(store, snapshot_id)
        except SnapshotError:
            continue
    return None


def history(store: Store, *, before: date | None = None) -> tuple[list[Snapshot], list[str]]:
    """Every verified snapshot (as_of before `before` when given), oldest first, and the ids of those refused
    because their hash no longer matches (left out of any comparison, never silently: callers say so)."""
    rows = ordered_rows(store)
    if before is not None:
        rows = rows.loc[rows["as_of"] < before.isoformat()]
    kept, refused = [], []
    for snapshot_id in rows["id"]:
        try:
            kept.append(load(store, snapshot_id))
        except SnapshotError:
            refused.append(snapshot_id)
    return kept, refused


def calibration_history(snapshots: list[Snapshot]) -> list[tuple[dict, dict]]:
    """(meta, views) pairs for pilotage.application.calibration.calibration."""
    return [({"id": s.id, "title": s.title, "as_of": s.as_of.isoformat()}, s.payload["views"]) for s in snapshots]


# ------------------------------------------------------------------------------------------ secrets


def leaked_secrets(text: str, secrets: list[str]) -> int:
    """How many of the configured secret values appear in `text` (a snapshot or an export must hold none)."""
    return sum(1 for value in secrets if value and value in text)


# ------------------------------------------------------------------------------------------ creation


def assumptions(ws) -> dict:
    """The workspace's assumptions frozen with a snapshot: costs, thresholds, mappings (never secrets or URLs of
    the store; environment variable names only; user:password parts of source URLs removed)."""
    import dataclasses

    from pilotage.core.store import redact

    data = dataclasses.asdict(ws)
    for private in ("path", "store", "store_password_env"):
        data.pop(private, None)
    for source in ("jira", "github"):
        if data.get(source) and data[source].get("url"):
            data[source]["url"] = redact(data[source]["url"])
    return data


def create(ws, store: Store, *, as_of: date, title: str, seed: int | None = None, views: dict | None = None,
           data_version: int | None = None) -> Snapshot:
    """Compute the views at `as_of` from the store's current data and freeze them with the assumptions (refused
    when a configured secret's value would be frozen).

    `views` (with the `data_version` they were computed from): the views document already computed for this
    as_of and seed, e.g. the one the dashboard shows, frozen as is instead of computed again."""
    from metrics.registry import definitions_version
    from pilotage.application import kept

    if views is None:
        ds = store.load()
        views, data_version = kept.views(store, ds, ws, as_of=as_of, seed=seed), ds.data_version
    elif data_version is None or (views.get("meta") or {}).get("as_of") != as_of.isoformat():
        raise SnapshotError("views given to freeze must carry their data version and be computed for the same date")
    payload = {"views": views, "assumptions": assumptions(ws)}
    if leaked_secrets(canonical_json(payload), ws.secret_values()):
        raise SnapshotError(
            "the figures to freeze contain the value of a configured secret (a token or password from the "
            "environment): nothing was frozen. Check that no Jira/GitHub field or workspace setting holds a token."
        )
    snapshot = freeze(store, title=title, as_of=as_of, payload=payload, definitions_version=definitions_version(),
                      data_version=data_version)
    kept.keep_export(ws, store, views, data_version=data_version)  # the next `metrics` compares with it at once
    return snapshot


__all__ = ["Snapshot", "freeze", "load", "sign", "verify", "canonical_json", "LINK_SECRET_ENV", "link_secret",
           "expiry_in_days", "signed_url", "ordered_rows", "previous", "latest", "history", "calibration_history",
           "leaked_secrets", "assumptions", "create"]
