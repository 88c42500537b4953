"""Roadmap items, their drift ledger, scope growth, forecasts and business translation (METRICS.md "Roadmap
items, drift and forecast" and "Business translation"). Choices where the contract is silent are explained in
docs/roadmap-decisions.md.

Two steps, so a what-if (metrics.whatif) can change assumptions without re-reading the data:
- `roadmap_inputs(ds, ws, *, as_of)` reads the data: items, children, target history, block samples.
- `evaluate(inputs, ws, *, seed=None, trials=None)` runs the Monte Carlo forecast (metrics.forecast), then
  drift, status, costs, statements and the portfolio line.
`roadmap_report(ds, ws, *, as_of, seed=None)` does both; `roadmap_json(...)` is its JSON form for the export.

Items frame (`RoadmapReport.items`, one row per roadmap item, declared items first in workspace order, then the
other epics by key). Dates are ISO text (`YYYY-MM-DD`, NaN when absent), like the canonical model's dates:
- key (Jira epic key or the workspace's own key), id (namespaced epic id, NaN for an item not in Jira), name
  (declared business name, else the epic's summary, else the key), team (declared, else the team of the epic's
  project, "" when none), project, url, declared, in_jira, key_item (bool)
- children, in_progress_children, remaining, completed_in_window (work items, int): children are work items (not
  sub-tasks) whose parent at as_of is the item; remaining are those not done at as_of; completed_in_window those
  counted as done in the window
- sample_source ("own children" | "team share" | NaN), team_items_in_progress (Int64: the team-share divisor)
- blocked (reason code known before simulating: not_in_jira, no_children, no_team; NaN otherwise)
- done_date (the last child's done day when every child is done, else NaN)
- baseline_date, baseline_source ("workspace" | "due date" | "fix version" | "workspace target"),
  baseline_set_at (UTC timestamp the first Jira target was set), target_date, target_source ("workspace" |
  "due date" | "fix version"), slips (int: moves later), slip_days (int: days added by those moves)
- children_at_baseline (Int64: children at baseline_set_at), scope_growth (Int64: children − that),
  scope_growth_pct (float, NaN when nothing was there at the baseline)
- cost_of_delay_per_week (float, workspace currency)
Added by `evaluate`:
- p50_date, p85_date (nearest rank over the trials, after dependencies), on_time_probability (float 0–1, NaN
  without target or forecast), reason (code of metrics.translate.REASONS when there is no forecast)
- drift_days (Int64: p85 − baseline, days, positive = late), status (green / amber / red / no target),
  portfolio_group (metrics.translate.PORTFOLIO_GROUPS)
- weekly_cost (float: Σ share × team weekly cost), extra_cost, cost_of_delay (float, NaN when drift is unknown)
- statement_kind (metrics.translate.statement_kind)

Ledger frame (`RoadmapReport.ledger`, the target-date history up to as_of, one row per change of the target):
key, item_id, at (UTC timestamp), target_date (ISO text, NaN when cleared), change_days (Int64: days moved
against the previous target; NaN for the first setting or a clearing), kind (set / later / earlier / cleared),
source (due date / fix version), value (the Jira field's own text: due date or fix version names).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from metrics.forecast import (
    HORIZON_BLOCKS,
    dependency_order,
    distribution,
    item_streams,
    lag_days,
    nearest_rank,
    on_time_probability,
    propagate,
    simulate_days,
)
from metrics.history import date_source_field, field_history, value_at
from metrics.moves import explain
from metrics.registry import Metric
from metrics.translate import (
    ItemFacts,
    Reason,
    cost_shares,
    delay_cost,
    portfolio_group,
    portfolio_line,
    statement,
    statement_kind,
    weekly_cost,
)
from metrics.windows import as_of_instant, forecast_blocks, forecast_window
from metrics.work import WorkItems, block_counts, work_items
from pilotage.core.model import Dataset
from pilotage.core.workspace import Dependency, Workspace

OWN, TEAM_SHARE = "own children", "team share"
MIN_OWN_COMPLETIONS = 3
BASELINE_LINK = "workspace target"


@dataclass(frozen=True)
class RoadmapInputs:
    """Everything the forecast reads from the data, at one as_of (no randomness).

    `items`: the items frame up to `cost_of_delay_per_week` (see the module doc), row i ↔ `samples[i]`.
    `samples`: float (items, blocks) — block values the item's trials draw from (own completions per 7-day block of
    the forecast window, or the team's ÷ team_items_in_progress), oldest first; zeros when there is no source.
    `blocks`: first day (ISO) of each forecast-window block, oldest first (the last is as_of − 6 days). `remaining_ids`, `completed_by_team`: per item, ids of children not done; completed children in
    the forecast window per team. `team_throughput`: per team, counted completions per forecast-window block.
    `depends_on`: per item key, its declared dependencies. `ledger`: the ledger frame.
    """

    as_of: date
    blocks: tuple[str, ...]
    items: pd.DataFrame
    samples: np.ndarray
    remaining_ids: tuple[tuple[str, ...], ...]
    completed_by_team: tuple[dict[str, int], ...]
    team_throughput: dict[str, np.ndarray]
    depends_on: dict[str, tuple[Dependency, ...]]
    ledger: pd.DataFrame
    open_children: pd.DataFrame = field(default_factory=pd.DataFrame)  # metrics.options' cut candidates


@dataclass
class RoadmapReport:
    """The roadmap at one as_of: items frame, ledger, forecasts and their trials, statements, portfolio line.

    `completions`: per item key, the completion offsets of every trial in days after as_of, after dependencies
    (float array; inf beyond the horizon; absent for items without a forecast) — `distribution(key)` makes the
    chart's histogram. `forecasts`: per key, the forecast record of `roadmap_json` (figures, seed, trials, inputs).
    `statements`: per key, {kind, en, fr, evidence}. `portfolio`: {en, fr}.
    """

    as_of: date
    seed: int
    trials: int
    items: pd.DataFrame
    ledger: pd.DataFrame
    completions: dict[str, np.ndarray]
    forecasts: dict[str, dict]
    statements: dict[str, dict]
    portfolio: dict[str, str]
    inputs: RoadmapInputs = field(repr=False)
    run: _Run | None = field(default=None, repr=False)  # the trials, for decision options (metrics.options)
    trail: dict[str, list[dict]] = field(default_factory=dict)
    changes: dict[str, dict | None] = field(default_factory=dict)

    def distribution(self, key: str) -> pd.DataFrame:
        """Completion dates of the item's trials: date, trials, share, cumulative (metrics.forecast.distribution)."""
        if key not in self.completions:
            return distribution(np.array([]), as_of=self.as_of)
        return distribution(self.completions[key], as_of=self.as_of)

    @cached_property
    def target_histories(self) -> dict[str, list[dict]]:
        """Per item key, its `target_history` entries (see roadmap_json): the ledger read once for every item."""
        return {key: [{"at": e.at.isoformat().replace("+00:00", "Z"), "date": e.target_date, "kind": e.kind,
                       "change_days": e.change_days, "source": e.source} for e in entries]
                for key, entries in _entries_by_key(self.ledger).items()}

    def item(self, key: str) -> dict:
        """The item's JSON entry (see roadmap_json)."""
        return _entry(self, self.items.set_index("key").loc[key])


