"""A local Jira emulator for the connector tests: Data Center ("server") or Cloud ("cloud") REST shapes over HTTP.

A standard-library `ThreadingHTTPServer` on 127.0.0.1 (free port) in a daemon thread, driven by the real `jira`
client. Tests describe issues as plain dicts; the emulator renders them as Jira documents them:

    /rest/api/2/serverInfo, /myself, /field, /status, /project/KEY/versions,
    /rest/api/2/search (server: startAt paging, `total`), /rest/api/2/search/jql (cloud: `nextPageToken`),
    /rest/api/2/issue/ID-OR-KEY/changelog (paged `values`, oldest first),
    /rest/agile/1.0/board?projectKeyOrId=KEY, /rest/agile/1.0/board/ID/sprint (paged with `isLast`),
    /rest/api/2/project/KEY (`style`: `next-gen` for team-managed projects, `classic` otherwise).

Team-managed projects (`team_managed` set): their boards are of type `simple` (`add_board(…, board_type="simple",
sprints=False)` answers the sprint listing with Jira's 400 "The board does not support sprints"), they have no
Epic Link (the `parent` field only), their sub-task type is `Subtask`. Custom date fields (`add_date_field`, e.g.
Jira Plans' "Target end") take a spec key and a history key of the same name: `"target_end": "2026-03-31"`,
`{"at": …, "target_end": ["2026-03-31", "2026-04-15"]}`.

Issue spec (every key but `key` and `created` optional):

    {"key": "PAY-1", "type": "Story", "summary": "…", "created": "2024-01-02T10:00:00.000+0200",
     "status": "Done",                  # current status; default: the last status change's target, else "To Do"
     "points": 3, "due": "2024-03-01", "sprints": [37], "fix_versions": ["1.0"], "labels": ["x"],
     "parent": "PAY-100",               # the `parent` field (sub-task parent, or epic in the new hierarchy)
     "epic_link": "PAY-100",            # the company-managed "Epic Link" custom field
     "history": [                       # one changelog entry per element, oldest first
        {"at": "2024-01-03T09:00:00.000+0200", "status": ["To Do", "In Progress"]},
        {"at": "…", "sprint": [[], [37]], "points": [None, 3], "due": [None, "2024-03-01"],
         "fix_version": [None, "1.0"], "epic_link": [None, "PAY-100"], "parent": [None, "PAY-100"]},
        {"at": "…", "items": [{"field": "status", …}]},   # raw changelog items, for bad-payload tests
     ],
     "fields": {"duedate": "not a date"},   # raw overrides merged into the rendered fields
     "updated": "…", "resolution": "Done", "resolved": "…"}

Current values not given are taken from the last change of the field in `history`. Every request is recorded
(`requests`: method, path, query, issues returned); `faults` inject errors at chosen request numbers or paths.
"""

from __future__ import annotations

import base64
import json
import random
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

DEFAULT_STATUSES = (
    ("1", "To Do", "new"),
    ("3", "In Progress", "indeterminate"),
    ("10001", "In Review", "indeterminate"),
    ("10002", "Done", "done"),
    ("10003", "Won't Do", "done"),
)
CATEGORY_NAMES = {"new": (2, "To Do"), "indeterminate": (4, "In Progress"), "done": (3, "Done")}
ISSUE_TYPES = {"Story": ("10001", False), "Task": ("10002", False), "Bug": ("10004", False),
               "Epic": ("10000", False), "Incident": ("10005", False), "Sub-task": ("10003", True),
               "Subtask": ("10013", True)}
# custom field ids as each deployment usually has them
CUSTOM_FIELDS = {
    "server": {"points": ("customfield_10002", "Story Points"), "sprint": ("customfield_10005", "Sprint"),
               "epic_link": ("customfield_10008", "Epic Link")},
    "cloud": {"points": ("customfield_10016", "Story point estimate"), "sprint": ("customfield_10020", "Sprint"),
              "epic_link": ("customfield_10014", "Epic Link")},
}
SCHEMAS = {
    "points": {"type": "number", "custom": "com.atlassian.jira.plugin.system.customfieldtypes:float"},
    "sprint": {"type": "array", "items": "json", "custom": "com.pyxis.greenhopper.jira:gh-sprint"},
    "epic_link": {"type": "any", "custom": "com.pyxis.greenhopper.jira:gh-epic-link"},
}
KEY_FIELDS = {"key", "id", "issuekey"}  # the client translates "key" into "issuekey" (its clause name)
SYSTEM_FIELDS = ("summary", "status", "issuetype", "project", "created", "updated", "resolutiondate", "resolution",
                 "labels", "duedate", "fixVersions", "parent")


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    number: int
    issues: int = 0  # issues in the answer (search endpoints)

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return ",".join(values) if values else None


