"""GitHub payloads → canonical frames. Pure functions: `fetch` and `reconvert` run the same `convert`.

Raw payloads (`RawPayload("github", kind, key, json)`) are *slimmed* before they are kept: only the fields the
conversion reads survive, so no person's login, name or e-mail (PR authors, reviewers, commit authors, deployment
creators) is ever stored — metrics are team-level only.

    kind            key               payload (JSON)
    repository      acme/api          {full_name, default_branch, html_url}
    pull_request    acme/api#42       {pull: {number, title, state, draft, base: {ref}, head: {ref}, created_at,
                                       updated_at, closed_at, merged_at, merge_commit_sha, html_url},
                                       detail: {additions, deletions} | null,
                                       first_commit: {sha, commit: {author: {date}}} | null}
    issue           acme/api#7        {number, title, state, labels: [name], created_at, updated_at, closed_at,
                                       html_url}   (issues that are not incidents are kept too: see `absent`)
    deployment      acme/api:991      {deployment: {id, environment, sha, ref, created_at, updated_at},
                                       statuses: [{id, state, created_at}]}  or {deleted: true}
    release         acme/api:7        {id, tag_name, name, draft, prerelease, created_at, published_at, html_url}
                                       or {deleted: true}
    workflow_run    acme/api:3001     {run: {id, name, path, event, head_branch, head_sha, status, conclusion,
                                       run_attempt, created_at, updated_at, html_url},
                                       jobs: [{name, conclusion, completed_at}] | null}
    commit          acme/api:<sha>    {sha, commit: {author: {date}, committer: {date}}, parents: [{sha}]}

A pull request's payload also carries `commits: [{sha, commit: {author: {date}}}]` (its whole commit list, fetched
with the first commit at no extra request for PRs of up to 100 commits), which becomes `pull_request_commits`.

Conversion rules
- Required fields (PR: number, state, base.ref, created_at, updated_at; deployment: id, environment, created_at,
  each status's state and created_at; release: id, tag_name, draft, prerelease, created_at; incident: number,
  created_at; repository: default_branch) missing or null → the record is quarantined.
- Any field present with a wrong type or a malformed date → the record is quarantined, the reason naming the field
  and the value: a half-kept record would silently change metrics (a garbled `merged_at` would turn a merged PR
  into an unmerged one). Optional fields missing or null stay null.
- Times are converted to UTC. Deployment statuses are ordered by (created_at, id): `seq` 0 is the first.
- An issue is an incident when one of its labels equals the workspace's incident label (case-insensitive);
  pull requests listed by the issues endpoint never are. `resolved_at` is `closed_at` while the issue is closed.
- A deployment's `url` is the repository's deployments page for its environment (GitHub has no page per
  deployment); a PR's, release's and incident's `url` is GitHub's `html_url`.
- A workflow run is a deployment candidate when it succeeded: without `deploy_job`, a completed run whose
  conclusion is `success` (`deployed_at` = its last update, GitHub gives runs no completion time); with
  `deploy_job` (a case-insensitive glob), the first job matching it that succeeded (`deployed_at` = that job's
  completion, `job` = its name). A re-run keeps the run's id: the latest attempt's outcome replaces the earlier.
  The workflow is named by its file name (`.github/workflows/deploy.yml` → `deploy.yml`).
- `jira_keys`: keys matching `[A-Z][A-Z0-9]+-\\d+` in the title and the head branch, unique, sorted,
  space-separated (null when none); when the workspace lists Jira projects, only keys of those projects are kept
  (so "UTF-8" in a title is not a Jira key).
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import pandas as pd

from pilotage.core.model import Quarantined, RawPayload, to_frame

SOURCE = "github"
GITHUB_TABLES = ("repositories", "pull_requests", "pull_request_commits", "deployments", "deployment_statuses",
                 "releases", "incidents", "workflow_runs", "commits")
JIRA_KEY = re.compile(r"[A-Z][A-Z0-9]+-\d+")


# ---------------------------------------------------------------------------------------------- slimming


def _pick(data: Any, *keys: str) -> Any:
    """The listed keys of a JSON object (absent keys stay absent); anything else is returned as is."""
    if not isinstance(data, dict):
        return data
    return {k: data[k] for k in keys if k in data}


def _ref(value: Any) -> Any:
    return _pick(value, "ref")


def slim_repository(data: Any) -> Any:
    return _pick(data, "full_name", "default_branch", "html_url")


def slim_pull(data: Any) -> Any:
    out = _pick(data, "number", "title", "state", "draft", "created_at", "updated_at", "closed_at", "merged_at",
                "merge_commit_sha", "html_url")
    if isinstance(data, dict):
        for side in ("base", "head"):
            if side in data:
                out[side] = _ref(data[side])
    return out


def slim_pull_detail(data: Any) -> Any:
    return _pick(data, "additions", "deletions")


def slim_commit(data: Any) -> Any:
    """Only the authored time: the author's name and e-mail are a person's."""
    if not isinstance(data, dict):
        return data
    commit = data.get("commit")
    author = commit.get("author") if isinstance(commit, dict) else None
    date = author.get("date") if isinstance(author, dict) else None
    return {"sha": data.get("sha"), "commit": {"author": {"date": date}}}


def slim_branch_commit(data: Any) -> Any:
    """A default-branch commit: its sha, authored and committed times and parent shas — no person."""
    if not isinstance(data, dict):
        return data
    commit = data.get("commit") if isinstance(data.get("commit"), dict) else {}
    times = {side: {"date": commit[side].get("date")} for side in ("author", "committer")
             if isinstance(commit.get(side), dict)}
    parents = data.get("parents")
    if isinstance(parents, list):
        parents = [_pick(p, "sha") for p in parents]
    return {"sha": data.get("sha"), "commit": times, "parents": parents}


def slim_run(data: Any) -> Any:
    return _pick(data, "id", "name", "path", "event", "head_branch", "head_sha", "status", "conclusion",
                 "run_attempt", "created_at", "updated_at", "html_url")


def slim_job(data: Any) -> Any:
    return _pick(data, "name", "conclusion", "completed_at")


def slim_issue(data: Any) -> Any:
    out = _pick(data, "number", "title", "state", "created_at", "updated_at", "closed_at", "html_url")
    if isinstance(data, dict) and "labels" in data:
        labels = data["labels"]
        if isinstance(labels, list):
            labels = [lb.get("name") if isinstance(lb, dict) else lb for lb in labels]
        out["labels"] = labels
    return out


def slim_deployment(data: Any) -> Any:
    return _pick(data, "id", "environment", "sha", "ref", "created_at", "updated_at")


def slim_status(data: Any) -> Any:
    return _pick(data, "id", "state", "created_at")


def slim_release(data: Any) -> Any:
    return _pick(data, "id", "tag_name", "name", "draft", "prerelease", "created_at", "published_at", "html_url")


def is_pull_request_issue(data: Any) -> bool:
    """The issues endpoint also returns pull requests, marked by a `pull_request` key."""
    return isinstance(data, dict) and data.get("pull_request") is not None


def raw(kind: str, key: str, payload: Any) -> RawPayload:
    return RawPayload(SOURCE, kind, key, json.dumps(payload, sort_keys=True, separators=(",", ":")))


TOMBSTONE = {"deleted": True}


# ---------------------------------------------------------------------------------------------- conversion


@dataclass
class Converted:
    """Frames of the GitHub tables, the records set aside, and the ids known not to exist any more
    (deleted releases/deployments, issues that are not, or no longer, incidents)."""

    frames: dict[str, pd.DataFrame]
    quarantined: list[Quarantined] = field(default_factory=list)
    absent: set[str] = field(default_factory=set)


class _Bad(Exception):
    """A field that makes a record unusable; the message names the field."""


def convert(
    payloads: Iterable[RawPayload],
    *,
    repos: Iterable[str],
    incident_label: str,
    jira_projects: Iterable[str] = (),
    deploy_job: str = "",
) -> Converted:
    """Convert raw GitHub payloads of the given repositories into canonical frames (other repos are ignored)."""
    wanted = set(repos)
    projects = set(jira_projects)
    label = incident_label.lower()
    latest: dict[tuple[str, str], RawPayload] = {}
    for p in payloads:
        if p.source == SOURCE and _repo_of(p.kind, p.key) in wanted:
            latest[(p.kind, p.key)] = p
    rows: dict[str, list[dict]] = {t: [] for t in GITHUB_TABLES}
    out = Converted({})
    html = {}
    for (kind, key), p in sorted(latest.items()):
        if kind == "repository":
            data = json.loads(p.payload)
            if isinstance(data, dict) and isinstance(data.get("html_url"), str):
                html[key] = data["html_url"]
    for (kind, key), p in sorted(latest.items()):
        data = json.loads(p.payload)
        repo = _repo_of(kind, key)
        try:
            if kind == "repository":
                rows["repositories"].append(_repository(repo, data))
            elif kind == "pull_request":
                pull = _pull_request(repo, data, projects)
                pull_commits = _pull_commits(pull["id"], data)  # both or neither: a bad list quarantines the PR
                rows["pull_requests"].append(pull)
                rows["pull_request_commits"].extend(pull_commits)
            elif kind == "workflow_run":
                rows["workflow_runs"].append(_workflow_run(repo, data, deploy_job))
            elif kind == "commit":
                rows["commits"].append(_commit(repo, data))
            elif kind == "issue":
                if is_pull_request_issue(data):
                    continue
                incident = _incident(repo, data, label)
                if incident is None:
                    out.absent.add(f"github:{key}")
                else:
                    rows["incidents"].append(incident)
            elif kind == "deployment":
                if data == TOMBSTONE:
                    out.absent.add(f"github:{repo}:deploy:{key.rsplit(':', 1)[1]}")
                    continue
                deployment, statuses = _deployment(repo, data, html.get(repo))
                rows["deployments"].append(deployment)
                rows["deployment_statuses"].extend(statuses)
            elif kind == "release":
                if data == TOMBSTONE:
                    out.absent.add(f"github:{repo}:release:{key.rsplit(':', 1)[1]}")
                    continue
                rows["releases"].append(_release(repo, data))
        except _Bad as e:
            out.quarantined.append(Quarantined(SOURCE, kind, key, f"{kind} {key}: {e}", p.payload))
    for table, table_rows in rows.items():
        out.frames[table] = to_frame(table, table_rows)
    return out


def _repo_of(kind: str, key: str) -> str:
    if kind in ("pull_request", "issue"):
        return key.rsplit("#", 1)[0]
    if kind in ("deployment", "release", "workflow_run", "commit"):
        return key.rsplit(":", 1)[0]
    return key


def _repository(repo: str, d: Any) -> dict:
    _object(d)
    return {
        "id": f"github:{repo}",
        "source": SOURCE,
        "full_name": repo,
        "default_branch": _str(d, "default_branch", required=True),
        "url": _str(d, "html_url"),
    }


def _pull_request(repo: str, d: Any, projects: set[str]) -> dict:
    _object(d)
    pull = d.get("pull")
    _object(pull, "pull")
    number = _int(pull, "number", required=True)
    title = _str(pull, "title")
    head = _str(_nested(pull, "head"), "ref", prefix="head.")
    detail = d.get("detail")
    if detail is not None:
        _object(detail, "detail")
    first = d.get("first_commit")
    first_at = None
    if first is not None:
        _object(first, "first_commit")
        author = _nested(_nested(first, "commit", prefix="first_commit."), "author", prefix="first_commit.commit.")
        first_at = _ts(author, "date", prefix="first_commit.commit.author.")
    state = _str(pull, "state", required=True)
    if state not in ("open", "closed"):
        raise _Bad(f"state: expected open or closed, got {_show(state)}")
    return {
        "id": f"github:{repo}#{number}",
        "source": SOURCE,
        "repo": repo,
        "number": number,
        "title": title,
        "state": state,
        "draft": _bool(pull, "draft"),
        "base_branch": _str(_nested(pull, "base", required=True), "ref", required=True, prefix="base."),
        "head_branch": head,
        "created_at": _ts(pull, "created_at", required=True),
        "updated_at": _ts(pull, "updated_at", required=True),
        "merged_at": _ts(pull, "merged_at"),
        "closed_at": _ts(pull, "closed_at"),
        "merge_sha": _str(pull, "merge_commit_sha"),
        "first_commit_at": first_at,
        "additions": _int(detail, "additions", prefix="detail.") if detail else None,
        "deletions": _int(detail, "deletions", prefix="detail.") if detail else None,
        "jira_keys": jira_keys(title, head, projects),
        "url": _str(pull, "html_url"),
    }


def _pull_commits(pr_id: str, d: dict) -> list[dict]:
    commits = d.get("commits")
    if commits is None:
        return []
    if not isinstance(commits, list):
        raise _Bad(f"commits: expected a list, got {_show(commits)}")
    rows = {}
    for i, c in enumerate(commits):
        prefix = f"commits[{i}]."
        _object(c, f"commits[{i}]")
        author = _nested(_nested(c, "commit", prefix=prefix), "author", prefix=prefix + "commit.")
        sha = _str(c, "sha", required=True, prefix=prefix)
        rows[sha] = {"pr_id": pr_id, "source": SOURCE, "sha": sha,
                     "authored_at": _ts(author, "date", prefix=prefix + "commit.author.")}
    return list(rows.values())


def _workflow_run(repo: str, d: Any, deploy_job: str) -> dict:
    _object(d)
    run = d.get("run")
    _object(run, "run")
    run_id = _int(run, "id", required=True, prefix="run.")
    path = _str(run, "path", required=True, prefix="run.")
    status = _str(run, "status", required=True, prefix="run.")
    conclusion = _str(run, "conclusion", prefix="run.")
    updated = _ts(run, "updated_at", prefix="run.")
    jobs = d.get("jobs")
    job = None
    if deploy_job:
        if jobs is not None and not isinstance(jobs, list):
            raise _Bad(f"jobs: expected a list, got {_show(jobs)}")
        deployed_at = None
        for i, j in enumerate(jobs or []):
            _object(j, f"jobs[{i}]")
            name = _str(j, "name", prefix=f"jobs[{i}].")
            if name is None or not fnmatch.fnmatchcase(name.lower(), deploy_job.lower()):
                continue
            if _str(j, "conclusion", prefix=f"jobs[{i}].") == "success":
                at = _ts(j, "completed_at", prefix=f"jobs[{i}].")
                if at is not None and (deployed_at is None or at < deployed_at):
                    deployed_at, job = at, name
    else:
        deployed_at = updated if status == "completed" and conclusion == "success" else None
    return {
        "id": f"github:{repo}:run:{run_id}",
        "source": SOURCE,
        "repo": repo,
        "workflow": path.rsplit("/", 1)[-1],
        "workflow_name": _str(run, "name", prefix="run."),
        "event": _str(run, "event", prefix="run."),
        "head_branch": _str(run, "head_branch", prefix="run."),
        "head_sha": _str(run, "head_sha", prefix="run."),
        "status": status,
        "conclusion": conclusion,
        "attempt": _int(run, "run_attempt", prefix="run."),
        "job": job,
        "created_at": _ts(run, "created_at", required=True, prefix="run."),
        "deployed_at": deployed_at,
        "url": _str(run, "html_url", prefix="run."),
    }


def _commit(repo: str, d: Any) -> dict:
    _object(d)
    sha = _str(d, "sha", required=True)
    commit = _nested(d, "commit", required=True)
    parents = d.get("parents")
    if parents is not None and not isinstance(parents, list):
        raise _Bad(f"parents: expected a list, got {_show(parents)}")
    return {
        "id": f"github:{repo}:commit:{sha}",
        "source": SOURCE,
        "repo": repo,
        "sha": sha,
        "authored_at": _ts(_nested(commit, "author", required=True, prefix="commit."), "date", required=True,
                           prefix="commit.author."),
        "committed_at": _ts(_nested(commit, "committer", required=True, prefix="commit."), "date", required=True,
                            prefix="commit.committer."),
        "parents": len(parents) if parents is not None else None,
    }


def jira_keys(title: str | None, branch: str | None, projects: set[str] = frozenset()) -> str | None:
    """Jira keys in a PR's title and head branch: unique, sorted, space-separated; None when there is none."""
    keys = {k for text in (title, branch) if text for k in JIRA_KEY.findall(text)}
    if projects:
        keys = {k for k in keys if k.rsplit("-", 1)[0] in projects}
    return " ".join(sorted(keys)) or None


