"""What changed between two views documents ("since last board"): per roadmap item, the moves of its forecast,
drift, status and € impact; items added or removed; the headline delivery figures; sentences in English and French.

`compare(old_views, new_views)` reads only the frozen documents (pilotage.application.views: `meta`, `metrics.roadmap`,
`metrics.teams`), so two snapshots — or the latest snapshot and the live views — compare the same way. Missing
keys (a snapshot made by an older views version) are read as "no value", never an error.

Result (plain JSON):
- `old`, `new`: {as_of, definitions_version} of each side; `currency`.
- `items`: one record per roadmap item of either side, in the new document's order then the removed ones:
  key, name, team, key_item, change (`moved` | `unchanged` | `added` | `removed`), old / new (ITEM_FIGURES, or null
  on the side where the item is absent), p50_days / p85_days (forecast dates, new − old, days; positive = later),
  drift_change_days, status_changed (bool), extra_cost_change, cost_of_delay_change (currency),
  probability_change (0–1 points), finished (bool: done in new, not in old), target_moved (bool), why (the
  move split into causes by metrics.moves.explain, replayed from the two documents' recorded inputs: {since,
  p85_days, extra_cost, cost_of_delay, on_time, causes}, null for an added or removed item), sentence {en, fr}
  (null when nothing moved). A moved target is always named in the sentence, with from / to and when ("now at risk
  (was late) because its target moved from 18 Dec to 15 Jan on 13 Nov"), never folded into a status change; any
  other status change says how the chance of meeting the target moved and why ("now late (was at risk): chance of
  meeting the target 72% → 48% (time passed −18 pts, pace −6 pts)"); a moved forecast is followed by its causes
  ("forecast +3 days: 2 items added (+5 d), pace −2 d").
- `ranked`: the keys of the items that changed, most important first (the sentence's order): key items first,
  worsened status, then slips (biggest first), then the items that moved earlier.
- `headlines`: one record per (scope, metric): scope (a team name, or "*" for all teams), metric (HEADLINES),
  unit, old, new, change (new − old, null when either is missing), old_band / new_band (DORA keys only).
- `sentence` {en, fr}: "Since last board (22 Oct 2026): Cloud migration +2 weeks (85% date 17 Jan 2027), +€40k
  extra cost, now late (was at risk); …"; `delivery_sentence` {en, fr} or null: headline changes worth a board's
  attention (throughput ±10%, planning accuracy ±5 points, any DORA band change).

Headline figures (derived from the export document, the same way on both sides):
- throughput: items finished per week, the median over the window's weeks ("typically", as the delivery page;
  all teams: the median of the weeks' totals);
- planning_accuracy: mean of the planning accuracy of the sprints closed in the window (all teams: over every
  team's sprints);
- the DORA keys of each team: deployment_frequency (deployments per week), lead_time_for_changes (median hours),
  change_failure_rate (ratio), time_to_restore (median hours), each with its band;
- allocation.<category>: share of completed items (all teams: pooled items).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from datetime import date

from metrics.glossary import BANDS, in_sentence
from metrics.moves import causes_text, explain, on_time_text, target_phrase
from metrics.translate import NBSP, format_date, format_money, format_probability
from pilotage.core.formatting import format_number, format_percent

ITEM_FIGURES = ("p50", "p85", "status", "drift_days", "extra_cost", "cost_of_delay", "on_time_probability",
                "done_date")
DORA = {  # headline metric → (dora value path, band key, unit)
    "deployment_frequency": (("deployments_per_week",), "deployment_frequency", "per week"),
    "lead_time_for_changes": (("lead_time_hours", "p50"), "lead_time", "hours"),
    "change_failure_rate": (("change_failure_rate",), "change_failure_rate", "ratio"),
    "time_to_restore": (("time_to_restore_hours", "p50"), "time_to_restore", "hours"),
}
CATEGORIES = ("features", "tech debt", "bugs & incidents", "run / KTLO")
HEADLINES = ("throughput", "planning_accuracy", *DORA, *(f"allocation.{c}" for c in CATEGORIES))
SENTENCE_ITEMS = 4  # items named in the headline sentence; the rest are counted
STATUS_WORDS = {
    "en": {"green": "on track", "amber": "at risk", "red": "late", "no target": "without a target date"},
    "fr": {"green": "dans les temps", "amber": "à risque", "red": "en retard", "no target": "sans date cible"},
}
STATUS_RANK = {"green": 0, "no target": 1, "amber": 2, "red": 3}
def compare(old_views: Mapping, new_views: Mapping) -> dict:
    """The changes from `old_views` to `new_views` (see the module docstring for the shape)."""
    old_items, new_items = _roadmap(old_views), _roadmap(new_views)
    records = [_item(key, old_items.get(key), new_items[key]) for key in new_items]
    records += [_item(key, old_items[key], None) for key in old_items if key not in new_items]
    headlines = _headlines(old_views, new_views)
    currency = _meta(new_views).get("currency") or _meta(old_views).get("currency") or "EUR"
    old_as_of, new_as_of = _meta(old_views).get("as_of"), _meta(new_views).get("as_of")
    for r in records:
        r["why"] = explain(old_items, date.fromisoformat(old_as_of), new_items, date.fromisoformat(new_as_of),
                           r["key"]) if old_as_of and new_as_of and r["change"] != "added" else None
        target = _target_cause(r)
        r["target_moved"] = target is not None
        if target is not None and r["change"] == "unchanged":
            r["change"] = "moved"
        ref = date.fromisoformat(new_as_of) if new_as_of else None
        r["sentence"] = {lang: _item_sentence(r, currency, lang, ref=ref) for lang in ("en", "fr")} \
            if r["change"] != "unchanged" else None
    return {
        "old": {"as_of": old_as_of, "definitions_version": _meta(old_views).get("definitions_version")},
        "new": {"as_of": _meta(new_views).get("as_of"), "definitions_version": _meta(new_views).get("definitions_version")},
        "currency": currency,
        "items": records,
        "headlines": headlines,
        "ranked": [r["key"] for r in sorted((r for r in records if r["change"] != "unchanged"), key=_importance)],
        "sentence": {lang: _sentence(records, old_as_of, lang) for lang in ("en", "fr")},
        "delivery_sentence": _delivery_sentence(headlines),
    }


# --------------------------------------------------------------------------------------------------- items


def _meta(views: Mapping) -> Mapping:
    return views.get("meta") or {}


def _roadmap(views: Mapping) -> dict[str, Mapping]:
    return dict((views.get("metrics") or {}).get("roadmap") or {})


def item_figures(entry: Mapping) -> dict:
    """The figures of a roadmap entry (views["metrics"]["roadmap"][key]) that a comparison follows."""
    forecast = entry.get("forecast") or {}
    return {
        "p50": forecast.get("p50"), "p85": forecast.get("p85"), "status": entry.get("status"),
        "drift_days": entry.get("drift_days"), "extra_cost": entry.get("extra_cost"),
        "cost_of_delay": entry.get("cost_of_delay"), "on_time_probability": forecast.get("on_time_probability"),
        "done_date": (forecast.get("inputs") or {}).get("done_date"),
    }


def _days(old: str | None, new: str | None) -> int | None:
    if not old or not new:
        return None
    return (date.fromisoformat(new) - date.fromisoformat(old)).days


def _minus(old, new):
    if old is None or new is None:
        return None
    return round(new - old, 4)


def _item(key: str, old_entry: Mapping | None, new_entry: Mapping | None) -> dict:
    entry = new_entry or old_entry
    old = item_figures(old_entry) if old_entry is not None else None
    new = item_figures(new_entry) if new_entry is not None else None
    record = {"key": key, "name": entry.get("name") or key, "team": entry.get("team") or "",
              "key_item": bool(entry.get("key_item", True)), "old": old, "new": new}
    if old is None or new is None:
        record.update(change="added" if old is None else "removed", p50_days=None, p85_days=None,
                      drift_change_days=None, status_changed=False, extra_cost_change=None,
                      cost_of_delay_change=None, probability_change=None, finished=False)
        return record
    record.update(
        p50_days=_days(old["p50"], new["p50"]), p85_days=_days(old["p85"], new["p85"]),
        drift_change_days=_minus(old["drift_days"], new["drift_days"]),
        status_changed=old["status"] != new["status"],
        extra_cost_change=_minus(old["extra_cost"], new["extra_cost"]),
        cost_of_delay_change=_minus(old["cost_of_delay"], new["cost_of_delay"]),
        probability_change=_minus(old["on_time_probability"], new["on_time_probability"]),
        finished=bool(new["done_date"]) and not old["done_date"],
    )
    moved = (record["p85_days"] or record["p50_days"] or record["drift_change_days"] or record["status_changed"]
             or record["extra_cost_change"] or record["cost_of_delay_change"] or record["finished"]
             or (old["p85"] is None) != (new["p85"] is None))
    record["change"] = "moved" if moved else "unchanged"
    return record


# --------------------------------------------------------------------------------------------------- sentences


def _full_date(iso: str, lang: str) -> str:
    return format_date(date.fromisoformat(iso), lang, year=True)


def _shift(days: int, lang: str) -> str:
    """A signed move of a date: `+10 days`, `+2 weeks`, `about +5 weeks`, `-3 days` (weeks when exact or ≥ 3)."""
    sign = "+" if days > 0 else "−"
    n = abs(days)
    if n % 7 == 0 and n >= 7:
        weeks = n // 7
        unit = ("week" if weeks == 1 else "weeks") if lang == "en" else ("semaine" if weeks == 1 else "semaines")
        return f"{sign}{weeks} {unit}"
    if n < 21:
        unit = ("day" if n == 1 else "days") if lang == "en" else ("jour" if n == 1 else "jours")
        return f"{sign}{n} {unit}"
    weeks = round(n / 7)
    return f"{'about' if lang == 'en' else 'environ'} {sign}{weeks} {'weeks' if lang == 'en' else 'semaines'}"


def _money_change(amount: float, currency: str, lang: str) -> str:
    text = format_money(abs(amount), currency, lang)
    return ("+" if amount > 0 else "−") + text


def _target_cause(r: Mapping) -> dict | None:
    causes = (r.get("why") or {}).get("causes") or []
    return next((c for c in causes if c["cause"] == "target"), None)


def _causes_text(r: Mapping, lang: str) -> str:
    """": 2 items added (+5 d), pace −2 d" — the day-moving causes of the forecast's move, or ""."""
    text = causes_text(r.get("why"), lang)
    return (":" if lang == "en" else NBSP + ":") + " " + text if text else ""


