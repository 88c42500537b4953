"""Decision options for the roadmap items at risk, and the money at stake (issue 14; choices explained in
docs/roadmap-decisions.md "Decision options").

For every item whose status is amber or red, the choices a COMEX can make, each with its date, its chance and its
€ effect, computed on the item's own Monte Carlo trials: `metrics.forecast.trial_paths` replays exactly the draws
of its forecast, so the difference between an option and today's forecast is the decision, never noise.

- `move_target`: commit to today's P85. Costs what the delay already implies; names who else moves.
- `cut_scope`: the fewest remaining pieces of work to remove (at least one left) for the on-time probability on
  today's target to reach the green threshold; candidates named (not started first, the oldest in progress last).
- `add_capacity`: the pace increase (fraction of today's pace: samples scaled) reaching the green threshold, capped
  at MAX_PACE_INCREASE; it costs that fraction of the owning team's weekly cost until the item lands (P85), and a
  lending team's items slow down by the share of its own pace it lends.
- `unblock` (items with dependencies): the forecast if each upstream item landed on its own target at the latest.

Options are computed exactly, not by search: with the same draws, a trial lands on time with r pieces left and a
pace × f exactly when the work it has done by the target (`work_done_by`) times f reaches r; the green threshold
then asks for that to hold in ceil(threshold × trials) trials (the nearest rank of METRICS.md).

Option record (JSON-safe): kind, feasible, reason {code, en, fr} | null, target_date, forecast {p50, p85,
on_time_probability} | null, extra_cost, cost_of_delay (the item's, with the option), saving (today's extra cost +
cost of delay − the option's, negative when it costs more), effects [{key, name, p85_days, extra_cost,
cost_of_delay}] (changes to other items), statement {en, fr}; cut_scope adds remove_items, remaining, candidates
[{key, name, stage, age_days}]; add_capacity adds pace_increase, capacity_cost_per_week, capacity_cost, lender
{team, share, effects} | null; unblock adds upstream [{key, name, target_date}].
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from metrics.forecast import (
    item_streams,
    landing_offsets,
    nearest_rank,
    propagate,
    rank_position,
    trial_paths,
    work_done_by,
)
from metrics.registry import Metric
from metrics.roadmap import RoadmapReport, report_json
from metrics.translate import delay_cost, format_date, format_duration, format_money, format_probability
from pilotage.core.workspace import Workspace

KINDS = ("move_target", "cut_scope", "add_capacity", "unblock")
MAX_PACE_INCREASE = 2.0  # +200%: beyond, adding people is not a plan
MAX_LENT_SHARE = 0.5  # a team lends at most half its pace (else it stops its own roadmap)


@dataclass(frozen=True)
class _Item:
    """One item's figures the options start from (offsets in days after as_of, nan when absent)."""

    row: int
    key: str
    name: str
    team: str
    remaining: int
    target: float
    baseline: float
    p85: float
    extra_cost: float
    cost_of_delay: float
    weekly_cost: float
    cost_of_delay_per_week: float


