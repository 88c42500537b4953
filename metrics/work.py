"""The work-item table every delivery and roadmap metric starts from.

`work_items(dataset, ws, as_of=…)` joins the canonical issues with their histories (metrics.history) and the
workspace's rules: which types are work items, which team owns each project, which done items count in
throughput, and the investment category of each item. `WorkItems(dataset, ws)` prepares it once for several
as_of instants (`.at(as_of)`).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from metrics.history import Timelines, filter_types, stage_map
from metrics.windows import forecast_blocks, forecast_window, window_bounds, window_weeks
from pilotage.core.model import Dataset
from pilotage.core.workspace import Workspace

CATEGORIES = ("features", "tech debt", "bugs & incidents", "run / KTLO")


def stages_for(ds: Dataset, ws: Workspace) -> dict[str, str]:
    """Status name → stage with the workspace's overrides."""
    return stage_map(ds.statuses, ds.issues, ws.metrics.status_stages)


def work_items(ds: Dataset, ws: Workspace, *, as_of: date) -> pd.DataFrame:
    """One row per work item created before the as_of instant.

    Columns: id, key, project, team (from the workspace's jira_projects; "" when unassigned), issue_type, summary,
    url, labels, parent_id, story_points (current), resolution, status (at as_of), stage (todo / in_progress / done
    at as_of), created_at, started_at, done_at (see metrics.history.timelines), counted (done and not excluded
    from throughput by resolution or status), category (one of CATEGORIES), is_incident.
    """
    return WorkItems(ds, ws).at(as_of)


class WorkItems:
    """The work items of a dataset prepared once, to answer `work_items` at several as_of instants: what does not
    depend on the instant (which issues are work items, their team, incident flag and category) is computed once,
    their histories through metrics.history.Timelines."""

    _ISSUE_COLUMNS = ["key", "project", "issue_type", "summary", "url", "labels", "parent_id", "story_points",
                      "resolution"]

    def __init__(self, ds: Dataset, ws: Workspace) -> None:
        jira = ws.jira
        issues = filter_types(
            ds.issues,
            work_types=jira.work_types if jira else (),
            roadmap_types=jira.roadmap_types if jira else ("Epic",),
        )
        self._rules = ws.metrics
        self._timelines = Timelines(issues, ds.status_changes, stages_for(ds, ws))
        fixed = issues.set_index("id")[self._ISSUE_COLUMNS]
        fixed["team"] = fixed["project"].map(ws.team_of_project()).fillna("").astype("str")
        labels = fixed["labels"].fillna("")
        fixed["is_incident"] = fixed["issue_type"].isin(list(ws.metrics.incident_types)) | _has_any(
            labels, ws.metrics.incident_labels
        )
        fixed["category"] = _categories(fixed, labels, ds, ws)
        self._fixed = fixed

    def at(self, as_of: date) -> pd.DataFrame:
        """The work items at the as_of instant (rows and columns: see `work_items`)."""
        fixed = self._fixed.loc[self._timelines.created_before(as_of)]
        out = pd.concat([fixed[self._ISSUE_COLUMNS], self._timelines.at(as_of)], axis=1)
        out["team"] = fixed["team"]
        excluded = out["resolution"].isin(list(self._rules.exclude_resolutions)) | out["status"].isin(
            list(self._rules.exclude_statuses)
        )
        out["counted"] = (out["stage"] == "done") & ~excluded
        out["is_incident"] = fixed["is_incident"]
        out["category"] = fixed["category"]
        return out.reset_index()


def _has_any(labels: pd.Series, wanted) -> pd.Series:
    """Whether each space-separated label text holds one of `wanted` (each distinct text is split once)."""
    wanted = set(wanted)
    if not wanted:
        return pd.Series(False, index=labels.index)
    codes, texts = pd.factorize(labels)
    hit = np.array([bool(wanted.intersection(t.split(" "))) for t in texts] + [False])
    return pd.Series(hit[codes], index=labels.index)


def _categories(items: pd.DataFrame, labels: pd.Series, ds: Dataset, ws: Workspace) -> pd.Series:
    """Investment category. Precedence: the epic's declared category, bug/incident types, tech-debt labels,
    run labels, else features."""
    a = ws.allocation
    category = pd.Series("features", index=items.index, dtype="str")
    category[_has_any(labels, a.run_labels)] = "run / KTLO"
    category[_has_any(labels, a.tech_debt_labels)] = "tech debt"
    category[items["issue_type"].isin(list(a.bug_types)) | items["is_incident"]] = "bugs & incidents"
    if a.epics:
        by_epic = {f"jira:{k}": v for k, v in a.epics.items()}
        from_epic = items["parent_id"].map(by_epic)
        category = from_epic.fillna(category).astype("str")
    return category


def weekly_counts(times: pd.Series, *, as_of: date, weeks: int, groups: pd.Series | None = None) -> pd.DataFrame:
    """Count of timestamps per window week, zero-filled, oldest first.

    Returns a frame indexed by week start (Monday 00:00 UTC) with one column per group (or a single column
    "all" when `groups` is None).
    """
    start, _ = window_bounds(as_of, weeks)
    return _counts_per_block(times, start, window_weeks(as_of, weeks), groups)


def block_counts(times: pd.Series, *, as_of: date, blocks: int, groups: pd.Series | None = None) -> pd.DataFrame:
    """Count of timestamps per forecast-window block (seven days ending at the as_of instant), zero-filled,
    oldest first; indexed by each block's first day (00:00 UTC), columns as in `weekly_counts`."""
    start, _ = forecast_window(as_of, blocks)
    return _counts_per_block(times, start, forecast_blocks(as_of, blocks), groups)


def _counts_per_block(times: pd.Series, start: pd.Timestamp, index: pd.DatetimeIndex,
                      groups: pd.Series | None) -> pd.DataFrame:
    """Timestamps counted per consecutive 7-day block from `start` (one block per `index` entry)."""
    blocks = len(index)
    end = start + pd.Timedelta(days=7 * blocks)
    inside = times.notna() & (times >= start) & (times < end)
    t = times[inside]
    block_no = ((t - start) // pd.Timedelta(days=7)).astype(int).to_numpy()
    if groups is None:
        counts = np.bincount(block_no, minlength=blocks)
        return pd.DataFrame({"all": counts}, index=index)
    # groups × blocks through integer codes: pandas' crosstab costs ~30 ms even on a handful of rows
    codes, names = pd.factorize(groups[inside], sort=True)
    counts = np.bincount(codes * blocks + block_no, minlength=len(names) * blocks).reshape(len(names), blocks)
    return pd.DataFrame(counts.T, index=index, columns=pd.Index(names))
