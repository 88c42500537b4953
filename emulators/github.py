"""A local GitHub REST v3 emulator for tests, driven by the real PyGithub client.

Standard library only: a `ThreadingHTTPServer` on 127.0.0.1 (free port) in a daemon thread, serving the REST
shapes of the endpoints Pilotage reads under a GitHub Enterprise-style base path (`/api/v3`):

    GET /repos/{o}/{r}                                  repository (default_branch, html_url…)
    GET /repos/{o}/{r}/pulls                            state, sort (created|updated), direction, paging
    GET /repos/{o}/{r}/pulls/{n}                        single PR (adds additions, deletions, commits…)
    GET /repos/{o}/{r}/pulls/{n}/commits                commits, oldest first
    GET /repos/{o}/{r}/issues                           issues AND pull requests (with `pull_request`), state,
                                                        labels, since, sort, direction, paging
    GET /repos/{o}/{r}/deployments[/{id}[/statuses]]    newest first; environment/sha/ref filters
    GET /repos/{o}/{r}/releases                         newest first
    GET /repos/{o}/{r}/commits                          the default branch's commits, newest first; sha, since
    GET /repos/{o}/{r}/actions/workflows                {total_count, workflows}
    GET /repos/{o}/{r}/actions/workflows/{id|file}/runs {total_count, workflow_runs}, newest first; created
                                                        (`>=T`, `<=T`, `A..B`), branch, status, event
    GET /repos/{o}/{r}/actions/runs[/{id}[/jobs]]       all runs / one run / {total_count, jobs}

Every answer carries `X-RateLimit-Limit/Remaining/Reset/Used/Resource` (a configurable budget that refills when
the emulator's clock passes the reset time), a `Date` from the same clock, and absolute `Link` headers built from
the request's `Host` header and the base path, as GitHub does. A wrong token gets 401 "Bad credentials"; a
repository marked `hidden` (or unknown) gets 404 "Not Found".

Data-driven: tests describe repositories as plain dicts (see `GitHubEmulator.__init__`); `synthetic_repo` builds a
large one for volume tests. Faults are injected by request number or path (`add_fault`), and every request is
recorded (`requests`) for assertions. `FakeClock` is shared with the connector so waits for a rate-limit reset
take no real time: the connector's `sleep` advances the clock the emulator refills its budget by.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

BASE_PATH = "/api/v3"
FAULT_KINDS = ("rate_limit", "secondary", "retry_after", "error", "drop", "slow")


def iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(s: str) -> datetime:
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


class FakeClock:
    """Time for tests, shared by the emulator (rate-limit resets, `Date`) and the connector (its waits):
    `sleep` advances it at once and records each wait."""

    def __init__(self, start: str = "2025-03-10T12:00:00Z") -> None:
        self.now = parse_iso(start).timestamp()
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Recorded:
    """One request as received: `path` is relative to the base path, `params` the query string."""

    number: int
    method: str
    path: str
    params: dict[str, str]
    status: int = 0  # 0 when the connection was dropped


@dataclass
class Fault:
    """A fault answered instead of the normal response.

    kind: `rate_limit` (403 primary limit; the budget drops to 0 until `seconds` from now), `secondary` (403
    secondary limit with Retry-After), `retry_after` (429 with Retry-After), `error` (status, default 500),
    `drop` (connection closed without an answer), `slow` (answers normally after `seconds`). `message` is the
    JSON message of `error` answers (e.g. 403 "Resource not accessible by personal access token").
    Matches the request number `at` (1-based) if given, else any request whose path matches `path` (a regular
    expression searched in the relative path), at most `times` times.
    """

    kind: str
    path: str | None = None
    at: int | None = None
    times: int = 1
    seconds: float = 0
    status: int = 500
    message: str = "Server Error"
    used: int = 0

    def matches(self, number: int, path: str) -> bool:
        if self.used >= self.times:
            return False
        if self.at is not None and self.at != number:
            return False
        return self.path is None or re.search(self.path, path) is not None


@dataclass
class _Budget:
    limit: int
    remaining: int
    reset_at: int


class GitHubEmulator:
    """The emulator. Use as a context manager; `url` is the API root to give PyGithub.

    `repos` maps `owner/name` to a dict with optional keys:
      default_branch (str, default "main"), hidden (bool: 404 for this token),
      pulls: [{number, title, state ("open"|"closed"), draft, base, head, created_at, updated_at, merged_at,
               closed_at, merge_commit_sha, additions, deletions, labels: [str], user, commits: [{sha,
               authored_at}], extra: {field: value merged into every JSON rendering (bad payloads)}}],
      deployments: [{id, environment, sha, ref, created_at, statuses: [{id, state, created_at}], extra}],
      releases: [{id, tag, name, draft, prerelease, created_at, published_at, extra}],
      issues: [{number, title, state, labels: [str], created_at, updated_at, closed_at, extra}],
      commits: [{sha, authored_at, committed_at, parents: [sha]}]  (the default branch's history),
      workflows: [{id, name, path}],
      runs: [{id, workflow_id, head_branch, head_sha, event, status, conclusion, run_attempt, created_at,
              updated_at, jobs: [{name, conclusion, completed_at}]}]  (a re-run: change the same run).
    Times are ISO strings (UTC, `Z`). Missing `updated_at` defaults to the latest of created/closed/merged.
    """

    def __init__(
        self,
        repos: dict[str, dict],
        *,
        token: str = "ghp-test-token",
        budget: int = 5000,
        reset_seconds: int = 3600,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.repos = {name: _normalise_repo(name, spec) for name, spec in repos.items()}
        self.token = token
        self.clock = clock
        self.reset_seconds = reset_seconds
        self.budget = _Budget(budget, budget, int(clock()) + reset_seconds)
        self.faults: list[Fault] = []
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._url: str | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> GitHubEmulator:
        emulator = self

        class Handler(_Handler):
            pass

        Handler.emulator = emulator
        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._url = f"http://127.0.0.1:{self._server.server_address[1]}{BASE_PATH}"
        server = self._server  # a short poll interval makes stop() quick
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> GitHubEmulator:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._url is not None, "start the emulator first"
        return self._url  # still known after stop(), for assertions on messages

    # ------------------------------------------------------------------ test helpers
    def add_fault(self, kind: str, *, path: str | None = None, at: int | None = None, times: int = 1,
                  seconds: float = 0, status: int = 500, message: str = "Server Error") -> Fault:
        assert kind in FAULT_KINDS, kind
        fault = Fault(kind, path, at, times, seconds, status, message)
        self.faults.append(fault)
        return fault

    def paths(self, pattern: str = "") -> list[str]:
        """Relative paths of the recorded requests whose path matches `pattern` (regex search)."""
        return [r.path for r in self.requests if re.search(pattern, r.path)]

    def clear_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    def now(self) -> str:
        return iso(datetime.fromtimestamp(self.clock(), UTC))

    def update_pull(self, repo: str, number: int, **changes) -> dict:
        """Change a PR (and its `updated_at` to the emulator's now, unless given), as a user would."""
        pr = next(p for p in self.repos[repo]["pulls"] if p["number"] == number)
        pr.update(changes)
        pr["updated_at"] = changes.get("updated_at", self.now())
        return pr

    def add_pull(self, repo: str, spec: dict) -> dict:
        pr = _normalise_pull(repo, spec)
        self.repos[repo]["pulls"].append(pr)
        return pr

    def update_issue(self, repo: str, number: int, **changes) -> dict:
        issue = next(i for i in self.repos[repo]["issues"] if i["number"] == number)
        issue.update(changes)
        issue["updated_at"] = changes.get("updated_at", self.now())
        return issue

    def add_deployment(self, repo: str, spec: dict) -> dict:
        d = _normalise_deployment(spec)
        self.repos[repo]["deployments"].append(d)
        return d

    def add_run(self, repo: str, spec: dict) -> dict:
        r = _normalise_run(spec)
        self.repos[repo]["runs"].append(r)
        return r

    def add_status(self, repo: str, deployment_id: int, state: str, created_at: str | None = None) -> None:
        d = next(x for x in self.repos[repo]["deployments"] if x["id"] == deployment_id)
        next_id = max([s["id"] for s in d["statuses"]] + [deployment_id * 100]) + 1
        d["statuses"].append({"id": next_id, "state": state, "created_at": created_at or self.now()})

    # ------------------------------------------------------------------ request handling (server threads)
    def _record(self, method: str, path: str, params: dict[str, str]) -> Recorded:
        with self._lock:
            r = Recorded(len(self.requests) + 1, method, path, params)
            self.requests.append(r)
            return r

    def _take_fault(self, number: int, path: str) -> Fault | None:
        with self._lock:
            for f in self.faults:
                if f.matches(number, path):
                    f.used += 1
                    return f
        return None

    def _spend(self) -> tuple[bool, _Budget]:
        """Count one request against the budget; False when it is spent."""
        with self._lock:
            now = int(self.clock())
            if now >= self.budget.reset_at:
                self.budget = _Budget(self.budget.limit, self.budget.limit, now + self.reset_seconds)
            if self.budget.remaining <= 0:
                return False, _Budget(**vars(self.budget))
            self.budget.remaining -= 1
            return True, _Budget(**vars(self.budget))

    def _exhaust(self, seconds: float) -> None:
        with self._lock:
            self.budget.remaining = 0
            self.budget.reset_at = int(self.clock() + seconds)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # a client that timed out closed its socket
        return None


class _Handler(BaseHTTPRequestHandler):
    emulator: GitHubEmulator
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes: avoid 40 ms delayed-ACK stalls

    def log_message(self, format: str, *args) -> None:  # keep test output clean
        return None

    def date_time_string(self, timestamp: float | None = None) -> str:
        return formatdate(self.emulator.clock() if timestamp is None else timestamp, usegmt=True)

    def do_GET(self) -> None:
        emu = self.emulator
        parts = urlsplit(self.path)
        params = dict(parse_qsl(parts.query))
        path = parts.path[len(BASE_PATH):] if parts.path.startswith(BASE_PATH) else parts.path
        record = emu._record("GET", path, params)
        fault = emu._take_fault(record.number, path)
        if fault and fault.kind == "drop":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if fault and fault.kind == "slow":
            time.sleep(fault.seconds)
        auth = self.headers.get("Authorization", "")
        if auth not in (f"token {emu.token}", f"Bearer {emu.token}"):
            self._json(record, 401, {"message": "Bad credentials", "documentation_url": _DOCS}, rate=None)
            return
        if fault and fault.kind == "rate_limit":
            emu._exhaust(fault.seconds)
        ok, budget = emu._spend()
        if not ok:
            body = {"message": "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, "
                               "please include the request ID.", "documentation_url": _DOCS}
            self._json(record, 403, body, rate=budget)
            return
        if fault and fault.kind == "secondary":
            body = {"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try "
                               "again.", "documentation_url": _DOCS}
            self._json(record, 403, body, rate=budget, extra={"Retry-After": str(int(fault.seconds))})
            return
        if fault and fault.kind == "retry_after":
            self._json(record, 429, {"message": "Too many requests"}, rate=budget,
                       extra={"Retry-After": str(int(fault.seconds))})
            return
        if fault and fault.kind == "error":
            self._json(record, fault.status, {"message": fault.message, "documentation_url": _DOCS}, rate=budget)
            return
        try:
            status, body, items_params = self._route(path, params)
        except _NotFound:
            self._json(record, 404, {"message": "Not Found", "documentation_url": _DOCS}, rate=budget)
            return
        if items_params is None:
            self._json(record, status, body, rate=budget)
            return
        key = items_params.get("_key")
        page_items, links = self._page(path, params, body)
        if key:  # Actions endpoints wrap their page in an object with the total count
            page_items = {"total_count": len(body), key: page_items}
        self._json(record, status, page_items, rate=budget, extra={"Link": links} if links else None)

    # ------------------------------------------------------------------ routing
    def _route(self, path: str, params: dict[str, str]) -> tuple[int, object, dict | None]:
        """(status, body, paging) — paging is not None for list endpoints (the body is then the full list)."""
        m = re.fullmatch(r"/repos/([\w.-]+)/([\w.-]+)(/.*)?", path)
        if not m:
            raise _NotFound
        name, rest = f"{m.group(1)}/{m.group(2)}", m.group(3) or ""
        repo = self.emulator.repos.get(name)
        if repo is None or repo["hidden"]:
            raise _NotFound
        base = self._base_url()
        if rest == "":
            return 200, _render_repo(base, repo), None
        if rest == "/pulls":
            return 200, [_render_pull(base, repo, p) for p in _list_pulls(repo, params)], params
        if m2 := re.fullmatch(r"/pulls/(\d+)", rest):
            pr = _find(repo["pulls"], "number", int(m2.group(1)))
            return 200, _render_pull(base, repo, pr, detail=True), None
        if m2 := re.fullmatch(r"/pulls/(\d+)/commits", rest):
            pr = _find(repo["pulls"], "number", int(m2.group(1)))
            return 200, [_render_commit(base, repo, c) for c in pr["commits"]], params
        if rest == "/issues":
            return 200, [_render_issue(base, repo, i) for i in _list_issues(repo, params)], params
        if rest == "/deployments":
            deps = _newest_first(repo["deployments"])
            for key in ("environment", "sha", "ref"):
                if key in params:
                    deps = [d for d in deps if d[key] == params[key]]
            return 200, [_render_deployment(base, repo, d) for d in deps], params
        if m2 := re.fullmatch(r"/deployments/(\d+)", rest):
            return 200, _render_deployment(base, repo, _find(repo["deployments"], "id", int(m2.group(1)))), None
        if m2 := re.fullmatch(r"/deployments/(\d+)/statuses", rest):
            d = _find(repo["deployments"], "id", int(m2.group(1)))
            return 200, [_render_status(base, repo, d, s) for s in _newest_first(d["statuses"])], params
        if rest == "/releases":
            return 200, [_render_release(base, repo, r) for r in _newest_first(repo["releases"])], params
        if rest == "/commits":
            commits = sorted(repo["commits"], key=lambda c: c.get("committed_at", c["authored_at"]), reverse=True)
            if params.get("since"):
                since = parse_iso(params["since"])
                commits = [c for c in commits if parse_iso(c.get("committed_at", c["authored_at"])) >= since]
            return 200, [_render_commit(base, repo, c) for c in commits], params
        if rest == "/actions/workflows":
            return 200, [_render_workflow(base, repo, w) for w in repo["workflows"]], {**params, "_key": "workflows"}
        if m2 := re.fullmatch(r"/actions/workflows/([^/]+)/runs", rest):
            ref = m2.group(1)
            w = next((w for w in repo["workflows"] if str(w["id"]) == ref or w["path"].rsplit("/", 1)[-1] == ref),
                     None)
            if w is None:
                raise _NotFound
            runs = _list_runs([r for r in repo["runs"] if r["workflow_id"] == w["id"]], params)
            return 200, [_render_run(base, repo, r) for r in runs], {**params, "_key": "workflow_runs"}
        if rest == "/actions/runs":
            return 200, [_render_run(base, repo, r) for r in _list_runs(repo["runs"], params)], \
                {**params, "_key": "workflow_runs"}
        if m2 := re.fullmatch(r"/actions/runs/(\d+)", rest):
            return 200, _render_run(base, repo, _find(repo["runs"], "id", int(m2.group(1)))), None
        if m2 := re.fullmatch(r"/actions/runs/(\d+)/jobs", rest):
            run = _find(repo["runs"], "id", int(m2.group(1)))
            return 200, [_render_job(base, repo, run, i, j) for i, j in enumerate(run["jobs"])], \
                {**params, "_key": "jobs"}
        raise _NotFound

    def _base_url(self) -> str:
        host = self.headers.get("Host") or f"127.0.0.1:{self.server.server_address[1]}"
        return f"http://{host}{BASE_PATH}"

    def _page(self, path: str, params: dict[str, str], items: list) -> tuple[list, str]:
        per_page = max(1, min(100, int(params.get("per_page", 30))))
        page = max(1, int(params.get("page", 1)))
        last = max(1, -(-len(items) // per_page))
        chunk = items[(page - 1) * per_page : page * per_page]

        def link(n: int) -> str:
            query = {**params, "per_page": str(per_page), "page": str(n)}
            return f"<{self._base_url()}{path}?{urlencode(query)}>"

        rels = []
        if page < last:
            rels += [f'{link(page + 1)}; rel="next"', f'{link(last)}; rel="last"']
        if page > 1:
            rels += [f'{link(1)}; rel="first"', f'{link(page - 1)}; rel="prev"']
        return chunk, ", ".join(rels)

    def _json(self, record: Recorded, status: int, body: object, *, rate: _Budget | None,
              extra: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        record.status = status
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if rate is not None:
            self.send_header("X-RateLimit-Limit", str(rate.limit))
            self.send_header("X-RateLimit-Remaining", str(rate.remaining))
            self.send_header("X-RateLimit-Reset", str(rate.reset_at))
            self.send_header("X-RateLimit-Used", str(rate.limit - rate.remaining))
            self.send_header("X-RateLimit-Resource", "core")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)


class _NotFound(Exception):
    pass


_DOCS = "https://docs.github.com/rest"

# ---------------------------------------------------------------------------------------------- data


def _normalise_repo(name: str, spec: dict) -> dict:
    return {
        "full_name": name,
        "default_branch": spec.get("default_branch", "main"),
        "hidden": spec.get("hidden", False),
        "pulls": [_normalise_pull(name, p) for p in spec.get("pulls", [])],
        "deployments": [_normalise_deployment(d) for d in spec.get("deployments", [])],
        "releases": [dict(r, extra=r.get("extra", {})) for r in spec.get("releases", [])],
        "issues": [_normalise_issue(i) for i in spec.get("issues", [])],
        "commits": [dict(c) for c in spec.get("commits", [])],
        "workflows": [dict(w) for w in spec.get("workflows", [])],
        "runs": [_normalise_run(r) for r in spec.get("runs", [])],
    }


def _normalise_run(r: dict) -> dict:
    out = {"event": "push", "head_branch": "main", "head_sha": "e" * 40, "status": "completed",
           "conclusion": "success", "run_attempt": 1, "jobs": [], **r}
    out.setdefault("updated_at", out["created_at"])
    return out


def _list_runs(runs: list[dict], params: dict[str, str]) -> list[dict]:
    """Runs newest first, filtered like GitHub: `created` (`>=T`, `>T`, `<=T`, `<T`, `A..B` with dates or
    date-times), `branch`, `status` (a status or a conclusion), `event`."""
    out = sorted(runs, key=lambda r: (r["created_at"], r["id"]), reverse=True)
    created = params.get("created")
    if created:
        out = [r for r in out if _in_range(parse_iso(r["created_at"]), created)]
    if params.get("branch"):
        out = [r for r in out if r["head_branch"] == params["branch"]]
    if params.get("status"):
        out = [r for r in out if params["status"] in (r["status"], r["conclusion"])]
    if params.get("event"):
        out = [r for r in out if r["event"] == params["event"]]
    return out


def _in_range(t: datetime, query: str) -> bool:
    def when(text: str) -> datetime:
        return parse_iso(text if "T" in text else text + "T00:00:00Z")

    if ".." in query:
        a, b = query.split("..", 1)
        return (a == "*" or t >= when(a)) and (b == "*" or t <= when(b))
    for op, test in ((">=", lambda x: t >= x), ("<=", lambda x: t <= x), (">", lambda x: t > x),
                     ("<", lambda x: t < x)):
        if query.startswith(op):
            return test(when(query[len(op):]))
    return t.date() == when(query).date()


def _normalise_pull(repo: str, p: dict) -> dict:
    out = {
        "title": f"Change {p['number']}",
        "state": "open",
        "draft": False,
        "base": "main",
        "head": f"branch-{p['number']}",
        "merged_at": None,
        "closed_at": None,
        "merge_commit_sha": None,
        "additions": 10,
        "deletions": 2,
        "labels": [],
        "user": "dev-person",
        "commits": [],
        "extra": {},
        **p,
    }
    if "updated_at" not in p:
        out["updated_at"] = max(t for t in (out["created_at"], out["closed_at"], out["merged_at"]) if t)
    return out


def _normalise_deployment(d: dict) -> dict:
    return {"sha": "d" * 40, "ref": "main", "extra": {}, "statuses": [], **d}


def _normalise_issue(i: dict) -> dict:
    out = {"state": "open", "labels": [], "closed_at": None, "extra": {}, "title": f"Issue {i['number']}", **i}
    if "updated_at" not in i:
        out["updated_at"] = out["closed_at"] or out["created_at"]
    return out


def _find(items: list[dict], key: str, value) -> dict:
    for item in items:
        if item[key] == value:
            return item
    raise _NotFound


def _newest_first(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda x: (x["created_at"], x["id"]), reverse=True)


def _ordered(items: list[dict], params: dict[str, str], sorts: tuple[str, ...]) -> list[dict]:
    sort = params.get("sort", "created")
    if sort not in sorts:
        sort = "created"
    direction = params.get("direction", "desc" if sort == "created" else "asc")
    key = "updated_at" if sort == "updated" else "created_at"
    return sorted(items, key=lambda x: (parse_iso(x[key]), x["number"]), reverse=direction == "desc")


def _list_pulls(repo: dict, params: dict[str, str]) -> list[dict]:
    state = params.get("state", "open")
    pulls = [p for p in repo["pulls"] if state == "all" or p["state"] == state]
    return _ordered(pulls, params, ("created", "updated"))


def _list_issues(repo: dict, params: dict[str, str]) -> list[dict]:
    """Issues and pull requests (GitHub's issues endpoint returns both), filtered like GitHub."""
    items = [dict(i, is_pull=False) for i in repo["issues"]] + [dict(p, is_pull=True, extra={}) for p in repo["pulls"]]
    state = params.get("state", "open")
    items = [i for i in items if state == "all" or i["state"] == state]
    if params.get("labels"):
        wanted = {x.strip().lower() for x in params["labels"].split(",")}
        items = [i for i in items if wanted <= {lb.lower() for lb in i["labels"]}]
    if params.get("since"):
        since = parse_iso(params["since"])
        items = [i for i in items if parse_iso(i["updated_at"]) >= since]
    direction = params.get("direction", "desc")
    return _ordered(items, {**params, "direction": direction}, ("created", "updated"))


# ---------------------------------------------------------------------------------------------- REST shapes


def _user(login: str) -> dict:
    return {"login": login, "id": zlib.crc32(login.encode()) % 10**7, "type": "User", "site_admin": False,
            "avatar_url": f"https://avatars.example.com/{login}"}


def _render_repo(base: str, repo: dict) -> dict:
    owner, name = repo["full_name"].split("/")
    return {
        "id": zlib.crc32(repo["full_name"].encode()) % 10**8,
        "node_id": "R_" + name,
        "name": name,
        "full_name": repo["full_name"],
        "private": True,
        "owner": {"login": owner, "type": "Organization"},
        "html_url": f"https://github.example.com/{repo['full_name']}",
        "url": f"{base}/repos/{repo['full_name']}",
        "default_branch": repo["default_branch"],
        "visibility": "private",
        "archived": False,
    }


def _render_pull(base: str, repo: dict, p: dict, *, detail: bool = False) -> dict:
    full = repo["full_name"]
    out = {
        "url": f"{base}/repos/{full}/pulls/{p['number']}",
        "id": 1_000_000 + p["number"],
        "node_id": f"PR_{p['number']}",
        "html_url": f"https://github.example.com/{full}/pull/{p['number']}",
        "number": p["number"],
        "state": p["state"],
        "locked": False,
        "title": p["title"],
        "user": _user(p["user"]),
        "body": "Description written by a person.",
        "labels": [{"id": i, "name": lb, "color": "ededed"} for i, lb in enumerate(p["labels"])],
        "created_at": p["created_at"],
        "updated_at": p["updated_at"],
        "closed_at": p["closed_at"],
        "merged_at": p["merged_at"],
        "merge_commit_sha": p["merge_commit_sha"],
        "assignee": None,
        "assignees": [],
        "requested_reviewers": [_user("reviewer-person")],
        "draft": p["draft"],
        "head": {"label": f"acme:{p['head']}", "ref": p["head"], "sha": "h" * 40, "user": _user(p["user"])},
        "base": {"label": f"acme:{p['base']}", "ref": p["base"], "sha": "b" * 40},
        "author_association": "MEMBER",
        "auto_merge": None,
    }
    if detail:
        out.update(
            merged=p["merged_at"] is not None,
            mergeable=None,
            comments=0,
            commits=len(p["commits"]),
            additions=p["additions"],
            deletions=p["deletions"],
            changed_files=1,
            merged_by=_user("merger-person") if p["merged_at"] else None,
        )
    out.update(p["extra"])
    return out


def _render_commit(base: str, repo: dict, c: dict) -> dict:
    person = {"name": "A Person", "email": "person@example.com", "date": c["authored_at"]}
    return {
        "sha": c["sha"],
        "node_id": "C_" + c["sha"][:8],
        "url": f"{base}/repos/{repo['full_name']}/commits/{c['sha']}",
        "commit": {"author": person, "committer": {**person, "date": c.get("committed_at", c["authored_at"])},
                   "message": "work", "comment_count": 0},
        "author": _user("dev-person"),
        "committer": _user("dev-person"),
        "parents": [{"sha": p, "url": f"{base}/repos/{repo['full_name']}/commits/{p}"} for p in c.get("parents", [])],
        **c.get("extra", {}),
    }


def _render_workflow(base: str, repo: dict, w: dict) -> dict:
    full = repo["full_name"]
    return {"id": w["id"], "node_id": f"W_{w['id']}", "name": w["name"], "path": w["path"], "state": "active",
            "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z",
            "url": f"{base}/repos/{full}/actions/workflows/{w['id']}",
            "html_url": f"https://github.example.com/{full}/blob/main/{w['path']}"}


def _render_run(base: str, repo: dict, r: dict) -> dict:
    full = repo["full_name"]
    w = next((w for w in repo["workflows"] if w["id"] == r["workflow_id"]), {"name": "?", "path": "?"})
    out = {
        "id": r["id"],
        "name": w["name"],
        "node_id": f"WFR_{r['id']}",
        "head_branch": r["head_branch"],
        "head_sha": r["head_sha"],
        "path": w["path"],
        "display_title": "Deploy by a person",
        "run_number": r["id"] % 1000,
        "event": r["event"],
        "status": r["status"],
        "conclusion": r["conclusion"] if r["status"] == "completed" else None,
        "workflow_id": r["workflow_id"],
        "url": f"{base}/repos/{full}/actions/runs/{r['id']}",
        "html_url": f"https://github.example.com/{full}/actions/runs/{r['id']}",
        "created_at": r["created_at"],
        "updated_at": r["updated_at"],
        "run_attempt": r["run_attempt"],
        "run_started_at": r["created_at"],
        "actor": _user("deployer-person"),
        "triggering_actor": _user("deployer-person"),
        "head_commit": {"id": r["head_sha"], "message": "work",
                        "author": {"name": "A Person", "email": "person@example.com"}},
    }
    out.update(r.get("extra", {}))
    return out


def _render_job(base: str, repo: dict, run: dict, index: int, j: dict) -> dict:
    return {"id": run["id"] * 100 + index, "run_id": run["id"], "name": j["name"], "status": "completed",
            "conclusion": j["conclusion"], "started_at": run["created_at"], "completed_at": j["completed_at"],
            "head_sha": run["head_sha"], "runner_name": "runner-1", "labels": ["ubuntu-latest"],
            "url": f"{base}/repos/{repo['full_name']}/actions/jobs/{run['id'] * 100 + index}"}


def _render_issue(base: str, repo: dict, i: dict) -> dict:
    full = repo["full_name"]
    out = {
        "url": f"{base}/repos/{full}/issues/{i['number']}",
        "id": 2_000_000 + i["number"],
        "node_id": f"I_{i['number']}",
        "number": i["number"],
        "title": i["title"],
        "user": _user("reporter-person"),
        "labels": [{"id": n, "name": lb, "color": "d73a4a", "default": False} for n, lb in enumerate(i["labels"])],
        "state": i["state"],
        "locked": False,
        "assignee": None,
        "assignees": [],
        "comments": 0,
        "created_at": i["created_at"],
        "updated_at": i["updated_at"],
        "closed_at": i["closed_at"],
        "author_association": "MEMBER",
        "body": "What happened.",
        "html_url": f"https://github.example.com/{full}/{'pull' if i['is_pull'] else 'issues'}/{i['number']}",
    }
    if i["is_pull"]:
        out["pull_request"] = {"url": f"{base}/repos/{full}/pulls/{i['number']}", "merged_at": i["merged_at"]}
    out.update(i["extra"])
    return out


def _render_deployment(base: str, repo: dict, d: dict) -> dict:
    full = repo["full_name"]
    out = {
        "url": f"{base}/repos/{full}/deployments/{d['id']}",
        "id": d["id"],
        "node_id": f"DE_{d['id']}",
        "sha": d["sha"],
        "ref": d["ref"],
        "task": "deploy",
        "payload": {},
        "original_environment": d["environment"],
        "environment": d["environment"],
        "description": None,
        "creator": _user("deployer-person"),
        "created_at": d["created_at"],
        "updated_at": d.get("updated_at", d["created_at"]),
        "statuses_url": f"{base}/repos/{full}/deployments/{d['id']}/statuses",
        "repository_url": f"{base}/repos/{full}",
        "transient_environment": False,
        "production_environment": d["environment"].lower().startswith("prod"),
    }
    out.update(d["extra"])
    return out


def _render_status(base: str, repo: dict, d: dict, s: dict) -> dict:
    full = repo["full_name"]
    out = {
        "url": f"{base}/repos/{full}/deployments/{d['id']}/statuses/{s['id']}",
        "id": s["id"],
        "node_id": f"DES_{s['id']}",
        "state": s["state"],
        "creator": _user("deployer-person"),
        "description": "",
        "environment": d["environment"],
        "target_url": "",
        "log_url": f"https://github.example.com/{full}/actions/runs/{s['id']}",
        "created_at": s["created_at"],
        "updated_at": s["created_at"],
        "deployment_url": f"{base}/repos/{full}/deployments/{d['id']}",
        "repository_url": f"{base}/repos/{full}",
    }
    out.update(s.get("extra", {}))
    return out


def _render_release(base: str, repo: dict, r: dict) -> dict:
    full = repo["full_name"]
    out = {
        "url": f"{base}/repos/{full}/releases/{r['id']}",
        "html_url": f"https://github.example.com/{full}/releases/tag/{r['tag']}",
        "id": r["id"],
        "node_id": f"RE_{r['id']}",
        "tag_name": r["tag"],
        "target_commitish": "main",
        "name": r.get("name", r["tag"]),
        "body": "Release notes.",
        "draft": r.get("draft", False),
        "prerelease": r.get("prerelease", False),
        "created_at": r["created_at"],
        "published_at": r.get("published_at", None if r.get("draft") else r["created_at"]),
        "author": _user("releaser-person"),
        "assets": [],
    }
    out.update(r["extra"])
    return out


# ---------------------------------------------------------------------------------------------- volume


def synthetic_repo(
    n_pulls: int,
    *,
    start: str = "2024-01-01T00:00:00Z",
    default_branch: str = "main",
    deploy_every: int = 10,
) -> dict:
    """A repository spec with `n_pulls` PRs, deterministic: of every 10 PRs, 8 merged into the default branch,
    1 closed unmerged, 1 open; one PR opened every 2 hours, each with 2 commits; a production deployment
    (in_progress then success) after every `deploy_every` PRs, and a staging one (success) for each."""
    t0 = parse_iso(start)
    pulls, deployments = [], []
    for i in range(1, n_pulls + 1):
        created = t0 + timedelta(hours=2 * i)
        kind = i % 10
        pr = {
            "number": i,
            "title": f"PAY-{i} change {i}",
            "head": f"feature/PAY-{i}",
            "base": default_branch,
            "created_at": iso(created),
            "commits": [
                {"sha": f"{i:040d}", "authored_at": iso(created - timedelta(hours=5))},
                {"sha": f"{i + 10**9:040d}", "authored_at": iso(created - timedelta(hours=1))},
            ],
        }
        if kind == 9:
            pr.update(state="open")
        elif kind == 0:
            pr.update(state="closed", closed_at=iso(created + timedelta(hours=3)))
        else:
            done = iso(created + timedelta(hours=4))
            pr.update(state="closed", closed_at=done, merged_at=done, merge_commit_sha=f"{i:040x}")
        pulls.append(pr)
        if i % deploy_every == 0:
            at = created + timedelta(hours=6)
            for env, dep_id in (("production", 10 * i), ("staging", 10 * i + 1)):
                deployments.append({
                    "id": dep_id,
                    "environment": env,
                    "created_at": iso(at),
                    "statuses": [
                        {"id": 100 * dep_id + 1, "state": "in_progress", "created_at": iso(at)},
                        {"id": 100 * dep_id + 2, "state": "success", "created_at": iso(at + timedelta(minutes=5))},
                    ],
                })
    return {"default_branch": default_branch, "pulls": pulls, "deployments": deployments, "releases": [],
            "issues": []}


def synthetic_actions_repo(n_commits: int, *, end: str = "2025-03-10T00:00:00Z", default_branch: str = "main") -> dict:
    """A repository deploying through GitHub Actions and pushing to its default branch without pull requests,
    deterministic: `n_commits` commits one hour apart ending at `end` (authored 30 minutes before they are
    committed), and a run of `deploy.yml` after every second commit (`n_commits // 2` runs: 1 in 10 fails, 1 in 10
    on another branch), plus `ci.yml` (never read: not a deploy workflow)."""
    t_end = parse_iso(end)
    commits, runs = [], []
    for i in range(1, n_commits + 1):
        committed = t_end - timedelta(hours=n_commits - i)
        sha = f"{i:040x}"
        commits.append({"sha": sha, "authored_at": iso(committed - timedelta(minutes=30)),
                        "committed_at": iso(committed), "parents": [f"{i - 1:040x}"]})
        if i % 2 == 0:
            n = i // 2
            runs.append({"id": 500_000 + n, "workflow_id": 1, "head_sha": sha, "created_at": iso(committed),
                         "updated_at": iso(committed + timedelta(minutes=12)),
                         "conclusion": "failure" if n % 10 == 3 else "success",
                         "head_branch": "release/next" if n % 10 == 7 else default_branch})
    return {"default_branch": default_branch, "commits": commits, "runs": runs,
            "workflows": [{"id": 1, "name": "Deploy", "path": ".github/workflows/deploy.yml"},
                          {"id": 2, "name": "CI", "path": ".github/workflows/ci.yml"}]}


def add_actions_activity(emu: GitHubEmulator, repo: str, n: int, round_: int) -> None:
    """`n` new commits pushed to the default branch in the last `n` minutes, each deployed by a run (for the
    incremental sync of the benchmark)."""
    now = datetime.fromtimestamp(emu.clock(), UTC)
    spec = emu.repos[repo]
    for k in range(n):
        at = now - timedelta(minutes=n - k)
        sha = f"{round_:08x}{k:032x}"
        spec["commits"].append({"sha": sha, "authored_at": iso(at - timedelta(minutes=20)), "committed_at": iso(at),
                                "parents": []})
        emu.add_run(repo, {"id": 900_000_000 + round_ * 10_000 + k, "workflow_id": 1, "head_sha": sha,
                           "created_at": iso(at), "updated_at": iso(at + timedelta(seconds=30))})
