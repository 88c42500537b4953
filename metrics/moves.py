"""Why a forecast moved: the move of a roadmap item's P85 and € figures between two states, split into named
causes by replaying the forecast with one input changed at a time, with the same random numbers (issue 13).

A state is the item's roadmap entry (`metrics.roadmap.roadmap_json`, or the same entry frozen in a snapshot) at
an as_of: its recorded forecast inputs (remaining, block samples, done date, dependencies, seed, trials), target,
baseline and cost rates. Every item draws from its own key's stream (`metrics.forecast.item_streams`), so a
replay only differs from the recorded forecast by the inputs it changes.

The replay goes from the old state to the new one, one input at a time; each step's difference is its cause:
1. `time`: the old inputs replayed at the new as_of (the days that passed; a finished item does not move);
2. `scope`: the item's remaining count (and done date) of the new state (work items added, removed, finished);
3. `pace`: its block samples of the new state (the history drawn from changed), with the new team cost rates;
4. `dependency`: the upstream items (and the declared dependencies and lags) of the new state;
5. `target`: the new target and baseline (no P85 move; the € figures follow the baseline). Shown whenever the
   target moved, with from / to and when, so a moved target is never folded into a status change;
6. `method`: what the replay cannot explain (a snapshot made with other definitions, seed or trials).
The parts add up to the total exactly (each is a difference of consecutive steps). Causes that moved nothing
are left out, except a moved target.

The on-time probability is split the same way (each step's trials against the old target, the `target` step
against the new one), so a status that changed while the P85 barely moved still has its causes: one day with no
work finished can move the chance of meeting a date by 25 points (landing days cluster on whole blocks from the
as_of day, and a target on such a day loses the cluster; docs/roadmap-decisions.md).

`explain(old_entries, old_as_of, new_entries, new_as_of, key)` → {since, p85_days, extra_cost, cost_of_delay,
on_time: {from, to} | null, causes: [{cause, days, extra_cost, cost_of_delay, on_time_points, detail}]}, or None
when the item is on one side only. `days` are whole days (positive = later); money in the workspace currency
(rounded to the cent); `on_time_points` the change of the on-time probability in percentage points (2 decimals:
whole trials of 10,000, so the parts add up to to − from exactly). `p85_days` and the causes' days are null when
either side has no forecast date (then only a target move is listed); `on_time` and the points are null when either
side has no on-time probability (no forecast or no target).
`cause_phrase(cause, lang)` words one cause for a sentence ("2 items added (+5 d)"; `cause_label` without the
days); `causes_text(change, lang)`
all the day-moving ones ("time passed +7 d, 2 items added (+5 d), pace −2 d"); `target_phrase(detail, lang)` a
moved target ("its target moved from 18 Dec to 15 Jan on 13 Nov"); `on_time_text(change, lang)` the move of the
chance of meeting the target with its causes ("chance of meeting the target 72% → 48% (time passed −18 pts,
pace −6 pts)").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

import numpy as np

from metrics.forecast import item_streams, lag_days, nearest_rank, simulate_days
from metrics.translate import NBSP, format_date, format_probability, probability_floor

CAUSES = ("time", "scope", "pace", "dependency", "target", "method")  # in replay order; "method" is the rest


def _inputs(entry: Mapping) -> Mapping:
    return (entry.get("forecast") or {}).get("inputs") or {}


def _samples(entry: Mapping) -> np.ndarray:
    inputs = _inputs(entry)
    values = inputs.get("block_samples", inputs.get("weekly_samples")) or []  # weekly_samples: pre-v2 snapshots
    return np.asarray(values, dtype=float)


def _iso(value) -> date | None:
    return date.fromisoformat(value[:10]) if isinstance(value, str) else None


class _World:
    """Landing days (absolute, as date ordinals, per trial) of items whose inputs can be mixed from two states."""

    def __init__(self, seed: int, trials: int) -> None:
        self.seed, self.trials = seed, trials
        self._own: dict[tuple, np.ndarray] = {}

    def own(self, key: str, entry: Mapping, as_of: date) -> np.ndarray | None:
        """The item's own landing days, None without a forecast."""
        inputs = _inputs(entry)
        if "remaining" not in inputs or self.trials <= 0:
            return None  # a document without recorded inputs cannot be replayed
        remaining = int(inputs.get("remaining") or 0)
        done = _iso(inputs.get("done_date"))
        if remaining <= 0 and done is not None:
            return np.full(self.trials, float(done.toordinal()))
        samples = _samples(entry)
        if (entry.get("forecast") or {}).get("reason") is not None and not _reason_is_upstream(entry):
            return None
        if remaining > 0 and (samples.size == 0 or samples.max() <= 0):
            return None
        memo = (key, as_of, remaining, tuple(samples))
        if memo not in self._own:
            days = simulate_days(samples[None, :] if samples.size else np.zeros((1, 1)), np.array([remaining]),
                                 streams=item_streams(self.seed, [key]), trials=self.trials)[0]
            self._own[memo] = days + as_of.toordinal()
        return self._own[memo]

    def final(self, key: str, entry: Mapping, as_of: date, upstream: Mapping[str, Mapping],
              seen: frozenset = frozenset()) -> np.ndarray | None:
        """Landing days after the item's dependencies (looked up in `upstream`, at the same as_of)."""
        own = self.own(key, entry, as_of)
        if own is None:
            return None
        inputs = _inputs(entry)
        if int(inputs.get("remaining") or 0) <= 0 and _iso(inputs.get("done_date")):
            return own  # a finished item waits for nothing
        out = own
        for dep in inputs.get("dependencies") or []:
            other = upstream.get(dep["key"])
            if other is None or dep["key"] in seen:
                return None
            before = self.final(dep["key"], other, as_of, upstream, seen | {key})
            if before is None:
                return None
            out = np.maximum(out, before + lag_days(dep.get("lag_weeks") or 0))
        return out


