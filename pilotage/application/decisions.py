"""Decisions taken on options: which option a recorded decision chose, and what happened to the item since.

A decision of the log (pilotage.core.store `decisions`) may name a roadmap item and one of its options
(metrics.options kinds) offered by the snapshot it was recorded on. `follow_up` compares that option with the
item in later figures, for the next board's "since last board" ("Decided 20 Nov: cut 2 pieces of work on Cloud
migration (owner: CPO). Since: 1 piece of work cut, forecast 9 Dec, on track"); presentation.decisions words it.
"""

from __future__ import annotations

from collections.abc import Mapping

from pilotage.core.errors import SnapshotError


def chosen_option(views: Mapping, item_key: str, kind: str) -> dict:
    """The option `kind` offered for `item_key` in a views document; SnapshotError naming what is missing."""
    entry = views.get("metrics", {}).get("roadmap", {}).get(item_key)
    if entry is None:
        raise SnapshotError(f"roadmap item {item_key!r} is not in this snapshot")
    for option in entry.get("options", []):
        if option["kind"] == kind:
            return option
    offered = ", ".join(o["kind"] for o in entry.get("options", [])) or "none"
    raise SnapshotError(f"option {kind!r} was not offered for {item_key} in this snapshot (offered: {offered})")


def offered(views: Mapping) -> list[tuple[str, str, dict]]:
    """Every feasible option of a views document: (item key, item name, option), items in the export's order."""
    roadmap = views.get("metrics", {}).get("roadmap", {})
    return [(key, entry["name"], o) for key, entry in roadmap.items() for o in entry.get("options", [])
            if o["feasible"]]


def follow_up(decision: Mapping, then: Mapping, now: Mapping) -> dict | None:
    """What became of a decision that chose an option (None for a free-text decision).

    `decision`: a row of the decision log (item_key, option, owner, due, created_at as an ISO date); `then`: the
    views it was taken on; `now`: later views. Returns {key, name, owner, due, decided_on, option (as offered),
    cut_since (children then − children now, never below 0), now {target_date, p85, status} | None}.
    """
    key, kind = decision.get("item_key"), decision.get("option")
    if not key or not kind:
        return None
    option = chosen_option(then, key, kind)
    before = then["metrics"]["roadmap"][key]
    after = now.get("metrics", {}).get("roadmap", {}).get(key)
    current = None
    if after is not None:
        delivered = bool(after["forecast"]["inputs"].get("done_date"))
        current = {"target_date": after["target_date"], "p85": after["forecast"]["p85"],
                   "status": "delivered" if delivered else after["status"]}
    return {
        "key": key, "name": before["name"], "owner": decision["owner"], "due": decision.get("due"),
        "decided_on": decision["decided_on"], "option": option,
        "cut_since": max(0, before["children"] - after["children"]) if after is not None else 0,
        "now": current,
    }
