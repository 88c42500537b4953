"""Forecast calibration: were the 85% dates shown to earlier boards met?

Every snapshot froze, for each open roadmap item, a P85 date: a forecast the board saw. Once the outcome is
known, that forecast is judged:
- **met**: the item finished (its done date, from the current views or from any later snapshot) on or before the
  frozen P85 date;
- **missed**: it finished after that date, or it is still open after that date (a late item counts as soon as it
  is late, not only once it finishes: otherwise the late ones would be left out the longest);
- **pending**: still open and the date has not passed yet (not counted).
An item already finished when a snapshot was frozen, or without a forecast then, gives no forecast to judge.

Each (snapshot, item) pair is one forecast: an item shown at three boards is judged three times, as the board
heard three dates. A well-calibrated P85 is met about 85% of the time.

`calibration(history, current)`: `history` is the earlier snapshots as (meta, views) pairs, meta = {id, title,
as_of} (ISO date); `current` the views document the outcome is read from (its `meta.as_of` is "now"). Result:
{as_of, forecasts: [{snapshot_id, snapshot_title, snapshot_as_of, key, name, p85, done_date, outcome}], judged,
met, missed, pending, ratio (met ÷ judged, null when nothing is judged), sentence {en, fr} | null}.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from metrics.translate import NBSP


def _entries(views: Mapping) -> Mapping:
    return (views.get("metrics") or {}).get("roadmap") or {}


def _done(entry: Mapping | None) -> str | None:
    if not entry:
        return None
    return ((entry.get("forecast") or {}).get("inputs") or {}).get("done_date")


def _as_of(views: Mapping) -> date:
    return date.fromisoformat((views.get("meta") or {})["as_of"])


def done_dates(history: Sequence[tuple[Mapping, Mapping]], current: Mapping) -> dict[str, str]:
    """Key → the done date known now: from the current views, else from the latest snapshot that records one."""
    known: dict[str, str] = {}
    for _meta, views in sorted(history, key=lambda h: h[0]["as_of"]):
        for key, entry in _entries(views).items():
            if _done(entry):
                known[key] = _done(entry)
    for key, entry in _entries(current).items():
        if _done(entry):
            known[key] = _done(entry)
    return known


def calibration(history: Sequence[tuple[Mapping, Mapping]], current: Mapping) -> dict:
    now = _as_of(current)
    finished = done_dates(history, current)
    rows = []
    for meta, views in sorted(history, key=lambda h: (h[0]["as_of"], h[0].get("id", ""))):
        if date.fromisoformat(meta["as_of"]) >= now:
            continue  # only forecasts made before the date the outcome is read at
        for key, entry in _entries(views).items():
            p85 = (entry.get("forecast") or {}).get("p85")
            if not p85 or _done(entry):
                continue
            done = finished.get(key)
            if done and date.fromisoformat(done) <= now:
                outcome = "met" if done <= p85 else "missed"
            else:
                done = None
                outcome = "missed" if now > date.fromisoformat(p85) else "pending"
            rows.append({"snapshot_id": meta.get("id"), "snapshot_title": meta.get("title"),
                         "snapshot_as_of": meta["as_of"], "key": key, "name": entry.get("name") or key,
                         "p85": p85, "done_date": done, "outcome": outcome})
    met = sum(r["outcome"] == "met" for r in rows)
    missed = sum(r["outcome"] == "missed" for r in rows)
    judged = met + missed
    return {
        "as_of": now.isoformat(), "forecasts": rows, "judged": judged, "met": met, "missed": missed,
        "pending": len(rows) - judged, "ratio": round(met / judged, 4) if judged else None,
        "sentence": _sentences(met, judged, len({r["snapshot_id"] for r in rows if r["outcome"] != "pending"}))
        if judged else None,
    }


def _sentences(met: int, judged: int, boards: int) -> dict[str, str]:
    time_en = "time" if met == 1 else "times"
    board_en = "board" if boards == 1 else "boards"
    comite_fr = "comité" if boards == 1 else "comités"
    return {
        "en": f"Our 85% dates were met {met} {time_en} out of {judged} (forecasts shown at {boards} earlier "
              f"{board_en}, for items finished since or already past that date). A reliable 85% date is met about "
              "85% of the time.",
        "fr": f"Nos dates à 85{NBSP}% ont été tenues {met} fois sur {judged} (prévisions présentées à {boards} "
              f"{comite_fr} précédent{'s' if boards > 1 else ''}, pour les éléments terminés depuis ou dont la date "
              f"est déjà passée). Une date à 85{NBSP}% fiable est tenue environ 85{NBSP}% du temps.",
    }
