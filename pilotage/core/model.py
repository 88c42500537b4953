"""The canonical model: every table Pilotage stores, its columns, types and units, declared once.

Connectors (Jira, GitHub, the demo generator) produce these frames; the store persists them; `metrics/` reads them.
Nothing downstream knows which source a row came from except through the columns below.

Conventions
- Ids are namespaced strings: `jira:PAY-12`, `jira:sprint:31`, `github:acme/api`, `github:acme/api#42`,
  `github:acme/api:deploy:991`, `github:acme/api:release:7`.
- `ts` columns are timezone-aware UTC timestamps (pandas `datetime64[ms, UTC]`; stored as epoch milliseconds).
- `date` columns are ISO dates (`YYYY-MM-DD`) kept as text, as Jira gives due dates.
- Original source values are kept beside normalised ones (`status` is Jira's own status name; the stage comes
  from `statuses.category` and the workspace's overrides).
- History tables start with a synthetic creation row: `status_changes` has one row at `created_at` with
  `from_status` null and the initial status; `field_changes` has one row at `created_at` with `from_value` null
  for every tracked field that had a value at creation. The value of a field at instant t is therefore the
  `to_value` of its last row at or before t.
- `field_changes.field` is one of `TRACKED_FIELDS`. Values are text: sprint values are comma-separated sprint ids
  (`jira:sprint:12,jira:sprint:14`, empty = in no sprint), story points a decimal number, due dates ISO dates,
  fix versions comma-separated version names, parent a namespaced item id, `target_field` / `baseline_field`
  ISO dates of the custom date fields the workspace names (`jira.target = "field:Target end"`,
  `jira.baseline_field`).
- Each table has an `owner` column: the entity whose refresh replaces those rows (an issue's refresh replaces its
  status and field changes). The store's upsert relies on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

TRACKED_FIELDS = ("sprint", "story_points", "due_date", "fix_version", "parent", "target_field", "baseline_field")
STATUS_CATEGORIES = ("new", "indeterminate", "done")  # Jira's status category keys

# column kinds → pandas dtype
DTYPES = {
    "str": "str",  # pandas 3 default string dtype (missing = NaN)
    "int": "Int64",
    "float": "float64",
    "bool": "boolean",
    "ts": "datetime64[ms, UTC]",
    "date": "str",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # one of DTYPES
    help: str
    nullable: bool = True


@dataclass(frozen=True)
class Table:
    name: str
    help: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # primary key
    owner: str  # the column whose entity's refresh replaces these rows
    source_wide: bool = field(default=False)  # replaced as a whole on every sync of its source

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, kind: str, help: str, nullable: bool = True) -> Column:
    return Column(name, kind, help, nullable)


_SOURCE = _c("source", "str", "source system: `jira` or `github`", False)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "issues",
            "Jira issues of every type (work items, epics, sub-tasks, incidents).",
            (
                _c("id", "str", "namespaced id, `jira:PAY-12`", False),
                _SOURCE,
                _c("source_id", "str", "Jira's numeric issue id (stable when the key changes)", False),
                _c("key", "str", "issue key, `PAY-12`", False),
                _c("project", "str", "project key, `PAY`", False),
                _c("issue_type", "str", "issue type name as in Jira (`Story`, `Epic`, `Bug`…)", False),
                _c("is_subtask", "bool", "the issue type is a sub-task type", False),
                _c("summary", "str", "title, as typed in Jira (plain text, never markup)"),
                _c("status", "str", "current status name, as in Jira", False),
                _c("status_category", "str", "current status category: new / indeterminate / done", False),
                _c("resolution", "str", "resolution name, null when unresolved"),
                _c("labels", "str", "labels separated by single spaces (Jira labels hold no spaces)"),
                _c("parent_id", "str", "namespaced id of the epic or parent"),
                _c("story_points", "float", "current estimate in story points"),
                _c("due_date", "date", "current due date"),
                _c("fix_versions", "str", "current fix version names, comma-separated"),
                _c("created_at", "ts", "creation time", False),
                _c("updated_at", "ts", "last update time", False),
                _c("resolved_at", "ts", "resolution time"),
                _c("url", "str", "link to the issue in Jira"),
            ),
            key=("id",),
            owner="id",
        ),
        Table(
            "status_changes",
            "Status history of each issue, with a synthetic first row at creation.",
            (
                _c("item_id", "str", "namespaced issue id", False),
                _SOURCE,
                _c("at", "ts", "when the status changed", False),
                _c("seq", "int", "order of the change within the issue (0 = creation)", False),
                _c("from_status", "str", "status name before (null on the creation row)"),
                _c("to_status", "str", "status name after", False),
            ),
            key=("item_id", "seq"),
            owner="item_id",
        ),
        Table(
            "field_changes",
            "History of the tracked fields (sprint, story points, due date, fix version, parent, and the custom "
            "target and baseline date fields the workspace names).",
            (
                _c("item_id", "str", "namespaced issue id", False),
                _SOURCE,
                _c("at", "ts", "when the field changed", False),
                _c("seq", "int", "order of the change within the issue and field (0 = creation)", False),
                _c("field", "str", "one of: " + ", ".join(TRACKED_FIELDS), False),
                _c("from_value", "str", "value before (see module doc for the formats)"),
                _c("to_value", "str", "value after"),
            ),
            key=("item_id", "field", "seq"),
            owner="item_id",
        ),
        Table(
            "statuses",
            "Every Jira status with its category, for the default stage mapping.",
            (
                _c("id", "str", "namespaced status id, `jira:status:10001`", False),
                _SOURCE,
                _c("name", "str", "status name", False),
                _c("category", "str", "new / indeterminate / done", False),
            ),
            key=("id",),
            owner="id",
            source_wide=True,
        ),
        Table(
            "versions",
            "Jira fix versions with their release dates.",
            (
                _c("id", "str", "namespaced version id, `jira:version:10200`", False),
                _SOURCE,
                _c("project", "str", "project key", False),
                _c("name", "str", "version name", False),
                _c("release_date", "date", "planned or actual release date"),
                _c("released", "bool", "marked as released"),
            ),
            key=("id",),
            owner="id",
            source_wide=True,
        ),
        Table(
            "sprints",
            "Jira agile sprints of the workspace's boards, all states.",
            (
                _c("id", "str", "namespaced sprint id, `jira:sprint:31`", False),
                _SOURCE,
                _c("board_id", "int", "board the sprint belongs to", False),
                _c("name", "str", "sprint name", False),
                _c("state", "str", "future / active / closed", False),
                _c("start_at", "ts", "start instant"),
                _c("end_at", "ts", "planned end instant"),
                _c("complete_at", "ts", "instant it was completed (closed sprints)"),
                _c("goal", "str", "sprint goal text"),
                _c("url", "str", "link to the sprint's board"),
            ),
            key=("id",),
            owner="id",
            source_wide=True,
        ),
        Table(
            "repositories",
            "GitHub repositories of the workspace.",
            (
                _c("id", "str", "namespaced id, `github:acme/api`", False),
                _SOURCE,
                _c("full_name", "str", "`owner/name`", False),
                _c("default_branch", "str", "default branch name", False),
                _c("url", "str", "link to the repository"),
            ),
            key=("id",),
            owner="id",
        ),
        Table(
            "pull_requests",
            "Pull requests, all states. Authors are deliberately not kept: metrics are team-level only.",
            (
                _c("id", "str", "namespaced id, `github:acme/api#42`", False),
                _SOURCE,
                _c("repo", "str", "`owner/name`", False),
                _c("number", "int", "PR number", False),
                _c("title", "str", "title as typed (plain text)"),
                _c("state", "str", "open / closed", False),
                _c("draft", "bool", "draft PR"),
                _c("base_branch", "str", "branch it targets", False),
                _c("head_branch", "str", "branch it comes from"),
                _c("created_at", "ts", "opened", False),
                _c("updated_at", "ts", "last update", False),
                _c("merged_at", "ts", "merge time, null if not merged"),
                _c("closed_at", "ts", "close time"),
                _c("merge_sha", "str", "merge commit sha"),
                _c("first_commit_at", "ts", "authored time of the PR's first commit (null if not fetched)"),
                _c("additions", "int", "lines added"),
                _c("deletions", "int", "lines deleted"),
                _c("jira_keys", "str", "Jira keys found in title or branch, space-separated"),
                _c("url", "str", "link to the PR"),
            ),
            key=("id",),
            owner="id",
        ),
        Table(
            "deployments",
            "GitHub deployments, every environment (production is decided by the workspace pattern).",
            (
                _c("id", "str", "namespaced id, `github:acme/api:deploy:991`", False),
                _SOURCE,
                _c("repo", "str", "`owner/name`", False),
                _c("environment", "str", "environment name as in GitHub", False),
                _c("sha", "str", "deployed commit sha"),
                _c("ref", "str", "deployed ref"),
                _c("created_at", "ts", "deployment created", False),
                _c("url", "str", "link"),
            ),
            key=("id",),
            owner="id",
        ),
        Table(
            "deployment_statuses",
            "Every status a deployment went through (queued, in_progress, success, failure, error, inactive…).",
            (
                _c("deployment_id", "str", "namespaced deployment id", False),
                _SOURCE,
                _c("seq", "int", "order within the deployment", False),
                _c("state", "str", "status state as in GitHub", False),
                _c("at", "ts", "status time", False),
            ),
            key=("deployment_id", "seq"),
            owner="deployment_id",
        ),
        Table(
            "workflow_runs",
            "GitHub Actions runs of the workspace's deploy workflows (`github.deploy_workflows`), every branch and "
            "outcome; which of them are production deployments is decided in metrics/dora.py.",
            (
                _c("id", "str", "namespaced id, `github:acme/api:run:3001` (a re-run keeps its run's id)", False),
                _SOURCE,
                _c("repo", "str", "`owner/name`", False),
                _c("workflow", "str", "workflow file name, `deploy.yml`", False),
                _c("workflow_name", "str", "workflow name as declared in the file"),
                _c("event", "str", "what triggered it: push, workflow_dispatch, release…"),
                _c("head_branch", "str", "branch the run ran on"),
                _c("head_sha", "str", "commit the run deployed"),
                _c("status", "str", "queued / in_progress / completed", False),
                _c("conclusion", "str", "success / failure / cancelled… of the latest attempt (null until completed)"),
                _c("attempt", "int", "attempt number of the latest attempt (a re-run adds one)"),
                _c("job", "str", "name of the deploy job when `github.deploy_job` is set (null otherwise)"),
                _c("created_at", "ts", "run created", False),
                _c("deployed_at", "ts", "when it succeeded: the deploy job's completion when `deploy_job` is set, "
                   "else the completed run's last update; null when it did not succeed"),
                _c("url", "str", "link to the run"),
            ),
            key=("id",),
            owner="id",
        ),
        Table(
            "commits",
            "Commits of each repository's default branch. Only times and shas: no author name, login or e-mail.",
            (
                _c("id", "str", "namespaced id, `github:acme/api:commit:<sha>`", False),
                _SOURCE,
                _c("repo", "str", "`owner/name`", False),
                _c("sha", "str", "commit sha", False),
                _c("authored_at", "ts", "authored time (when the change was written)", False),
                _c("committed_at", "ts", "committed time (when it reached this history: push, merge or rebase)",
                   False),
                _c("parents", "int", "number of parents (2 or more: a merge commit)"),
            ),
            key=("id",),
            owner="id",
        ),
        Table(
            "pull_request_commits",
            "The commits of each merged pull request (its commit list), linking default-branch commits to PRs.",
            (
                _c("pr_id", "str", "namespaced PR id", False),
                _SOURCE,
                _c("sha", "str", "commit sha as listed by the PR", False),
                _c("authored_at", "ts", "authored time (kept through a rebase merge, which changes the sha)"),
            ),
            key=("pr_id", "sha"),
            owner="pr_id",
        ),
        Table(
            "releases",
            "GitHub releases (the deployment fallback for repositories without deployments).",
            (
                _c("id", "str", "namespaced id, `github:acme/api:release:7`", False),
                _SOURCE,
                _c("repo", "str", "`owner/name`", False),
                _c("tag", "str", "tag name", False),
                _c("name", "str", "release title"),
                _c("draft", "bool", "draft release", False),
                _c("prerelease", "bool", "pre-release", False),
                _c("created_at", "ts", "created", False),
                _c("published_at", "ts", "published (null for drafts)"),
                _c("url", "str", "link"),
            ),
            key=("id",),
            owner="id",
        ),
        Table(
            "incidents",
            "Incidents: GitHub issues with the incident label and Jira issues of the incident type or label.",
            (
                _c("id", "str", "namespaced id, `github:acme/api#7` or `jira:OPS-3`", False),
                _SOURCE,
                _c("repo", "str", "`owner/name` for GitHub incidents; null for Jira ones"),
                _c("project", "str", "Jira project key for Jira incidents; null for GitHub ones"),
                _c("title", "str", "title as typed (plain text)"),
                _c("created_at", "ts", "opened", False),
                _c("resolved_at", "ts", "closed or resolved, null while open"),
                _c("url", "str", "link"),
            ),
            key=("id",),
            owner="id",
        ),
    )
}


def empty_frame(table: str) -> pd.DataFrame:
    """An empty frame with the table's columns and dtypes."""
    t = TABLES[table]
    return pd.DataFrame({c.name: pd.Series([], dtype=DTYPES[c.kind]) for c in t.columns})


