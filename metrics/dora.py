"""DORA metrics per repository and per team (METRICS.md "DORA"), with the 2024 bands.

A scope is a set of repositories: one repository, or a team's `repos`. Everything is computed once per dataset and
then aggregated per scope (tens of scopes), so a team's figures are exactly those of the union of its repositories.

Deployments, per repository, from one source chosen by precedence (`deploy_sources`, docs/metrics-decisions.md):
1. `deployments` — the repository has a GitHub deployment in a production environment (pattern, case-insensitive
   search) created before the as_of instant: a deployment counts when its latest status before the as_of instant
   is `success`. `inactive` statuses are ignored when finding the latest one: GitHub marks a superseded successful
   deployment `inactive` automatically, which does not undo it. Time: that success status.
2. `workflow` — else, the repository has runs of the configured deploy workflows (`github.deploy_workflows`)
   created before the as_of instant: a run counts when it succeeded (`workflow_runs.deployed_at`) on a deploy
   branch (the patterns of `github.deploy_branches`, else the repository's default branch). Time: `deployed_at`.
3. `releases` — else its published, non-draft, non-prerelease releases (time: published).

Lead time for changes covers pull requests (`pr_lead_times`) and commits pushed to the default branch without a
pull request (`commit_lead_times`).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from metrics.registry import Metric
from metrics.windows import as_of_instant, window_bounds
from pilotage.core.model import empty_frame

HOUR = pd.Timedelta(hours=1)
DEFAULT_PRODUCTION = "^prod"
BAND_ORDER = ("low", "medium", "high", "elite")

DEPLOY_COLUMNS = {"id": "str", "repo": "str", "environment": "str", "kind": "str", "deployed_at": "datetime64[ms, UTC]",
                  "sha": "str"}
SOURCE_KINDS = ("deployments", "workflow", "releases", "none")


def deploy_sources(
    repos: Sequence[str],
    deployments: pd.DataFrame,
    workflow_runs: pd.DataFrame,
    releases: pd.DataFrame,
    *,
    production: str = DEFAULT_PRODUCTION,
    as_of: date,
) -> dict[str, str]:
    """Where each repository's deployments come from at as_of (one of SOURCE_KINDS), by precedence: production
    deployments, else deploy workflow runs, else published releases, else none (module doc)."""
    end = as_of_instant(as_of)
    known = deployments.loc[(deployments["created_at"] < end)
                            & deployments["environment"].fillna("").str.contains(production, case=False, regex=True)]
    with_deployments = set(known["repo"])
    with_runs = set(workflow_runs.loc[workflow_runs["created_at"] < end, "repo"])
    with_releases = set(_published(releases, end)["repo"])
    out = {}
    for repo in repos:
        if repo in with_deployments:
            out[repo] = "deployments"
        elif repo in with_runs:
            out[repo] = "workflow"
        else:
            out[repo] = "releases" if repo in with_releases else "none"
    return out


def _published(releases: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    return releases.loc[
        ~releases["draft"].fillna(False).astype(bool)
        & ~releases["prerelease"].fillna(False).astype(bool)
        & releases["published_at"].notna()
        & (releases["published_at"] < end)
    ]


def production_deployments(
    deployments: pd.DataFrame,
    deployment_statuses: pd.DataFrame,
    releases: pd.DataFrame,
    *,
    production: str = DEFAULT_PRODUCTION,
    as_of: date,
    workflow_runs: pd.DataFrame | None = None,
    repositories: pd.DataFrame | None = None,
    deploy_branches: Sequence[str] = (),
) -> pd.DataFrame:
    """Production deployments known at as_of, oldest first, each repository from its `deploy_sources` source.

    Columns: `id` (deployment, workflow run or release id), `repo` (owner/name), `environment` (the deployment's
    environment, the workflow's file name, or `release`), `kind` (`deployment`, `workflow_run` or `release`),
    `deployed_at` (success status time, successful run's `deployed_at`, or release published time), `sha` (the
    deployed commit; null for releases).
    A run counts on a branch matching `deploy_branches` (globs), or on its repository's default branch when none
    are given (`repositories`; a repository missing from it has no known default branch: any branch counts).
    """
    end = as_of_instant(as_of)
    runs = workflow_runs if workflow_runs is not None else empty_frame("workflow_runs")
    repos = sorted(set(deployments["repo"]) | set(runs["repo"]) | set(releases["repo"]))
    source = pd.Series(deploy_sources(repos, deployments, runs, releases, production=production, as_of=as_of),
                       index=pd.Index(repos, dtype="str"), dtype="str")
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
                                     "deployed_at": deployed["at"], "sha": deployed["sha"]})
    run = runs.loc[runs["deployed_at"].notna() & (runs["deployed_at"] < end)
                   & runs["repo"].map(source).eq("workflow")]
    run = run.loc[_on_deploy_branch(run, repositories, deploy_branches)]
    from_runs = pd.DataFrame({"id": run["id"], "repo": run["repo"], "environment": run["workflow"],
                              "kind": "workflow_run", "deployed_at": run["deployed_at"], "sha": run["head_sha"]})
    rel = _published(releases, end)
    rel = rel.loc[rel["repo"].map(source).eq("releases")]
    from_releases = pd.DataFrame({"id": rel["id"], "repo": rel["repo"], "environment": "release", "kind": "release",
                                  "deployed_at": rel["published_at"], "sha": None})
    out = pd.concat([f.astype(DEPLOY_COLUMNS) for f in (from_deployments, from_runs, from_releases)],
                    ignore_index=True)
    return out.sort_values(["deployed_at", "id"], kind="stable").reset_index(drop=True)


def _on_deploy_branch(runs: pd.DataFrame, repositories: pd.DataFrame | None, patterns: Sequence[str]) -> pd.Series:
    branch = runs["head_branch"].fillna("")
    if patterns:
        return branch.map(lambda b: any(fnmatch.fnmatchcase(b, p) for p in patterns)).astype(bool)
    if repositories is None or repositories.empty:
        return pd.Series(True, index=runs.index)
    default = runs["repo"].map(repositories.set_index("full_name")["default_branch"])
    return (default.isna() | (branch == default)).astype(bool)


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


REBASE_MERGE_TOLERANCE = pd.Timedelta(minutes=5)
COMMIT_COLUMNS = {"id": "str", "repo": "str", "sha": "str", "authored_at": "datetime64[ms, UTC]",
                  "committed_at": "datetime64[ms, UTC]", "deployment_id": "str",
                  "deployed_at": "datetime64[ms, UTC]", "deployed": "bool", "lead_time_hours": "float64"}


def direct_commits(commits: pd.DataFrame, pull_request_commits: pd.DataFrame,
                   pull_requests: pd.DataFrame) -> pd.DataFrame:
    """Default-branch commits that came without a pull request: not a PR's merge commit, not in a PR's commit
    list, not a rebase-merge rewrite of one (same authored time as a commit of a PR, committed within
    REBASE_MERGE_TOLERANCE of that PR's merge) and not a merge commit (two or more parents: its changes are its
    parents'). Same columns as `commits`."""
    prs = pull_requests[["id", "repo", "merged_at", "merge_sha"]]
    linked = pull_request_commits.merge(prs, left_on="pr_id", right_on="id")
    by_sha = set(zip(linked["repo"], linked["sha"], strict=True)) | set(
        zip(prs["repo"], prs["merge_sha"], strict=True))
    keys = pd.Series(list(zip(commits["repo"], commits["sha"], strict=True)), index=commits.index, dtype="object")
    out = commits.loc[~keys.isin(by_sha) & ~(commits["parents"].fillna(1) >= 2)]
    rewritten = out.reset_index().merge(linked[["repo", "authored_at", "merged_at"]], on=["repo", "authored_at"])
    rewritten = rewritten.loc[(rewritten["committed_at"] - rewritten["merged_at"]).abs() <= REBASE_MERGE_TOLERANCE]
    return out.loc[~out.index.isin(rewritten["index"])]


def commit_lead_times(
    commits: pd.DataFrame,
    pull_request_commits: pd.DataFrame,
    pull_requests: pd.DataFrame,
    deploys: pd.DataFrame,
    *,
    as_of: date,
    weeks: int,
) -> pd.DataFrame:
    """Commits pushed to the default branch without a pull request (`direct_commits`), committed in the window,
    each with the first production deployment of its repository that contains it, up to as_of.

    A deployment contains a commit when the deployed sha is a known commit of the default branch committed at or
    after it (the branch's order); a deployment of an unknown sha (a release, a sha outside the history read)
    contains the commits committed at or before its own time. Columns: COMMIT_COLUMNS — `lead_time_hours` =
    deployed_at − authored_at in hours (NaN when not deployed).
    """
    start, end = window_bounds(as_of, weeks)
    direct = direct_commits(commits, pull_request_commits, pull_requests)
    direct = direct.loc[(direct["committed_at"] >= start) & (direct["committed_at"] < end),
                        ["id", "repo", "sha", "authored_at", "committed_at"]]
    reach = commits[["repo", "sha", "committed_at"]].rename(columns={"committed_at": "reach"})
    d = deploys[["id", "repo", "sha", "deployed_at"]].merge(reach, on=["repo", "sha"], how="left")
    d["reach"] = d["reach"].fillna(d["deployed_at"])
    # the first deployment containing a commit at t: the earliest deployed_at among deployments reaching ≥ t
    d = d.sort_values(["repo", "reach", "deployed_at", "id"], ascending=[True, False, True, True], kind="stable")
    d["first_at"] = d.groupby("repo")["deployed_at"].cummin()
    d = d.loc[d["deployed_at"] == d["first_at"]].drop_duplicates(["repo", "first_at"], keep="first")
    right = d[["repo", "reach", "id", "deployed_at"]].rename(columns={"id": "deployment_id"}).sort_values(
        "reach", kind="stable").astype({"repo": "str"})
    left = direct.sort_values(["committed_at", "id"], kind="stable").astype({"repo": "str"})
    merged = pd.merge_asof(left, right, left_on="committed_at", right_on="reach", by="repo", direction="forward",
                           allow_exact_matches=True).drop(columns="reach")
    merged["deployed"] = merged["deployment_id"].notna()
    merged["lead_time_hours"] = (merged["deployed_at"] - merged["authored_at"]) / HOUR
    return merged.astype(COMMIT_COLUMNS)[list(COMMIT_COLUMNS)].sort_values(
        ["repo", "committed_at", "sha"], kind="stable").reset_index(drop=True)


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
    commits: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The DORA figures of each scope (a repository or a team = a set of repositories).

    `incident_scope` pairs each incident with the scopes it belongs to (`incident_id`, `scope`). `with_data` is
    the set of repositories that have any deployment or release data (a scope without any has no deployment
    frequency band). Returns a frame indexed by scope (in `scopes` order) with columns `deployments` (count in
    the window), `deployments_per_week` (deployments ÷ weeks), `deploy_days_per_week_median` (median over the
    window's weeks of the number of UTC days with ≥ 1 deployment), `lead_time_p50_hours`, `lead_time_p85_hours`,
    `lead_time_count` (deployed changes with a start time: PRs and, from `commits` (commit_lead_times), commits
    pushed without a PR), `direct_commits` (commits pushed without a PR in the window), `undeployed_commits` (of
    them, not deployed by as_of), `missing_first_commit` (deployed PRs without a first commit time),
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
    c = (commits if commits is not None else pd.DataFrame(columns=list(COMMIT_COLUMNS)).astype(COMMIT_COLUMNS))
    c = c[["id", "repo", "deployed", "lead_time_hours"]].merge(members, on="repo")
    changes = pd.concat([p[["scope", "lead_time_hours"]], c[["scope", "lead_time_hours"]]], ignore_index=True)
    lead = changes.dropna(subset=["lead_time_hours"]).groupby("scope")["lead_time_hours"]
    out["lead_time_p50_hours"] = lead.quantile(0.5).reindex(names)
    out["lead_time_p85_hours"] = lead.quantile(0.85).reindex(names)
    out["lead_time_count"] = lead.size().reindex(names, fill_value=0).astype("int64")
    out["missing_first_commit"] = (p["deployed"] & p["first_commit_at"].isna()).groupby(p["scope"]).sum().reindex(
        names, fill_value=0).astype("int64")
    out["undeployed_prs"] = (~p["deployed"]).groupby(p["scope"]).sum().reindex(names, fill_value=0).astype("int64")
    out["direct_commits"] = c.groupby("scope").size().reindex(names, fill_value=0).astype("int64")
    out["undeployed_commits"] = (~c["deployed"].astype(bool)).groupby(c["scope"]).sum().reindex(
        names, fill_value=0).astype("int64")
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

    `deploys`: production_deployments; `prs`: pr_lead_times; `commits`: commit_lead_times; `sources`: repository
    → deploy_sources kind; `incidents`: attribute_incidents;
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
    commits: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(COMMIT_COLUMNS)).astype(
        COMMIT_COLUMNS))
    sources: dict[str, str] = field(default_factory=dict)
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
    deploy_branches: Sequence[str] = (),
) -> DoraResult:
    """DORA figures at one as_of, without bands. With `overall`, the team figures get one more scope of that
    name: every repository and every incident."""
    deploys = production_deployments(ds.deployments, ds.deployment_statuses, ds.releases, production=production,
                                     as_of=as_of, workflow_runs=ds.workflow_runs, repositories=ds.repositories,
                                     deploy_branches=deploy_branches)
    prs = pr_lead_times(ds.pull_requests, ds.repositories, deploys, as_of=as_of, weeks=weeks)
    commits = commit_lead_times(ds.commits, ds.pull_request_commits, ds.pull_requests, deploys, as_of=as_of,
                                weeks=weeks)
    pairs = incident_repos(ds.incidents, team_repos, team_of_project)
    incidents = attribute_incidents(ds.incidents, pairs, deploys, as_of=as_of)
    end = as_of_instant(as_of)
    with_data = (set(pd.unique(ds.deployments.loc[ds.deployments["created_at"] < end, "repo"]))
                 | set(pd.unique(ds.workflow_runs.loc[ds.workflow_runs["created_at"] < end, "repo"]))
                 | set(pd.unique(deploys["repo"])))
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
    args = {"as_of": as_of, "weeks": weeks, "with_data": with_data, "commits": commits}
    return DoraResult(
        deploys=deploys, prs=prs, commits=commits, incidents=incidents, repo_incidents=repo_scope,
        team_incidents=team_scope,
        sources=deploy_sources(repos, ds.deployments, ds.workflow_runs, ds.releases, production=production,
                               as_of=as_of),
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
        "deploy_branches": ws.github.deploy_branches if ws.github else (),
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