class _Trials:
    """The report's trials and the helpers every option shares (paths are drawn once per item, on demand)."""

    def __init__(self, report: RoadmapReport, ws: Workspace) -> None:
        self.report, self.ws, self.run = report, ws, report.run
        self.items = report.items
        self.keys = list(self.items["key"])
        self.as_of = report.as_of
        self.n = len(self.keys)
        self.green = ws.metrics.green_threshold
        self.needed = rank_position(self.green, report.trials)  # trials that must be on time
        self._paths: dict[int, np.ndarray] = {}
        self.on_time_work: dict[int, tuple] = {}
        self.all_items = [
            _Item(row, r.key, r.name, r.team, int(r.remaining), self.offset(r.target_date),
                  self.offset(r.baseline_date), self.offset(r.p85_date), _money(r.extra_cost), _money(r.cost_of_delay),
                  float(r.weekly_cost), float(r.cost_of_delay_per_week))
            for row, r in enumerate(self.items.itertuples())]
        self._paced = report.inputs.samples.max(axis=1, initial=0) > 0
        self.ids = list(self.items["id"])
        self.open_children = self._open_children(report.inputs.open_children)

    def _open_children(self, kids: pd.DataFrame) -> dict[str, list[dict]]:
        """Per roadmap item id, its remaining work: key, name, stage, age_days (since its start, None before)."""
        if kids.empty:
            return {}
        instant = pd.Timestamp(self.as_of + timedelta(days=1), tz="UTC")
        age = ((instant - kids["started_at"]).dt.total_seconds() / 86400).round(1)
        out: dict[str, list[dict]] = {}
        for parent, k, n, s, a in zip(kids["roadmap_parent"], kids["key"], kids["summary"], kids["stage"], age):
            out.setdefault(parent, []).append({"key": k, "name": n, "stage": s,
                                               "age_days": None if pd.isna(a) else float(a)})
        return out

    def item(self, row: int) -> _Item:
        return self.all_items[row]

    def offset(self, iso) -> float:
        return float((date.fromisoformat(iso) - self.as_of).days) if isinstance(iso, str) else math.nan

    def day(self, offset: float) -> str | None:
        return (self.as_of + timedelta(days=int(offset))).isoformat() if math.isfinite(offset) else None

    def has_pace(self, row: int) -> bool:
        """A forecast of its own work exists and can be replayed (work left, a pace to draw from)."""
        return self.run.reasons[row] is None and self.all_items[row].remaining > 0 and bool(self._paced[row])

    def paths(self, row: int, *, min_blocks: int = 0) -> np.ndarray:
        """The item's trial paths, drawn once far enough for every question asked here: its remaining work at half
        its pace (a lending team keeps at least half), and at least `min_blocks`."""
        cached = self._paths.get(row)
        if cached is None or cached.shape[1] < min_blocks:
            reach = self.all_items[row].remaining / (1 - MAX_LENT_SHARE)
            cached = trial_paths(self.report.inputs.samples[row], stream=item_streams(self.report.seed,
                                 [self.keys[row]])[0], trials=self.report.trials, reach=reach, min_blocks=min_blocks)
            self._paths[row] = cached
        return cached

    def upstream(self, row: int) -> dict[int, np.ndarray]:
        """Per dependency of the item, per trial, the earliest day it lets the item finish (its completion + lag)."""
        return {d: self.run.final[d] + lag for (j, d, lag) in self.run.edges if j == row}

    def dependencies(self, row: int) -> list[int]:
        return list(self.upstream(row))

    def downstream(self, own: Mapping[int, np.ndarray], final: Mapping[int, np.ndarray] | None = None
                   ) -> dict[int, np.ndarray]:
        """Completions after dependencies of the rows whose own work (`own`) or completion (`final`) changed, and
        of every row waiting on them; the other rows keep the report's (metrics.forecast.propagate on that part)."""
        final = dict(final or {})
        changed = set(own) | set(final)
        affected = set(changed)
        for row in self.run.order:
            if any(j == row and d in affected for (j, d, _) in self.run.edges):
                affected.add(row)
        fixed = {d for (j, d, _) in self.run.edges if j in affected and d not in affected}
        rows = [r for r in self.run.order if r in affected or r in fixed]
        local = {r: k for k, r in enumerate(rows)}
        start = np.stack([own.get(r, self.run.own[r]) if r in affected else self.run.final[r] for r in rows])
        edges = [(local[j], local[d], lag) for (j, d, lag) in self.run.edges if j in affected and d in local]
        done = propagate(start, edges, range(len(rows)), override={local[r]: v for r, v in final.items()})
        return {r: done[local[r]] for r in affected}

    def forecast(self, final: np.ndarray, target: float) -> dict:
        p50, p85 = nearest_rank(final, 0.5), nearest_rank(final, 0.85)
        chance = float((final <= target).mean()) if math.isfinite(target) else None
        return {"p50": self.day(p50), "p85": self.day(p85),
                "on_time_probability": None if chance is None else round(chance, 4)}

    def costs(self, item: _Item, p85: float) -> tuple[float, float]:
        """Extra cost and cost of delay of the item landing (P85) on day `p85` (METRICS.md "Business translation")."""
        drift = p85 - item.baseline if math.isfinite(p85) and math.isfinite(item.baseline) else None
        return (delay_cost(drift, item.weekly_cost) or 0.0, delay_cost(drift, item.cost_of_delay_per_week) or 0.0)

    def effects(self, finals: Mapping[int, np.ndarray], skip: set[int]) -> list[dict]:
        """How the other items' P85 and costs change (only those that move)."""
        out = []
        for row, final in sorted(finals.items()):
            if row in skip or self.run.reasons[row] is not None:
                continue
            before, after = self.run.p85[row], nearest_rank(final, 0.85)
            if not (math.isfinite(before) and math.isfinite(after)) or before == after:
                continue
            other = self.item(row)
            (x0, c0), (x1, c1) = self.costs(other, before), self.costs(other, after)
            out.append({"key": other.key, "name": other.name, "p85_days": int(after - before),
                        "extra_cost": round(x1 - x0, 2), "cost_of_delay": round(c1 - c0, 2)})
        return out