def to_frame(table: str, rows: Iterable[Mapping] | pd.DataFrame) -> pd.DataFrame:
    """Build a typed frame of `table` from dict rows (or coerce a frame); unknown keys are refused.

    Timestamps may be given as datetimes (naive ones are taken as UTC), ISO strings with any offset, or
    pandas Timestamps; they come out as UTC.
    """
    t = TABLES[table]
    df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    if df.empty and len(df.columns) == 0:
        return empty_frame(table)
    unknown = set(df.columns) - set(t.column_names)
    if unknown:
        raise ValueError(f"{table}: unknown columns {sorted(unknown)}")
    out = {}
    for c in t.columns:
        col = df[c.name] if c.name in df.columns else pd.Series([None] * len(df), index=df.index)
        out[c.name] = _coerce(col, c.kind)
    return pd.DataFrame(out).reset_index(drop=True)


def _coerce(col: pd.Series, kind: str) -> pd.Series:
    if kind == "ts":
        if isinstance(col.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(col):
            s = col if isinstance(col.dtype, pd.DatetimeTZDtype) else col.dt.tz_localize("UTC")
            return s.dt.tz_convert("UTC").astype(DTYPES["ts"])
        return pd.to_datetime(col, utc=True, format="ISO8601").astype(DTYPES["ts"])
    return col.astype(DTYPES[kind])


def validate(table: str, df: pd.DataFrame) -> list[str]:
    """Problems of a frame against its table: missing columns, nulls in required columns, duplicate keys."""
    t = TABLES[table]
    problems = [f"{table}: missing column {c}" for c in t.column_names if c not in df.columns]
    if problems:
        return problems
    for c in t.columns:
        if not c.nullable and df[c.name].isna().any():
            problems.append(f"{table}.{c.name}: {int(df[c.name].isna().sum())} null value(s) in a required column")
    dup = df.duplicated(list(t.key)).sum()
    if dup:
        problems.append(f"{table}: {int(dup)} duplicate key(s) on {', '.join(t.key)}")
    return problems


@dataclass
class Batch:
    """Canonical frames produced by one connector run, ready for the store.

    `refreshed` lists the owner ids whose rows this batch replaces (incremental runs); `deleted` the owner ids
    to remove (deleted issues, old keys of moved issues). A `full` batch replaces everything of its source.
    """

    source: str
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    full: bool = True
    refreshed: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)

    def frame(self, table: str) -> pd.DataFrame:
        return self.frames.get(table, empty_frame(table))

    def rows(self) -> int:
        return sum(len(f) for f in self.frames.values())


@dataclass(frozen=True)
class RawPayload:
    """A source payload kept as fetched, so conversion can be re-run offline (`sync --reconvert`)."""

    source: str
    kind: str  # e.g. `issue`, `sprint`, `pull_request`, `deployment`
    key: str  # the source's own key of the payload (issue id, PR number…)
    payload: str  # JSON text


@dataclass(frozen=True)
class Quarantined:
    """A record that could not be converted, kept with the reason instead of crashing the run."""

    source: str
    kind: str
    key: str
    reason: str
    payload: str = ""


@dataclass
class Dataset:
    """Every canonical table loaded from the store at one data version (a consistent read)."""

    frames: dict[str, pd.DataFrame]
    data_version: int = 0

    def __getattr__(self, table: str) -> pd.DataFrame:
        if table in TABLES:
            frame = self.frames.get(table)  # not .get(table, empty_frame(…)): that builds a frame on every access
            return empty_frame(table) if frame is None else frame
        raise AttributeError(table)

    @classmethod
    def empty(cls) -> Dataset:
        return cls({t: empty_frame(t) for t in TABLES})
