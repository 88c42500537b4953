"""The Jira connector: collect issues (complete changelogs), statuses, fields, versions and sprints, keep the raw
payloads, convert them into canonical frames (connectors/jira_convert.py) for the store.

    connector = connector_for(ws)                      # or connector_for(ws, timeout=1, max_retries=1, sleep=f)
    result = connector.fetch(watermark=None, full=True, progress=text_progress())
    result = connector.reconvert(store.raw("jira"), progress=no_progress)

Cloud or Data Center is read from `/serverInfo` (`deploymentType`): Cloud pages `/search/jql` by
`nextPageToken` with e-mail + API token; Data Center pages `/search` by `startAt` with a personal access token.

Incremental runs. The watermark (JSON, kept with the run only when it commits) holds:
    {"v": 1, "scope": <hash of site, projects and JQL>, "since": <server time when the last run started, UTC>,
     "issues": {<numeric id>: <key>, …}}                    # every issue of the scope at the last run
The next run asks `updated >= "yyyy/MM/dd HH:mm"` for `since` − 5 minutes. JQL reads that time in the searching
user's time zone, so it is written in the zone `/myself` reports (one request); if the zone is unknown, 12 hours
earlier in UTC, which is safe for every offset. A key-only search of the scope (ids and keys, up to 1,000 a page
on Data Center) then gives the current set: ids gone since the last run are deleted, an id under a new key (an
issue moved to another project) drops its old key, and an id the changed-issue search missed is fetched. A
different scope (projects or JQL edited) makes the run a full one.

Failures raise `SourceError` / `AuthError` / `RateLimited` (connectors/jira_client.py); nothing is returned half
done, so the store keeps its previous state. Bad payloads are quarantined or trimmed (jira_convert.py).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from connectors.jira_client import Credentials, JiraSite, SiteOptions
from connectors.jira_convert import Converted, FieldIds, Reference, convert, parse_time
from pilotage.core.connector import Progress, SyncResult
from pilotage.core.errors import WorkspaceError
from pilotage.core.model import Batch, RawPayload
from pilotage.core.workspace import JiraConfig, Workspace

SOURCE = "jira"
OVERLAP = timedelta(minutes=5)  # re-read changes this far before the last run's start (clock skew, minute JQL)
UNKNOWN_ZONE_MARGIN = timedelta(hours=12)  # the most negative UTC offset in use
ID_CHUNK = 100  # ids per `id in (…)` query when fetching issues the changed-issue search missed


@dataclass
class Watermark:
    scope: str
    since: datetime | None
    issues: dict[str, str] = field(default_factory=dict)  # numeric id → key

    def dumps(self) -> str:
        since = self.since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if self.since else None
        return json.dumps({"v": 1, "scope": self.scope, "since": since, "issues": self.issues}, sort_keys=True,
                          separators=(",", ":"))

    @classmethod
    def loads(cls, text: str | None) -> Watermark | None:
        """The watermark, or None when absent or unreadable (the run is then a full one)."""
        try:
            data = json.loads(text) if text else None
            if not isinstance(data, dict) or data.get("v") != 1 or not isinstance(data.get("issues"), dict):
                return None
            return cls(str(data["scope"]), parse_time(data.get("since")), {str(k): str(v) for k, v in
                                                                         data["issues"].items()})
        except (ValueError, KeyError, TypeError):
            return None


def scope_of(cfg: JiraConfig) -> str:
    """What a watermark is valid for: the same site, projects and filter."""
    text = json.dumps([cfg.url.rstrip("/"), sorted(cfg.projects), cfg.jql.strip()])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def jql_time(instant: datetime, zone_name: str | None) -> str:
    """`yyyy/MM/dd HH:mm` for JQL, in the searching user's zone (floored to the minute)."""
    zone = None
    if zone_name:
        try:
            zone = ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError):
            zone = None
    local = instant.astimezone(zone) if zone else instant.astimezone(UTC) - UNKNOWN_ZONE_MARGIN
    return local.strftime("%Y/%m/%d %H:%M")