def _incident(repo: str, d: Any, label: str) -> dict | None:
    """The incident row of an issue carrying the label, None for an issue without it."""
    _object(d)
    labels = d.get("labels")
    if labels is not None and (not isinstance(labels, list) or not all(isinstance(x, str) for x in labels)):
        raise _Bad(f"labels: expected a list of label names, got {_show(labels)}")
    if label not in {x.lower() for x in labels or []}:
        return None
    number = _int(d, "number", required=True)
    state = _str(d, "state")
    closed = _ts(d, "closed_at")
    return {
        "id": f"github:{repo}#{number}",
        "source": SOURCE,
        "repo": repo,
        "project": None,
        "title": _str(d, "title"),
        "created_at": _ts(d, "created_at", required=True),
        "resolved_at": closed if state == "closed" else None,
        "url": _str(d, "html_url"),
    }


def _deployment(repo: str, d: Any, repo_html: str | None) -> tuple[dict, list[dict]]:
    _object(d)
    dep = d.get("deployment")
    _object(dep, "deployment")
    dep_id = _int(dep, "id", required=True)
    environment = _str(dep, "environment", required=True)
    statuses = d.get("statuses")
    if not isinstance(statuses, list):
        raise _Bad(f"statuses: expected a list, got {_show(statuses)}")
    ident = f"github:{repo}:deploy:{dep_id}"
    parsed = []
    for i, s in enumerate(statuses):
        prefix = f"statuses[{i}]."
        _object(s, f"statuses[{i}]")
        parsed.append((_ts(s, "created_at", required=True, prefix=prefix), _int(s, "id", prefix=prefix) or 0,
                       _str(s, "state", required=True, prefix=prefix)))
    parsed.sort(key=lambda x: (x[0], x[1]))
    row = {
        "id": ident,
        "source": SOURCE,
        "repo": repo,
        "environment": environment,
        "sha": _str(dep, "sha"),
        "ref": _str(dep, "ref"),
        "created_at": _ts(dep, "created_at", required=True),
        "url": f"{repo_html}/deployments/{quote(environment, safe='')}" if repo_html else None,
    }
    status_rows = [
        {"deployment_id": ident, "source": SOURCE, "seq": seq, "state": state, "at": at}
        for seq, (at, _id, state) in enumerate(parsed)
    ]
    return row, status_rows


