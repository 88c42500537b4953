"""DORA metrics per repository and per team (METRICS.md "DORA"), with the 2024 bands.

A scope is a set of repositories: one repository, or a team's `repos`. Everything is computed once per dataset and
then aggregated per scope (tens of scopes), so a team's figures are exactly those of the union of its repositories.

Deployments: a GitHub deployment counts when its environment matches the production pattern (case-insensitive
search) and its latest status before the as_of instant is `success`. `inactive` statuses are ignored when finding
the latest one: GitHub marks a superseded successful deployment `inactive` automatically, which does not undo it
(docs/metrics-decisions.md). The deployment's time is the time of that success status. Repositories with no
deployment created before the as_of instant, in any environment, fall back to their published, non-draft,
non-prerelease releases (time: published).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from metrics.registry import Metric
from metrics.windows import as_of_instant, window_bounds

HOUR = pd.Timedelta(hours=1)
DEFAULT_PRODUCTION = "^prod"
BAND_ORDER = ("low", "medium", "high", "elite")

DEPLOY_COLUMNS = {"id": "str", "repo": "str", "environment": "str", "kind": "str", "deployed_at": "datetime64[ms, UTC]"}


def production_deployments(
    deployments: pd.DataFrame,
    deployment_statuses: pd.DataFrame,
    releases: pd.DataFrame,
    *,
    production: str = DEFAULT_PRODUCTION,
    as_of: date,
) -> pd.DataFrame:
    """Production deployments known at as_of, oldest first.

    Columns: `id` (deployment or release id), `repo` (owner/name), `environment` (`release` for the fallback),
    `kind` (`deployment` or `release`), `deployed_at` (success status time, or release published time).
    """
    end = as_of_instant(as_of)
    known = deployments.loc[deployments["created_at"] < end]
    st = deployment_statuses.loc[
        (deployment_statuses["at"] < end) & (deployment_statuses["state"].str.lower() != "inactive")
    ]
    latest = st.sort_values(["deployment_id", "at", "seq"], kind="stable").drop_duplicates("deployment_id", keep="last")
    latest = latest.loc[latest["state"].str.lower() == "success", ["deployment_id", "at"]]
    prod = known.loc[known["environment"].fillna("").str.contains(production, case=False, regex=True)]
    deployed = prod.merge(latest, left_on="id", right_on="deployment_id", how="inner")
    from_deployments = pd.DataFrame({"id": deployed["id"], "repo": deployed["repo"],
                                     "environment": deployed["environment"], "kind": "deployment",
                                     "deployed_at": deployed["at"]})
    rel = releases.loc[
        ~releases["repo"].isin(list(pd.unique(known["repo"])))
        & ~releases["draft"].fillna(False).astype(bool)
        & ~releases["prerelease"].fillna(False).astype(bool)
        & releases["published_at"].notna()
        & (releases["published_at"] < end)
    ]
    from_releases = pd.DataFrame({"id": rel["id"], "repo": rel["repo"], "environment": "release", "kind": "release",
                                  "deployed_at": rel["published_at"]})
    out = pd.concat([from_deployments.astype(DEPLOY_COLUMNS), from_releases.astype(DEPLOY_COLUMNS)], ignore_index=True)
    return out.sort_values(["deployed_at", "id"], kind="stable").reset_index(drop=True)


def pr_lead_times(
    pull_requests: pd.DataFrame,
    repositories: pd.DataFrame,
    deploys: pd.DataFrame,
    *,
    as_of: date,
    weeks: int,
) -> pd.DataFrame:
    """Pull requests merged into their repository's default branch in the window, with their deployment.

    A repository missing from `repositories` has no known default branch: its PRs merged into any branch count.
    Columns: `id`, `repo`, `number`, `title`, `url`, `first_commit_at`, `merged_at`, `deployment_id` (first
    production deployment of the repository at or after the merge and before the as_of instant; null if none),
    `deployed_at`, `deployed` (bool), `lead_time_hours` (deployed_at − first_commit_at in hours; NaN when not
    deployed or without first commit time).
    """
    start, end = window_bounds(as_of, weeks)
    default = repositories.set_index("full_name")["default_branch"] if len(repositories) else pd.Series(dtype="str")
    prs = pull_requests.loc[pull_requests["merged_at"].notna() & (pull_requests["merged_at"] >= start)
                            & (pull_requests["merged_at"] < end)]
    branch = prs["repo"].map(default)
    prs = prs.loc[branch.isna() | (prs["base_branch"] == branch)]
    left = prs[["id", "repo", "number", "title", "url", "first_commit_at", "merged_at"]].sort_values(
        ["merged_at", "id"], kind="stable")
    right = deploys[["repo", "deployed_at", "id"]].rename(columns={"id": "deployment_id"}).sort_values(
        ["deployed_at", "deployment_id"], kind="stable")
    right = right.assign(_at=right["deployed_at"])
    merged = pd.merge_asof(left.astype({"repo": "str"}), right.astype({"repo": "str"}), left_on="merged_at",
                           right_on="_at", by="repo", direction="forward", allow_exact_matches=True)
    merged = merged.drop(columns="_at")
    merged["deployed"] = merged["deployment_id"].notna()
    merged["lead_time_hours"] = (merged["deployed_at"] - merged["first_commit_at"]) / HOUR
    return merged.sort_values(["repo", "number"], kind="stable").reset_index(drop=True)


def incident_repos(incidents: pd.DataFrame, team_repos: Mapping[str, Sequence[str]],
                   team_of_project: Mapping[str, str]) -> pd.DataFrame:
    """Which repositories each incident belongs to: a GitHub incident to its repository, a Jira incident to the
    repositories of the team owning its project. Columns: `incident_id`, `repo` (one row per pair)."""
    github = incidents.loc[incidents["repo"].notna(), ["id", "repo"]]
    jira = incidents.loc[incidents["repo"].isna() & incidents["project"].notna(), ["id", "project"]]
    repos_of_project = {p: list(team_repos.get(t, ())) for p, t in team_of_project.items()}
    jira = jira.assign(repo=jira["project"].map(repos_of_project)).explode("repo").dropna(subset=["repo"])
    pairs = pd.concat([github, jira[["id", "repo"]]], ignore_index=True).rename(columns={"id": "incident_id"})
    return pairs.astype({"incident_id": "str", "repo": "str"}).drop_duplicates().reset_index(drop=True)


def attribute_incidents(
    incidents: pd.DataFrame, pairs: pd.DataFrame, deploys: pd.DataFrame, *, as_of: date
) -> pd.DataFrame:
    """Incidents created before the as_of instant, each attributed to the latest production deployment among its
    repositories that finished strictly before the incident was created.

    Columns: `id`, `source`, `repo`, `project`, `title`, `url`, `created_at`, `resolved_at` (null when resolved
    after as_of or never), `deployment_id` (null when no deployment precedes it), `deployed_at`, `restore_hours`
    (resolved_at − created_at in hours; NaN while open).
    """
    end = as_of_instant(as_of)
    inc = incidents.loc[incidents["created_at"] < end,
                        ["id", "source", "repo", "project", "title", "url", "created_at", "resolved_at"]].copy()
    inc["resolved_at"] = inc["resolved_at"].where(inc["resolved_at"] < end)
    p = pairs.merge(inc[["id", "created_at"]], left_on="incident_id", right_on="id").drop(columns="id")
    left = p.sort_values(["created_at", "incident_id"], kind="stable").astype({"repo": "str"})
    right = deploys[["repo", "deployed_at", "id"]].rename(columns={"id": "deployment_id"}).sort_values(
        ["deployed_at", "deployment_id"], kind="stable").astype({"repo": "str"})
    matched = pd.merge_asof(left, right, left_on="created_at", right_on="deployed_at", by="repo",
                            direction="backward", allow_exact_matches=False).dropna(subset=["deployment_id"])
    best = matched.sort_values(["incident_id", "deployed_at", "deployment_id"], kind="stable").drop_duplicates(
        "incident_id", keep="last").set_index("incident_id")
    attributed = best[["deployment_id", "deployed_at"]].reset_index().astype(
        {"incident_id": "str", "deployment_id": "str", "deployed_at": DEPLOY_COLUMNS["deployed_at"]})
    inc = inc.merge(attributed, left_on="id", right_on="incident_id", how="left").drop(columns="incident_id")
    inc["restore_hours"] = (inc["resolved_at"] - inc["created_at"]) / HOUR
    return inc.sort_values(["created_at", "id"], kind="stable").reset_index(drop=True)


def scope_figures(
    scopes: Mapping[str, Sequence[str]],
    deploys: pd.DataFrame,
    prs: pd.DataFrame,
    incidents: pd.DataFrame,
    incident_scope: pd.DataFrame,
    *,
    as_of: date,
    weeks: int,
    with_data: set[str] | frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """The DORA figures of each scope (a repository or a team = a set of repositories).

    `incident_scope` pairs each incident with the scopes it belongs to (`incident_id`, `scope`). `with_data` is
    the set of repositories that have any deployment or release data (a scope without any has no deployment
    frequency band). Returns a frame indexed by scope (in `scopes` order) with columns `deployments` (count in
    the window), `deployments_per_week` (deployments ÷ weeks), `deploy_days_per_week_median` (median over the
    window's weeks of the number of UTC days with ≥ 1 deployment), `lead_time_p50_hours`, `lead_time_p85_hours`,
    `lead_time_count` (deployed PRs with a first commit time), `missing_first_commit` (deployed PRs without),
    `undeployed_prs`, `failed_deployments` (deployments in the window with ≥ 1 incident), `change_failure_rate`
    (failed ÷ deployments, NaN without deployments), `time_to_restore_p50_hours`, `time_to_restore_count`
    (incidents created in the window and resolved by as_of), `open_incidents` (created in the window, still
    open), `has_deploy_data` (bool).
    """
    start, end = window_bounds(as_of, weeks)
    names = pd.Index(list(scopes), dtype="str", name="scope")
    members = pd.DataFrame([(name, r) for name, rs in scopes.items() for r in rs], columns=["scope", "repo"],
                           dtype="str").drop_duplicates()
    out = pd.DataFrame(index=names)

    d = deploys.loc[(deploys["deployed_at"] >= start) & (deploys["deployed_at"] < end), ["id", "repo", "deployed_at"]]
    d = d.merge(members, on="repo").drop_duplicates(["scope", "id"])
    d["failed"] = d["id"].isin(list(set(incidents["deployment_id"].dropna())))
    out["deployments"] = d.groupby("scope").size().reindex(names, fill_value=0).astype("int64")
    out["deployments_per_week"] = out["deployments"] / weeks
    d["week"] = ((d["deployed_at"] - start) // pd.Timedelta(days=7)).astype("int64")
    days = d.assign(day=d["deployed_at"].dt.floor("D")).drop_duplicates(["scope", "day"])
    per_week = days.groupby(["scope", "week"]).size().unstack(fill_value=0)
    per_week = per_week.reindex(index=names, columns=range(weeks), fill_value=0)
    out["deploy_days_per_week_median"] = np.median(per_week.to_numpy(dtype="float64"), axis=1) if weeks else np.nan

    p = prs[["id", "repo", "deployed", "first_commit_at", "lead_time_hours"]].merge(members, on="repo")
    lead = p.dropna(subset=["lead_time_hours"]).groupby("scope")["lead_time_hours"]
    out["lead_time_p50_hours"] = lead.quantile(0.5).reindex(names)
    out["lead_time_p85_hours"] = lead.quantile(0.85).reindex(names)
    out["lead_time_count"] = lead.size().reindex(names, fill_value=0).astype("int64")
    out["missing_first_commit"] = (p["deployed"] & p["first_commit_at"].isna()).groupby(p["scope"]).sum().reindex(
        names, fill_value=0).astype("int64")
    out["undeployed_prs"] = (~p["deployed"]).groupby(p["scope"]).sum().reindex(names, fill_value=0).astype("int64")
    out["failed_deployments"] = d.groupby("scope")["failed"].sum().reindex(names, fill_value=0).astype("int64")
    out["change_failure_rate"] = out["failed_deployments"] / out["deployments"].where(out["deployments"] > 0)

    i = incidents.loc[(incidents["created_at"] >= start) & (incidents["created_at"] < end),
                      ["id", "resolved_at", "restore_hours"]]
    i = i.merge(incident_scope.rename(columns={"incident_id": "id"}), on="id").drop_duplicates(["scope", "id"])
    restore = i.dropna(subset=["restore_hours"]).groupby("scope")["restore_hours"]
    out["time_to_restore_p50_hours"] = restore.median().reindex(names)
    out["time_to_restore_count"] = restore.size().reindex(names, fill_value=0).astype("int64")
    out["open_incidents"] = i["resolved_at"].isna().groupby(i["scope"]).sum().reindex(names, fill_value=0).astype(
        "int64")
    out["has_deploy_data"] = [bool(set(scopes[n]) & set(with_data)) for n in names]
    return out.astype({c: "float64" for c in ("lead_time_p50_hours", "lead_time_p85_hours", "change_failure_rate",
                                               "time_to_restore_p50_hours", "deploy_days_per_week_median")})


# ------------------------------------------------------------------------------------------------------- bands


@dataclass(frozen=True)
class Threshold:
    """Reaching `band` needs `measure` to be `direction` (`at_least`, `below` or `at_most`) `value`."""

    band: str
    measure: str
    direction: str
    value: float


# The 2024 DORA clusters as thresholds, best band first (docs/metrics-decisions.md explains each choice).
BANDS: dict[str, tuple[Threshold, ...]] = {
    # elite "on demand", high "daily to weekly", medium "weekly to monthly", low "monthly to every 6 months"
    "deployment_frequency": (
        Threshold("elite", "deploy_days_per_week_median", "at_least", 5.0),
        Threshold("high", "deploy_days_per_week_median", "at_least", 1.0),
        Threshold("medium", "deployments_per_week", "at_least", 12 / 52),
    ),
    # elite < 1 day, high 1 day–1 week, medium 1 week–1 month, low 1–6 months (median, hours)
    "lead_time": (
        Threshold("elite", "lead_time_p50_hours", "below", 24.0),
        Threshold("high", "lead_time_p50_hours", "at_most", 24.0 * 7),
        Threshold("medium", "lead_time_p50_hours", "at_most", 24.0 * 30),
    ),
    # elite < 1 hour, high and medium < 1 day, low 1 week–1 month (median, hours)
    "time_to_restore": (
        Threshold("elite", "time_to_restore_p50_hours", "below", 1.0),
        Threshold("high", "time_to_restore_p50_hours", "below", 24.0),
    ),
    # published cluster centres 5 % / 20 % / 10 % / 40 %: the sorted centres 5, 10, 20, 40 % with boundaries half
    # way between them, keeping the band order (lower failure rate, better band)
    "change_failure_rate": (
        Threshold("elite", "change_failure_rate", "at_most", 0.075),
        Threshold("high", "change_failure_rate", "at_most", 0.15),
        Threshold("medium", "change_failure_rate", "at_most", 0.30),
    ),
}
HIGHER_IS_BETTER = {"deployment_frequency": True, "lead_time": False, "time_to_restore": False,
                    "change_failure_rate": False}
BAND_VALUE = {"deployment_frequency": "deployments_per_week", "lead_time": "lead_time_p50_hours",
              "time_to_restore": "time_to_restore_p50_hours", "change_failure_rate": "change_failure_rate"}


def _meets(t: Threshold, figures: Mapping[str, float]) -> bool:
    v = figures[t.measure]
    if t.direction == "at_least":
        return v >= t.value
    return v < t.value if t.direction == "below" else v <= t.value


def _has_value(key: str, figures: Mapping[str, float]) -> bool:
    if key == "deployment_frequency":
        return bool(figures["has_deploy_data"])
    return not pd.isna(figures[BAND_VALUE[key]])


def band_of(key: str, figures: Mapping[str, float]) -> dict:
    """The band of one DORA key for a scope's figures, with the distance to the next band.

    Returns `value` (the figure banded: deployments per week, median lead time or time to restore in hours,
    change failure rate), `band` (elite / high / medium / low; null without data), `next_band`, `measure` (the
    figure the next band is reached on), `target`, `direction`, `gap` (|target − current|, ≥ 0; null at elite).
    """
    value = figures[BAND_VALUE[key]]
    out = {"value": value, "band": None, "next_band": None, "measure": None, "target": None, "direction": None,
           "gap": None}
    if not _has_value(key, figures):
        return out
    thresholds = BANDS[key]
    reached = next((t for t in thresholds if _meets(t, figures)), None)
    out["band"] = reached.band if reached else "low"
    better = [t for t in thresholds if BAND_ORDER.index(t.band) > BAND_ORDER.index(out["band"])]
    if better:
        nxt = better[-1]  # the closest better band
        current = figures[nxt.measure]
        out.update(next_band=nxt.band, measure=nxt.measure, target=nxt.value, direction=nxt.direction,
                   gap=abs(nxt.value - current))
    return out


def bands(figures: pd.DataFrame, previous: pd.DataFrame | None = None) -> dict[str, dict[str, dict]]:
    """Per scope, per DORA key, `band_of(...)` plus `previous` (the banded value over the previous window),
    `previous_band` and `trend` (`better`, `worse`, `same`; null when either value is missing)."""
    out: dict[str, dict[str, dict]] = {}
    for scope, row in figures.iterrows():
        f = row.to_dict()
        per_key = {}
        for key in BANDS:
            b = band_of(key, f)
            prev = band_of(key, previous.loc[scope].to_dict()) if previous is not None and scope in previous.index \
                else {"value": np.nan, "band": None}
            b["previous"] = prev["value"]
            b["previous_band"] = prev["band"]
            b["trend"] = _trend(b["value"], prev["value"], HIGHER_IS_BETTER[key])
            per_key[key] = b
        out[str(scope)] = per_key
    return out


def _trend(now: float, before: float, higher_is_better: bool) -> str | None:
    if pd.isna(now) or pd.isna(before):
        return None
    if np.isclose(now, before, rtol=0, atol=1e-9):
        return "same"
    return "better" if (now > before) == higher_is_better else "worse"


# ------------------------------------------------------------------------------------------------------ report


@dataclass
class DoraResult:
    """Everything DORA at one as_of.

    `deploys`: production_deployments; `prs`: pr_lead_times; `incidents`: attribute_incidents;
    `repo_incidents` / `team_incidents`: which incidents belong to which repository / team (`incident_id`,
    `scope`); `repos` and `teams`: scope_figures indexed by `owner/name` / team name; `repo_bands`, `team_bands`:
    `bands(...)` with the trend against the previous window (empty until `dora_report` fills them).
    """

    deploys: pd.DataFrame
    prs: pd.DataFrame
    incidents: pd.DataFrame
    repo_incidents: pd.DataFrame
    team_incidents: pd.DataFrame
    repos: pd.DataFrame
    teams: pd.DataFrame
    repo_bands: dict[str, dict[str, dict]] = field(default_factory=dict)
    team_bands: dict[str, dict[str, dict]] = field(default_factory=dict)


def dora_figures(
    ds,
    repos: Sequence[str],
    team_repos: Mapping[str, Sequence[str]],
    team_of_project: Mapping[str, str],
    *,
    production: str,
    as_of: date,
    weeks: int,
    overall: str | None = None,
) -> DoraResult:
    """DORA figures at one as_of, without bands. With `overall`, the team figures get one more scope of that
    name: every repository and every incident."""
    deploys = production_deployments(ds.deployments, ds.deployment_statuses, ds.releases, production=production,
                                     as_of=as_of)
    prs = pr_lead_times(ds.pull_requests, ds.repositories, deploys, as_of=as_of, weeks=weeks)
    pairs = incident_repos(ds.incidents, team_repos, team_of_project)
    incidents = attribute_incidents(ds.incidents, pairs, deploys, as_of=as_of)
    end = as_of_instant(as_of)
    with_data = set(pd.unique(ds.deployments.loc[ds.deployments["created_at"] < end, "repo"])) | set(pd.unique(deploys["repo"]))
    repo_scope = pairs.rename(columns={"repo": "scope"})
    # a GitHub incident belongs to the teams owning its repository, a Jira incident to the team of its project
    team_of_repo = pd.DataFrame([(r, t) for t, rs in team_repos.items() for r in rs], columns=["repo", "scope"])
    github = pairs.loc[pairs["incident_id"].isin(list(ds.incidents.loc[ds.incidents["repo"].notna(), "id"]))]
    via_repo = github.merge(team_of_repo, on="repo")[["incident_id", "scope"]]
    jira = ds.incidents.loc[ds.incidents["repo"].isna() & ds.incidents["project"].notna()]
    via_project = pd.DataFrame({"incident_id": jira["id"], "scope": jira["project"].map(dict(team_of_project))})
    team_scope = pd.concat([via_repo, via_project.dropna()], ignore_index=True)
    scopes = {name: tuple(rs) for name, rs in team_repos.items()}
    if overall is not None:
        scopes[overall] = tuple(repos)
        everything = pd.DataFrame({"incident_id": ds.incidents["id"], "scope": overall})
        team_scope = pd.concat([team_scope, everything], ignore_index=True)
    team_scope = team_scope.astype("str").drop_duplicates().reset_index(drop=True)
    args = {"as_of": as_of, "weeks": weeks, "with_data": with_data}
    return DoraResult(
        deploys=deploys, prs=prs, incidents=incidents, repo_incidents=repo_scope, team_incidents=team_scope,
        repos=scope_figures({r: [r] for r in repos}, deploys, prs, incidents, repo_scope, **args),
        teams=scope_figures(scopes, deploys, prs, incidents, team_scope, **args),
    )


def workspace_repos(ds, ws) -> list[str]:
    """Repositories reported on: the configured ones, the teams' ones, then any other in the store (sorted)."""
    configured = [*(ws.github.repos if ws.github else ()), *(r for t in ws.teams for r in t.repos)]
    return list(dict.fromkeys([*configured, *sorted(ds.repositories["full_name"].dropna())]))


def dora_report(ds, ws, *, as_of: date, overall: str | None = None) -> DoraResult:
    """DORA for the workspace: every repository of `workspace_repos` and every team (plus `overall` if given),
    with bands and the trend against the previous window (as_of − window weeks)."""
    weeks = ws.metrics.window_weeks
    args = {
        "repos": workspace_repos(ds, ws),
        "team_repos": {t.name: tuple(t.repos) for t in ws.teams},
        "team_of_project": ws.team_of_project(),
        "production": ws.github.production if ws.github else DEFAULT_PRODUCTION,
        "weeks": weeks,
        "overall": overall,
    }
    now = dora_figures(ds, as_of=as_of, **args)
    before = dora_figures(ds, as_of=as_of - timedelta(weeks=weeks), **args)
    now.repo_bands = bands(now.repos, before.repos)
    now.team_bands = bands(now.teams, before.teams)
    return now


def _metric(metric_id: str, unit: str, needs: tuple[str, ...], keys: tuple[str, ...], en: tuple[str, str],
            fr: tuple[str, str]) -> Metric:
    return Metric(metric_id, unit, needs, "metrics.dora.dora_report", name={"en": en[0], "fr": fr[0]},
                  definition={"en": en[1], "fr": fr[1]}, export_keys=keys)


_DEPLOY_DATA = ("deployments", "deployment_statuses", "releases")
METRICS = (
    _metric(
        "deployments", "deployments", _DEPLOY_DATA, ("deployments",),
        ("Releases to customers", "How many times new software successfully reached the live product, over the "
         "period."),
        ("Mises en production", "Le nombre de fois où une nouvelle version a atteint le produit en service, sur la "
         "période."),
    ),
    _metric(
        "deployment_frequency", "deployments per week", _DEPLOY_DATA, ("deployments_per_week",),
        ("Release frequency", "How often new software reaches customers: releases per week on average."),
        ("Fréquence de mise en production", "À quelle fréquence une nouvelle version atteint les clients : mises "
         "en production par semaine en moyenne."),
    ),
    _metric(
        "deploy_days", "days per week", _DEPLOY_DATA, ("deploy_days_per_week_median",),
        ("Release days per week", "In a typical week, on how many days the team released to customers."),
        ("Jours de mise en production par semaine", "Dans une semaine typique, le nombre de jours où l'équipe a "
         "mis en production."),
    ),
    _metric(
        "lead_time_for_changes", "hours", ("pull_requests", "repositories", *_DEPLOY_DATA), ("lead_time_hours",),
        ("Time to customers", "How long a code change takes from the first line written to being live for "
         "customers (typical case and slow case)."),
        ("Délai jusqu'aux clients", "Le temps entre la première ligne de code d'un changement et sa mise à "
         "disposition des clients (cas typique et cas lent)."),
    ),
    _metric(
        "undeployed_prs", "changes", ("pull_requests", "repositories", *_DEPLOY_DATA), ("undeployed_prs",),
        ("Finished changes not yet live", "Code changes accepted during the period that have not reached "
         "customers yet."),
        ("Changements terminés pas encore en service", "Les changements de code acceptés sur la période qui "
         "n'ont pas encore atteint les clients."),
    ),
    _metric(
        "change_failure_rate", "ratio", ("incidents", *_DEPLOY_DATA), ("change_failure_rate",),
        ("Releases causing incidents", "The share of releases to customers that were followed by an incident "
         "before the next release."),
        ("Mises en production à incident", "La part des mises en production suivies d'un incident avant la "
         "mise en production suivante."),
    ),
    _metric(
        "time_to_restore", "hours", ("incidents",), ("time_to_restore_hours",),
        ("Time to recover", "When something breaks for customers, how long it typically takes to fix it. "
         "Incidents still open are counted beside it."),
        ("Temps de rétablissement", "Quand quelque chose casse pour les clients, le temps typique pour le "
         "réparer. Les incidents encore ouverts sont comptés à côté."),
    ),
    _metric(
        "dora_bands", "band", ("incidents", "pull_requests", *_DEPLOY_DATA), ("bands",),
        ("Industry benchmark", "Where the team stands against the 2024 industry survey of software delivery "
         "(elite, high, medium, low), how far it is from the next level, and whether it improved since the "
         "previous period."),
        ("Référence du secteur", "Où se situe l'équipe par rapport à l'enquête 2024 du secteur sur la livraison "
         "de logiciels (élite, haut, moyen, bas), la distance au niveau suivant, et si elle a progressé depuis la "
         "période précédente."),
    ),
)