def _money(v) -> float:
    return 0.0 if v is None or pd.isna(v) else float(v)


# --------------------------------------------------------------------------------------------------- options


def decision_options(report: RoadmapReport, ws: Workspace) -> dict[str, list[dict]]:
    """Options by item key, for every amber or red item with a target date (see the module doc)."""
    trials = _Trials(report, ws)
    out: dict[str, list[dict]] = {}
    for row, status in enumerate(report.items["status"]):
        item = trials.item(row)
        if status not in ("amber", "red") or not math.isfinite(item.target):
            continue
        options = [_move_target(trials, item), _cut_scope(trials, item), _add_capacity(trials, item)]
        if trials.dependencies(row):
            options.append(_unblock(trials, item))
        out[item.key] = [_finish(o, item, trials) for o in options]
    return out


def _finish(option: dict, item: _Item, trials: _Trials) -> dict:
    """Common fields, the saving and the statement, in a fixed key order."""
    extra, delay = option.get("extra_cost"), option.get("cost_of_delay")
    saving = None if extra is None else round(item.extra_cost + item.cost_of_delay - extra - delay, 2)
    record = {"kind": option["kind"], "feasible": option["feasible"], "reason": None, "target_date": None,
              "forecast": None, "extra_cost": None, "cost_of_delay": None, "saving": saving, "effects": []}
    record.update({k: v for k, v in option.items() if k != "reason_params"})
    if record["extra_cost"] is not None:
        record["extra_cost"], record["cost_of_delay"] = round(extra, 2), round(delay, 2)
    if not option["feasible"]:
        params = option.get("reason_params", {})
        record["reason"] = {"code": option["reason"],
                            **{lang: REASONS[option["reason"]][i].format(**params) for i, lang in enumerate(LANGS)}}
    record["statement"] = {lang: statement(record, item, trials, lang) for lang in LANGS}
    return record


def _move_target(trials: _Trials, item: _Item) -> dict:
    if not math.isfinite(item.p85):
        return {"kind": "move_target", "feasible": False, "reason": "no_forecast"}
    final = trials.run.final[item.row]
    moved = trials.report.statements[item.key]["evidence"]["dependants"]
    effects = []
    for m in moved:  # what accepting the later date implies for the items waiting on it (its statement's shifts)
        other = trials.item(trials.keys.index(m["key"]))
        (x0, c0), (x1, c1) = trials.costs(other, other.p85 - m["shift_days"]), trials.costs(other, other.p85)
        effects.append({"key": other.key, "name": other.name, "p85_days": m["shift_days"],
                        "extra_cost": round(x1 - x0, 2), "cost_of_delay": round(c1 - c0, 2)})
    return {"kind": "move_target", "feasible": True, "target_date": trials.day(item.p85),
            "forecast": trials.forecast(final, item.p85), "extra_cost": item.extra_cost,
            "cost_of_delay": item.cost_of_delay, "effects": effects}