@dataclass
class Fault:
    """Answer `times` requests with `kind` instead of the normal answer.

    kind: "429" / "500" / "502" / "503" / "401" / "403" (that status; 429/503 carry `retry_after` if set),
    "drop" (close the connection without answering), "slow" (answer normally after `delay` seconds).
    Matches from request number `at` (1-based), or the first requests whose path contains `path` (after `skip`).
    """

    kind: str
    at: int | None = None
    path: str | None = None
    skip: int = 0
    times: int = 1
    retry_after: int | None = None
    delay: float = 0.0
    seen: int = 0
    fired: int = 0

    def matches(self, req: Request) -> bool:
        if self.fired >= self.times:
            return False
        if self.at is not None:
            hit = self.at <= req.number
        else:
            hit = self.path is not None and self.path in req.path
            if hit:
                self.seen += 1
                hit = self.seen > self.skip
        if hit:
            self.fired += 1
        return hit


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def jira_time(dt: datetime, offset: str = "+0000") -> str:
    """`2024-01-02T10:00:00.000+0200`, Jira's timestamp format, at the given UTC offset."""
    sign = 1 if offset[0] == "+" else -1
    tz_delta = timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])) * sign
    local = dt.astimezone(UTC) + tz_delta
    return local.strftime("%Y-%m-%dT%H:%M:%S.") + f"{local.microsecond // 1000:03d}" + offset