# --------------------------------------------------------------------------------------------------- inputs


def roadmap_inputs(ds: Dataset, ws: Workspace, *, as_of: date, scope_growth: bool = True,
                   work: pd.DataFrame | None = None) -> RoadmapInputs:
    """Read the roadmap items, their children, target history and block samples from the data (see module doc).

    `scope_growth=False` leaves children_at_baseline, scope_growth and scope_growth_pct empty (NA): the forecast
    does not need them, and the trail's past points skip their cost. `work`: `metrics.work.work_items(ds, ws,
    as_of=as_of)` when the caller already has it (the delivery report's items, the trail's `WorkItems.at`), so it
    is not built twice; extra columns are ignored."""
    n_blocks = ws.metrics.window_weeks
    epics = _epics(ds, ws, as_of)
    items = _item_rows(epics, ws)
    ledger = _ledger(ds, ws, epics, as_of)
    baseline_ledger = _ledger(ds, ws, epics, as_of, "baseline_field") if ws.jira and ws.jira.baseline_field else None
    items = items.join(_targets(items, ledger, ws, baseline_ledger), on="key")

    work = _children(ds, ws, as_of, set(items["id"].dropna()), work)
    kids = work.loc[work["roadmap_parent"].notna()]
    open_kids = kids.loc[kids["stage"] != "done"]
    items["children"] = _count(items, kids)
    items["in_progress_children"] = _count(items, kids.loc[kids["stage"] == "in_progress"])
    items["remaining"] = _count(items, open_kids)
    last_done = kids.loc[kids["stage"] == "done"].groupby("roadmap_parent")["done_at"].max().dt.strftime("%Y-%m-%d")
    finished = (items["children"] > 0) & (items["remaining"] == 0)
    items["done_date"] = items["id"].map(last_done).where(finished).astype("str")

    start, end = forecast_window(as_of, n_blocks)
    done_kids = kids.loc[kids["counted"].astype(bool) & (kids["done_at"] >= start) & (kids["done_at"] < end)]
    own = block_counts(done_kids["done_at"], as_of=as_of, blocks=n_blocks, groups=done_kids["roadmap_parent"])
    own = own.reindex(columns=items["id"].fillna(""), fill_value=0).to_numpy(dtype=float).T
    items["completed_in_window"] = own.sum(axis=1).astype("int64")
    counted = work.loc[work["counted"].astype(bool) & (work["team"] != "")]
    teams = block_counts(counted["done_at"], as_of=as_of, blocks=n_blocks, groups=counted["team"])
    team_throughput = {t.name: teams[t.name].to_numpy(dtype=float) if t.name in teams else np.zeros(n_blocks)
                       for t in ws.teams}

    # the team-share divisor: the team's roadmap items with at least one child in progress (at least 1)
    with_work = items.loc[items["in_progress_children"] > 0].groupby("team").size()
    items["team_items_in_progress"] = pd.array([max(1, int(with_work.get(t, 0))) for t in items["team"]], dtype="Int64")
    samples, source, blocked = _samples(items, own, team_throughput)
    items["sample_source"] = pd.Series(source, index=items.index, dtype="str")
    items["team_items_in_progress"] = items["team_items_in_progress"].where(items["sample_source"] == TEAM_SHARE)
    items["blocked"] = pd.Series(blocked, index=items.index, dtype="str")

    base = _children_at(ds, work, items, as_of) if scope_growth else pd.Series(pd.NA, index=items.index, dtype="Int64")
    items["children_at_baseline"] = base
    items["scope_growth"] = (items["children"].astype("Int64") - base).astype("Int64")
    items["scope_growth_pct"] = (items["scope_growth"] / base.where(base > 0)).astype("float64")
    items["cost_of_delay_per_week"] = [d.cost_of_delay_per_week if (d := _decl(ws, k)) else 0.0 for k in items["key"]]

    remaining_ids = open_kids.groupby("roadmap_parent")["id"].agg(lambda ids: tuple(sorted(ids)))
    by_team = done_kids.loc[done_kids["team"] != ""].groupby(["roadmap_parent", "team"]).size()
    return RoadmapInputs(
        as_of=as_of,
        blocks=tuple(d.date().isoformat() for d in forecast_blocks(as_of, n_blocks)),
        items=items.reset_index(drop=True),
        samples=samples,
        remaining_ids=tuple(remaining_ids.get(i, ()) if isinstance(i, str) else () for i in items["id"]),
        completed_by_team=tuple(
            {t: int(n) for t, n in by_team.loc[i].items()} if isinstance(i, str) and i in by_team.index else {}
            for i in items["id"]
        ),
        team_throughput=team_throughput,
        depends_on={d.key: tuple(d.depends_on) for d in ws.roadmap},
        ledger=ledger,
        open_children=open_kids[["roadmap_parent", "key", "summary", "stage", "started_at"]].reset_index(drop=True),
    )


def _decl(ws: Workspace, key: str):
    return next((d for d in ws.roadmap if d.key == key), None)


def _count(items: pd.DataFrame, children: pd.DataFrame) -> pd.Series:
    """Children per item (int64, 0 for none)."""
    return items["id"].map(children.groupby("roadmap_parent").size()).fillna(0).astype("int64")


def _epics(ds: Dataset, ws: Workspace, as_of: date) -> pd.DataFrame:
    """Issues of the roadmap types, of the configured projects, created before the as_of instant."""
    types = list(ws.jira.roadmap_types) if ws.jira else ["Epic"]
    issues = ds.issues
    keep = _isin(issues["issue_type"], types) & (issues["created_at"] < as_of_instant(as_of)).to_numpy()
    if ws.jira and ws.jira.projects:
        keep &= _isin(issues["project"], ws.jira.projects)
    return issues.loc[keep].sort_values("key", kind="stable")


def _item_rows(epics: pd.DataFrame, ws: Workspace) -> pd.DataFrame:
    """Declared items (workspace order) merged with the epics, then the undeclared epics by key."""
    by_key = epics.set_index("key")
    team_of_project = ws.team_of_project()
    declared = [d.key for d in ws.roadmap]
    keys = declared + [k for k in by_key.index if k not in set(declared)]
    rows = []
    for key in keys:
        decl = _decl(ws, key)
        epic = by_key.loc[key] if key in by_key.index else None
        project = epic["project"] if epic is not None else None
        rows.append(
            {
                "key": key,
                "id": epic["id"] if epic is not None else None,
                "name": (decl.name if decl and decl.name else None)
                or (epic["summary"] if epic is not None and isinstance(epic["summary"], str) else None)
                or key,
                "team": (decl.team if decl and decl.team else team_of_project.get(project, "")),
                "project": project,
                "url": epic["url"] if epic is not None else None,
                "declared": decl is not None,
                "in_jira": epic is not None,
                # With no declaration at all, every epic is a key item; otherwise the declarations decide.
                "key_item": (decl.key_item if decl else False) if ws.roadmap else True,
            }
        )
    columns = ["key", "id", "name", "team", "project", "url", "declared", "in_jira", "key_item"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"key": "str", "id": "str", "name": "str", "team": "str", "project": "str", "url": "str",
                         "declared": "bool", "in_jira": "bool", "key_item": "bool"})


