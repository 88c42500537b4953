"""Every delivery metric of a workspace at one as_of, computed once for the pages, the export and snapshots.

`delivery_report(ds, ws, as_of=…)` returns a `DeliveryReport`. Frames with a `team` column (or a team index) also
carry the row `ALL` ("*"): the same figure over every work item, including items of projects no team owns, or for
DORA over every repository and incident.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from metrics.allocation import allocation, points_at
from metrics.confidence import confidence_table, roadmap_targets
from metrics.dora import DoraResult, dora_report
from metrics.flow import (
    ageing_wip,
    completed_in_window,
    cumulative_flow,
    cycle_time,
    lead_time,
    throughput,
    wip,
)
from metrics.history import field_history
from metrics.sprints import sprint_report
from metrics.windows import window_bounds
from metrics.work import stages_for, work_items
from pilotage.core.model import Dataset
from pilotage.core.workspace import Workspace

ALL = "*"


@dataclass
class DeliveryReport:
    """The delivery metrics of one workspace at one as_of (frames documented in the modules named).

    - `items`: metrics.work.work_items plus `points` (story points at as_of, NaN if unestimated): the evidence.
    - `done`: metrics.flow.completed_in_window (+ `points`): behind throughput, cycle/lead time and allocation.
    - `throughput` (team, week, items), `cycle_time` / `lead_time` (index team: p50, p85, p95, count, days),
      `wip` (Series by team), `ageing_wip` (one row per item in progress), `cumulative_flow` (team, week, todo,
      in_progress, done): metrics.flow.
    - `sprints` (one row per closed sprint ending in the window), `sprint_members` (evidence per sprint and item),
      `velocity_stability` (index team): metrics.sprints.
    - `dora`: metrics.dora.DoraResult (repos, teams and ALL, bands, evidence).
    - `allocation` (team, category, items, points, items_share, points_share): metrics.allocation.
    - `roadmap_targets` and `confidence` (scope_kind, scope, ratio_id, numerator, denominator, ratio, low,
      status): metrics.confidence.
    """

    as_of: date
    weeks: int
    window_start: pd.Timestamp
    window_end: pd.Timestamp
    teams: tuple[str, ...]
    repos: tuple[str, ...]
    items: pd.DataFrame
    done: pd.DataFrame
    throughput: pd.DataFrame
    cycle_time: pd.DataFrame
    lead_time: pd.DataFrame
    wip: pd.Series
    ageing_wip: pd.DataFrame
    cumulative_flow: pd.DataFrame
    sprints: pd.DataFrame
    sprint_members: pd.DataFrame
    velocity_stability: pd.DataFrame
    dora: DoraResult
    allocation: pd.DataFrame
    roadmap_targets: pd.DataFrame
    confidence: pd.DataFrame


def delivery_report(ds: Dataset, ws: Workspace, *, as_of: date) -> DeliveryReport:
    """Compute every delivery metric of METRICS.md for the workspace's teams and repositories at `as_of`."""
    weeks = ws.metrics.window_weeks
    mapping = stages_for(ds, ws)
    teams = tuple(t.name for t in ws.teams)
    items = work_items(ds, ws, as_of=as_of)
    points_history = field_history(ds.field_changes, "story_points", as_of=as_of)
    items["points"] = items["id"].map(points_at(points_history)).astype("float64")
    done = completed_in_window(items, as_of=as_of, weeks=weeks)
    everyone, done_all = items.assign(team=ALL), done.assign(team=ALL)

    cycle = pd.concat([cycle_time(done, teams), cycle_time(done_all, [ALL])])
    flow_groups = [*teams, ""]  # "" = items of projects no team owns: part of ALL only
    cfd = cumulative_flow(items, ds.status_changes, mapping, flow_groups, as_of=as_of, weeks=weeks)
    cfd_all = cfd.groupby("week", as_index=False)[["todo", "in_progress", "done"]].sum().assign(team=ALL)
    sprints, members, stability = sprint_report(
        items, ds.field_changes, ds.status_changes, ds.sprints, ws.team_of_board(), mapping, as_of=as_of,
        weeks=weeks, points_rule=ws.metrics.points_rule, velocity_sprints=ws.metrics.velocity_sprints,
        points_history=points_history,
    )
    dora = dora_report(ds, ws, as_of=as_of, overall=ALL)
    roadmap = roadmap_targets(ds, ws, mapping, as_of=as_of)
    repos = tuple(dora.repos.index)
    confidence = confidence_table(
        done, roadmap, dora.prs, dora.incidents, dora.team_incidents, dora.repo_incidents,
        {t.name: tuple(t.repos) for t in ws.teams}, repos, as_of=as_of, weeks=weeks,
    )
    start, end = window_bounds(as_of, weeks)
    return DeliveryReport(
        as_of=as_of,
        weeks=weeks,
        window_start=start,
        window_end=end,
        teams=teams,
        repos=repos,
        items=items,
        done=done,
        throughput=pd.concat(
            [throughput(items, teams, as_of=as_of, weeks=weeks), throughput(everyone, [ALL], as_of=as_of, weeks=weeks)],
            ignore_index=True,
        ),
        cycle_time=cycle,
        lead_time=pd.concat([lead_time(done, teams), lead_time(done_all, [ALL])]),
        wip=pd.concat([wip(items, teams), wip(everyone, [ALL])]),
        ageing_wip=ageing_wip(items, cycle["p85"].drop(ALL).to_dict(), as_of=as_of),
        cumulative_flow=pd.concat([cfd.loc[cfd["team"] != ""], cfd_all[cfd.columns]], ignore_index=True),
        sprints=sprints,
        sprint_members=members,
        velocity_stability=stability,
        dora=dora,
        allocation=pd.concat([allocation(done, teams), allocation(done_all, [ALL])], ignore_index=True),
        roadmap_targets=roadmap,
        confidence=confidence,
    )