class JiraEmulator:
    """In-memory Jira site. Use as a context manager, or `start()` / `stop()`; `url` is the base URL."""

    def __init__(
        self,
        mode: str = "server",
        *,
        token: str = "pat-secret",
        email: str = "cto@example.com",
        user_tz: str = "UTC",
        server_offset: str = "+0000",
        now: str = "2024-06-03T12:00:00.000+0000",
        page_cap: int | None = None,
        key_page_cap: int = 1000,
        changelog_page_cap: int = 100,
        sprint_page_cap: int = 50,
        embedded_changelog: int | None = None,
        public_server_info: bool = False,
    ) -> None:
        assert mode in ("server", "cloud")
        self.mode = mode
        self.token = token
        self.email = email
        self.user_tz = user_tz
        self.server_offset = server_offset
        self.now = parse_time(now)
        self.page_cap = page_cap if page_cap is not None else (1000 if mode == "server" else 100)
        self.key_page_cap = key_page_cap
        self.changelog_page_cap = changelog_page_cap
        self.sprint_page_cap = sprint_page_cap
        self.embedded_changelog = embedded_changelog
        self.public_server_info = public_server_info  # many sites answer /serverInfo without credentials
        self.statuses: list[tuple[str, str, str]] = list(DEFAULT_STATUSES)
        self.issues: dict[str, dict] = {}  # id → spec
        self.boards: dict[int, dict] = {}
        self.sprints: dict[int, dict] = {}
        self.versions: dict[str, list[dict]] = {}
        self.team_managed: set[str] = set()
        self.date_fields: dict[str, tuple[str, str]] = {}  # spec / history key → (field id, name)
        self.requests: list[Request] = []
        self.faults: list[Fault] = []
        self.fields = self._field_list()
        self._next_id = 10000
        self._next_history = 1
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    # ------------------------------------------------------------------------------------------------ lifecycle
    @property
    def url(self) -> str:
        assert self._server is not None, "start the emulator first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> JiraEmulator:
        emulator = self

        class Handler(_Handler):
            pass

        Handler.emulator = emulator
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> JiraEmulator:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------------------------------------------ data
    def add_status(self, name: str, category: str, status_id: str | None = None) -> None:
        self.statuses.append((status_id or str(20000 + len(self.statuses)), name, category))

    def add_board(self, board_id: int, project: str, name: str | None = None, board_type: str = "scrum",
                  sprints: bool = True) -> None:
        self.boards[board_id] = {"id": board_id, "name": name or f"{project} board", "type": board_type,
                                 "project": project, "sprints": sprints}

    def add_date_field(self, key: str, field_id: str, name: str) -> None:
        """A custom date field (type `date`), read from `spec[key]` and changed by `history[…][key]`."""
        self.date_fields[key] = (field_id, name)
        num = int(field_id.split("_")[1])
        self.fields.append({"id": field_id, "key": field_id, "name": name, "custom": True,
                            "clauseNames": [f"cf[{num}]", name],
                            "schema": {"type": "date", "custom": "com.atlassian.jpo:jpo-custom-field-baseline-end",
                                       "customId": num}})

    def add_sprint(self, sprint_id: int, board_id: int, name: str, state: str, start: str | None = None,
                   end: str | None = None, complete: str | None = None, goal: str = "") -> None:
        self.sprints[sprint_id] = {"id": sprint_id, "board": board_id, "name": name, "state": state,
                                   "start": start, "end": end, "complete": complete, "goal": goal}

    def add_version(self, project: str, version_id: str, name: str, release_date: str | None = None,
                    released: bool = False) -> None:
        self.versions.setdefault(project, []).append(
            {"id": version_id, "name": name, "releaseDate": release_date, "released": released})

    def add_issue(self, spec: dict) -> dict:
        """Add an issue described as in the module docstring; returns the stored spec (with its `id`)."""
        with self._lock:
            spec = {**spec, "history": [dict(h) for h in spec.get("history", [])]}
            if "id" not in spec:
                self._next_id += 1
                spec["id"] = self._next_id
            for h in spec["history"]:
                h.setdefault("id", self._new_history_id())
            self.issues[str(spec["id"])] = spec
            return spec

    def add_issues(self, specs: list[dict]) -> None:
        for s in specs:
            self.add_issue(s)

    def issue(self, key: str) -> dict:
        for spec in self.issues.values():
            if spec["key"] == key:
                return spec
        raise KeyError(key)

    def change(self, key: str, at: str, **changes: Any) -> None:
        """Append one changelog entry (`status=("To Do", "Done")`, `points=(3, 5)`…) and bump `updated`."""
        with self._lock:
            spec = self.issue(key)
            entry = {"at": at, "id": self._new_history_id(), **changes}
            spec["history"].append(entry)
            current = {"status": "status", "points": "points", "due": "due", "sprint": "sprints",
                       "epic_link": "epic_link", "parent": "parent"}
            for name, value in changes.items():
                if name in current and current[name] in spec:
                    spec[current[name]] = value[1]
                if name == "fix_version" and "fix_versions" in spec:
                    spec["fix_versions"] = _apply_version(spec["fix_versions"], value)
            spec["updated"] = at

    def move(self, key: str, new_key: str, at: str) -> None:
        """Move an issue to another project: same id, new key, a `Key` change in its changelog."""
        with self._lock:
            spec = self.issue(key)
            spec["history"].append({"at": at, "id": self._new_history_id(), "items": [
                {"field": "Key", "fieldtype": "jira", "from": None, "fromString": key, "to": None,
                 "toString": new_key},
                {"field": "project", "fieldtype": "jira", "from": None, "fromString": key.split("-")[0],
                 "to": None, "toString": new_key.split("-")[0]},
            ]})
            spec.setdefault("old_keys", []).append(key)
            spec["key"] = new_key
            spec["updated"] = at

    def delete(self, key: str) -> None:
        with self._lock:
            del self.issues[str(self.issue(key)["id"])]

    def add_synthetic(self, n: int, *, project: str = "SYN", board_id: int = 1, seed: int = 7,
                      start: str = "2024-01-01T08:00:00.000+0000") -> None:
        """n reproducible issues with realistic histories: one epic per 50 issues, sprints of two weeks on
        `board_id`, status walks, estimates, due dates, some sprint carry-overs and re-estimates."""
        rng = random.Random(seed)
        t0 = parse_time(start)
        if board_id not in self.boards:
            self.add_board(board_id, project)
        sprint_ids = []
        for i in range(12):
            sid = board_id * 1000 + i + 1
            s, e = t0 + timedelta(days=14 * i), t0 + timedelta(days=14 * (i + 1))
            state = "closed" if e < self.now else ("active" if s < self.now else "future")
            self.add_sprint(sid, board_id, f"{project} Sprint {i + 1}", state, jira_time(s), jira_time(e),
                            jira_time(e) if state == "closed" else None)
            sprint_ids.append(sid)
        epic = None
        for i in range(n):
            created = t0 + timedelta(minutes=17 * i % (60 * 24 * 140))
            key = f"{project}-{i + 1}"
            if i % 50 == 0:
                epic = key
                self.add_issue({"key": key, "type": "Epic", "summary": f"Epic {i // 50}", "created": jira_time(created),
                                "due": (created + timedelta(days=60)).date().isoformat(),
                                "history": [{"at": jira_time(created + timedelta(days=20)),
                                             "due": [(created + timedelta(days=60)).date().isoformat(),
                                                     (created + timedelta(days=75)).date().isoformat()]}],
                                "status": "In Progress"})
                continue
            history, t = [], created
            sprint_no = min(int((created - t0).days // 14), 11)
            sprints: list[int] = []
            if rng.random() < 0.8:
                t += timedelta(hours=rng.randint(1, 48))
                sprints = [sprint_ids[sprint_no]]
                history.append({"at": jira_time(t), "sprint": [[], sprints], "points": [None, rng.choice([1, 2, 3, 5, 8])]})
            status = "To Do"
            for nxt in ("In Progress", "In Review", "Done"):
                if rng.random() < 0.75:
                    t += timedelta(hours=rng.randint(2, 96))
                    if t >= self.now - timedelta(days=1):
                        break
                    history.append({"at": jira_time(t), "status": [status, nxt]})
                    status = nxt
                else:
                    break
            if sprints and status != "Done" and sprint_no < 11 and rng.random() < 0.5:
                t += timedelta(hours=1)
                if t < self.now - timedelta(days=1):
                    history.append({"at": jira_time(t), "sprint": [sprints, sprints + [sprint_ids[sprint_no + 1]]]})
            self.add_issue({"key": key, "type": rng.choice(["Story", "Story", "Task", "Bug"]),
                            "summary": f"Synthetic item {i + 1}", "created": jira_time(created),
                            "epic_link": epic, "labels": ["incident"] if rng.random() < 0.01 else [],
                            "history": history})

    def fail(self, kind: str, **where: Any) -> Fault:
        """Inject a fault (see `Fault`); returns it so tests can check it fired."""
        fault = Fault(kind, **where)
        with self._lock:
            self.faults.append(fault)
        return fault

    # ------------------------------------------------------------------------------------------------ queries
    def count(self, path_part: str) -> int:
        return sum(1 for r in self.requests if path_part in r.path)

    def issues_served(self, *, with_changelog: bool = True) -> int:
        """Issues returned by the search endpoints (with the changelog expanded, or key-only listings)."""
        return sum(r.issues for r in self.requests if "/search" in r.path
                   and ("changelog" in (r.param("expand") or "")) == with_changelog)

    def reset_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    # ------------------------------------------------------------------------------------------------ internals
    def _new_history_id(self) -> int:
        self._next_history += 1
        return self._next_history

    def _field_list(self) -> list[dict]:
        out = [{"id": f, "key": f, "name": f.capitalize(), "custom": False, "clauseNames": [f.lower()],
                "schema": {"type": "any", "system": f}} for f in SYSTEM_FIELDS]
        out.append({"id": "issuekey", "key": "issuekey", "name": "Key", "custom": False,
                    "clauseNames": ["id", "issue", "issuekey", "key"]})
        for kind, (fid, name) in CUSTOM_FIELDS[self.mode].items():
            num = int(fid.split("_")[1])
            out.append({"id": fid, "key": fid, "name": name, "custom": True,
                        "clauseNames": [f"cf[{num}]", name], "schema": {**SCHEMAS[kind], "customId": num}})
        if self.mode == "cloud":  # Cloud sites usually carry the legacy field too, often empty
            out.append({"id": "customfield_10026", "key": "customfield_10026", "name": "Story Points",
                        "custom": True, "clauseNames": ["cf[10026]", "Story Points"],
                        "schema": {**SCHEMAS["points"], "customId": 10026}})
        return out

    def _status(self, name: str) -> tuple[str, str]:
        for sid, n, cat in self.statuses:
            if n == name:
                return sid, cat
        return "99999", "indeterminate"

    def _status_json(self, name: str) -> dict:
        sid, cat = self._status(name)
        cid, cname = CATEGORY_NAMES.get(cat, (1, "No Category"))
        return {"self": f"{self.url}/rest/api/2/status/{sid}", "id": sid, "name": name, "description": "",
                "statusCategory": {"self": f"{self.url}/rest/api/2/statuscategory/{cid}", "id": cid, "key": cat,
                                   "colorName": "blue-gray", "name": cname}}

    def _issue_id(self, key: str | None) -> str | None:
        if key is None:
            return None
        for spec in self.issues.values():
            if spec["key"] == key:
                return str(spec["id"])
        return "0"

    def _version(self, project: str, name: str) -> dict:
        for v in self.versions.get(project, []):
            if v["name"] == name:
                return v
        return {"id": "0", "name": name, "released": False}

    def _sprint_text(self, sid: int) -> str:
        s = self.sprints.get(sid, {"name": f"Sprint {sid}"})
        return s["name"]

    def _current(self, spec: dict, name: str, history_name: str, default: Any = None) -> Any:
        if name in spec:
            return spec[name]
        value = default
        for h in spec["history"]:
            if history_name in h:
                value = h[history_name][1]
        return value

    def _fix_versions(self, spec: dict) -> list[str]:
        if "fix_versions" in spec:
            return list(spec["fix_versions"])
        current: list[str] = []
        for h in spec["history"]:
            if "fix_version" in h:
                current = _apply_version(current, h["fix_version"])
        return current

    def _sprint_value(self, sid: int) -> Any:
        s = self.sprints.get(sid, {"name": f"Sprint {sid}", "state": "future", "board": 0})
        if self.mode == "cloud":
            out = {"id": sid, "name": s["name"], "state": s.get("state", "future"), "boardId": s.get("board", 0),
                   "goal": s.get("goal", "")}
            for k, v in (("startDate", s.get("start")), ("endDate", s.get("end")), ("completeDate", s.get("complete"))):
                if v:
                    out[k] = v
            return out
        fields = [f"id={sid}", f"rapidViewId={s.get('board', 0)}", f"state={s.get('state', 'future').upper()}",
                  f"name={s['name']}", f"startDate={s.get('start') or '<null>'}", f"endDate={s.get('end') or '<null>'}",
                  f"completeDate={s.get('complete') or '<null>'}", f"sequence={sid}", "goal="]
        return f"com.atlassian.greenhopper.service.sprint.Sprint@{sid:x}[{','.join(fields)}]"

    def _items(self, spec: dict, h: dict) -> list[dict]:
        cf = CUSTOM_FIELDS[self.mode]
        project = spec["key"].split("-")[0]
        items = []
        for name, value in h.items():
            if name in ("at", "id", "items"):
                continue
            old, new = value
            if name == "status":
                items.append({"field": "status", "fieldtype": "jira", "fieldId": "status",
                              "from": self._status(old)[0] if old else None, "fromString": old,
                              "to": self._status(new)[0], "toString": new})
            elif name == "sprint":
                empty = "" if self.mode == "server" else None
                items.append({"field": "Sprint", "fieldtype": "custom", "fieldId": cf["sprint"][0],
                              "from": ", ".join(map(str, old)) or empty,
                              "fromString": ", ".join(self._sprint_text(s) for s in old) or empty,
                              "to": ", ".join(map(str, new)) or empty,
                              "toString": ", ".join(self._sprint_text(s) for s in new) or empty})
            elif name == "points":
                items.append({"field": cf["points"][1], "fieldtype": "custom", "fieldId": cf["points"][0],
                              "from": None, "fromString": None if old is None else str(old),
                              "to": None, "toString": None if new is None else str(new)})
            elif name == "due":
                items.append({"field": "duedate", "fieldtype": "jira", "fieldId": "duedate",
                              "from": old, "fromString": f"{old} 00:00:00.0" if old else None,
                              "to": new, "toString": f"{new} 00:00:00.0" if new else None})
            elif name in self.date_fields:
                fid, label = self.date_fields[name]
                items.append({"field": label, "fieldtype": "custom", "fieldId": fid, "from": old,
                              "fromString": _dmy(old), "to": new, "toString": _dmy(new)})
            elif name == "fix_version":
                items.append({"field": "Fix Version", "fieldtype": "jira", "fieldId": "fixVersions",
                              "from": self._version(project, old)["id"] if old else None, "fromString": old,
                              "to": self._version(project, new)["id"] if new else None, "toString": new})
            elif name == "epic_link":
                items.append({"field": "Epic Link", "fieldtype": "custom", "fieldId": cf["epic_link"][0],
                              "from": self._issue_id(old), "fromString": old,
                              "to": self._issue_id(new), "toString": new})
            elif name == "parent":
                field_name = "IssueParentAssociation" if self.mode == "cloud" else "Parent"
                items.append({"field": field_name, "fieldtype": "jira", "fieldId": "parent" if self.mode == "server"
                              else None, "from": self._issue_id(old), "fromString": old,
                              "to": self._issue_id(new), "toString": new})
                if items[-1]["fieldId"] is None:
                    del items[-1]["fieldId"]
            else:
                raise ValueError(f"unknown history field {name!r}")
        return items + list(h.get("items", []))

    def _histories(self, spec: dict) -> list[dict]:
        return [{"id": str(h["id"]), "author": {"displayName": "Someone", "active": True},
                 "created": h["at"], "items": self._items(spec, h)} for h in spec["history"]]

    def render(self, spec: dict, fields: set[str] | None, *, changelog: bool) -> dict:
        """One issue as the search endpoints return it (`fields` None = all)."""
        cf = CUSTOM_FIELDS[self.mode]
        key, project = spec["key"], spec["key"].split("-")[0]
        type_name = spec.get("type", "Story")
        type_id, subtask = ISSUE_TYPES.get(type_name, ("19999", False))
        status = self._current(spec, "status", "status", "To Do")
        status_cat = self._status(status)[1]
        done_at = None
        for h in spec["history"]:
            if "status" in h and self._status(h["status"][1])[1] == "done":
                done_at = h["at"]
        updated = spec.get("updated") or (spec["history"][-1]["at"] if spec["history"] else spec["created"])
        points = self._current(spec, "points", "points")
        parent = self._current(spec, "parent", "parent")
        epic = self._current(spec, "epic_link", "epic_link")
        sprints = self._current(spec, "sprints", "sprint", [])
        resolution = spec.get("resolution", "Done" if status_cat == "done" else None)
        all_fields = {
            "summary": spec.get("summary", f"Issue {key}"),
            "issuetype": {"id": type_id, "name": type_name, "subtask": subtask},
            "project": {"id": str(10000 + sum(map(ord, project))), "key": project, "name": project},
            "status": self._status_json(status),
            "created": spec["created"],
            "updated": updated,
            "resolutiondate": spec.get("resolved", (done_at or spec["created"]) if status_cat == "done" else None),
            "resolution": {"id": "1", "name": resolution} if resolution else None,
            "labels": list(spec.get("labels", [])),
            "duedate": self._current(spec, "due", "due"),
            "fixVersions": [{"self": "", **self._version(project, n)} for n in self._fix_versions(spec)],
            "parent": ({"id": self._issue_id(parent), "key": parent, "fields": {"summary": parent}}
                       if parent else None),
            cf["points"][0]: None if points is None else float(points),
            cf["sprint"][0]: [self._sprint_value(s) for s in sprints] or None,
            cf["epic_link"][0]: epic,
        }
        for name, (fid, _label) in self.date_fields.items():
            all_fields[fid] = self._current(spec, name, name)
        if project in self.team_managed:
            del all_fields[cf["epic_link"][0]]  # team-managed projects have the parent field only
        if self.mode == "cloud":
            all_fields["customfield_10026"] = None
        if parent is None:
            del all_fields["parent"]  # Jira omits `parent` on issues without one
        all_fields.update(spec.get("fields", {}))
        wanted = set(all_fields) if fields is None or "*all" in fields else fields
        out = {"expand": "operations,changelog", "id": str(spec["id"]),
               "self": f"{self.url}/rest/api/2/issue/{spec['id']}", "key": key,
               "fields": {k: v for k, v in all_fields.items() if k in wanted}}
        if changelog:
            histories = self._histories(spec)
            total, cap = len(histories), self.embedded_changelog
            shown = histories if cap is None or total <= cap else histories[total - cap:]
            if self.mode == "cloud" and cap is not None and total > cap:
                shown = list(reversed(shown))  # Cloud: the most recent entries, newest first
            out["changelog"] = {"startAt": 0, "maxResults": len(shown) if cap is None else cap, "total": total,
                                "histories": shown}
        return out

    def _match(self, jql: str) -> list[dict]:
        projects = _jql_list(jql, "project")
        ids = _jql_list(jql, "id")
        since = None
        m = re.search(r'updated\s*>=\s*"(\d{4}/\d{2}/\d{2} \d{2}:\d{2})"', jql)
        if m:  # JQL dates are in the searching user's time zone
            since = datetime.strptime(m.group(1), "%Y/%m/%d %H:%M").replace(tzinfo=ZoneInfo(self.user_tz))
        out = []
        for spec in sorted(self.issues.values(), key=lambda s: (s["key"].split("-")[0], int(s["key"].split("-")[1]))):
            if projects is not None and spec["key"].split("-")[0] not in projects:
                continue
            if ids is not None and str(spec["id"]) not in ids:
                continue
            updated = spec.get("updated") or (spec["history"][-1]["at"] if spec["history"] else spec["created"])
            if since is not None and parse_time(updated) < since:
                continue
            out.append(spec)
        return out

    # ------------------------------------------------------------------------------------------------ routes
    def handle(self, req: Request, headers) -> tuple[int, Any, dict]:
        public = self.public_server_info and req.path == "/rest/api/2/serverInfo"
        if not public and not self._authorised(headers):
            extra = {"WWW-Authenticate": 'Basic realm="protected-area"'}
            if self.mode == "server":
                extra["X-Seraph-LoginReason"] = "AUTHENTICATED_FAILED"
            return 401, {"errorMessages": ["You are not authenticated. Authentication required to perform this "
                                           "operation."], "errors": {}}, extra
        p, q = req.path, req.query
        api, agile = "/rest/api/2/", "/rest/agile/1.0/"
        if p == api + "serverInfo":
            return 200, {"baseUrl": self.url, "version": "9.12.2" if self.mode == "server" else "1001.0.0-SNAPSHOT",
                         "versionNumbers": [9, 12, 2] if self.mode == "server" else [1001, 0, 0],
                         "deploymentType": "Server" if self.mode == "server" else "Cloud", "buildNumber": 9120002,
                         "serverTime": jira_time(self.now, self.server_offset), "serverTitle": "Jira"}, {}
        if p == api + "myself":
            return 200, {"self": f"{self.url}/rest/api/2/user", "name": "cto", "emailAddress": self.email,
                         "displayName": "CTO", "active": True, "timeZone": self.user_tz}, {}
        if p == api + "field":
            return 200, self.fields, {}
        if p == api + "status":
            return 200, [self._status_json(n) for _, n, _ in self.statuses], {}
        m = re.fullmatch(api + r"project/([^/]+)/versions", p)
        if m:
            return 200, [{"self": f"{self.url}/rest/api/2/version/{v['id']}", "archived": False,
                          "projectId": 10000, **{k: x for k, x in v.items() if x is not None}}
                         for v in self.versions.get(m.group(1), [])], {}
        if p == api + "search" and self.mode == "server":
            return self._search_server(req)
        if p == api + "search/jql" and self.mode == "cloud":
            return self._search_cloud(req)
        if p == api + "search" and self.mode == "cloud":
            return 410, {"errorMessages": ["The requested API has been removed. Please migrate to the "
                                           "/rest/api/2/search/jql API."]}, {}
        m = re.fullmatch(api + r"issue/([^/]+)/changelog", p)
        if m:
            return self._changelog(m.group(1), q)
        if p == agile + "board":
            project = (q.get("projectKeyOrId") or [None])[0]
            boards = [b for b in self.boards.values() if project is None or b["project"] == project]
            values = [{"id": b["id"], "self": f"{self.url}/rest/agile/1.0/board/{b['id']}", "name": b["name"],
                       "type": b["type"], "location": {"projectKey": b["project"]}} for b in boards]
            return 200, {"maxResults": 50, "startAt": 0, "total": len(values), "isLast": True, "values": values}, {}
        m = re.fullmatch(api + r"project/([^/]+)", p)
        if m:
            key = m.group(1)
            if not any(sp["key"].split("-")[0] == key for sp in self.issues.values()) and key not in self.versions \
                    and key not in self.team_managed:
                return 404, {"errorMessages": [f"No project could be found with key '{key}'."]}, {}
            tm = key in self.team_managed
            return 200, {"self": f"{self.url}/rest/api/2/project/{key}", "id": str(10000 + sum(map(ord, key))),
                         "key": key, "name": key, "projectTypeKey": "software", "simplified": tm,
                         "style": "next-gen" if tm else "classic", "isPrivate": False,
                         "lead": {"displayName": "A Person"}}, {}
        m = re.fullmatch(agile + r"board/(\d+)/sprint", p)
        if m:
            return self._board_sprints(int(m.group(1)), q)
        return 404, {"errorMessages": [f"no route {p}"]}, {}

    def _authorised(self, headers) -> bool:
        auth = headers.get("Authorization", "")
        if self.mode == "server":
            return auth == f"Bearer {self.token}"
        expected = base64.b64encode(f"{self.email}:{self.token}".encode()).decode()
        return auth == f"Basic {expected}"

    def _fields_param(self, req: Request) -> set[str] | None:
        raw = req.param("fields")
        return None if raw is None else {f.strip() for f in raw.split(",") if f.strip()}

    def _search_server(self, req: Request) -> tuple[int, Any, dict]:
        q = req.query
        matched = self._match(q.get("jql", [""])[0])
        start = int(q.get("startAt", ["0"])[0])
        fields = self._fields_param(req)
        changelog = "changelog" in (req.param("expand") or "")
        cap = self.key_page_cap if fields is not None and fields <= KEY_FIELDS else self.page_cap
        size = min(int(q.get("maxResults", ["50"])[0]), cap)
        page = matched[start:start + size]
        req.issues = len(page)
        return 200, {"expand": "names,schema", "startAt": start, "maxResults": size, "total": len(matched),
                     "issues": [self.render(s, fields, changelog=changelog) for s in page]}, {}

    def _search_cloud(self, req: Request) -> tuple[int, Any, dict]:
        q = req.query
        matched = self._match(q.get("jql", [""])[0])
        token = (q.get("nextPageToken") or [None])[0]
        start = int(base64.urlsafe_b64decode(token.encode()).decode()) if token else 0
        fields = self._fields_param(req)
        changelog = "changelog" in (req.param("expand") or "")
        cap = self.key_page_cap if fields is not None and fields <= KEY_FIELDS else self.page_cap
        size = min(int(q.get("maxResults", ["50"])[0]), cap)
        page = matched[start:start + size]
        req.issues = len(page)
        body: dict[str, Any] = {"issues": [self.render(s, fields, changelog=changelog) for s in page]}
        if start + size < len(matched):
            body["nextPageToken"] = base64.urlsafe_b64encode(str(start + size).encode()).decode()
            body["isLast"] = False
        else:
            body["isLast"] = True
        return 200, body, {}

    def _changelog(self, id_or_key: str, q: dict) -> tuple[int, Any, dict]:
        spec = self.issues.get(id_or_key)
        if spec is None:
            spec = next((s for s in self.issues.values() if id_or_key == s["key"]
                         or id_or_key in s.get("old_keys", [])), None)
        if spec is None:
            return 404, {"errorMessages": ["Issue does not exist or you do not have permission to see it."]}, {}
        histories = self._histories(spec)
        start = int(q.get("startAt", ["0"])[0])
        size = min(int(q.get("maxResults", ["100"])[0]), self.changelog_page_cap)
        page = histories[start:start + size]
        return 200, {"self": f"{self.url}/rest/api/2/issue/{spec['id']}/changelog", "maxResults": size,
                     "startAt": start, "total": len(histories), "isLast": start + size >= len(histories),
                     "values": page}, {}

    def _board_sprints(self, board_id: int, q: dict) -> tuple[int, Any, dict]:
        if board_id not in self.boards:
            return 404, {"errorMessages": [f"The board {board_id} does not exist or you do not have permission "
                                           "to view it."]}, {}
        if not self.boards[board_id].get("sprints", True):
            return 400, {"errorMessages": ["The board does not support sprints"], "errors": {}}, {}
        sprints = sorted((s for s in self.sprints.values() if s["board"] == board_id), key=lambda s: s["id"])
        start = int(q.get("startAt", ["0"])[0])
        size = min(int(q.get("maxResults", ["50"])[0]), self.sprint_page_cap)
        page = sprints[start:start + size]
        values = []
        for s in page:
            v = {"id": s["id"], "self": f"{self.url}/rest/agile/1.0/sprint/{s['id']}", "state": s["state"],
                 "name": s["name"], "originBoardId": s["board"], "goal": s["goal"]}
            for k, x in (("startDate", s["start"]), ("endDate", s["end"]), ("completeDate", s["complete"])):
                if x:
                    v[k] = x
            values.append(v)
        return 200, {"maxResults": size, "startAt": start, "isLast": start + size >= len(sprints),
                     "values": values}, {}


def _dmy(value: str | None) -> str | None:
    """A date as Jira writes it in a changelog's display strings (`31/Mar/26`)."""
    return datetime.strptime(value, "%Y-%m-%d").strftime("%d/%b/%y") if value else None


def _apply_version(current: list[str], change: tuple | list) -> list[str]:
    old, new = change
    out = [v for v in current if v != old]
    if new and new not in out:
        out.append(new)
    return out


def _jql_list(jql: str, name: str) -> set[str] | None:
    m = re.search(rf"\b{name}\s+in\s+\(([^)]*)\)", jql, re.I) or re.search(rf'\b{name}\s*=\s*"?([\w-]+)"?', jql, re.I)
    if not m:
        return None
    return {v.strip().strip('"') for v in m.group(1).split(",") if v.strip()}


class _Handler(BaseHTTPRequestHandler):
    emulator: JiraEmulator
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body leave at once: no 40 ms delayed-ACK stall per request

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        return None

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self._serve("POST")

    def _serve(self, method: str) -> None:
        emu = self.emulator
        parts = urlsplit(self.path)
        with emu._lock:
            req = Request(method, parts.path, parse_qs(parts.query, keep_blank_values=True), len(emu.requests) + 1)
            emu.requests.append(req)
            fault = next((f for f in emu.faults if f.matches(req)), None)
        if fault is not None:
            if fault.kind == "drop":
                self.close_connection = True
                return
            if fault.kind == "slow":
                emu._stopping.wait(fault.delay)
            else:
                status = int(fault.kind)
                headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
                self._send(status, {"errorMessages": [f"injected {status}"]}, headers)
                return
        with emu._lock:
            status, body, headers = emu.handle(req, self.headers)
        self._send(status, body, headers)

    def _send(self, status: int, body: Any, headers: dict) -> None:
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            self.close_connection = True


def workspace_for(emulator: JiraEmulator, setenv: Callable[[str, str], Any], *, projects: tuple[str, ...] = ("PAY",),
                  teams: list[dict] | None = None, **jira: Any) -> dict:
    """A workspace document (for `parse_workspace`) pointing at the emulator, its credentials put in the
    environment through `setenv` (pytest's `monkeypatch.setenv`): JIRA_TOKEN, plus JIRA_USER in Cloud mode."""
    setenv("JIRA_TOKEN", emulator.token)
    section = {"url": emulator.url, "projects": list(projects), **jira}
    if emulator.mode == "cloud":
        setenv("JIRA_USER", emulator.email)
        section.setdefault("user_env", "JIRA_USER")
    if teams is None:
        teams = [{"name": "Payments", "jira_projects": list(projects), "board": 1}]
    return {"jira": section, "teams": teams}
