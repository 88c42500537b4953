"""What-if: the roadmap recomputed with changed assumptions, without touching stored data.

A what-if changes the forecast inputs read from the data (metrics.roadmap.RoadmapInputs) and evaluates them again
with the same seed. Each item draws from its own random stream (metrics.forecast), so the items a change does not
touch keep exactly the same trials: the before/after difference is the change, never noise.

Changes:
- `RemoveScope(key, items)`: `items` fewer remaining work items (never below 0).
- `AddThroughput(key, team, share)`: `share` of `team`'s weekly throughput added to the item's weekly samples
  (e.g. 0.25 = a quarter of that team's pace lent to the item); the team's own other items lose that share of
  their pace in the same run (their samples × (1 − share)), so what lending costs them shows as moves.
- `SetDependency(key, on, lag_weeks)`: the item waits for `on` (+ lag); `lag_weeks=None` removes the dependency.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from metrics.forecast import nearest_rank
from metrics.roadmap import TEAM_SHARE, RoadmapInputs, RoadmapReport, evaluate
from pilotage.core.errors import WorkspaceError
from pilotage.core.workspace import Dependency, Workspace


@dataclass(frozen=True)
class RemoveScope:
    key: str
    items: int


@dataclass(frozen=True)
class AddThroughput:
    key: str
    team: str
    share: float


@dataclass(frozen=True)
class SetDependency:
    key: str
    on: str
    lag_weeks: float | None = 0.0  # None removes the dependency


Change = RemoveScope | AddThroughput | SetDependency


@dataclass
class WhatIf:
    """The roadmap before and after the changes (same seed and trials)."""

    before: RoadmapReport
    after: RoadmapReport
    changes: tuple[Change, ...]

    def item(self, key: str) -> dict:
        """{"before": entry, "after": entry} — the item's roadmap_json entries, to show side by side. When none of
        its figures moved, "after" keeps the statement of "before": a sentence changes only with a figure."""
        before, after = self.before.item(key), self.after.item(key)
        if entry_figures(before) == entry_figures(after):
            after["statement"] = before["statement"]
        return {"before": before, "after": after}

    def blocked_by(self, key: str) -> list[str]:
        """Names of the items `key` waits for that set its 85% date after the changes (its own work would finish
        earlier): why a change of its own work has no effect."""
        run, names = self.after.run, list(self.after.items["name"])
        row = list(self.after.items["key"]).index(key)
        if run is None or run.reasons[row] is not None:
            return []
        own, final = nearest_rank(run.own[row], 0.85), nearest_rank(run.final[row], 0.85)
        return [names[d] for (j, d, lag) in run.edges
                if j == row and own < final and nearest_rank(run.final[d] + lag, 0.85) == final]

    def moved(self) -> list[str]:
        """Keys whose P85, on-time probability or status changed, in report order."""
        columns = ["p85_date", "on_time_probability", "status"]
        a = self.before.items.set_index("key")[columns]
        b = self.after.items.set_index("key")[columns]
        changed = ~((a == b) | (a.isna() & b.isna())).all(axis=1)
        return list(a.index[changed])


def entry_figures(entry: dict) -> tuple:
    """What a reader compares in an item's entry: dates, chance, status, drift and money."""
    f = entry["forecast"]
    return (f["p50"], f["p85"], f["on_time_probability"], entry["status"], entry["drift_days"], entry["extra_cost"],
            entry["cost_of_delay"])


def apply_changes(inputs: RoadmapInputs, changes: Sequence[Change]) -> RoadmapInputs:
    """New inputs with the changes applied (the given inputs are left untouched).

    Raises WorkspaceError naming the unknown item or team, or the invalid value.
    """
    items = inputs.items.copy()
    samples = inputs.samples.copy()
    depends_on = dict(inputs.depends_on)
    row_of = {k: i for i, k in enumerate(items["key"])}
    problems: list[str] = []

    def row(key: str) -> int | None:
        if key not in row_of:
            problems.append(f"what-if: unknown roadmap item {key!r} (items: {', '.join(row_of)})")
            return None
        return row_of[key]

    for change in changes:
        if isinstance(change, RemoveScope):
            i = row(change.key)
            if change.items < 0:
                problems.append(f"what-if: items to remove must be ≥ 0, got {change.items}")
            elif i is not None:
                items.loc[i, "remaining"] = max(0, int(items.loc[i, "remaining"]) - change.items)
        elif isinstance(change, AddThroughput):
            i = row(change.key)
            if change.team not in inputs.team_throughput:
                teams = ", ".join(inputs.team_throughput) or "none"
                problems.append(f"what-if: unknown team {change.team!r} (teams: {teams})")
            elif not 0 < change.share <= 1:
                problems.append(f"what-if: share of {change.team}'s throughput must be in (0, 1], got {change.share}")
            elif i is not None:
                samples[i] = samples[i] + change.share * inputs.team_throughput[change.team]
                lending = np.array(items["team"] == change.team, dtype=bool)
                lending[i] = False
                samples[lending] *= 1 - change.share
                if items.loc[i, "blocked"] == "no_team":  # it now has a pace to draw from
                    items.loc[i, "blocked"] = np.nan
                    items.loc[i, "sample_source"] = TEAM_SHARE
        elif isinstance(change, SetDependency):
            i, j = row(change.key), row(change.on)
            if i is None or j is None:
                continue
            if change.lag_weeks is not None and change.lag_weeks < 0:
                problems.append(f"what-if: lag must be ≥ 0 weeks, got {change.lag_weeks}")
                continue
            kept = tuple(d for d in depends_on.get(change.key, ()) if d.key != change.on)
            if change.lag_weeks is not None:
                kept += (Dependency(change.on, float(change.lag_weeks)),)
            depends_on[change.key] = kept
        else:
            problems.append(f"what-if: unknown change {change!r}")
    if problems:
        raise WorkspaceError(problems)
    return dataclasses.replace(inputs, items=items, samples=samples, depends_on=depends_on)


def what_if(
    inputs: RoadmapInputs,
    ws: Workspace,
    changes: Sequence[Change],
    *,
    seed: int | None = None,
    trials: int | None = None,
    before: RoadmapReport | None = None,
) -> WhatIf:
    """Evaluate the roadmap before and after `changes`; pass `before` (same seed and trials) to reuse it.

    Raises WorkspaceError for an invalid change or a dependency cycle it creates.
    """
    if before is None:
        before = evaluate(inputs, ws, seed=seed, trials=trials)
    after = evaluate(apply_changes(inputs, changes), ws, seed=before.seed, trials=before.trials)
    return WhatIf(before=before, after=after, changes=tuple(changes))