def _reason_is_upstream(entry: Mapping) -> bool:
    reason = (entry.get("forecast") or {}).get("reason") or {}
    return reason.get("code") == "dependency_no_forecast"


def _p85(days: np.ndarray | None) -> int | None:
    if days is None:
        return None
    value = nearest_rank(days, 0.85)
    return int(value) if np.isfinite(value) else None


def _money(p85: int | None, baseline: date | None, per_week: float) -> float | None:
    """max(drift, 0) ÷ 7 × a weekly rate (metrics.translate.delay_cost), drift = P85 − baseline in days."""
    if p85 is None or baseline is None:
        return None
    return max(p85 - baseline.toordinal(), 0) / 7 * per_week


def _minus(a, b):
    return None if a is None or b is None else b - a


def _on_time(days: np.ndarray | None, target: date | None) -> float | None:
    """Share of the trials landing on or before the target (METRICS.md "On-time probability")."""
    if days is None or target is None:
        return None
    return float(np.mean(days <= target.toordinal()))


def _points(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round((b - a) * 100, 2)


def explain(old_entries: Mapping[str, Mapping], old_as_of: date, new_entries: Mapping[str, Mapping],
            new_as_of: date, key: str) -> dict | None:
    """The item's move from the old state to the new one, split into causes (see the module doc)."""
    old, new = old_entries.get(key), new_entries.get(key)
    if old is None or new is None:
        return None
    forecast = new.get("forecast") or {}
    world = _World(int(forecast.get("seed") or 0), int(forecast.get("trials") or 0))
    old_in, new_in = _inputs(old), _inputs(new)
    scoped = {**old, "forecast": {**(old.get("forecast") or {}), "inputs": {
        **old_in, "remaining": new_in.get("remaining"), "done_date": new_in.get("done_date")}}}
    paced = {**scoped, "forecast": {**scoped["forecast"], "inputs": {
        **scoped["forecast"]["inputs"], "block_samples": list(_samples(new)), "source": new_in.get("source")},
        "reason": forecast.get("reason")}}
    steps = [  # (step, landing days per trial after the step, the state whose team cost rate applies)
        ("start", world.final(key, old, old_as_of, old_entries), old),
        ("time", world.final(key, old, new_as_of, old_entries), old),
        ("scope", world.final(key, scoped, new_as_of, old_entries), old),
        ("pace", world.final(key, paced, new_as_of, old_entries), new),
        ("dependency", world.final(key, new, new_as_of, new_entries), new),
    ]
    p85 = [_p85(days) for _, days, _ in steps]
    old_baseline, new_baseline = _iso(old.get("baseline_date")), _iso(new.get("baseline_date"))
    rates = [(_rate(costs, "weekly_cost"), _rate(old, "cost_of_delay_per_week")) for _, _, costs in steps]
    extra = [_money(p, old_baseline, r[0]) for p, r in zip(p85, rates)]
    delay = [_money(p, old_baseline, r[1]) for p, r in zip(p85, rates)]
    final_rates = (_rate(new, "weekly_cost"), _rate(new, "cost_of_delay_per_week"))
    extra.append(_money(p85[-1], new_baseline, final_rates[0]))
    delay.append(_money(p85[-1], new_baseline, final_rates[1]))
    p85.append(p85[-1])
    old_target, new_target = _iso(old.get("target_date")), _iso(new.get("target_date"))
    chance = [_on_time(days, old_target) for _, days, _ in steps] + [_on_time(steps[-1][1], new_target)]

    recorded = [_iso((e.get("forecast") or {}).get("p85")) for e in (old, new)]
    recorded_chance = [(e.get("forecast") or {}).get("on_time_probability") for e in (old, new)]
    total_points = _points(*recorded_chance)
    chance_decomposed = None not in chance and total_points is not None
    total_days = None if None in recorded else (recorded[1] - recorded[0]).days
    total_extra = _minus(old.get("extra_cost"), new.get("extra_cost"))
    total_delay = _minus(old.get("cost_of_delay"), new.get("cost_of_delay"))
    causes = []
    details = _details(old, new, old_as_of, new_as_of, old_entries, new_entries)
    decomposed = None not in p85 and total_days is not None
    for i, cause in enumerate(CAUSES[:-1]):  # all but "method", in replay order
        days = p85[i + 1] - p85[i] if decomposed else None
        cause_extra, cause_delay = _minus(extra[i], extra[i + 1]), _minus(delay[i], delay[i + 1])
        points = _points(chance[i], chance[i + 1]) if chance_decomposed else None
        moved = bool(days) or bool(cause_extra and round(cause_extra, 2)) or bool(cause_delay and round(cause_delay, 2))
        if (cause == "target" and details["target"] is not None) or (decomposed and moved) or points:
            causes.append(_cause(cause, days, cause_extra, cause_delay, points, details[cause]))
    rest_points = round(total_points - _points(chance[0], chance[-1]), 2) if chance_decomposed else None
    rest_days, rest_extra, rest_delay = (
        (total_days - (p85[-1] - p85[0]), _minus(_minus(extra[0], extra[-1]), total_extra),
         _minus(_minus(delay[0], delay[-1]), total_delay)) if decomposed else (None, None, None))
    if rest_days or any(x is not None and round(x, 2) for x in (rest_extra, rest_delay)) or rest_points:
        causes.append(_cause("method", rest_days, rest_extra, rest_delay, rest_points, {}))
    return {"since": old_as_of.isoformat(), "p85_days": total_days,
            "extra_cost": None if total_extra is None else round(total_extra, 2),
            "cost_of_delay": None if total_delay is None else round(total_delay, 2),
            "on_time": None if total_points is None else {"from": recorded_chance[0], "to": recorded_chance[1]},
            "causes": causes}


def _rate(entry: Mapping, name: str) -> float:
    return float(_inputs(entry).get(name) or 0.0)


def _cause(cause: str, days, extra, delay, points, detail: dict) -> dict:
    return {"cause": cause, "days": days, "extra_cost": None if extra is None else round(extra, 2),
            "cost_of_delay": None if delay is None else round(delay, 2), "on_time_points": points, "detail": detail}


def _details(old: Mapping, new: Mapping, old_as_of: date, new_as_of: date, old_entries: Mapping,
             new_entries: Mapping) -> dict:
    old_in, new_in = _inputs(old), _inputs(new)
    was = set(((old.get("statement") or {}).get("evidence") or {}).get("remaining") or [])
    now = set(((new.get("statement") or {}).get("evidence") or {}).get("remaining") or [])
    old_samples, new_samples = _samples(old), _samples(new)
    upstream = sorted({d["key"] for e in (old_in, new_in) for d in e.get("dependencies") or []})
    moved_upstream = [k for k in upstream
                      if ((old_entries.get(k) or {}).get("forecast") or {}).get("p85")
                      != ((new_entries.get(k) or {}).get("forecast") or {}).get("p85")]
    return {
        "time": {"from": old_as_of.isoformat(), "to": new_as_of.isoformat()},
        "scope": {"remaining_from": int(old_in.get("remaining") or 0), "remaining_to": int(new_in.get("remaining") or 0),
                  "entered": len(now - was), "left": len(was - now),
                  "finished": bool(new_in.get("done_date")) and not old_in.get("done_date")},
        "pace": {"per_block_from": round(float(old_samples.mean()), 4) if old_samples.size else None,
                 "per_block_to": round(float(new_samples.mean()), 4) if new_samples.size else None},
        "dependency": {"keys": moved_upstream or upstream,
                       "names": [(new_entries.get(k) or old_entries.get(k) or {}).get("name") or k
                                 for k in (moved_upstream or upstream)]},
        "target": _target_move(old, new, old_as_of),
    }


def _target_move(old: Mapping, new: Mapping, old_as_of: date) -> dict | None:
    """{from, to, at} when the target differs between the two states (at: the day it was set, from the new
    state's target history; null when the workspace set it)."""
    before, after = old.get("target_date"), new.get("target_date")
    if before == after:
        return None
    since = datetime.combine(old_as_of + timedelta(days=1), datetime.min.time()).isoformat()
    at = None
    for change in new.get("target_history") or []:
        if change.get("date") == after and (change.get("at") or "") >= since:
            at = change["at"][:10]
    return {"from": before, "to": after, "at": at}


# --------------------------------------------------------------------------------------------------- words

_WORDS = {
    "en": {"time": "time passed", "pace": "pace", "dependency": "{names} moved", "method": "forecast method",
           "entered": "{n} item{s} added", "left": "{n} item{s} done or removed", "finished": "finished",
           "scope": "scope", "target": "new target", "day": "d", "points": "pts",
           "chance": "chance of meeting the target {old} → {new}"},
    "fr": {"time": "temps écoulé", "pace": "rythme", "dependency": "{names} a bougé", "method": "méthode de prévision",
           "entered": "{n} élément{s} ajouté{s}", "left": "{n} élément{s} terminé{s} ou retiré{s}",
           "finished": "terminé", "scope": "périmètre", "target": "nouvelle date cible", "day": "j", "points": "pts",
           "chance": "probabilité de tenir la date {old} → {new}"},
}


def signed_days(days: int, lang: str) -> str:
    """`+5 d` / `−2 d` (`+5 j` in French), no-break space inside."""
    return f"{'+' if days > 0 else '−'}{abs(days)}{NBSP}{_WORDS[lang]['day']}"


def target_phrase(move: Mapping, lang: str, *, ref: date | None = None) -> str:
    """"its target moved from 18 Dec to 15 Jan on 13 Nov" (a set or cleared target says so)."""
    en = lang == "en"
    before, after, at = _iso(move.get("from")), _iso(move.get("to")), _iso(move.get("at"))
    when = (f" on {format_date(at, lang, ref=ref)}" if en else f" le {format_date(at, lang, ref=ref)}") if at else ""
    if before and after:
        return (f"its target moved from {format_date(before, lang, ref=ref)} to {format_date(after, lang, ref=ref)}"
                f"{when}" if en else f"sa date cible est passée du {format_date(before, lang, ref=ref)} au "
                f"{format_date(after, lang, ref=ref)}{when}")
    if after:
        return (f"a target was set for {format_date(after, lang, ref=ref)}{when}" if en
                else f"une date cible a été fixée au {format_date(after, lang, ref=ref)}{when}")
    return f"its target was removed{when}" if en else f"sa date cible a été retirée{when}"


def cause_label(cause: Mapping, lang: str) -> str:
    """A cause in words without its amount: "2 items added", "Cloud migration moved", "pace"."""
    words, detail = _WORDS[lang], cause.get("detail") or {}
    if cause["cause"] == "scope":
        if detail.get("finished"):
            return words["finished"]
        parts = [words[k].format(n=detail[k], s="s" if detail[k] > 1 else "")
                 for k in ("entered", "left") if detail.get(k)]
        return ", ".join(parts) or words["scope"]
    if cause["cause"] == "dependency":
        return words["dependency"].format(names=", ".join(detail.get("names") or []) or "?")
    return words[cause["cause"]]


def cause_phrase(cause: Mapping, lang: str) -> str:
    """One day-moving cause in words with its days: "2 items added (+5 d)", "pace −2 d", "time passed +7 d"."""
    label, days = cause_label(cause, lang), cause.get("days") or 0
    if not days:
        return label
    shift = signed_days(days, lang)
    return f"{label} ({shift})" if cause["cause"] in ("scope", "dependency") else f"{label} {shift}"


def causes_text(change: Mapping | None, lang: str) -> str:
    """The causes that moved the P85 (not the target), in words, comma-separated; "" when none."""
    causes = [c for c in (change or {}).get("causes") or [] if c["cause"] != "target" and c.get("days")]
    return ", ".join(cause_phrase(c, lang) for c in causes)


def on_time_text(change: Mapping | None, lang: str, *, at_least: int = 1) -> str:
    """"chance of meeting the target 72% → 48% (time passed −18 pts, pace −6 pts)": the move of the on-time
    probability as shown (rounded down, METRICS.md), with the causes that moved it in whole points adding up to the
    move shown; "" when the shown percentage moved less than `at_least` points or is unknown."""
    on_time = (change or {}).get("on_time")
    if not on_time:
        return ""
    shown = [probability_floor(on_time[side]) for side in ("from", "to")]
    total = round((shown[1] - shown[0]) * 100)
    if not total or abs(total) < at_least:
        return ""
    causes = [c for c in change["causes"] if c.get("on_time_points")]
    parts = [f"{cause_label(c, lang)} {_signed_points(n, lang)}"
             for c, n in zip(causes, apportion([c["on_time_points"] for c in causes], total)) if n]
    words = _WORDS[lang]["chance"].format(old=format_probability(on_time["from"], lang),
                                          new=format_probability(on_time["to"], lang))
    return f"{words} ({', '.join(parts)})" if parts else words


def _signed_points(points: int, lang: str) -> str:
    return f"{'+' if points > 0 else '−'}{abs(points)}{NBSP}{_WORDS[lang]['points']}"


def apportion(values: list[float], total: int) -> list[int]:
    """Whole numbers near `values` that add up to `total` (largest remainders): the parts of a move shown in whole
    points add up to the move shown."""
    if not values:
        return []
    whole = [round(v) for v in values]
    gap = total - sum(whole)
    step = 1 if gap > 0 else -1
    order = sorted(range(len(values)), key=lambda i: (values[i] - whole[i]) * step, reverse=True)
    for n in range(abs(gap)):
        whole[order[n % len(order)]] += step
    return whole