def scope_jql(cfg: JiraConfig) -> str:
    """The JQL of the workspace's issues: its projects, AND-ed with its filter (an ORDER BY in it is dropped, we
    add our own)."""
    if not cfg.projects:
        raise WorkspaceError(["jira.projects: list at least one project key, e.g. projects = [\"PAY\"]"])
    extra = re.split(r"\border\s+by\b", cfg.jql, maxsplit=1, flags=re.IGNORECASE)[0].strip()
    return f"project in ({', '.join(_quote(p) for p in cfg.projects)})" + (f" AND ({extra})" if extra else "")


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class JiraConnector:
    """Collects one workspace's Jira site. `options` tunes the transport (timeouts, retries, sleep, page sizes)."""

    source = SOURCE

    def __init__(self, ws: Workspace, options: SiteOptions | None = None) -> None:
        if ws.jira is None:
            raise ValueError("the workspace has no [jira] section")
        self.ws = ws
        self.cfg = ws.jira
        self.options = options or SiteOptions(timeout=self.cfg.timeout_seconds, max_retries=self.cfg.max_retries)

    # ------------------------------------------------------------------------------------------------ fetch
    def fetch(self, *, watermark: str | None, full: bool, progress: Progress) -> SyncResult:
        t0 = time.perf_counter()
        cfg = self.cfg
        base = scope_jql(cfg)  # checks the projects before any request
        previous = None if full else Watermark.loads(watermark)
        if previous is not None and (previous.scope != scope_of(cfg) or previous.since is None):
            previous = None  # projects or filter changed: what we know no longer describes the scope
        progress("jira: connect", 0, None, cfg.url)
        site = JiraSite(cfg.url, Credentials.from_config(cfg), self.options)
        server_time = parse_time(site.server_info().get("serverTime"))  # taken before reading: the next `since`
        ref_payloads = self._reference(site, progress)
        ref = self._reference_of(ref_payloads)
        if previous is None:
            issues, known = self._collect(site, f"{base} ORDER BY key ASC", ref.fields, progress)
            deleted: set[str] = set()
        else:
            issues, known, deleted = self._changes(site, base, previous, ref.fields, progress)

        progress("jira: convert", 0, len(issues), "")
        # converted from the JSON text kept as raw payload, exactly as `reconvert` will do
        converted = convert((json.loads(text) for text in issues.values()), ref)
        refreshed = {f"jira:{k}" for k in converted.issue_ids.values()}
        deleted -= refreshed  # a key that left and came back (moves both ways) is simply refreshed
        since = server_time or _last_update(converted) or (previous.since if previous else None)
        mark = Watermark(scope_of(cfg), since, dict(sorted(known.items(), key=lambda kv: (len(kv[0]), kv[0]))))
        raw = [RawPayload(SOURCE, "issue", i, text) for i, text in issues.items()]
        raw += [RawPayload(SOURCE, kind, "all", json.dumps(p, separators=(",", ":"), sort_keys=True))
                for kind, p in ref_payloads.items()]
        raw.append(RawPayload(SOURCE, "state", "watermark", mark.dumps()))
        batch = Batch(SOURCE, converted.frames, full=previous is None, refreshed=refreshed, deleted=deleted)
        progress("jira: convert", len(issues), len(issues), f"{len(issues)} issues")
        stats = self._stats(converted, site.requests, t0, deleted=len(deleted))
        notes = self._notes(ref_payloads)
        if notes:
            stats["notes"] = notes
        return SyncResult(batch, raw, converted.quarantined, mark.dumps(), stats)

    def _changes(self, site: JiraSite, base: str, previous: Watermark, fields: FieldIds,
                 progress: Progress) -> tuple[dict[str, str], dict[str, str], set[str]]:
        """Incremental collection: (issues updated since the last run, every id → key of the scope now, the ids
        to delete: issues gone and the old keys of moved ones)."""
        zone = site.myself().get("timeZone")
        since = f' AND updated >= "{jql_time(previous.since - OVERLAP, zone)}"'
        issues, _ = self._collect(site, f"{base}{since} ORDER BY key ASC", fields, progress)
        progress("jira: listing", 0, None, "ids and keys of the scope")
        current = {str(r.get("id")): str(r.get("key")) for r in site.search(
            f"{base} ORDER BY key ASC", ["key"], changelog=False, page_size=self.options.key_page_size,
            on_page=lambda n, total: progress("jira: listing", n, total, ""))}
        # new or moved issues the search above missed (created while paging, a move that kept `updated`)
        missed = [i for i, k in current.items() if i not in issues and previous.issues.get(i) != k]
        for chunk in (missed[i:i + ID_CHUNK] for i in range(0, len(missed), ID_CHUNK)):
            issues.update(self._collect(site, f"id in ({', '.join(chunk)}) ORDER BY key ASC", fields, progress)[0])
        issues = {i: r for i, r in issues.items() if i in current}  # deleted while we were paging
        deleted = {f"jira:{k}" for i, k in previous.issues.items() if current.get(i) != k}
        return issues, current, deleted

    def _reference(self, site: JiraSite, progress: Progress) -> dict[str, object]:
        """Fields, statuses, versions per project, sprints per board: small, read in full on every run."""
        progress("jira: reference", 0, None, "fields, statuses, versions, sprints")
        payloads: dict[str, object] = {
            "server": {"url": self.cfg.url.rstrip("/"), "cloud": site.is_cloud},
            "fields": site.fields(),
            "statuses": site.statuses(),
            "versions": {p: site.versions(p) for p in self.cfg.projects},
        }
        boards = sorted({t.board for t in self.ws.teams if t.board is not None})
        covered = {p for t in self.ws.teams if t.board is not None for p in t.jira_projects}
        styles: dict[str, str] = {}
        own_boards: set[int] = set()  # boards of team-managed projects, whose sprints are optional
        for project in self.cfg.projects:
            if project not in covered:  # no team names a board for it: use its scrum boards, or its own board
                styles[project] = project_style(site.project(project))
                kinds = ("scrum", "simple") if styles[project] == "team-managed" else ("scrum",)
                found = [b["id"] for b in site.boards(project) if b.get("type") in kinds
                         and isinstance(b.get("id"), int) and b["id"] not in boards]
                boards += found
                if styles[project] == "team-managed":
                    own_boards |= set(found)
        sprints = {}
        for n, board in enumerate(sorted(boards), 1):
            sprints[str(board)] = site.sprints(board, may_lack_sprints=board in own_boards)
            progress("jira: sprints", n, len(boards), f"board {board}")
        payloads["sprints"] = sprints
        payloads["projects"] = styles
        return payloads

    def _reference_of(self, payloads: dict) -> Reference:
        fields = payloads.get("fields") or []
        url = (payloads.get("server") or {}).get("url") or self.cfg.url.rstrip("/")
        return Reference(
            site_url=url,
            fields=FieldIds.from_payload(fields, story_points_field=self.cfg.story_points_field, site=url,
                                         target_field=self.cfg.target_field,
                                         baseline_field=self.cfg.baseline_date_field),
            statuses=list(payloads.get("statuses") or []),
            versions=dict(payloads.get("versions") or {}),
            sprints=dict(payloads.get("sprints") or {}),
            incident_types=tuple(self.ws.metrics.incident_types),
            incident_labels=tuple(self.ws.metrics.incident_labels),
        )

    def _collect(self, site: JiraSite, jql: str, fields: FieldIds,
                 progress: Progress) -> tuple[dict[str, str], dict[str, str]]:
        """Issues of a search with their complete changelogs: (numeric id → compact JSON text, id → key).

        Issues are kept as text, not parsed objects, so a large site costs its JSON size in memory, not several
        times that. A repeated id (a page boundary moving during the search) keeps its last copy."""
        issues: dict[str, str] = {}
        keys: dict[str, str] = {}
        completed = 0
        for raw in site.search(jql, fields.request_fields(), changelog=True, page_size=self.options.page_size,
                               on_page=lambda n, total: progress("jira: issues", n, total, "")):
            if not isinstance(raw, dict) or raw.get("id") is None:
                continue
            if _truncated(raw):
                # the search embeds at most a page of history (on Cloud, the most recent): read it all
                histories = site.changelog(str(raw["id"]))
                raw["changelog"] = {"startAt": 0, "maxResults": len(histories), "total": len(histories),
                                    "histories": histories}
                completed += 1
                progress("jira: changelogs", completed, None, str(raw.get("key", "")))
            issues[str(raw["id"])] = json.dumps(raw, separators=(",", ":"))
            keys[str(raw["id"])] = str(raw.get("key"))
        return issues, keys

    def _stats(self, converted: Converted, requests: int, t0: float, *, deleted: int = 0) -> dict:
        return {
            "issues": len(converted.issue_ids),
            "changelog_entries": converted.changelog_entries,
            "sprints": len(converted.frames["sprints"]),
            "requests": requests,
            "seconds": round(time.perf_counter() - t0, 3),
            "quarantined": len(converted.quarantined),
            "deleted": deleted,
            "unknown_statuses": len(converted.unknown_statuses),
        }

    def _notes(self, payloads: dict) -> list[str]:
        """Team-managed projects read as such, said plainly."""
        team = sorted(p for p, style in (payloads.get("projects") or {}).items() if style == "team-managed")
        return [f"{p}: team-managed project (parent epics, its own board's sprints)" for p in team]

    # ------------------------------------------------------------------------------------------------ reconvert
    def reconvert(self, raw: Iterable[RawPayload], *, progress: Progress) -> SyncResult:
        """Rebuild the canonical frames from stored payloads, without the network. Issues absent from the last
        committed run's id list (deleted since) are left out; the watermark is carried over unchanged."""
        t0 = time.perf_counter()
        issues: dict[str, str] = {}
        payloads: dict[str, object] = {}
        state = None
        for r in raw:
            if r.source != SOURCE:
                continue
            if r.kind == "issue":
                issues[r.key] = r.payload
            elif r.kind == "state":
                state = r.payload
            else:
                payloads[r.kind] = json.loads(r.payload)
        mark = Watermark.loads(state)
        if mark is not None:
            issues = {i: p for i, p in issues.items() if i in mark.issues}
        progress("jira: convert", 0, len(issues), "from stored payloads")
        converted = convert((json.loads(p) for p in issues.values()), self._reference_of(payloads))
        batch = Batch(SOURCE, converted.frames, full=True, refreshed={f"jira:{k}" for k in converted.issue_ids.values()})
        progress("jira: convert", len(issues), len(issues), f"{len(issues)} issues")
        return SyncResult(batch, [], converted.quarantined, state, self._stats(converted, 0, t0))