def _ledger(ds: Dataset, ws: Workspace, epics: pd.DataFrame, as_of: date,
            kind: str = "target_field") -> pd.DataFrame:
    """The target-date history of each epic up to as_of (see the module doc's ledger frame); with `kind`
    `baseline_field`, the history of the `jira.baseline_field` source instead of `jira.target`.

    A custom date field (`field:Target end`) is read like the due date; its `source` is the field's name."""
    setting = (ws.jira.target if kind == "target_field" else ws.jira.baseline_field) if ws.jira else "due_date"
    use_versions = setting == "fix_version"
    source = "fix version" if use_versions else setting[len("field:"):].strip() if setting.startswith(
        "field:") else "due date"
    field = date_source_field(setting, kind)
    history = field_history(ds.field_changes, field, as_of=as_of)
    history = history.loc[_isin(history["item_id"], epics["id"])]
    to_date = _version_dates(ds, epics) if use_versions else _due_date
    # a custom field has no current-value column: its history always starts with the value at creation
    current = epics.set_index("id")[{"fix_version": "fix_versions"}.get(field, "due_date")]
    if field not in ("fix_version", "due_date"):
        current = pd.Series(dtype="str")
    rows: list[dict] = []
    changes_of: dict[str, list[tuple]] = {}  # item id → (at, from, to) in history order
    for item_id, at, before, after in zip(history["item_id"], history["at"], history["from_value"],
                                          history["to_value"]):
        changes_of.setdefault(item_id, []).append((at, before, after))
    for key, item_id, project, created_at in zip(epics["key"], epics["id"], epics["project"], epics["created_at"]):
        changes = changes_of.get(item_id)
        if changes is None:
            # No history at all: the connector saw no change, so the current value was there from creation.
            value = current.get(item_id)
            entries = [(created_at, value)] if isinstance(value, str) and value.strip() else []
        else:
            first_from = changes[0][1]
            entries = [(created_at, first_from)] if pd.notna(first_from) else []
            entries += [(at, after) for at, _, after in changes]
        rows += _classify(key, item_id, project, entries, to_date, source)
    columns = ["key", "item_id", "at", "target_date", "change_days", "kind", "source", "value"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"key": "str", "item_id": "str", "at": "datetime64[ms, UTC]", "target_date": "str",
                         "change_days": "Int64", "kind": "str", "source": "str", "value": "str"})


def _classify(key: str, item_id: str, project: str, entries: list, to_date, source: str) -> list[dict]:
    """Ledger rows of one epic: each change of the target date, compared with the last target set."""
    rows = []
    previous: date | None = None
    last_set: date | None = None
    started = False
    for at, raw in entries:
        raw = raw if isinstance(raw, str) and raw.strip() else None
        target = to_date(raw, project) if raw else None
        if started and target == previous:
            continue  # e.g. a fix version renamed, or the same date typed again
        if target is None:
            if not started:
                continue
            kind, change = "cleared", None
        elif last_set is None:
            kind, change = "set", None
        else:
            change = (target - last_set).days
            kind = "later" if change > 0 else "earlier" if change < 0 else "set"
        rows.append({"key": key, "item_id": item_id, "at": at,
                     "target_date": target.isoformat() if target else None, "change_days": change, "kind": kind,
                     "source": source, "value": raw})
        started = True
        previous = target
        last_set = target or last_set
    return rows


