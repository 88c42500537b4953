"""Data confidence (METRICS.md "Data confidence"): for each kind of figure, the share of the data it rests on.

Ratios (numerator ÷ denominator):
- `estimated_items`: work items completed in the window that had story points at as_of ÷ items completed in the
  window (behind points, velocity in points, allocation by points).
- `items_with_start`: items completed in the window that have a start ÷ items completed in the window (behind
  cycle time).
- `epics_with_target`: roadmap items (epics or configured roadmap types) open at as_of with a target date at
  as_of ÷ roadmap items open at as_of (behind drift and forecasts).
- `prs_deployed`: pull requests merged into the default branch in the window and deployed by as_of ÷ those merged
  (behind lead time for changes).
- `incidents_linked`: incidents created in the window attributed to a deployment ÷ incidents created in the window
  (behind change failure rate).

Each ratio is reported with `numerator`, `denominator`, `ratio` (NaN when the denominator is 0), `low` (ratio below
0.5) and `status` (`ok`, `low`, or `not enough data` when the denominator is 0).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import pandas as pd

from metrics.history import date_source_field, field_history, timelines
from metrics.registry import Metric
from metrics.windows import window_bounds

LOW = 0.5
NOT_ENOUGH = "not enough data"
RATIOS = ("estimated_items", "items_with_start", "epics_with_target", "prs_deployed", "incidents_linked")
COLUMNS = ["scope_kind", "scope", "ratio_id", "numerator", "denominator", "ratio", "low", "status"]


def coverage(numerator: int, denominator: int) -> dict:
    """One coverage ratio: numerator, denominator, ratio (None when the denominator is 0), low, status."""
    if denominator <= 0:
        return {"numerator": int(numerator), "denominator": 0, "ratio": None, "low": False, "status": NOT_ENOUGH}
    ratio = numerator / denominator
    low = ratio < LOW
    return {"numerator": int(numerator), "denominator": int(denominator), "ratio": ratio, "low": low,
            "status": "low" if low else "ok"}


def roadmap_targets(ds, ws, mapping: Mapping[str, str], *, as_of: date) -> pd.DataFrame:
    """Roadmap items (issues of the roadmap types) created before as_of and not done at as_of, with whether they
    had a target date at as_of.

    The target is the due date (or, with `jira.target = "fix_version"`, a fix version with a release date; with
    `"field:<name>"`, that date field) as it stood at as_of, or a target declared in the workspace file. Columns: `id`, `key`, `project`, `team`,
    `has_target` (bool).
    """
    roadmap_types = list(ws.jira.roadmap_types) if ws.jira else ["Epic"]
    subtask = ds.issues["is_subtask"].fillna(False).astype(bool)
    epics = ds.issues.loc[ds.issues["issue_type"].isin(roadmap_types) & ~subtask]
    changes = ds.status_changes.loc[ds.status_changes["item_id"].isin(list(epics["id"]))]  # few epics: cheap
    tl = timelines(epics, changes, mapping, as_of=as_of)
    open_ids = tl.index[tl["stage"] != "done"]
    out = epics.set_index("id").loc[open_ids, ["key", "project"]].reset_index()
    out["team"] = out["project"].map(ws.team_of_project()).fillna("").astype("str")
    use_versions = bool(ws.jira and ws.jira.target == "fix_version")
    history = field_history(ds.field_changes, date_source_field(ws.jira.target if ws.jira else "due_date"),
                            as_of=as_of)
    last = history.drop_duplicates("item_id", keep="last").set_index("item_id")["value"].fillna("").str.strip()
    value = pd.Series(last.reindex(out["id"].to_numpy()).to_numpy(), index=out.index, dtype="str").fillna("")
    if use_versions:
        dated = set(ds.versions.loc[ds.versions["release_date"].notna(), "name"])
        has = value.str.split(",").map(lambda names: any(n.strip() in dated for n in names))
    else:
        has = value != ""
    declared = {f"jira:{r.key}" for r in ws.roadmap if r.target is not None}
    out["has_target"] = (has | out["id"].isin(list(declared))).astype(bool)
    return out


def confidence_table(
    done: pd.DataFrame,
    roadmap: pd.DataFrame,
    prs: pd.DataFrame,
    incidents: pd.DataFrame,
    team_incidents: pd.DataFrame,
    repo_incidents: pd.DataFrame,
    teams: Mapping[str, Sequence[str]],
    repos: Sequence[str],
    *,
    as_of: date,
    weeks: int,
) -> pd.DataFrame:
    """Every coverage ratio per scope: overall (every team and unassigned item), each team, each repository
    (repositories only have `prs_deployed` and `incidents_linked`).

    Inputs: `done` (metrics.flow.completed_in_window with `points`), `roadmap` (roadmap_targets), `prs`
    (metrics.dora.pr_lead_times), `incidents` (metrics.dora.attribute_incidents), `team_incidents` /
    `repo_incidents` (`incident_id`, `scope`), `teams` (team → its repositories). Returns one row per (scope,
    ratio) with the columns of COLUMNS (`scope_kind` is `overall`, `team` or `repo`; `scope` is "" overall).
    """
    start, end = window_bounds(as_of, weeks)
    inc = incidents.loc[(incidents["created_at"] >= start) & (incidents["created_at"] < end)]
    linked = set(inc.loc[inc["deployment_id"].notna(), "id"])
    rows: list[dict] = []

    def add(kind: str, scope: str, ratio_id: str, numerator: int, denominator: int) -> None:
        rows.append({"scope_kind": kind, "scope": scope, "ratio_id": ratio_id, **coverage(numerator, denominator)})

    def incident_ratio(kind: str, scope: str, ids: set[str]) -> None:
        in_window = ids & set(inc["id"])
        add(kind, scope, "incidents_linked", len(in_window & linked), len(in_window))

    def item_ratios(kind: str, scope: str, d: pd.DataFrame, r: pd.DataFrame) -> None:
        add(kind, scope, "estimated_items", int(d["points"].notna().sum()), len(d))
        add(kind, scope, "items_with_start", int(d["started_at"].notna().sum()), len(d))
        add(kind, scope, "epics_with_target", int(r["has_target"].sum()), len(r))

    item_ratios("overall", "", done, roadmap)
    add("overall", "", "prs_deployed", int(prs["deployed"].sum()), len(prs))
    incident_ratio("overall", "", set(inc["id"]))
    for team, team_repos in teams.items():
        item_ratios("team", team, done.loc[done["team"] == team], roadmap.loc[roadmap["team"] == team])
        p = prs.loc[prs["repo"].isin(list(team_repos))]
        add("team", team, "prs_deployed", int(p["deployed"].sum()), len(p))
        incident_ratio("team", team, set(team_incidents.loc[team_incidents["scope"] == team, "incident_id"]))
    for repo in repos:
        p = prs.loc[prs["repo"] == repo]
        add("repo", repo, "prs_deployed", int(p["deployed"].sum()), len(p))
        incident_ratio("repo", repo, set(repo_incidents.loc[repo_incidents["scope"] == repo, "incident_id"]))
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["ratio"] = out["ratio"].astype("float64").fillna(np.nan)
    return out


def _ratio_metric(metric_id: str, needs: tuple[str, ...], en: tuple[str, str], fr: tuple[str, str]) -> Metric:
    return Metric(metric_id, "share", needs, "metrics.confidence.confidence_table", name={"en": en[0], "fr": fr[0]},
                  definition={"en": en[1], "fr": fr[1]}, export_keys=(metric_id,))


METRICS = (
    _ratio_metric(
        "estimated_items", ("issues", "field_changes"),
        ("Work sized in advance", "The share of recently finished work that had a size estimate. Figures in "
         "points rest on it."),
        ("Travail estimé à l'avance", "La part du travail récemment terminé qui avait une estimation de taille. "
         "Les chiffres en points en dépendent."),
    ),
    _ratio_metric(
        "items_with_start", ("issues", "status_changes"),
        ("Work with a recorded start", "The share of recently finished work whose start was recorded. The time "
         "it takes to finish work rests on it."),
        ("Travail avec un démarrage enregistré", "La part du travail récemment terminé dont le démarrage a été "
         "enregistré. Le temps de réalisation en dépend."),
    ),
    _ratio_metric(
        "epics_with_target", ("issues", "field_changes", "versions"),
        ("Roadmap items with a date", "The share of open roadmap items that have a target date. Delays can only "
         "be measured against a date."),
        ("Éléments de feuille de route datés", "La part des éléments ouverts de la feuille de route qui ont une "
         "date cible. Un retard ne se mesure que par rapport à une date."),
    ),
    _ratio_metric(
        "prs_deployed", ("pull_requests", "deployments", "deployment_statuses", "releases"),
        ("Changes traced to a release", "The share of code changes accepted over the period that can be traced "
         "to a release to customers. The time to customers rests on it."),
        ("Changements reliés à une mise en production", "La part des changements de code acceptés sur la période "
         "que l'on peut relier à une mise en production. Le délai jusqu'aux clients en dépend."),
    ),
    _ratio_metric(
        "incidents_linked", ("incidents", "deployments", "deployment_statuses", "releases"),
        ("Incidents traced to a release", "The share of incidents over the period that can be traced to a "
         "release that came before them. The share of releases causing incidents rests on it."),
        ("Incidents reliés à une mise en production", "La part des incidents de la période que l'on peut relier "
         "à une mise en production antérieure. La part des mises en production à incident en dépend."),
    ),
)