def _item_sentence(r: Mapping, currency: str, lang: str, *, ref: date | None = None) -> str:
    en = lang == "en"
    name = r["name"]
    if r["change"] == "added":
        return f"{name}: new on the roadmap" if en else f"{name}{NBSP}: nouveau dans la feuille de route"
    if r["change"] == "removed":
        return f"{name}: no longer on the roadmap" if en else f"{name}{NBSP}: retiré de la feuille de route"
    old, new = r["old"], r["new"]
    parts = []
    if r["finished"]:
        done = _full_date(new["done_date"], lang)
        parts.append(f"finished on {done}" if en else f"terminé le {done}")
    elif r["p85_days"]:
        when = _full_date(new["p85"], lang)
        parts.append(f"{'forecast' if en else 'prévision'} {_shift(r['p85_days'], lang)} "
                     f"({'85% date' if en else f'date à 85{NBSP}%{NBSP}:'} {when}){_causes_text(r, lang)}")
    elif new["p85"] is None and old["p85"] is not None:
        parts.append("no forecast any more" if en else "plus de prévision")
    elif old["p85"] is None and new["p85"] is not None:
        when = _full_date(new["p85"], lang)
        parts.append(f"now forecast for {when} (85%)" if en else f"désormais prévu le {when} (85{NBSP}%)")
    if r["extra_cost_change"]:
        parts.append(_money_change(r["extra_cost_change"], currency, lang) + (" extra cost" if en else " de surcoût"))
    if r["cost_of_delay_change"]:
        parts.append(_money_change(r["cost_of_delay_change"], currency, lang)
                     + (" delayed benefits" if en else " de bénéfices retardés"))
    target = _target_cause(r)
    moved_target = target_phrase(target["detail"], lang, ref=ref) if target else None
    if r["status_changed"] and old["status"] and new["status"]:
        words = STATUS_WORDS[lang]
        now, was = words.get(new["status"], new["status"]), words.get(old["status"], old["status"])
        status = f"now {now} (was {was})" if en else f"désormais {now} (était {was})"
        chance = on_time_text(r.get("why"), lang)
        if moved_target:
            status += (" because " if en else " car ") + moved_target
        elif chance:  # the chance that crossed a threshold, and what moved it
            status += (": " if en else NBSP + ": ") + chance
        parts.insert(0, status)  # the status and why it changed lead the item's sentence
    elif moved_target:
        parts.insert(0, moved_target)
    if not parts and r["probability_change"]:
        chance = on_time_text(r.get("why"), lang)
        if not chance:  # the percentage shown did not move, or a side recorded none: the new figure alone
            p = format_probability(new["on_time_probability"], lang)
            chance = f"chance of meeting the target now {p}" if en else f"probabilité de tenir la date désormais {p}"
        parts.append(chance)
    if not parts:
        parts.append("forecast revised" if en else "prévision révisée")
    return f"{name}{':' if en else NBSP + ':'} " + ("; " if en else f"{NBSP}; ").join(parts)