def _due_date(value: str, project: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _version_dates(ds: Dataset, epics: pd.DataFrame):
    """value → date for fix versions: the latest release date of the listed versions (the item ships with the last
    one), looked up in the epic's project first, then in any project."""
    versions = ds.versions.loc[ds.versions["release_date"].notna()]
    by_project = {(p, n): d for p, n, d in zip(versions["project"], versions["name"], versions["release_date"])}
    by_name: dict[str, str] = {}
    for n, d in zip(versions["name"], versions["release_date"]):
        by_name[n] = max(by_name.get(n, d), d)

    def to_date(value: str, project: str) -> date | None:
        dates = []
        for name in (v.strip() for v in value.split(",")):
            found = by_project.get((project, name)) or by_name.get(name)
            if found:
                dates.append(date.fromisoformat(found[:10]))
        return max(dates) if dates else None

    return to_date


def _targets(items: pd.DataFrame, ledger: pd.DataFrame, ws: Workspace,
             baseline_ledger: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per item key: baseline and target (the workspace wins), their sources, slips and slip days. With a
    `baseline_ledger` (`jira.baseline_field`), the Jira baseline is that field's value at as_of, not the first
    target ever set."""
    rows = []
    by_key, baseline_by_key = _entries_by_key(ledger), _entries_by_key(baseline_ledger)
    for key in items["key"]:
        decl = _decl(ws, key)
        mine = by_key.get(key, [])
        first = next((e for e in mine if e.target_date is not None), None)  # when the first target was set
        jira_target = mine[-1].target_date if mine else None
        jira_baseline = first.target_date if first else None
        source = mine[0].source if mine else None
        if baseline_ledger is not None:
            mine_baseline = baseline_by_key.get(key, [])
            jira_baseline = mine_baseline[-1].target_date if mine_baseline else None
            baseline_source_jira = mine_baseline[-1].source if mine_baseline else None
            first = next((e for e in mine_baseline if e.target_date is not None), None)  # when the baseline was set
        else:
            baseline_source_jira = source
        target, target_source = (decl.target.isoformat(), "workspace") if decl and decl.target else (
            jira_target, source if jira_target else None)
        if decl and decl.baseline:
            baseline, baseline_source = decl.baseline.isoformat(), "workspace"
        elif jira_baseline:
            baseline, baseline_source = jira_baseline, baseline_source_jira
        elif decl and decl.target:
            baseline, baseline_source = decl.target.isoformat(), BASELINE_LINK
        else:
            baseline, baseline_source = None, None
        later = [e.change_days for e in mine if e.kind == "later"]
        rows.append({"key": key, "baseline_date": baseline, "baseline_source": baseline_source,
                     "baseline_set_at": first.at if first else pd.NaT,
                     "target_date": target, "target_source": target_source,
                     "slips": len(later), "slip_days": int(sum(later))})
    frame = pd.DataFrame(rows, columns=["key", "baseline_date", "baseline_source", "baseline_set_at", "target_date",
                                        "target_source", "slips", "slip_days"])
    frame["baseline_set_at"] = pd.to_datetime(frame["baseline_set_at"], utc=True).astype("datetime64[ms, UTC]")
    return frame.astype({"key": "str", "baseline_date": "str", "baseline_source": "str", "target_date": "str",
                         "target_source": "str", "slips": "int64", "slip_days": "int64"}).set_index("key")


class _LedgerEntry(NamedTuple):
    at: pd.Timestamp
    target_date: str | None
    kind: str
    change_days: int | None
    source: str


def _entries_by_key(ledger: pd.DataFrame | None) -> dict[str, list[_LedgerEntry]]:
    """A ledger's rows per item key, in ledger order, as plain tuples: one pass, where a mask per key costs
    items × rows (a workspace without roadmap declarations has every epic as an item)."""
    grouped: dict[str, list[_LedgerEntry]] = {}
    if ledger is None:
        return grouped
    columns = (ledger[c] for c in ("key", "at", "target_date", "kind", "change_days", "source"))
    for key, at, target, kind, change, source in zip(*columns):
        grouped.setdefault(key, []).append(_LedgerEntry(at, None if pd.isna(target) else target, kind,
                                                        None if pd.isna(change) else int(change), source))
    return grouped


def _isin(values: pd.Series, among) -> np.ndarray:
    """`values.isin(among)` (a null is in nothing) as one Arrow hash lookup: pandas' isin on its string dtype is
    slow at 100k rows. `among`: a Series, an Index or any collection of texts."""
    among = among if isinstance(among, (pd.Series, pd.Index)) else pd.Series(list(among), dtype="str")
    value_set = pa.array(among.astype("str").array).drop_null()
    found = pc.is_in(pa.array(values.astype("str").array), value_set=value_set, skip_nulls=True)
    return found.to_numpy(zero_copy_only=False)


def _parent_changes(ds: Dataset, as_of: date) -> pd.DataFrame:
    return field_history(ds.field_changes, "parent", as_of=as_of)[["item_id", "at", "seq", "value"]]


def _children(ds: Dataset, ws: Workspace, as_of: date, item_ids: set[str], work: pd.DataFrame | None) -> pd.DataFrame:
    """Work items (sub-tasks excluded) with `roadmap_parent`: the roadmap item id they belong to at as_of, or NaN.

    The parent at as_of comes from the parent field's history; an item without any parent history keeps its
    current parent (the history cannot say otherwise).
    """
    work = work_items(ds, ws, as_of=as_of) if work is None else work
    subtasks = ds.issues.loc[ds.issues["is_subtask"].fillna(False).astype(bool), "id"]
    work = work.loc[~_isin(work["id"], subtasks)].copy()
    changes = _parent_changes(ds, as_of)
    last = changes.drop_duplicates("item_id", keep="last").set_index("item_id")["value"]
    parent = work["id"].map(last).where(_isin(work["id"], last.index), work["parent_id"])
    work["roadmap_parent"] = parent.where(_isin(parent, item_ids)).astype("str")
    return work


def _children_at(ds: Dataset, work: pd.DataFrame, items: pd.DataFrame, as_of: date) -> pd.Series:
    """Children of each item at the moment its first Jira target was set (Int64, NaN when never set)."""
    changes = _parent_changes(ds, as_of)
    with_history = changes["item_id"]
    ever = changes.loc[changes["value"].notna(), ["item_id", "value"]].rename(columns={"value": "parent"})
    no_history = work.loc[~_isin(work["id"], with_history) & work["parent_id"].notna().to_numpy(), ["id", "parent_id"]]
    pairs = pd.concat([ever, no_history.rename(columns={"id": "item_id", "parent_id": "parent"})])
    pairs = pairs.astype({"item_id": "str", "parent": "str"}).drop_duplicates()
    moments = items.loc[items["baseline_set_at"].notna() & items["id"].notna(), ["id", "baseline_set_at"]]
    pairs = pairs.merge(moments.rename(columns={"id": "parent"}), on="parent")
    pairs = pairs.merge(work[["id", "created_at"]].rename(columns={"id": "item_id"}), on="item_id")
    pairs = pairs.loc[pairs["created_at"] <= pairs["baseline_set_at"]].reset_index(drop=True)
    # the parent then: from the history, or (no history at all) the current parent
    then = value_at(changes, pd.DataFrame({"item_id": pairs["item_id"], "at": pairs["baseline_set_at"]}))
    then = then.where(_isin(pairs["item_id"], with_history), pairs["parent"])
    hits = pairs.loc[then == pairs["parent"]].groupby("parent").size()
    out = items["id"].map(hits).fillna(0).astype("Int64")
    return out.where(items["baseline_set_at"].notna() & items["id"].notna())


def _samples(
    items: pd.DataFrame, own: np.ndarray, team_throughput: Mapping[str, np.ndarray]
) -> tuple[np.ndarray, list, list]:
    """Weekly samples of each item, their source, and the reason code when there can be no forecast."""
    samples = np.zeros_like(own)
    source: list = [None] * len(items)
    blocked: list = [None] * len(items)
    for i, row in enumerate(items.itertuples()):
        if not row.in_jira:
            blocked[i] = "not_in_jira"
        elif row.children == 0:
            blocked[i] = "no_children"
        elif row.remaining == 0:
            continue  # finished: it lands on its last child, no pace needed
        elif own[i].sum() >= MIN_OWN_COMPLETIONS:
            samples[i], source[i] = own[i], OWN
        elif row.team in team_throughput:
            samples[i], source[i] = team_throughput[row.team] / row.team_items_in_progress, TEAM_SHARE
        else:
            blocked[i] = "no_team"
    return samples, source, blocked


# --------------------------------------------------------------------------------------------------- evaluate


def evaluate(
    inputs: RoadmapInputs, ws: Workspace, *, seed: int | None = None, trials: int | None = None
) -> RoadmapReport:
    """Forecast every item, then drift, status, costs, statements and the portfolio line (see module doc).

    `seed` and `trials` default to the workspace's. Raises WorkspaceError when the dependencies form a cycle.
    """
    seed = ws.metrics.seed if seed is None else seed
    trials = trials or ws.metrics.forecast_trials
    as_of = inputs.as_of
    run = _forecast(inputs, ws, seed=seed, trials=trials)
    items = _with_forecast(inputs, run)
    has = np.array([r is None for r in run.reasons], dtype=bool)
    items["reason"] = pd.Series([r.code if r else None for r in run.reasons], index=items.index, dtype="str")
    baseline = _offsets(items["baseline_date"], as_of)
    drift = np.where(has, run.p85 - baseline, np.nan)
    items["drift_days"] = pd.array([None if math.isnan(d) else int(d) for d in drift], dtype="Int64")
    items["status"] = _statuses(items, has, run.probability, ws)
    items["portfolio_group"] = pd.Series([portfolio_group(s, h) for s, h in zip(items["status"], has)],
                                         index=items.index, dtype="str")

    team_costs = {t.name: t.weekly_cost for t in ws.teams}
    shares = [cost_shares(inputs.completed_by_team[i], d.team_shares if (d := _decl(ws, k)) else {}, team)
              for i, (k, team) in enumerate(zip(items["key"], items["team"]))]
    items["weekly_cost"] = [weekly_cost(s, team_costs) for s in shares]
    drift_or_none = [None if math.isnan(d) else int(d) for d in drift]
    items["extra_cost"] = [delay_cost(d, w) for d, w in zip(drift_or_none, items["weekly_cost"])]
    items["cost_of_delay"] = [delay_cost(d, c) for d, c in zip(drift_or_none, items["cost_of_delay_per_week"])]
    items[["extra_cost", "cost_of_delay"]] = items[["extra_cost", "cost_of_delay"]].astype("float64")

    report = RoadmapReport(
        as_of=as_of, seed=seed, trials=trials, items=items, ledger=inputs.ledger,
        completions={k: run.final[i] for i, k in enumerate(items["key"]) if not np.isnan(run.final[i, 0])},
        forecasts={}, statements={}, portfolio={}, inputs=inputs, run=run,
    )
    _narrate(report, run, shares, _dependant_shifts(run, baseline, drift), ws)
    return report


@dataclass
class _Run:
    """One Monte Carlo run over all items: offsets (items, trials) in days after as_of, own work and after
    dependencies; the dependency edges (dependant, dependency, lag days) and order; per item the reason there is
    no forecast (None when there is one), P50, P85 (days, nan without forecast) and on-time probability."""

    own: np.ndarray
    final: np.ndarray
    edges: list[tuple[int, int, float]]
    order: list[int]
    reasons: list[Reason | None]
    p50: np.ndarray
    p85: np.ndarray
    probability: np.ndarray


def _forecast(inputs: RoadmapInputs, ws: Workspace, *, seed: int, trials: int) -> _Run:
    items, as_of = inputs.items, inputs.as_of
    keys = list(items["key"])
    row_of = {k: i for i, k in enumerate(keys)}
    remaining = items["remaining"].to_numpy(dtype=float)
    finished = items["done_date"].notna().to_numpy() & (remaining <= 0)
    reasons: list[Reason | None] = [_blocked_reason(row, ws) for row in items.itertuples()]
    for i, source in enumerate(items["sample_source"]):
        if reasons[i] is None and remaining[i] > 0 and inputs.samples[i].max(initial=0) <= 0:
            reasons[i] = Reason("no_throughput", {"weeks": len(inputs.blocks), "source": source})

    edges: list[tuple[int, int, float]] = []
    for key, deps in inputs.depends_on.items():
        if key not in row_of:
            continue
        j = row_of[key]
        for dep in deps:
            if dep.key not in row_of:
                reasons[j] = reasons[j] or Reason("dependency_unknown", {"dependency": dep.key})
            elif not finished[j]:  # a finished item no longer waits for anything
                edges.append((j, row_of[dep.key], lag_days(dep.lag_weeks)))
    graph = {k: [d.key for d in deps] for k, deps in inputs.depends_on.items()}
    order = [row_of[k] for k in dependency_order(keys, graph)]

    simulate = np.array([r is None for r in reasons], dtype=bool) & (remaining > 0)
    own = simulate_days(np.where(simulate[:, None], inputs.samples, 0.0), np.where(simulate, remaining, 0.0),
                        streams=item_streams(seed, keys), trials=trials)
    own[finished] = _offsets(items["done_date"], as_of)[finished][:, None]
    own[np.array([r is not None for r in reasons], dtype=bool)] = np.nan
    final = propagate(own, edges, order)
    for i in order:  # dependencies first, so the blocker named is the first without a forecast
        if reasons[i] is None and np.isnan(final[i, 0]):
            blocker = next(d for (j, d, _) in edges if j == i and np.isnan(final[d, 0]))
            reasons[i] = Reason("dependency_no_forecast", {"dependency": items["name"].iloc[blocker]})

    p50, p85 = np.full(len(keys), np.nan), np.full(len(keys), np.nan)
    has = np.array([r is None for r in reasons], dtype=bool)
    if has.any():
        p50[has], p85[has] = nearest_rank(final[has], 0.5), nearest_rank(final[has], 0.85)
    for i in np.flatnonzero(has & ~np.isfinite(p85)):
        reasons[i] = Reason("beyond_horizon", {"years": HORIZON_BLOCKS // 52})
    simulated = ~np.isnan(final[:, 0])
    probability = np.full(len(keys), np.nan)
    probability[simulated] = on_time_probability(final[simulated], _offsets(items["target_date"], as_of)[simulated])
    return _Run(own, final, edges, order, reasons, p50, p85, probability)


def _with_forecast(inputs: RoadmapInputs, run: _Run) -> pd.DataFrame:
    """A copy of the inputs' items frame with p50_date, p85_date (ISO text, NaN without forecast) and
    on_time_probability."""
    items = inputs.items.copy()
    has = [r is None for r in run.reasons]

    def iso(offsets: np.ndarray) -> pd.Series:
        days = [(inputs.as_of + timedelta(days=int(o))).isoformat() if ok else None for o, ok in zip(offsets, has)]
        return pd.Series(days, index=items.index, dtype="str")

    items["p50_date"] = iso(run.p50)
    items["p85_date"] = iso(run.p85)
    items["on_time_probability"] = run.probability
    return items


def _offsets(dates: pd.Series, as_of: date) -> np.ndarray:
    """ISO dates as days after as_of (float, nan when absent)."""
    days = [(date.fromisoformat(d) - as_of).days if isinstance(d, str) else np.nan for d in dates]
    return np.array(days, dtype=float)


def _narrate(report: RoadmapReport, run: _Run, shares: list[dict], shifts: dict[int, dict[int, int]],
             ws: Workspace) -> None:
    """Fill the report's forecast records, statements and portfolio line, and the items' statement_kind."""
    items = report.items
    keys = list(items["key"])
    sprint_weeks = {t.name: t.sprint_weeks for t in ws.teams}
    kinds = []
    for i, key in enumerate(keys):
        row = items.iloc[i]
        causes = {j: moved[i] for j, moved in shifts.items() if i in moved}
        facts = _facts(row, run.reasons[i], shifts.get(i, {}), causes, items["name"], report.as_of, ws.currency,
                       sprint_weeks.get(row["team"], 2))
        kinds.append(statement_kind(facts))
        report.forecasts[key] = _forecast_record(report, i, run.reasons[i], shares[i])
        report.statements[key] = {
            "kind": kinds[-1],
            "en": statement(facts, "en"),
            "fr": statement(facts, "fr"),
            "evidence": _evidence(report, i, shifts.get(i, {}), causes, keys),
        }
    items["statement_kind"] = pd.Series(kinds, index=items.index, dtype="str")
    key_items = items.loc[items["key_item"]]
    counts = key_items["portfolio_group"].value_counts().to_dict()
    moved = int(((key_items["status"] == "green") & (key_items["drift_days"].fillna(0) > 0)).sum())
    report.portfolio = {lang: portfolio_line(counts, lang, moved=moved) for lang in ("en", "fr")}


def _blocked_reason(row, ws: Workspace) -> Reason | None:
    if not isinstance(row.blocked, str):
        return None
    if row.blocked == "not_in_jira":
        return Reason("not_in_jira", {"key": row.key})
    if row.blocked == "no_team":
        return Reason("no_team", {"weeks": ws.metrics.window_weeks, "project": row.project})
    return Reason(row.blocked)


def _statuses(items: pd.DataFrame, has: np.ndarray, prob: np.ndarray, ws: Workspace) -> pd.Series:
    """no target without a target date; red without a forecast; else green / amber / red by on-time probability."""
    out = []
    for target, ok, p in zip(items["target_date"], has, prob):
        if not isinstance(target, str):
            out.append("no target")
        elif not ok:
            out.append("red")
        elif p >= ws.metrics.green_threshold:
            out.append("green")
        elif p >= ws.metrics.amber_threshold:
            out.append("amber")
        else:
            out.append("red")
    return pd.Series(out, index=items.index, dtype="str")


def _dependant_shifts(run: _Run, baseline: np.ndarray, drift: np.ndarray) -> dict[int, dict[int, int]]:
    """For each late item with dependants: by how many days its delay moves each dependant's P85.

    The counterfactual lands the late item on its baseline at the latest (min(trial, baseline) in each trial),
    re-propagates, and compares the dependants' P85 (same trials, so the difference is the delay's alone).
    """
    shifts: dict[int, dict[int, int]] = {}
    has_dependants = {d for (_, d, _) in run.edges}
    for i in np.flatnonzero(np.nan_to_num(drift, nan=0) > 0):
        if i not in has_dependants:
            continue
        cf = propagate(run.own, run.edges, run.order, override={i: np.minimum(run.final[i], baseline[i])})
        moved = {}
        for j in np.flatnonzero(np.isfinite(run.p85)):
            shift = run.p85[j] - nearest_rank(cf[j], 0.85)
            if j != i and shift > 0:
                moved[int(j)] = int(shift)
        if moved:
            shifts[int(i)] = moved
    return shifts


def _facts(row: pd.Series, reason, shifts: Mapping[int, int], causes: Mapping[int, int], names: pd.Series,
           as_of: date, currency: str, sprint_weeks: int) -> ItemFacts:
    def d(v) -> date | None:
        return date.fromisoformat(v) if isinstance(v, str) else None

    return ItemFacts(
        name=row["name"],
        status=row["status"],
        as_of=as_of,
        baseline=d(row["baseline_date"]),
        target=d(row["target_date"]),
        p85=d(row["p85_date"]),
        probability=None if pd.isna(row["on_time_probability"]) else float(row["on_time_probability"]),
        drift_days=None if pd.isna(row["drift_days"]) else int(row["drift_days"]),
        done_date=d(row["done_date"]),
        sprint_weeks=sprint_weeks,
        extra_cost=None if pd.isna(row["extra_cost"]) else float(row["extra_cost"]),
        cost_of_delay=None if pd.isna(row["cost_of_delay"]) else float(row["cost_of_delay"]),
        currency=currency,
        reason=reason,
        dependants=tuple((names.iloc[j], days) for j, days in shifts.items()),
        causes=tuple((names.iloc[j], days) for j, days in causes.items()),
    )


# --------------------------------------------------------------------------------------------------- records


def _none(v):
    """JSON-safe scalar: NaN/NA → None, numpy → Python."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, np.generic):
        return v.item()
    return v


def _history(report: RoadmapReport, key: str) -> list[dict]:
    return [dict(entry) for entry in report.target_histories.get(key, ())]


def _forecast_record(report: RoadmapReport, i: int, reason: Reason | None, shares: Mapping[str, float]) -> dict:
    items, inputs = report.items, report.inputs
    row = items.iloc[i]
    key, probability = row["key"], row["on_time_probability"]
    return {
        "p50": _none(row["p50_date"]),
        "p85": _none(row["p85_date"]),
        "on_time_probability": None if pd.isna(probability) else round(float(probability), 4),
        "seed": report.seed,
        "trials": report.trials,
        "reason": {"code": reason.code, "en": reason.text("en"), "fr": reason.text("fr")} if reason else None,
        "inputs": {
            "source": _none(row["sample_source"]),
            "block_starts": list(inputs.blocks),
            "block_samples": [round(float(x), 6) for x in inputs.samples[i]],
            "team_items_in_progress": _none(row["team_items_in_progress"]),
            "remaining": int(row["remaining"]),
            "done_date": _none(row["done_date"]),
            "dependencies": [{"key": d.key, "lag_weeks": d.lag_weeks} for d in inputs.depends_on.get(key, ())],
            "cost_shares": [{"team": t, "share": round(s, 6)} for t, s in shares.items()],
            "weekly_cost": round(float(row["weekly_cost"]), 2),
            "cost_of_delay_per_week": round(float(row["cost_of_delay_per_week"]), 2),
        },
    }


def _evidence(report: RoadmapReport, i: int, shifts: Mapping[int, int], causes: Mapping[int, int],
              keys: list[str]) -> dict:
    inputs = report.inputs
    return {
        "remaining": list(inputs.remaining_ids[i]),
        "block_samples": [round(float(x), 6) for x in inputs.samples[i]],
        "block_starts": list(inputs.blocks),
        "sample_source": _none(report.items["sample_source"].iloc[i]),
        "target_history": _history(report, keys[i]),
        "dependants": [{"key": keys[j], "shift_days": days} for j, days in sorted(shifts.items())],
        "caused_by": [{"key": keys[j], "shift_days": days} for j, days in sorted(causes.items())],
    }


def _entry(report: RoadmapReport, row: pd.Series) -> dict:
    key = row.name
    st = report.statements[key]
    return {
        "name": row["name"],
        "team": row["team"],
        "key_item": bool(row["key_item"]),
        "baseline_date": _none(row["baseline_date"]),
        "target_date": _none(row["target_date"]),
        "slips": int(row["slips"]),
        "slip_days": int(row["slip_days"]),
        "target_history": _history(report, key),
        "children": int(row["children"]),
        "remaining": int(row["remaining"]),
        "scope_growth": _none(row["scope_growth"]),
        "forecast": report.forecasts[key],
        "drift_days": _none(row["drift_days"]),
        "status": row["status"],
        "extra_cost": None if pd.isna(row["extra_cost"]) else round(float(row["extra_cost"]), 2),
        "cost_of_delay": None if pd.isna(row["cost_of_delay"]) else round(float(row["cost_of_delay"]), 2),
        # the statement's evidence without what the entry already holds (forecast.inputs, target_history)
        "statement": {"en": st["en"], "fr": st["fr"], "kind": st["kind"],
                      "evidence": {k: st["evidence"][k] for k in ("remaining", "dependants", "caused_by")}},
        "trail": report.trail.get(key, []),
        "change": report.changes.get(key),
    }


def roadmap_report(ds: Dataset, ws: Workspace, *, as_of: date, seed: int | None = None,
                   trail: bool = False, work: pd.DataFrame | None = None) -> RoadmapReport:
    """The roadmap at as_of (see module doc); `seed` defaults to the workspace's `metrics.seed`. With `trail`,
    also each item's forecast trail and its change since the trail's previous point (`add_trail`); `work` as in
    `roadmap_inputs`."""
    report = evaluate(roadmap_inputs(ds, ws, as_of=as_of, work=work), ws, seed=seed)
    if trail:
        add_trail(report, ds, ws)
    return report


# --------------------------------------------------------------------------------------------------- trail

TRAIL_POINTS = 12


def trail_dates(as_of: date, points: int = TRAIL_POINTS) -> list[date]:
    """The last `points` week-ends (Sundays) at or before as_of, oldest first."""
    last = as_of - timedelta(days=(as_of.weekday() + 1) % 7)
    return [last - timedelta(weeks=n) for n in reversed(range(points))]


def add_trail(report: RoadmapReport, ds: Dataset, ws: Workspace, *, points: int = TRAIL_POINTS) -> None:
    """Fill `report.trail` and `report.changes`.

    Trail: per item key, one point per week-end of `trail_dates` — {as_of, p50, p85, on_time_probability,
    remaining, target_date} — each recomputed from the data as it was then (roadmap_inputs at that date: the
    metrics' as_of purity, nothing stored), with the report's seed and trials; an item not yet created at a
    week-end has no point there. Change: per key, `metrics.moves.explain` from the latest trail point before the
    report's as_of to the report (null for an item that did not exist then).
    """
    as_of = report.as_of
    days = trail_dates(as_of, points)
    previous = max((day for day in days if day < as_of), default=None)
    work = WorkItems(ds, ws)  # the histories are sorted once for all the week-ends
    at: dict[date, pd.DataFrame] = {}
    for day in days:
        if day == as_of:
            at[day] = report.items
            continue
        inputs = roadmap_inputs(ds, ws, as_of=day, scope_growth=False, work=work.at(day))
        if day == previous:  # the change needs its full entries; other points only the forecast figures
            before = evaluate(inputs, ws, seed=report.seed, trials=report.trials)
            at[day] = before.items
        else:
            at[day] = _with_forecast(inputs, _forecast(inputs, ws, seed=report.seed, trials=report.trials))
    report.trail = {key: [] for key in report.items["key"]}
    for day, items in at.items():
        for row in items.itertuples():
            if row.key in report.trail:
                report.trail[row.key].append({
                    "as_of": day.isoformat(), "p50": _none(row.p50_date), "p85": _none(row.p85_date),
                    "on_time_probability": None if pd.isna(row.on_time_probability)
                    else round(float(row.on_time_probability), 4),
                    "remaining": int(row.remaining), "target_date": _none(row.target_date)})
    if previous is None:
        report.changes = dict.fromkeys(report.trail)
        return
    then, now = report_json(before), report_json(report)
    report.changes = {key: explain(then, previous, now, as_of, key) for key in report.trail}


def report_json(report: RoadmapReport) -> dict[str, dict]:
    """The report by item key, JSON-safe (see roadmap_json)."""
    return {key: _entry(report, row) for key, row in report.items.set_index("key").iterrows()}


def roadmap_json(ds: Dataset, ws: Workspace, *, as_of: date, seed: int | None = None) -> dict[str, dict]:
    """By item key: name, team, key_item, baseline_date, target_date, slips, slip_days, target_history, children,
    remaining, scope_growth, forecast {p50, p85, on_time_probability, seed, trials, reason {code, en, fr} | null,
    inputs}, drift_days, status, extra_cost, cost_of_delay, statement {en, fr, kind, evidence}, trail [{as_of, p50,
    p85, on_time_probability, remaining, target_date}] (add_trail), change {since, p85_days, extra_cost,
    cost_of_delay, causes [{cause, days, extra_cost, cost_of_delay, detail}]} | null (metrics.moves.explain).

    Dates are ISO text, money in the workspace currency rounded to the cent; deterministic for a given seed.
    """
    return report_json(roadmap_report(ds, ws, as_of=as_of, seed=seed, trail=True))


# --------------------------------------------------------------------------------------------------- registry

# Every key of a roadmap_json entry is declared by one of these metrics (the export's key check). "name", "p50",
# "p85" and "status" are shared with other sections and left to the registry's EXPORT_STRUCTURE.
_NEEDS = ("issues", "status_changes", "field_changes", "statuses")
METRICS = (
    Metric(
        "roadmap_forecast",
        "date",
        _NEEDS,
        "metrics.roadmap.roadmap_report",
        name={"en": "Forecast date (P50 / P85)", "fr": "Date prévue (P50 / P85)"},
        definition={
            "en": "When a roadmap item is likely to be finished at the current pace. We replay the pace of the last "
            "12 weeks 10,000 times at random, week by week: the weeks are the 7-day periods ending today, so the "
            "history rolls one day at a time. Each replay lands on a day (the last week's work is spread over its 7 "
            "days): the P50 date is reached in half of these replays, the P85 date in 85 of 100. The pace is the "
            "item's own finished tasks, or a share of its team's when it finished fewer than 3. An item also waits "
            "for the items it depends on (plus the declared lag). The random seed is recorded, so anyone can get the "
            "same dates again.",
            "fr": "Quand un chantier de la feuille de route sera probablement terminé au rythme actuel. Nous rejouons "
            "10 000 fois au hasard, semaine par semaine, le rythme des 12 dernières semaines : ces semaines sont les "
            "périodes de 7 jours qui se terminent aujourd'hui, l'historique avance donc d'un jour à la fois. Chaque "
            "essai aboutit à un jour précis (le travail de la dernière semaine est réparti sur ses 7 jours) : la date "
            "P50 est atteinte dans la moitié de ces essais, la date P85 dans 85 sur 100. Le rythme est celui des "
            "tâches du chantier terminées, ou une part de celui de son équipe s'il en a terminé moins de 3. Un "
            "chantier attend aussi ceux dont il dépend (plus le délai déclaré). La graine du tirage est enregistrée : "
            "chacun peut retrouver les mêmes dates.",
        },
        export_keys=("forecast", "seed", "trials", "reason", "code", "inputs", "source", "block_starts",
                     "block_samples", "team_items_in_progress", "dependencies", "key", "lag_weeks", "team",
                     "key_item"),
    ),
    Metric(
        "on_time_probability",
        "share",
        _NEEDS,
        "metrics.roadmap.roadmap_report",
        name={"en": "Chance of meeting the target", "fr": "Probabilité de tenir la date"},
        definition={
            "en": "In how many of the 10,000 replays the item is finished by its target date (on that day counts). "
            "Always shown rounded down to the whole percent, so 84.9% reads 84%, never the 85% of green. Green from "
            "85%, amber from 50%, red below; an item without a target date has no colour but is shown as a risk, "
            "and an item without a forecast is red.",
            "fr": "Dans combien des 10 000 essais le chantier est terminé à sa date cible (ce jour-là compris). "
            "Toujours affichée arrondie au pourcent inférieur : 84,9 % se lit 84 %, jamais le 85 % du vert. Vert à "
            "partir de 85 %, orange à partir de 50 %, rouge en dessous ; un chantier sans date cible n'a pas de "
            "couleur mais est signalé comme un risque, et un chantier sans prévision est rouge.",
        },
        export_keys=("on_time_probability",),
    ),
    Metric(
        "roadmap_drift",
        "days",
        _NEEDS,
        "metrics.roadmap.roadmap_report",
        name={"en": "Drift", "fr": "Dérive"},
        definition={
            "en": "How far the P85 forecast date is from the date first committed (the baseline), in days. "
            "Positive means late.",
            "fr": "L'écart en jours entre la date prévue P85 et la date engagée au départ. Positif : en retard.",
        },
        export_keys=("drift_days", "baseline_date", "target_date"),
    ),
    Metric(
        "roadmap_slips",
        "count",
        ("issues", "field_changes", "versions"),
        "metrics.roadmap.roadmap_inputs",
        name={"en": "Slips", "fr": "Reports"},
        definition={
            "en": "How many times the target date was moved later, and by how many days in all, with the full "
            "history of the dates.",
            "fr": "Combien de fois la date cible a été repoussée, et de combien de jours en tout, avec l'historique "
            "complet des dates.",
        },
        export_keys=("slips", "slip_days", "target_history", "at", "date", "kind", "change_days"),
    ),
    Metric(
        "roadmap_scope",
        "items",
        _NEEDS,
        "metrics.roadmap.roadmap_inputs",
        name={"en": "Work left and scope growth", "fr": "Reste à faire et croissance du périmètre"},
        definition={
            "en": "The pieces of work under a roadmap item, those not finished yet, and how many were added since "
            "its date was first committed.",
            "fr": "Les tâches d'un chantier de la feuille de route, celles qui ne sont pas terminées, et combien ont "
            "été ajoutées depuis que sa date a été engagée.",
        },
        export_keys=("children", "remaining", "scope_growth", "done_date"),
    ),
    Metric(
        "extra_cost",
        "currency",
        _NEEDS,
        "metrics.roadmap.roadmap_report",
        name={"en": "Extra cost of the delay", "fr": "Surcoût du retard"},
        definition={
            "en": "What the delay costs in team time: the weeks of delay times the weekly cost of the teams working "
            "on the item (shared by the work each finished, or as declared).",
            "fr": "Ce que coûte le retard en temps d'équipe : les semaines de retard multipliées par le coût "
            "hebdomadaire des équipes qui y travaillent (réparti selon le travail terminé par chacune, ou comme "
            "déclaré).",
        },
        export_keys=("extra_cost", "cost_shares", "share"),
    ),
    Metric(
        "cost_of_delay",
        "currency",
        _NEEDS,
        "metrics.roadmap.roadmap_report",
        name={"en": "Cost of delay", "fr": "Coût du retard"},
        definition={
            "en": "Revenue or savings not earned because of the delay: the weeks of delay times the value of one "
            "week declared for the item.",
            "fr": "Les revenus ou économies non réalisés à cause du retard : les semaines de retard multipliées par "
            "la valeur d'une semaine déclarée pour le chantier.",
        },
        export_keys=("cost_of_delay",),
    ),
    Metric(
        "roadmap_statement",
        "text",
        _NEEDS,
        "metrics.roadmap.roadmap_report",
        name={"en": "What it means", "fr": "Ce que cela veut dire"},
        definition={
            "en": "One or two sentences per roadmap item, written from the figures above: how late it is, when it "
            "lands, which launches it moves and what it costs. Each links to the work left, the weekly pace used "
            "and the history of its dates.",
            "fr": "Une ou deux phrases par chantier, écrites à partir des chiffres ci-dessus : son retard, sa date "
            "prévue, les lancements qu'il décale et ce qu'il coûte. Chacune renvoie au reste à faire, au rythme "
            "hebdomadaire utilisé et à l'historique de ses dates.",
        },
        export_keys=("statement", "en", "fr", "evidence", "dependants", "caused_by", "shift_days"),
    ),
    Metric(
        "forecast_trail",
        "date",
        _NEEDS,
        "metrics.roadmap.add_trail",
        name={"en": "Forecast trail", "fr": "Historique de la prévision"},
        definition={
            "en": "How the forecast of a roadmap item moved over the last 12 weeks: its P50 and P85 dates and its "
            "chance of meeting the target at each week-end, recomputed from the data as it was that day with the "
            "same random seed, next to the work left and the target then.",
            "fr": "Comment la prévision d'un chantier a évolué sur les 12 dernières semaines : ses dates P50 et P85 "
            "et sa probabilité de tenir la date à chaque fin de semaine, recalculées à partir des données de ce "
            "jour-là avec la même graine, à côté du reste à faire et de la date cible d'alors.",
        },
        export_keys=("trail", "weekly_cost", "cost_of_delay_per_week"),
    ),
    Metric(
        "forecast_change",
        "days",
        _NEEDS,
        "metrics.moves.explain",
        name={"en": "Why the forecast moved", "fr": "Pourquoi la prévision a bougé"},
        definition={
            "en": "The move of the P85 date, of the costs and of the chance of meeting the target since the previous "
            "week-end (or the last board), split into causes by replaying the forecast with one input changed at a "
            "time and the same random numbers: time passed, scope (work added, removed or finished), pace (the "
            "recent history), dependencies (an upstream item moved) and the target (a moved committed date, always "
            "shown). The parts add up to the total.",
            "fr": "Le déplacement de la date P85, des coûts et de la probabilité de tenir la date depuis la fin de "
            "semaine précédente (ou le dernier comité), réparti par cause en rejouant la prévision avec une seule "
            "donnée changée à la fois et les mêmes tirages : temps écoulé, périmètre (travail ajouté, retiré ou "
            "terminé), rythme (l'historique récent), dépendances (un chantier amont a bougé) et date cible (une "
            "date engagée déplacée, toujours signalée). Les parts s'additionnent au total.",
        },
        export_keys=("change", "since", "p85_days", "on_time", "causes", "cause", "days", "on_time_points", "detail",
                     "from", "to",
                     "remaining_from", "remaining_to", "entered", "left", "finished", "per_block_from",
                     "per_block_to", "keys", "names"),
    ),
)
