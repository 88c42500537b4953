"""GitHub connector: repositories, pull requests, deployments (with statuses), releases and incidents.

`connector_for(ws)` → `GitHubConnector` (source "github"), driven by `pilotage.application.sync.run_sync`. Collect, then convert:
`fetch` pulls slimmed raw payloads through `GitHubClient` (the real PyGithub client, see github_client.py) and
converts them with the pure `github_convert.convert`, which `reconvert` re-runs offline on stored payloads.

Frames produced (columns in pilotage/core/model.py): repositories, pull_requests, deployments, deployment_statuses,
releases, incidents. Ids: `github:owner/name`, `github:owner/name#42` (PRs and incident issues — GitHub numbers
issues and PRs in one sequence, so they never collide), `github:owner/name:deploy:991`,
`github:owner/name:release:7`. Repositories are named as in the workspace file.

Requests (per repository, full run; P = PRs, M = PRs merged into the default branch, D = deployments):
    1 repository + ⌈P/100⌉ PR pages + M first-commit lists (`github.first_commit`, default on)
    + incident pages + ⌈D/100⌉ deployment pages + D status lists + release pages
    [+ P single-PR calls when `pr_sizes=True`].
- additions/deletions exist only on the single-PR endpoint (the list carries neither them nor commits): they cost
  one request per PR and no metric uses them, so they are off by default (`pr_sizes` option); off → null.
- the first commit's authored time needs `GET /pulls/N/commits` (first page, first item — commits are listed
  oldest first): one request per PR merged into the default branch, the only PRs lead time uses. With
  `github.first_commit = false`, `first_commit_at` is null and lead time for changes has no start for those PRs
  (metrics report the coverage); everything else is unchanged.

Incremental runs (the watermark is JSON: `{"version", "settings", "repos": {name: {since, pending_deployments,
releases}}}`, `since` being the server's `Date` when the repository's previous fetch began):
- PRs: listed `state=all&sort=updated&direction=desc`; paging stops at the first PR updated before
  `since − overlap` (10 min); only those PRs get per-PR calls.
- Issues: `since=since − overlap`, without the label filter, so an issue whose incident label was removed is seen
  and its incident deleted.
- Deployments (listed newest first): re-listed down to `since − deployment_lookback_days` (3 days), and the
  statuses of every listed deployment re-fetched — statuses keep arriving after creation (queued → success, a
  success later marked inactive). Older deployments whose latest status was not final (queued, pending,
  in_progress, none) are kept in the watermark and re-fetched one by one until final, for at most
  `pending_max_age_days` (30) after creation.
- Releases: cheap, all re-fetched; a release gone since the last run is deleted.
- A change of repositories, incident label, first_commit, pr_sizes or Jira projects makes the run full.

Failures: any repository failing (404, auth, retries exhausted) fails the whole run, which leaves the store as it
was (one transaction per run); the message names the repository and what to fix. Records with bad fields are
quarantined (github_convert.py), the run continues, and `stats["quarantined"]` counts them.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import pandas as pd

from connectors.github_client import ClientOptions, GitHubClient, Progress
from connectors.github_convert import (
    TOMBSTONE,
    Converted,
    convert,
    is_pull_request_issue,
    parse_time,
    raw,
    slim_branch_commit,
    slim_commit,
    slim_deployment,
    slim_issue,
    slim_job,
    slim_pull,
    slim_pull_detail,
    slim_release,
    slim_repository,
    slim_run,
    slim_status,
)
from pilotage.core.connector import SyncResult
from pilotage.core.errors import AuthError, NotFoundError
from pilotage.core.model import Batch, RawPayload
from pilotage.core.workspace import Workspace, secret

WATERMARK_VERSION = 1
FINAL_STATES = frozenset({"success", "failure", "error", "inactive"})


@dataclass(frozen=True)
class GitHubOptions(ClientOptions):
    """Connector settings beyond the workspace file (transport ones inherited from ClientOptions)."""

    overlap_seconds: int = 600
    deployment_lookback_days: float = 3
    pending_max_age_days: float = 30
    pr_sizes: bool = False
    commit_history_days: float = 365  # a full run reads this much default-branch history (two windows and more)
    commit_lookback_days: float = 7  # commits keep their local commit time when pushed later: re-read a week


def connector_for(ws: Workspace, **options: Any) -> GitHubConnector:
    """The GitHub connector of a workspace; `options` override GitHubOptions (tests: sleep, per_page…)."""
    if ws.github is None:
        raise ValueError("the workspace has no [github] section")
    defaults = {"max_retries": ws.github.max_retries, "timeout": ws.github.timeout_seconds,
                "pr_sizes": ws.github.pr_sizes}
    known = {f.name for f in fields(GitHubOptions)}
    unknown = set(options) - known
    if unknown:
        raise TypeError(f"unknown GitHub connector options: {sorted(unknown)}")
    return GitHubConnector(ws, GitHubOptions(**{**defaults, **options}))


@dataclass
class _RepoCursor:
    since: str
    pending_deployments: list[int] = field(default_factory=list)
    releases: list[int] = field(default_factory=list)
    pending_runs: list[int] = field(default_factory=list)


@dataclass
class _RepoFetch:
    raw: list[RawPayload] = field(default_factory=list)
    cursor: _RepoCursor | None = None
    first_commit_requests: int = 0
    has_deployments: bool = False
    environments: set[str] = field(default_factory=set)
    published_releases: int = 0
    deploy_workflows: list[str] = field(default_factory=list)  # file names of the workflows matched
    deploy_runs: int = 0  # runs of those workflows listed
    run_requests: int = 0
    commit_requests: int = 0


class GitHubConnector:
    source = "github"

    def __init__(self, ws: Workspace, options: GitHubOptions) -> None:
        assert ws.github is not None
        self.ws = ws
        self.cfg = ws.github
        self.options = options

    # ------------------------------------------------------------------ protocol
    def fetch(self, *, watermark: str | None, full: bool, progress: Progress) -> SyncResult:
        t0 = time.perf_counter()
        token = secret(self.cfg.token_env)
        if not token:
            raise AuthError(
                f"no GitHub token: set the environment variable {self.cfg.token_env} (or add it to "
                ".streamlit/secrets.toml) to a token that can read the repositories",
                source="github", url=self.cfg.url, env_var=self.cfg.token_env,
            )
        previous, full_reason = self._previous(watermark, full)
        full = previous is None
        client = GitHubClient(url=self.cfg.url, token=token, token_env=self.cfg.token_env, options=self.options,
                              progress=progress)
        fetched: dict[str, _RepoFetch] = {}
        try:
            for i, repo in enumerate(self.cfg.repos):
                progress("repositories", i, len(self.cfg.repos), repo)
                fetched[repo] = self._fetch_repo(client, repo, None if full else previous["repos"][repo], progress)
            progress("repositories", len(self.cfg.repos), len(self.cfg.repos), "")
        finally:
            client.close()

        payloads = [p for f in fetched.values() for p in f.raw]
        progress("convert", 0, None, f"converting {len(payloads)} GitHub records")
        converted = self._convert(payloads)
        frames = converted.frames
        refreshed: set[str] = set()
        if not full:
            for table, column in (("repositories", "id"), ("pull_requests", "id"), ("deployments", "id"),
                                  ("releases", "id"), ("incidents", "id"), ("workflow_runs", "id"),
                                  ("commits", "id")):
                refreshed |= set(frames[table][column])
        batch = Batch(self.source, frames, full=full, refreshed=refreshed,
                      deleted=set() if full else converted.absent - refreshed)
        new_watermark = json.dumps(
            {"version": WATERMARK_VERSION, "settings": self._settings(),
             "repos": {r: vars(f.cursor) for r, f in fetched.items()}},
            sort_keys=True,
        )
        stats = self._stats(frames, len(converted.quarantined), mode="full" if full else "incremental")
        stats.update(
            requests=client.requests,
            retries=client.retries,
            rate_limit_waits=client.rate_limit_waits,
            rate_limit_wait_seconds=round(client.waited_seconds, 1),
            first_commit_requests=sum(f.first_commit_requests for f in fetched.values()),
            workflow_run_requests=sum(f.run_requests for f in fetched.values()),
            commit_requests=sum(f.commit_requests for f in fetched.values()),
            seconds=round(time.perf_counter() - t0, 2),
            notes=self._notes(fetched, full),
        )
        if full_reason:
            stats["full_reason"] = full_reason
        return SyncResult(batch, payloads, converted.quarantined, new_watermark, stats)

    def reconvert(self, raw_payloads: Iterable[RawPayload], *, progress: Progress) -> SyncResult:
        t0 = time.perf_counter()
        progress("convert", 0, None, "converting stored GitHub records")
        converted = self._convert(list(raw_payloads))
        stats = self._stats(converted.frames, len(converted.quarantined), mode="reconvert")
        stats.update(requests=0, seconds=round(time.perf_counter() - t0, 2))
        return SyncResult(Batch(self.source, converted.frames, full=True), [], converted.quarantined, None, stats)

    # ------------------------------------------------------------------ one repository
    def _fetch_repo(self, client: GitHubClient, repo: str, cursor: dict | None, progress: Progress) -> _RepoFetch:
        out = _RepoFetch()
        try:
            headers, data = client.get(f"/repos/{repo}")
        except NotFoundError:
            raise NotFoundError(
                f"GitHub repository {repo} not found at {self.cfg.url}: the token in {self.cfg.token_env} cannot "
                f"see {repo}, or it does not exist. Check github.repos and github.url in the workspace file, and the "
                "token's access",
                source="github", url=self.cfg.url,
            ) from None
        started = _server_time(headers)
        out.raw.append(raw("repository", repo, slim_repository(data)))
        default_branch = data.get("default_branch") if isinstance(data, dict) else None
        since = parse_time(cursor["since"]) if cursor else None
        overlap = timedelta(seconds=self.options.overlap_seconds)

        self._fetch_pulls(client, repo, default_branch, since - overlap if since else None, out, progress)
        self._fetch_issues(client, repo, since - overlap if since else None, out, progress)
        pending = self._fetch_deployments(client, repo, cursor, since, started, out, progress)
        releases = self._fetch_releases(client, repo, cursor, out, progress)
        pending_runs = self._fetch_runs(client, repo, cursor, since, started, out, progress)
        if self.cfg.commits and default_branch:
            self._fetch_commits(client, repo, default_branch, since, started, out, progress)
        out.cursor = _RepoCursor(_iso(started), pending, releases, pending_runs)
        return out

    def _fetch_pulls(self, client: GitHubClient, repo: str, default_branch: str | None,
                     cutoff: pd.Timestamp | None, out: _RepoFetch, progress: Progress) -> None:
        pulls: list[Any] = []
        params = {"state": "all", "sort": "updated", "direction": "desc"}
        for page, last in client.pages(f"/repos/{repo}/pulls", params):
            stop = False
            for item in page:
                updated = parse_time(item.get("updated_at")) if isinstance(item, dict) else None
                if cutoff is not None and updated is not None and updated < cutoff:
                    stop = True  # sorted by update time: everything after is older
                    break
                pulls.append(item)
            progress("pull requests", len(pulls), last * self.options.per_page if last else None, repo)
            if stop:
                break
        pulls = _newest_copy_per_number(pulls)
        merged_into_default = [
            p for p in pulls
            if isinstance(p, dict) and p.get("merged_at") and isinstance(p.get("base"), dict)
            and p["base"].get("ref") == default_branch
        ]
        want_first = {id(p) for p in merged_into_default} if self.cfg.first_commit else set()
        for pull in pulls:
            number = pull.get("number") if isinstance(pull, dict) else None
            if not isinstance(number, int) or isinstance(number, bool):
                payload = {"pull": slim_pull(pull)}
                out.raw.append(raw("pull_request", _unkeyed(f"{repo}#", payload), payload))
                continue
            detail = first = None
            if self.options.pr_sizes:
                detail = slim_pull_detail(client.get(f"/repos/{repo}/pulls/{number}")[1])
            commits = None
            if id(pull) in want_first:
                # the whole list (oldest first) costs the same one request up to 100 commits, and links the
                # default branch's commits to this PR
                commits = []
                for page, _last in client.pages(f"/repos/{repo}/pulls/{number}/commits", {}):
                    out.first_commit_requests += 1
                    commits += [slim_commit(c) for c in page]
                first = commits[0] if commits else None
                progress("first commits", out.first_commit_requests, len(want_first), repo)
            payload = {"pull": slim_pull(pull), "detail": detail, "first_commit": first}
            if commits is not None:
                payload["commits"] = commits
            out.raw.append(raw("pull_request", f"{repo}#{number}", payload))

    def _fetch_issues(self, client: GitHubClient, repo: str, since: pd.Timestamp | None, out: _RepoFetch,
                      progress: Progress) -> None:
        # Full: only labelled issues. Incremental: every issue updated since, so that removing the label is seen.
        params: dict[str, Any] = {"state": "all"}
        if since is None:
            params["labels"] = self.cfg.incident_label
        else:
            params["since"] = _iso(since)
        count = 0
        for page, _last in client.pages(f"/repos/{repo}/issues", params):
            for item in page:
                if is_pull_request_issue(item):
                    continue  # the issues endpoint lists PRs too; a labelled PR is not an incident
                number = item.get("number") if isinstance(item, dict) else None
                payload = slim_issue(item)
                key = f"{repo}#{number}" if isinstance(number, int) else _unkeyed(f"{repo}#", payload)
                out.raw.append(raw("issue", key, payload))
                count += 1
            progress("incidents", count, None, repo)

    def _fetch_deployments(self, client: GitHubClient, repo: str, cursor: dict | None, since: pd.Timestamp | None,
                           started: pd.Timestamp, out: _RepoFetch, progress: Progress) -> list[int]:
        cutoff = since - timedelta(days=self.options.deployment_lookback_days) if since is not None else None
        listed: list[Any] = []
        for page, _last in client.pages(f"/repos/{repo}/deployments", {}):
            out.has_deployments = out.has_deployments or bool(page)
            stop = False
            for item in page:
                created = parse_time(item.get("created_at")) if isinstance(item, dict) else None
                if cutoff is not None and created is not None and created < cutoff:
                    stop = True  # newest first: the rest is older than the lookback
                    break
                listed.append(item)
            if stop:
                break
        listed_ids = {d.get("id") for d in listed if isinstance(d, dict)}
        for dep_id in (cursor or {}).get("pending_deployments", []):
            if dep_id in listed_ids:
                continue
            try:
                listed.append(client.get(f"/repos/{repo}/deployments/{dep_id}")[1])
            except NotFoundError:
                out.raw.append(raw("deployment", f"{repo}:{dep_id}", TOMBSTONE))
        pending = []
        max_age = timedelta(days=self.options.pending_max_age_days)
        for i, dep in enumerate(listed):
            dep_id = dep.get("id") if isinstance(dep, dict) else None
            if not isinstance(dep_id, int) or isinstance(dep_id, bool):
                payload = {"deployment": slim_deployment(dep), "statuses": []}
                out.raw.append(raw("deployment", _unkeyed(f"{repo}:", payload), payload))
                continue
            if isinstance(dep.get("environment"), str):
                out.environments.add(dep["environment"])
            statuses = [s for page, _ in client.pages(f"/repos/{repo}/deployments/{dep_id}/statuses", {})
                        for s in page]
            slim = [slim_status(s) for s in statuses]
            out.raw.append(raw("deployment", f"{repo}:{dep_id}", {"deployment": slim_deployment(dep),
                                                                  "statuses": slim}))
            created = parse_time(dep.get("created_at"))
            if _latest_state(slim) not in FINAL_STATES and created is not None and started - created <= max_age:
                pending.append(dep_id)
            progress("deployments", i + 1, len(listed), repo)
        return sorted(pending)

    def _fetch_releases(self, client: GitHubClient, repo: str, cursor: dict | None, out: _RepoFetch,
                        progress: Progress) -> list[int]:
        ids = []
        for page, _last in client.pages(f"/repos/{repo}/releases", {}):
            for item in page:
                rel_id = item.get("id") if isinstance(item, dict) else None
                payload = slim_release(item)
                key = f"{repo}:{rel_id}" if isinstance(rel_id, int) else _unkeyed(f"{repo}:", payload)
                out.raw.append(raw("release", key, payload))
                if isinstance(rel_id, int):
                    ids.append(rel_id)
                    if item.get("draft") is False and item.get("prerelease") is False and item.get("published_at"):
                        out.published_releases += 1
            progress("releases", len(ids), None, repo)
        for gone in sorted(set((cursor or {}).get("releases", [])) - set(ids)):
            out.raw.append(raw("release", f"{repo}:{gone}", TOMBSTONE))
        return sorted(ids)

    def _fetch_runs(self, client: GitHubClient, repo: str, cursor: dict | None, since: pd.Timestamp | None,
                    started: pd.Timestamp, out: _RepoFetch, progress: Progress) -> list[int]:
        """Runs of the deploy workflows (`github.deploy_workflows`): the workflows are listed once and matched by
        file name or name pattern, then each one's runs are listed newest first (incremental: created since
        `since − deployment_lookback_days`, as deployments). Runs not completed are kept in the watermark and
        re-fetched until they are, like pending deployments. Returns the pending run ids."""
        if not self.cfg.deploy_workflows:
            return []
        before = client.requests
        workflows = [w for page, _ in client.pages(f"/repos/{repo}/actions/workflows", {}, items_key="workflows")
                     for w in page if isinstance(w, dict) and _is_deploy_workflow(w, self.cfg.deploy_workflows)]
        out.deploy_workflows = sorted(str(w.get("path", "")).rsplit("/", 1)[-1] for w in workflows)
        params: dict[str, Any] = {}
        if since is not None:
            params["created"] = ">=" + _iso(since - timedelta(days=self.options.deployment_lookback_days))
        listed: dict[int, Any] = {}
        for w in workflows:
            for page, _ in client.pages(f"/repos/{repo}/actions/workflows/{w.get('id')}/runs", params,
                                        items_key="workflow_runs"):
                for run in page:
                    run_id = run.get("id") if isinstance(run, dict) else None
                    if isinstance(run_id, int) and not isinstance(run_id, bool):
                        listed.setdefault(run_id, run)
                    else:
                        payload = {"run": slim_run(run), "jobs": None}
                        out.raw.append(raw("workflow_run", _unkeyed(f"{repo}:", payload), payload))
                progress("workflow runs", len(listed), None, repo)
        for run_id in (cursor or {}).get("pending_runs", []):
            if run_id not in listed:
                try:
                    listed[run_id] = client.get(f"/repos/{repo}/actions/runs/{run_id}")[1]
                except NotFoundError:
                    continue  # a deleted run: it never completed, so it never counted
        pending = []
        max_age = timedelta(days=self.options.pending_max_age_days)
        for run_id, run in sorted(listed.items()):
            jobs = None
            completed = isinstance(run, dict) and run.get("status") == "completed"
            if self.cfg.deploy_job and completed:
                jobs = [slim_job(j) for page, _ in client.pages(f"/repos/{repo}/actions/runs/{run_id}/jobs", {},
                                                                 items_key="jobs") for j in page]
            out.raw.append(raw("workflow_run", f"{repo}:{run_id}", {"run": slim_run(run), "jobs": jobs}))
            out.deploy_runs += 1
            created = parse_time(run.get("created_at")) if isinstance(run, dict) else None
            if not completed and created is not None and started - created <= max_age:
                pending.append(run_id)
        out.run_requests += client.requests - before
        return pending

    def _fetch_commits(self, client: GitHubClient, repo: str, branch: str, since: pd.Timestamp | None,
                       started: pd.Timestamp, out: _RepoFetch, progress: Progress) -> None:
        """The default branch's commits committed since `since − commit_lookback_days` (a full run: the last
        `commit_history_days`)."""
        before = client.requests
        start = (since - timedelta(days=self.options.commit_lookback_days) if since is not None
                 else started - timedelta(days=self.options.commit_history_days))
        count = 0
        for page, last in client.pages(f"/repos/{repo}/commits", {"sha": branch, "since": _iso(start)}):
            for c in page:
                sha = c.get("sha") if isinstance(c, dict) else None
                payload = slim_branch_commit(c)
                out.raw.append(raw("commit", f"{repo}:{sha}" if isinstance(sha, str) else _unkeyed(f"{repo}:", payload),
                                   payload))
                count += 1
            progress("commits", count, last * self.options.per_page if last else None, repo)
        out.commit_requests += client.requests - before

    # ------------------------------------------------------------------ helpers
    def _convert(self, payloads: list[RawPayload]) -> Converted:
        jira_projects = self.ws.jira.projects if self.ws.jira else ()
        return convert(payloads, repos=self.cfg.repos, incident_label=self.cfg.incident_label,
                       jira_projects=jira_projects, deploy_job=self.cfg.deploy_job)

    def _settings(self) -> dict:
        return {
            "repos": sorted(self.cfg.repos),
            "incident_label": self.cfg.incident_label,
            "first_commit": self.cfg.first_commit,
            "pr_sizes": self.options.pr_sizes,
            "jira_projects": sorted(self.ws.jira.projects) if self.ws.jira else [],
            "commits": self.cfg.commits,
            "deploy_workflows": list(self.cfg.deploy_workflows),
            "deploy_job": self.cfg.deploy_job,
        }

    def _previous(self, watermark: str | None, full: bool) -> tuple[dict | None, str | None]:
        """The previous run's watermark when an incremental run can use it, else (None, why the run is full)."""
        if full or watermark is None:
            return None, None
        try:
            previous = json.loads(watermark)
        except json.JSONDecodeError:
            return None, "the stored watermark is not JSON"
        if not isinstance(previous, dict) or previous.get("version") != WATERMARK_VERSION:
            return None, "the stored watermark has another format"
        if previous.get("settings") != self._settings():
            return None, "repositories or GitHub settings changed since the last run"
        repos = previous.get("repos")
        if not isinstance(repos, dict) or any(
            not isinstance(repos.get(r), dict) or parse_time(repos[r].get("since")) is None for r in self.cfg.repos
        ):
            return None, "the stored watermark is incomplete"
        return previous, None

    def _stats(self, frames: dict[str, pd.DataFrame], quarantined: int, *, mode: str) -> dict:
        return {
            "mode": mode,
            "repos": len(frames["repositories"]),
            "pull_requests": len(frames["pull_requests"]),
            "deployments": len(frames["deployments"]),
            "deployment_statuses": len(frames["deployment_statuses"]),
            "releases": len(frames["releases"]),
            "incidents": len(frames["incidents"]),
            "workflow_runs": len(frames["workflow_runs"]),
            "commits": len(frames["commits"]),
            "quarantined": quarantined,
        }

    def _notes(self, fetched: dict[str, _RepoFetch], full: bool) -> list[str]:
        """Plain sentences on what DORA metrics can use per repository ("no deployments found" is said, not hidden)."""
        notes = []
        production = re.compile(self.cfg.production, re.IGNORECASE)
        for repo, f in fetched.items():
            if self.cfg.deploy_workflows and not f.deploy_workflows and full:
                notes.append(f"{repo}: no workflow matches github.deploy_workflows "
                             f"({', '.join(self.cfg.deploy_workflows)})")
            if not f.has_deployments:
                if f.deploy_runs:
                    notes.append(f"{repo}: no deployments; deployments from workflow {', '.join(f.deploy_workflows)} "
                                 "(its successful runs on the deploy branch)")
                elif f.published_releases:
                    n = f.published_releases
                    notes.append(f"{repo}: no deployments; its {n} published release{'s' if n > 1 else ''} "
                                 f"{'are' if n > 1 else 'is'} used as deployments")
                else:
                    notes.append(f"{repo}: no deployments and no published releases: deployment frequency, lead time "
                                 "and change failure rate cannot be computed for it")
            elif full and f.environments and not any(production.search(e) for e in f.environments):
                notes.append(f"{repo}: no deployment environment matches the production pattern "
                             f"{self.cfg.production!r} (environments: {', '.join(sorted(f.environments))}): set "
                             "github.production in the workspace file")
        return notes