def _importance(r: Mapping) -> tuple:
    """Order of the items in the sentence: key items first, worsened status, then slips (biggest first), then the
    items that moved earlier."""
    worse = 0
    if r["change"] == "moved" and r["status_changed"]:
        worse = STATUS_RANK.get(r["new"]["status"], 0) - STATUS_RANK.get(r["old"]["status"], 0)
    kind = {"moved": 0, "added": 1, "removed": 1}.get(r["change"], 2)
    later = r.get("p85_days") or 0
    return (kind, not r["key_item"], -max(worse, 0), later <= 0, -abs(later), -abs(r.get("extra_cost_change") or 0))


def _sentence(records: list[dict], old_as_of: str | None, lang: str) -> str:
    en = lang == "en"
    when = f" ({_full_date(old_as_of, lang)})" if old_as_of else ""
    head = f"Since last board{when}: " if en else f"Depuis le dernier comité{when}{NBSP}: "
    changed = sorted((r for r in records if r["change"] != "unchanged"), key=_importance)
    if not changed:
        return head + ("no roadmap forecast moved." if en else "aucune prévision de la feuille de route n'a bougé.")
    # one sentence per item: an item's own parts are separated by semicolons
    named = [r["sentence"][lang] for r in changed[:SENTENCE_ITEMS]]
    rest = len(changed) - SENTENCE_ITEMS
    if rest > 0:
        s = "s" if rest > 1 else ""
        named.append(f"{rest} other item{s} changed" if en else f"{rest} autre{s} élément{s} modifié{s}")
    return head + ". ".join(named) + "."