def _on_time_work(trials: _Trials, item: _Item) -> tuple[np.ndarray | None, dict | None]:
    """Per trial, the work done by the target when the dependencies allow landing by then (-inf when they do not);
    or the reason no pace or scope change can help (kept: cut and capacity both ask)."""
    if item.row not in trials.on_time_work:
        trials.on_time_work[item.row] = _work_by_target(trials, item)
    return trials.on_time_work[item.row]


def _work_by_target(trials: _Trials, item: _Item) -> tuple[np.ndarray | None, dict | None]:
    if not trials.has_pace(item.row):
        return None, {"reason": "no_pace"}
    upstream = trials.upstream(item.row)
    allowed = np.ones(trials.report.trials, dtype=bool)
    for bound in upstream.values():
        allowed &= bound <= item.target
    if allowed.sum() < trials.needed:
        late = [d for d, bound in upstream.items() if (bound <= item.target).sum() < trials.needed] or list(upstream)
        names = ", ".join(trials.item(d).name for d in late)
        return None, {"reason": "blocked", "reason_params": {"names": names}}
    paths = trials.paths(item.row, min_blocks=int(item.target // 7) + 1)
    return np.where(allowed, work_done_by(paths, item.target), -np.inf), None


def _enough(work: np.ndarray, needed: int) -> float:
    """The work reached by the `needed` best trials: the most that can be left for the threshold to hold."""
    return float(np.partition(work, len(work) - needed)[len(work) - needed])


def _with_own(trials: _Trials, item: _Item, own: np.ndarray) -> tuple[dict, dict[int, np.ndarray]]:
    finals = trials.downstream({item.row: own})
    final = finals[item.row]
    forecast = trials.forecast(final, item.target)
    return forecast, finals


def _cut_scope(trials: _Trials, item: _Item) -> dict:
    base = {"kind": "cut_scope", "remaining": item.remaining, "candidates": _candidates(trials, item)}
    if item.remaining <= 1:
        return base | {"feasible": False, "reason": "one_left"}
    work, why = _on_time_work(trials, item)
    if why:
        return base | {"feasible": False, **why}
    keep = math.floor(_enough(work, trials.needed) + 1e-9)  # pieces of work that can stay
    if keep < 1:
        return base | {"feasible": False, "reason": "not_enough", "reason_params": {"target": item.target}}
    cut = item.remaining - keep
    paths = trials.paths(item.row)
    forecast, finals = _with_own(trials, item, landing_offsets(paths, keep))
    extra, delay = trials.costs(item, trials.offset(forecast["p85"]))
    return base | {"feasible": True, "target_date": trials.day(item.target), "forecast": forecast,
                   "extra_cost": extra, "cost_of_delay": delay, "remove_items": cut,
                   "effects": trials.effects(finals, {item.row})}


def _candidates(trials: _Trials, item: _Item) -> list[dict]:
    """The remaining work of the item, in the order to consider cutting it: not started first (by key), then in
    progress from the most recently started (the oldest, closest to done, last)."""
    rows = trials.open_children.get(trials.ids[item.row], [])
    return sorted(rows, key=lambda r: (r["age_days"] is not None, r["age_days"] or 0, r["key"]))


def _add_capacity(trials: _Trials, item: _Item) -> dict:
    base = {"kind": "add_capacity", "pace_increase": None, "capacity_cost_per_week": None, "capacity_cost": None,
            "lender": None}
    work, why = _on_time_work(trials, item)
    if why:
        return base | {"feasible": False, **why}
    reached = _enough(work, trials.needed)
    if reached <= 0:  # nothing is finished by the target in enough trials, whatever the pace
        return base | {"feasible": False, "reason": "too_soon"}
    increase = max(0.01, math.ceil(round((item.remaining / reached - 1) * 100, 6)) / 100)  # whole percents, up
    if increase > MAX_PACE_INCREASE:
        return base | {"feasible": False, "reason": "capped", "pace_increase": increase,
                       "reason_params": {"needed": increase, "cap": MAX_PACE_INCREASE}}
    paths = trials.paths(item.row)
    forecast, finals = _with_own(trials, item, landing_offsets(paths, item.remaining / (1 + increase)))
    p85 = trials.offset(forecast["p85"])
    added = increase * float(trials.report.inputs.samples[item.row].mean())  # pieces of work per week
    # priced like the extra cost of a delay (METRICS.md): the item carries its owning team's whole weekly cost, so
    # x more pace costs x of that team's weekly cost, for as long as the item runs
    team_cost = next((t.weekly_cost for t in trials.ws.teams if t.name == item.team), item.weekly_cost)
    per_week = increase * team_cost
    capacity = per_week * p85 / 7
    extra, delay = trials.costs(item, p85)
    return base | {"feasible": True, "target_date": trials.day(item.target), "forecast": forecast,
                   "extra_cost": extra + capacity, "cost_of_delay": delay, "pace_increase": increase,
                   "capacity_cost_per_week": round(per_week, 2), "capacity_cost": round(capacity, 2),
                   "effects": trials.effects(finals, {item.row}), "lender": _lender(trials, item, added)}


def _lender(trials: _Trials, item: _Item, added: float) -> dict | None:
    """The other team that could lend the added pace (the fastest one for which it is at most MAX_LENT_SHARE of
    its own), and what lending does to its items: their samples scaled by (1 − share), same draws."""
    paces = {t: float(v.mean()) for t, v in trials.report.inputs.team_throughput.items() if t != item.team}
    able = [t for t, pace in paces.items() if pace > 0 and added / pace <= MAX_LENT_SHARE]
    if not able:
        return None
    team = max(able, key=lambda t: (paces[t], t))
    share = added / paces[team]
    own = {}
    for other in trials.all_items:
        if other.team == team and other.row != item.row and trials.has_pace(other.row):
            own[other.row] = landing_offsets(trials.paths(other.row), other.remaining / (1 - share))
    effects = trials.effects(trials.downstream(own), {item.row}) if own else []
    return {"team": team, "share": round(share, 4), "effects": effects}


def _unblock(trials: _Trials, item: _Item) -> dict:
    upstream = trials.dependencies(item.row)
    landed = {d: np.minimum(trials.run.final[d], trials.item(d).target) for d in upstream
              if math.isfinite(trials.item(d).target)}
    listed = [{"key": trials.keys[d], "name": trials.item(d).name,
               "target_date": trials.day(trials.item(d).target)} for d in upstream]
    if not landed or trials.run.reasons[item.row] is not None:
        return {"kind": "unblock", "feasible": False, "reason": "no_upstream_target", "upstream": listed}
    finals = trials.downstream({}, landed)
    forecast = trials.forecast(finals[item.row], item.target)
    extra, delay = trials.costs(item, trials.offset(forecast["p85"]))
    return {"kind": "unblock", "feasible": True, "target_date": trials.day(item.target), "forecast": forecast,
            "extra_cost": extra, "cost_of_delay": delay, "upstream": listed,
            "effects": trials.effects(finals, {item.row, *landed})}


def roadmap_entries(report: RoadmapReport, ws: Workspace) -> dict[str, dict]:
    """The export's roadmap section: metrics.roadmap.report_json with `options` on every entry ([] when the item
    is not at risk)."""
    options = decision_options(report, ws)
    return {key: entry | {"options": options.get(key, [])} for key, entry in report_json(report).items()}


# --------------------------------------------------------------------------------------------------- portfolio


def portfolio(report: RoadmapReport) -> dict:
    """Money at stake over the items not delivered yet (a delivered item's delay is spent, nothing left to
    decide): at_stake = Σ extra cost + cost of delay, with both sums."""
    open_ = report.items.loc[report.items["done_date"].isna()]
    extra = float(open_["extra_cost"].fillna(0).sum())
    delay = float(open_["cost_of_delay"].fillna(0).sum())
    return {"at_stake": round(extra + delay, 2), "extra_cost": round(extra, 2), "cost_of_delay": round(delay, 2)}


# --------------------------------------------------------------------------------------------------- statements

LANGS = ("en", "fr")
NBSP = "\u00a0"
REASONS: dict[str, tuple[str, str]] = {
    "no_forecast": ("it has no forecast to commit to", "il n'a pas de prévision sur laquelle s'engager"),
    "no_pace": ("there is no recent pace to replay", "aucun rythme récent à rejouer"),
    "blocked": ("it waits for {names}, which lands after its target",
                "il attend {names}, qui arrive après sa date cible"),
    "one_left": ("only one piece of work is left", "il ne reste qu'une tâche"),
    "not_enough": ("even one piece of work left would not land by then with enough confidence",
                   "même avec une seule tâche restante, la date ne serait pas tenue avec assez de confiance"),
    "too_soon": ("in too many of the replays no work at all is finished by then, whatever the pace",
                 "dans trop d'essais, aucun travail n'est terminé d'ici là, quel que soit le rythme"),
    "capped": ("it would need the pace to grow by more than the +200% cap",
               "il faudrait augmenter le rythme de plus que le plafond de +200\u00a0%"),
    "no_upstream_target": ("the items it waits for have no target date",
                           "les éléments qu'il attend n'ont pas de date cible"),
}


def statement(option: dict, item: _Item, trials: _Trials, lang: str) -> str:
    """The option in one or two sentences for the COMEX, e.g. "Cut 2 of the 6 remaining pieces of work: lands by
    11 Dec with 98% confidence, saves €30k." """
    currency, ref = trials.ws.currency, trials.as_of
    en = lang == "en"

    def day(iso: str | None) -> str:
        return format_date(date.fromisoformat(iso), lang, ref=ref) if iso else ""

    def money(x: float) -> str:
        return format_money(x, currency, lang)

    kind, f = option["kind"], option["forecast"]
    if not option["feasible"]:
        why = option["reason"][lang]
        head = {"move_target": ("Moving the target is not possible", "Décaler la date n'est pas possible"),
                "cut_scope": ("Cutting scope cannot make the target", "Réduire le périmètre ne permet pas de tenir "
                              "la date"),
                "add_capacity": ("Adding capacity cannot make the target", "Renforcer l'équipe ne permet pas de "
                                 "tenir la date"),
                "unblock": ("Unblocking cannot be measured", "L'effet d'un déblocage ne peut pas être mesuré")}
        return f"{head[kind][0 if en else 1]}: {why}." if en else f"{head[kind][1]}{NBSP}: {why}."
    chance = format_probability(f["on_time_probability"], lang)
    colon = ":" if en else f"{NBSP}:"
    saving = option["saving"]
    if saving is None or abs(saving) < 1:
        money_part = ""
    elif saving > 0:
        money_part = f", saves {money(saving)}" if en else f", économise {money(saving)}"
    else:
        money_part = f", costs {money(-saving)} more" if en else f", coûte {money(-saving)} de plus"
    moves = _moves(option["effects"], lang)
    if kind == "move_target":
        total = item.extra_cost + item.cost_of_delay
        text = (f"Move the target to {day(option['target_date'])}{colon} lands by then with {chance} confidence; "
                f"the delay costs {money(total)}" if en else
                f"Repousser la date au {day(option['target_date'])}{colon} tenue avec {chance} de confiance{NBSP}; "
                f"le retard coûte {money(total)}")
    elif kind == "cut_scope":
        text = (f"Cut {option['remove_items']} of the {option['remaining']} remaining pieces of work{colon} lands by "
                f"{day(option['target_date'])} with {chance} confidence{money_part}" if en else
                f"Retirer {option['remove_items']} des {option['remaining']} tâches restantes{colon} livré d'ici le "
                f"{day(option['target_date'])} avec {chance} de confiance{money_part}")
    elif kind == "add_capacity":
        pct = f"{round(option['pace_increase'] * 100)}%" if en else f"{round(option['pace_increase'] * 100)}{NBSP}%"
        weekly = money(option["capacity_cost_per_week"])
        text = (f"Raise the pace by {pct} ({weekly} a week){colon} lands by {day(option['target_date'])} with {chance} "
                f"confidence{money_part}" if en else
                f"Accélérer le rythme de {pct} ({weekly} par semaine){colon} livré d'ici le "
                f"{day(option['target_date'])} avec {chance} de confiance{money_part}")
        lender = option["lender"]
        if lender:
            slowed = _moves(lender["effects"], lang)
            text += (f". {lender['team']} could lend it" + (f", moving {slowed}" if slowed else "") if en else
                     f". {lender['team']} pourrait prêter ce rythme" + (f", ce qui décale {slowed}" if slowed else ""))
    else:
        names = ", ".join(u["name"] for u in option["upstream"])
        if option["effects"] == [] and f["p85"] == trials.day(item.p85):
            return (f"Even if {names} landed on target, {item.name} would not move: its own work is the constraint."
                    if en else f"Même si {names} tenait sa date, {item.name} ne bougerait pas{NBSP}: c'est son "
                    "propre travail qui limite.")
        text = (f"If {names} landed on target{colon} lands around {day(f['p85'])} ({chance} chance of "
                f"{day(option['target_date'])}){money_part}" if en else
                f"Si {names} tenait sa date{colon} livré vers le {day(f['p85'])} ({chance} de chances pour le "
                f"{day(option['target_date'])}){money_part}")
    if moves and kind != "add_capacity" or moves and kind == "add_capacity" and not option["lender"]:
        text += f"; moves {moves}" if en else f"{NBSP}; décale {moves}"
    return text + "."


def _moves(effects: list[dict], lang: str) -> str:
    """`New checkout by 2 weeks` / `New checkout 2 weeks earlier` (and the French), joined."""
    parts = []
    for e in effects:
        days = e["p85_days"]
        if days > 0:
            parts.append(f"{e['name']} by {format_duration(days, lang)}" if lang == "en" else
                         f"{e['name']} de {format_duration(days, lang)}")
        else:
            parts.append(f"{e['name']} {format_duration(-days, lang)} earlier" if lang == "en" else
                         f"{e['name']} avancé de {format_duration(-days, lang)}")
    return ", ".join(parts)


# --------------------------------------------------------------------------------------------------- registry

_NEEDS = ("issues", "status_changes", "field_changes", "statuses")
METRICS = (
    Metric(
        "decision_options",
        "options",
        _NEEDS,
        "metrics.options.decision_options",
        name={"en": "Decision options", "fr": "Options de décision"},
        definition={
            "en": "For each item at risk, the choices and what each changes, on the same 10,000 replays as its "
            "forecast: move the target to the 85% date; cut the fewest pieces of work that bring the chance of "
            "the current target to 85%; add the pace that does the same (at most +200%, at the owning team's "
            "cost; what a team lending it would lose); or, when it waits for other items, what happens if they "
            "land on their own target.",
            "fr": "Pour chaque chantier à risque, les choix possibles et ce que chacun change, sur les mêmes 10 000 "
            "essais que sa prévision : repousser la date cible à la date à 85 % ; retirer le moins de tâches "
            "possible pour ramener à 85 % la probabilité de tenir la date actuelle ; accélérer le rythme pour le "
            "même résultat (au plus +200 %, au coût de l'équipe propriétaire ; ce que perdrait une équipe qui "
            "prête ce rythme) ; ou, s'il attend d'autres chantiers, ce qui se passe s'ils tiennent leur date.",
        },
        export_keys=("options", "kind", "feasible", "saving", "effects", "p85_days", "remove_items", "candidates",
                     "stage", "age_days", "pace_increase", "capacity_cost_per_week", "capacity_cost", "lender",
                     "share", "upstream"),
    ),
    Metric(
        "at_stake",
        "currency",
        _NEEDS,
        "metrics.options.portfolio",
        name={"en": "Total at stake", "fr": "Total en jeu"},
        definition={
            "en": "What the delays of the roadmap items not delivered yet cost: extra team time plus the value not "
            "earned, added over the items.",
            "fr": "Ce que coûtent les retards des chantiers pas encore livrés : le temps d'équipe en plus et la "
            "valeur non réalisée, additionnés sur tous les chantiers.",
        },
        export_keys=("portfolio", "at_stake", "since_last_snapshot", "change"),
    ),
)