def _unkeyed(prefix: str, payload: Any) -> str:
    """A stable key for a record without a usable number/id (it will be quarantined): `?` and a content hash."""
    digest = hashlib.sha1(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:10]
    return f"{prefix}?{digest}"


def _is_deploy_workflow(workflow: dict, patterns: Iterable[str]) -> bool:
    """A workflow is a deploy workflow when its file name equals a pattern, or its file name or name matches
    one as a glob (case-insensitive)."""
    file_name = str(workflow.get("path") or "").rsplit("/", 1)[-1].lower()
    name = str(workflow.get("name") or "").lower()
    return any(fnmatch.fnmatchcase(file_name, p.lower()) or fnmatch.fnmatchcase(name, p.lower()) for p in patterns)


def _latest_state(statuses: list[Any]) -> str | None:
    dated = [(parse_time(s.get("created_at")), s.get("id") or 0, s.get("state")) for s in statuses
             if isinstance(s, dict)]
    dated = [d for d in dated if d[0] is not None and isinstance(d[1], int)]
    return max(dated, key=lambda d: (d[0], d[1]))[2] if dated else None


def _server_time(headers: dict[str, Any]) -> pd.Timestamp:
    """GitHub's own clock (`Date` header), so the watermark does not depend on this machine's clock."""
    try:
        return pd.Timestamp(parsedate_to_datetime(headers["date"])).tz_convert("UTC")
    except (KeyError, TypeError, ValueError):
        return pd.Timestamp.now(tz="UTC").floor("s")


def _iso(t: pd.Timestamp) -> str:
    return t.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")


def _newest_copy_per_number(pulls: list[Any]) -> list[Any]:
    """A listing sorted by update time shows a PR twice when it changes while the pages are read: keep its first
    copy, the newest (items without a usable number go on, to be quarantined by the conversion)."""
    seen: set[int] = set()
    kept = []
    for item in pulls:
        number = item.get("number") if isinstance(item, dict) else None
        if isinstance(number, int) and not isinstance(number, bool):
            if number in seen:
                continue
            seen.add(number)
        kept.append(item)
    return kept