def _release(repo: str, d: Any) -> dict:
    _object(d)
    rel_id = _int(d, "id", required=True)
    return {
        "id": f"github:{repo}:release:{rel_id}",
        "source": SOURCE,
        "repo": repo,
        "tag": _str(d, "tag_name", required=True),
        "name": _str(d, "name"),
        "draft": _bool(d, "draft", required=True),
        "prerelease": _bool(d, "prerelease", required=True),
        "created_at": _ts(d, "created_at", required=True),
        "published_at": _ts(d, "published_at"),
        "url": _str(d, "html_url"),
    }


# ---------------------------------------------------------------------------------------------- field checks


def _show(value: Any) -> str:
    text = json.dumps(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _object(value: Any, name: str = "") -> None:
    if not isinstance(value, dict):
        raise _Bad(f"{name + ': ' if name else ''}expected an object, got {_show(value)}")


def _get(d: dict, key: str, required: bool, prefix: str) -> Any:
    value = d.get(key)
    if value is None and required:
        raise _Bad(f"{prefix}{key}: missing (required)")
    return value


def _nested(d: dict, key: str, *, required: bool = False, prefix: str = "") -> dict:
    value = _get(d, key, required, prefix)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _Bad(f"{prefix}{key}: expected an object, got {_show(value)}")
    return value


def _str(d: dict, key: str, *, required: bool = False, prefix: str = "") -> str | None:
    value = _get(d, key, required, prefix)
    if value is not None and not isinstance(value, str):
        raise _Bad(f"{prefix}{key}: expected text, got {_show(value)}")
    return value


def _int(d: dict, key: str, *, required: bool = False, prefix: str = "") -> int | None:
    value = _get(d, key, required, prefix)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise _Bad(f"{prefix}{key}: expected a whole number, got {_show(value)}")
    return value


def _bool(d: dict, key: str, *, required: bool = False, prefix: str = "") -> bool | None:
    value = _get(d, key, required, prefix)
    if value is not None and not isinstance(value, bool):
        raise _Bad(f"{prefix}{key}: expected true or false, got {_show(value)}")
    return value


def _ts(d: dict, key: str, *, required: bool = False, prefix: str = "") -> pd.Timestamp | None:
    value = _get(d, key, required, prefix)
    if value is None:
        return None
    parsed = parse_time(value)
    if parsed is None:
        raise _Bad(f"{prefix}{key}: expected an ISO 8601 date-time, got {_show(value)}")
    return parsed


def parse_time(value: Any) -> pd.Timestamp | None:
    """An ISO 8601 date-time (GitHub's `2024-05-02T10:00:00Z`) as a UTC timestamp; None when it is not one."""
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        t = datetime.fromisoformat(value)
    except ValueError:
        return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    return pd.Timestamp(t).tz_convert("UTC")