def project_style(project: dict) -> str:
    """`team-managed` (Cloud's `style: next-gen`, or `simplified: true`) or `company-managed` (Data Center has
    no style: every project is company-managed)."""
    team = project.get("style") == "next-gen" or project.get("simplified") is True
    return "team-managed" if team else "company-managed"


def _last_update(converted: Converted) -> datetime | None:
    """The latest `updated` among converted issues (the watermark when the server gives no time of its own)."""
    updated = converted.frames["issues"]["updated_at"].dropna()
    return updated.max().to_pydatetime() if len(updated) else None


def _truncated(raw: dict) -> bool:
    changelog = raw.get("changelog")
    if not isinstance(changelog, dict):
        return True  # asked for and not given: read it from the changelog endpoint
    histories = changelog.get("histories") or []
    total = changelog.get("total")
    return isinstance(total, int) and total > len(histories)


def connector_for(ws: Workspace, *, timeout: float | None = None, max_retries: int | None = None,
                  sleep: Callable[[float], None] | None = None, page_size: int | None = None,
                  key_page_size: int | None = None, max_wait: float | None = None) -> JiraConnector:
    """The connector of a workspace (`pilotage.application.sync` calls it with the workspace only); keyword options override
    the workspace's timeout and retries, and let tests inject `sleep` so Retry-After waits cost nothing."""
    cfg = ws.jira
    if cfg is None:
        raise ValueError("the workspace has no [jira] section")
    options = SiteOptions(timeout=cfg.timeout_seconds, max_retries=cfg.max_retries)
    overrides = {"timeout": timeout, "max_retries": max_retries, "sleep": sleep, "page_size": page_size,
                 "key_page_size": key_page_size, "max_wait": max_wait}
    return JiraConnector(ws, replace(options, **{k: v for k, v in overrides.items() if v is not None}))