# --------------------------------------------------------------------------------------------------- headlines


def _get(block: Mapping | None, path: tuple[str, ...]):
    for part in path:
        if not isinstance(block, Mapping):
            return None
        block = block.get(part)
    return block


def _mean(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 4) if values else None


def _median(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return round(float(statistics.median(values)), 4) if values else None


def headline_values(views: Mapping) -> dict[tuple[str, str], dict]:
    """(scope, metric) → {value, band, unit} for one views document (scope: team name, or "*" for all teams)."""
    teams = (views.get("metrics") or {}).get("teams") or {}
    out: dict[tuple[str, str], dict] = {}
    weekly_totals: dict[str, float] = {}
    all_accuracy: list = []
    pooled = dict.fromkeys(CATEGORIES, 0)
    for team, block in teams.items():
        weekly = [w.get("items", 0) for w in block.get("throughput") or []]
        accuracy = [s.get("planning_accuracy") for s in block.get("sprints") or []]
        out[(team, "throughput")] = {"value": _median(weekly), "unit": "items per week"}
        out[(team, "planning_accuracy")] = {"value": _mean(accuracy), "unit": "ratio"}
        for w in block.get("throughput") or []:
            weekly_totals[w.get("week")] = weekly_totals.get(w.get("week"), 0) + (w.get("items") or 0)
        all_accuracy += accuracy
        for metric, (path, band_key, unit) in DORA.items():
            dora = block.get("dora") or {}
            out[(team, metric)] = {"value": _get(dora, path), "band": _get(dora, ("bands", band_key, "band")),
                                   "unit": unit}
        for a in block.get("allocation") or []:
            out[(team, f"allocation.{a.get('category')}")] = {"value": a.get("items_share"), "unit": "share"}
            if a.get("category") in pooled:
                pooled[a["category"]] += a.get("items") or 0
    if teams:
        out[("*", "throughput")] = {"value": _median(list(weekly_totals.values())), "unit": "items per week"}
        out[("*", "planning_accuracy")] = {"value": _mean(all_accuracy), "unit": "ratio"}
        total = sum(pooled.values())
        for category, n in pooled.items():
            out[("*", f"allocation.{category}")] = {"value": round(n / total, 4) if total else None, "unit": "share"}
    return out


def _headlines(old_views: Mapping, new_views: Mapping) -> list[dict]:
    old, new = headline_values(old_views), headline_values(new_views)
    order = {m: i for i, m in enumerate(HEADLINES)}
    keys = sorted(set(old) | set(new), key=lambda k: (k[0] != "*", k[0], order.get(k[1], len(order)), k[1]))
    rows = []
    for scope, metric in keys:
        o, n = old.get((scope, metric), {}), new.get((scope, metric), {})
        row = {"scope": scope, "metric": metric, "unit": n.get("unit") or o.get("unit"), "old": o.get("value"),
               "new": n.get("value"), "change": _minus(o.get("value"), n.get("value"))}
        if metric in DORA:
            row.update(old_band=o.get("band"), new_band=n.get("band"))
        rows.append(row)
    return rows


def _delivery_sentence(rows: list[dict]) -> dict | None:
    """Headline changes a board should hear about, or None when none is large enough."""
    picked = []
    for r in rows:
        if r["change"] is None and not (r["metric"] in DORA and r.get("old_band") != r.get("new_band")):
            continue
        if r["scope"] == "*" and r["metric"] == "throughput" and r["old"] and abs(r["change"]) >= 0.1 * r["old"]:
            picked.append(("throughput", r))
        elif r["scope"] == "*" and r["metric"] == "planning_accuracy" and abs(r["change"]) >= 0.05:
            picked.append(("planning_accuracy", r))
        elif r["metric"] in DORA and r.get("old_band") and r.get("new_band") and r["old_band"] != r["new_band"]:
            picked.append(("band", r))
    if not picked:
        return None
    out = {}
    for lang in ("en", "fr"):
        parts = []
        for kind, r in picked:
            if kind == "throughput":
                parts.append(f"{format_number(r['new'], lang)} {in_sentence('throughput', lang)} "
                             f"({'+' if r['change'] > 0 else '−'}{format_number(abs(r['change']), lang)})")
            elif kind == "planning_accuracy":
                points = format_number(abs(r["change"]) * 100, lang, 0)
                parts.append(f"{in_sentence('planning_accuracy', lang)} {format_percent(r['new'], lang)} "
                             f"({'+' if r['change'] > 0 else '−'}{points} pts)")
            else:
                new, old = BANDS[r["new_band"]][lang], BANDS[r["old_band"]][lang]
                words = in_sentence(r["metric"], lang)
                parts.append(f"{r['scope']}: {words} now in the {new} band (was {old})" if lang == "en"
                             else f"{r['scope']}{NBSP}: {words}, niveau désormais {new} (était {old})")
        head = "Delivery: " if lang == "en" else f"Livraison{NBSP}: "
        out[lang] = head + ("; " if lang == "en" else f"{NBSP}; ").join(parts) + "."
    return out
