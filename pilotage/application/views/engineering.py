"""Engineering page figures (section `engineering`): the DORA four keys per team and per repository, with their
evidence. Teams and repositories only: nothing here names a person.

`section(inputs)` returns `teams` (team name or `*` → scope block) and `repos` (`owner/name` → scope block), plus
`cap` (evidence rows kept per list), `production` (the production environment pattern) and `sources` (repository
→ where its deployments come from, see `deployment_sources`).

A scope block (`scope_block`) holds the figures and band blocks of metrics.dora for that scope, the weekly
deployments chart series, the lead-time breakdown (median hours of each stage of a pull request), and the evidence
rows: deployed pull requests, merged pull requests not deployed, incidents of the window. The stage medians and the
weekly series are the only figures made here, from metrics.dora's evidence frames.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from metrics.delivery import ALL
from metrics.dora import DEFAULT_PRODUCTION, DoraResult
from metrics.windows import as_of_instant, window_weeks
from pilotage.application.views import ViewInputs
from pilotage.core.model import Dataset

CAP = 100  # evidence rows kept per list (the counts beside them are complete)
HOUR = pd.Timedelta(hours=1)
FIGURES = ("deployments", "deployments_per_week", "deploy_days_per_week_median", "lead_time_p50_hours",
           "lead_time_p85_hours", "lead_time_count", "missing_first_commit", "undeployed_prs", "failed_deployments",
           "change_failure_rate", "time_to_restore_p50_hours", "time_to_restore_count", "open_incidents",
           "has_deploy_data", "direct_commits", "undeployed_commits")
STAGES = ("coding", "review", "deploy")  # first commit → opened → merged → deployed


def section(inputs: ViewInputs) -> dict:
    d, ds = inputs.delivery, inputs.ds
    production = inputs.ws.github.production if inputs.ws.github else DEFAULT_PRODUCTION
    prs = _with_opened(d.dora.prs, ds)
    start, end = d.window_start, d.window_end
    links = pd.concat([ds.deployments.set_index("id")["url"], ds.releases.set_index("id")["url"]])
    context = {"dora": d.dora, "prs": prs, "links": links, "start": start, "end": end, "as_of": inputs.as_of,
               "weeks": d.weeks}
    confidence = inputs.metrics.get("confidence", {})
    team_repos = {t.name: tuple(t.repos) for t in inputs.ws.teams}
    teams = {
        team: scope_block(team, "team", team_repos.get(team, ()), d.dora.teams, d.dora.team_bands,
                          d.dora.team_incidents, confidence.get("teams", {}).get(team, {}), **context)
        for team in d.teams
    }
    teams[ALL] = scope_block(ALL, "team", d.repos, d.dora.teams, d.dora.team_bands, d.dora.team_incidents,
                             confidence.get("overall", {}), **context)
    repos = {
        repo: scope_block(repo, "repo", (repo,), d.dora.repos, d.dora.repo_bands, d.dora.repo_incidents,
                          confidence.get("repos", {}).get(repo, {}), **context)
        for repo in d.repos
    }
    return {"cap": CAP, "production": production, "teams": teams, "repos": repos,
            "sources": deployment_sources(ds, d.repos, d.dora.sources, production, as_of=inputs.as_of)}


def deployment_sources(ds: Dataset, repos, kinds: dict[str, str], production: str, *, as_of) -> dict[str, dict]:
    """Where each repository's deployments come from, at as_of.

    `kind`: metrics.dora.deploy_sources — `deployments` (an environment matches the production pattern),
    `workflow` (runs of the deploy workflows), `releases` (published releases), `none`; and `no_production` when
    deployments exist in no matching environment and nothing else stands in (DORA sees none). With
    `environments` (deployment environments seen, sorted), `production_environments` (those matching the
    production pattern), `workflows` (deploy workflow file names with runs, sorted) and `releases` (published,
    non-draft, non-prerelease releases before as_of).
    """
    pattern = re.compile(production, re.IGNORECASE)
    end = as_of_instant(as_of)
    deployments = ds.deployments.loc[ds.deployments["created_at"] < end]
    runs = ds.workflow_runs.loc[ds.workflow_runs["created_at"] < end]
    rel = ds.releases
    published = rel.loc[rel["published_at"].notna() & (rel["published_at"] < end)
                        & ~rel["draft"].fillna(False).astype(bool) & ~rel["prerelease"].fillna(False).astype(bool)]
    out = {}
    for repo in repos:
        environments = sorted(set(deployments.loc[deployments["repo"] == repo, "environment"].dropna()))
        kind = kinds.get(repo, "none")
        if kind == "none" and environments:
            kind = "no_production"
        out[repo] = {"kind": kind, "environments": environments,
                     "production_environments": [e for e in environments if pattern.search(e)],
                     "workflows": sorted(set(runs.loc[runs["repo"] == repo, "workflow"].dropna())),
                     "releases": int((published["repo"] == repo).sum())}
    return out


def _with_opened(prs: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """metrics.dora.pr_lead_times plus `opened_at` (the pull request's creation) and the stage durations in
    hours: `coding` (first commit → opened), `review` (opened → merged), `deploy` (merged → deployed)."""
    opened = ds.pull_requests.set_index("id")["created_at"]
    out = prs.assign(opened_at=opened.reindex(prs["id"].to_numpy()).set_axis(prs.index))  # map fails when empty
    out["coding"] = (out["opened_at"] - out["first_commit_at"]) / HOUR
    out["review"] = (out["merged_at"] - out["opened_at"]) / HOUR
    out["deploy"] = (out["deployed_at"] - out["merged_at"]) / HOUR
    return out


def scope_block(name: str, kind: str, repos, figures: pd.DataFrame, bands: dict, incident_scope: pd.DataFrame,
                confidence: dict, *, dora: DoraResult, prs: pd.DataFrame, links: pd.Series, start: pd.Timestamp,
                end: pd.Timestamp, as_of, weeks: int) -> dict:
    """One team's (or repository's) DORA figures, band blocks and evidence.

    Keys: `name`, `kind` (`team` or `repo`), `repos`; `figures` (metrics.dora.scope_figures columns), `bands`
    (metrics.dora.bands blocks: value, band, next_band, measure, target, direction, gap, previous,
    previous_band, trend); `weekly` ({week, deployments, deploy_days}); `breakdown` (one row per repository with
    deployed pull requests, plus the whole scope first when it spans several: `label`, `prs`, median hours of
    `coding`, `review`, `deploy`, `lead_time` the median first commit → deployed, and `split`: that median total
    shared between the stages in proportion to the hours all changes spent in each, so the parts add up to it —
    medians of the stages do not); `prs` (deployed pull
    requests merged in the window, latest merge first, at most CAP; `prs_count`), `undeployed` (merged, not
    deployed by as_of, oldest merge first, with `waiting_days`; `undeployed_count`), `incidents` (created in the
    window, latest first, with `restore_hours` and the attributed deployment's id, repository, link and time;
    `incidents_count`), `confidence`.
    """
    repos = list(repos)
    row = figures.loc[name] if name in figures.index else None
    scope_prs = prs.loc[prs["repo"].isin(repos)]
    deployed = scope_prs.loc[scope_prs["deployed"]].sort_values(["merged_at", "id"], ascending=False, kind="stable")
    waiting = scope_prs.loc[~scope_prs["deployed"]].sort_values(["merged_at", "id"], kind="stable")
    waiting = waiting.assign(waiting_days=(as_of_instant(as_of) - waiting["merged_at"]) / pd.Timedelta(days=1))
    incidents = _incidents(dora, incident_scope, name, start, end, links)
    return {
        "name": name,
        "kind": kind,
        "repos": repos,
        "figures": {k: (None if row is None else row[k]) for k in FIGURES},
        "bands": bands.get(name, {}),
        "weekly": _weekly(dora.deploys, repos, as_of=as_of, weeks=weeks, start=start, end=end),
        "breakdown": _breakdown(scope_prs, repos, name),
        "prs": deployed[["repo", "number", "title", "url", "first_commit_at", "opened_at", "merged_at",
                         "deployed_at", "lead_time_hours"]].head(CAP).to_dict("records"),
        "prs_count": len(deployed),
        "undeployed": waiting[["repo", "number", "title", "url", "merged_at", "waiting_days"]].head(CAP).to_dict(
            "records"),
        "undeployed_count": len(waiting),
        "incidents": incidents.head(CAP).to_dict("records"),
        "incidents_count": len(incidents),
        "confidence": confidence,
    }


def _weekly(deploys: pd.DataFrame, repos: list[str], *, as_of, weeks: int, start, end) -> list[dict]:
    d = deploys.loc[deploys["repo"].isin(repos) & (deploys["deployed_at"] >= start) & (deploys["deployed_at"] < end)]
    week = ((d["deployed_at"] - start) // pd.Timedelta(days=7)).astype("int64").to_numpy()
    counts = np.bincount(week, minlength=weeks)
    days = d.assign(week=week, day=d["deployed_at"].dt.floor("D")).drop_duplicates("day")
    day_counts = np.bincount(days["week"].to_numpy(dtype="int64"), minlength=weeks)
    return [{"week": w.date(), "deployments": int(n), "deploy_days": int(k)}
            for w, n, k in zip(window_weeks(as_of, weeks), counts, day_counts)]


def _breakdown(prs: pd.DataFrame, repos: list[str], name: str) -> list[dict]:
    deployed = prs.loc[prs["deployed"]]

    def row(label: str, p: pd.DataFrame) -> dict:
        total = p["lead_time_hours"].median()
        return {"label": label, "prs": len(p), **{s: p[s].median() for s in STAGES}, "lead_time": total,
                "split": split(p, total)}

    rows = [row(repo, deployed.loc[deployed["repo"] == repo]) for repo in repos
            if (deployed["repo"] == repo).any()]
    if len(rows) > 1:
        rows.insert(0, row(name, deployed))
    return rows


def split(prs: pd.DataFrame, total: float) -> dict[str, float | None]:
    """`total` hours shared between the stages in proportion to each stage's mean over the changes timed in every
    stage (a negative stage, a first commit after the pull request opened, counts as none)."""
    timed = prs.dropna(subset=list(STAGES))
    means = timed[list(STAGES)].mean().clip(lower=0)
    if timed.empty or pd.isna(total) or means.sum() <= 0:
        return dict.fromkeys(STAGES)
    return {s: float(total * means[s] / means.sum()) for s in STAGES}


def _incidents(dora: DoraResult, incident_scope: pd.DataFrame, name: str, start, end,
               links: pd.Series) -> pd.DataFrame:
    ids = set(incident_scope.loc[incident_scope["scope"] == name, "incident_id"])
    inc = dora.incidents
    inc = inc.loc[inc["id"].isin(list(ids)) & (inc["created_at"] >= start) & (inc["created_at"] < end)]
    deploy_repo = dora.deploys.set_index("id")["repo"]
    out = inc.assign(deployment_repo=inc["deployment_id"].map(deploy_repo),
                     deployment_url=inc["deployment_id"].map(links))
    out = out.sort_values(["created_at", "id"], ascending=False, kind="stable")
    return out[["id", "source", "repo", "project", "title", "url", "created_at", "resolved_at", "restore_hours",
                "deployment_id", "deployment_repo", "deployment_url", "deployed_at"]]
