"""Jira transport: one authenticated `jira.JIRA` client whose every request is bounded, retried and counted.

The client's own retry loop is switched off (`max_retries=0`): it doubles `Retry-After`, retries neither 500 nor
502, and backs off 10·2ⁿ seconds on a connection error (minutes on a wrong URL). `JiraSite` wraps each call
instead, so a call is one HTTP request and the policy is ours:

- 429 / 503: wait `Retry-After` seconds exactly (else 1, 2, 4… s), at most `max_retries` times; a wait longer
  than `max_wait` raises `RateLimited` (with `reset_at`) instead of blocking the run.
- other 5xx: bounded exponential backoff (1, 2, 4… s), at most `max_retries` times.
- connection refused / dropped, timeouts: one retry only, so an unreachable site fails within seconds.
- 401 / 403 → `AuthError` naming the site and the environment variable(s); 404 → `NotFoundError`;
  anything else → `SourceError` naming the site and what was being read.

Public API: `JiraSite(url, credentials, options)`, `Credentials.from_config(cfg)`, `SiteOptions`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import requests
from jira import JIRA
from jira.exceptions import JIRAError

from pilotage.core.errors import AuthError, NotFoundError, RateLimited, SourceError
from pilotage.core.workspace import JiraConfig, secret

T = TypeVar("T")
SOURCE = "jira"


@dataclass(frozen=True)
class SiteOptions:
    """How patient the transport is. Tests shrink the numbers and inject `sleep`."""

    timeout: float = 20.0  # seconds per HTTP request
    max_retries: int = 3  # retries of a 429/5xx answer
    max_wait: float = 300.0  # longest Retry-After honoured; beyond it the run fails with RateLimited
    sleep: Callable[[float], None] = time.sleep
    page_size: int = 100  # issues per search page with changelogs (servers may answer with fewer)
    key_page_size: int = 1000  # issues per key-only page (the id/key listing of incremental runs)


@dataclass(frozen=True)
class Credentials:
    """Cloud: e-mail + API token (basic auth). Data Center: personal access token (Bearer)."""

    token: str
    token_env: str
    email: str | None = None
    email_env: str = ""

    @classmethod
    def from_config(cls, cfg: JiraConfig) -> Credentials:
        """Read the variables the workspace names; a missing one raises AuthError naming it."""
        if not cfg.token_env:
            raise AuthError("jira.token_env is empty: name the environment variable that holds the Jira token",
                            source=SOURCE, url=cfg.url)
        token = secret(cfg.token_env)
        if not token:
            raise AuthError(
                f"the environment variable {cfg.token_env} is not set: put the Jira "
                f"{'API token' if cfg.user_env else 'personal access token'} for {cfg.url} in it "
                "(or in .streamlit/secrets.toml)",
                source=SOURCE, url=cfg.url, env_var=cfg.token_env,
            )
        if not cfg.user_env:
            return cls(token=token, token_env=cfg.token_env)
        email = secret(cfg.user_env)
        if not email:
            raise AuthError(
                f"the environment variable {cfg.user_env} is not set: put the e-mail of the Jira Cloud account "
                f"that owns the API token for {cfg.url} in it (or in .streamlit/secrets.toml)",
                source=SOURCE, url=cfg.url, env_var=cfg.user_env,
            )
        return cls(token=token, token_env=cfg.token_env, email=email, email_env=cfg.user_env)

    @property
    def variables(self) -> str:
        return " and ".join(v for v in (self.email_env, self.token_env) if v)

    def client_kwargs(self) -> dict[str, Any]:
        return {"basic_auth": (self.email, self.token)} if self.email else {"token_auth": self.token}


class JiraSite:
    """A connected Jira site. `requests` counts every HTTP request sent (answered or not)."""

    def __init__(self, url: str, credentials: Credentials, options: SiteOptions = SiteOptions()) -> None:
        self.url = url.rstrip("/")
        self.credentials = credentials
        self.options = options
        self.requests = 0
        # JIRA() itself asks /serverInfo (to learn Cloud vs Data Center): that is our first request.
        self.client: JIRA = self._call("the server information", self._connect)
        self.client._session.hooks["response"].append(self._count_response)
        self.is_cloud: bool = self.client.deploymentType == "Cloud"

    def _connect(self) -> JIRA:
        try:
            client = JIRA(server=self.url, max_retries=0, timeout=self.options.timeout, logging=False,
                          **self.credentials.client_kwargs())
        except JIRAError:
            self.requests += 1  # answered, with an error, before the counting hook could be installed
            raise
        self.requests += 1  # its /serverInfo
        return client

    def _count_response(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self.requests += 1

    # ------------------------------------------------------------------------------------------ the policy
    def _call(self, what: str, fn: Callable[[], T]) -> T:
        """Run one client call (one HTTP request) under the retry policy of the module docstring."""
        opts = self.options
        attempt = 0
        while True:
            try:
                return fn()
            except JIRAError as e:
                status = e.status_code
                if status in (401, 403):
                    raise self._auth_error(status, what) from None
                if status == 404:
                    raise NotFoundError(
                        f"Jira at {self.url}: {what} not found (HTTP 404). Check the workspace file "
                        "(jira.projects, teams[].board) and that the account can see it.",
                        source=SOURCE, url=self.url,
                    ) from None
                if status is None:
                    raise SourceError(
                        f"Jira at {self.url} gave no usable answer while reading {what} ({e.text}). "
                        "Check jira.url in the workspace file.",
                        source=SOURCE, url=self.url,
                    ) from None
                if not (status == 429 or status >= 500):
                    detail = (e.text or "").strip()[:300]
                    raise SourceError(
                        f"Jira at {self.url} refused the request for {what} (HTTP {status}): {detail}. "
                        "Check jira.jql and jira.projects in the workspace file.",
                        source=SOURCE, url=self.url,
                    ) from None
                if attempt >= opts.max_retries:
                    raise SourceError(
                        f"Jira at {self.url} kept failing while reading {what} (HTTP {status}, "
                        f"{attempt + 1} attempts). Nothing was written; run the sync again later.",
                        source=SOURCE, url=self.url,
                    ) from None
                wait = _retry_after(e.response) if status in (429, 503) else None
                wait = 2.0**attempt if wait is None else wait
                if wait > opts.max_wait:
                    raise RateLimited(
                        f"Jira at {self.url} asks to wait {wait:.0f} s before reading {what} (HTTP {status}). "
                        "Nothing was written; run the sync again after that.",
                        source=SOURCE, url=self.url, reset_at=datetime.now(UTC) + timedelta(seconds=wait),
                    ) from None
            except requests.Timeout:
                self.requests += 1  # no response reached the counting hook
                if attempt >= min(1, opts.max_retries):
                    raise SourceError(
                        f"Jira at {self.url} did not answer within {opts.timeout:g} s while reading {what}. "
                        "Nothing was written. Try again later, or raise jira.timeout_seconds in the workspace file.",
                        source=SOURCE, url=self.url,
                    ) from None
                wait = 1.0
            except (requests.ConnectionError, ConnectionError) as e:
                self.requests += 1
                if attempt >= min(1, opts.max_retries):
                    raise SourceError(
                        f"cannot reach Jira at {self.url} while reading {what} ({_reason(e)}). Nothing was "
                        "written. Check jira.url in the workspace file and the network, then run the sync again.",
                        source=SOURCE, url=self.url,
                    ) from None
                wait = 1.0
            except ValueError:  # a 200 answer that is not JSON: a proxy or a login page
                raise SourceError(
                    f"Jira at {self.url} answered with something that is not JSON while reading {what}: is "
                    "jira.url the site's base URL (not a login page or a proxy)?",
                    source=SOURCE, url=self.url,
                ) from None
            except requests.RequestException as e:  # an unusable URL, too many redirects…
                raise SourceError(
                    f"cannot use Jira at {self.url} while reading {what} ({type(e).__name__}: {e}). "
                    "Check jira.url in the workspace file.",
                    source=SOURCE, url=self.url,
                ) from None
            attempt += 1
            opts.sleep(wait)

    def _auth_error(self, status: int, what: str) -> AuthError:
        creds = self.credentials
        kind = "e-mail and API token" if creds.email else "personal access token"
        why = "refused the credentials" if status == 401 else "refused access"
        hint = "" if status == 401 else " The account may also lack the Browse projects permission."
        if not creds.email and (getattr(self, "is_cloud", False) or ".atlassian.net" in self.url):
            hint += (" This site is Jira Cloud: it takes an account e-mail with an API token, so set jira.user_env "
                     "to the variable holding the e-mail.")
        return AuthError(
            f"Jira at {self.url} {why} (HTTP {status}) while reading {what}. Check the {kind} in the "
            f"environment variable(s) {creds.variables}.{hint}",
            source=SOURCE, url=self.url, env_var=creds.token_env,
        )

    # ------------------------------------------------------------------------------------------ reads
    def server_info(self) -> dict:
        return self._call("the server information", self.client.server_info)

    def myself(self) -> dict:
        return self._call("the account's profile", self.client.myself)

    def fields(self) -> list[dict]:
        return self._call("the field list", self.client.fields)

    def statuses(self) -> list[dict]:
        return [s.raw for s in self._call("the status list", self.client.statuses)]

    def versions(self, project: str) -> list[dict]:
        return [v.raw for v in self._call(f"the versions of project {project}",
                                          lambda: self.client.project_versions(project))]

    def boards(self, project: str) -> list[dict]:
        out: list[dict] = []
        while True:
            page = self._call(f"the boards of project {project}", lambda s=len(out): self.client.boards(
                startAt=s, maxResults=50, projectKeyOrID=project))
            out += [b.raw for b in page]
            if page.isLast is not False or not page:
                return out

    def project(self, key: str) -> dict:
        """The project (its `style`: `next-gen` on a team-managed project, `classic` otherwise; none on Data
        Center)."""
        return self._call(f"project {key}", lambda: self.client.project(key).raw)

    def sprints(self, board_id: int, *, may_lack_sprints: bool = False) -> list[dict]:
        """Every sprint of a board, all states (the agile API pages with `isLast`). A team-managed project's board
        with the sprints feature off answers 400 "does not support sprints": with `may_lack_sprints`, that is no
        sprints rather than an error."""
        out: list[dict] = []

        def page_at(start: int):
            try:
                return self.client.sprints(board_id, startAt=start, maxResults=50)
            except JIRAError as e:
                if may_lack_sprints and e.status_code == 400 and "support sprints" in (e.text or ""):
                    return None
                raise

        while True:
            page = self._call(f"the sprints of board {board_id}", lambda s=len(out): page_at(s))
            if page is None:
                return out
            out += [s.raw for s in page]
            if page.isLast is not False or not page:
                return out

    def search(self, jql: str, fields: list[str], *, changelog: bool, page_size: int,
               on_page: Callable[[int, int | None], None] | None = None) -> Iterator[dict]:
        """Raw issues matching `jql`, page by page: Cloud pages `/search/jql` by `nextPageToken`, Data Center
        `/search` by `startAt` (stepping by what the server returned, as servers cap the page size)."""
        expand = "changelog" if changelog else None
        seen = 0
        if self.is_cloud:
            token: str | None = None
            tokens: set[str] = set()
            while True:
                page = self._call("the issue search", lambda t=token: self.client.enhanced_search_issues(
                    jql, nextPageToken=t, maxResults=page_size, fields=list(fields), expand=expand,
                    json_result=True))
                issues = page.get("issues") or []
                seen += len(issues)
                if on_page:
                    on_page(seen, None)
                yield from issues
                token = page.get("nextPageToken")
                if not token or page.get("isLast") or not issues or token in tokens:
                    return  # (a token seen before would page forever)
                tokens.add(token)
        while True:
            page = self._call("the issue search", lambda s=seen: self.client.search_issues(
                jql, startAt=s, maxResults=page_size, fields=list(fields), expand=expand, json_result=True))
            issues = page.get("issues") or []
            total = page.get("total")
            seen += len(issues)
            if on_page:
                on_page(seen, total)
            yield from issues
            if not issues or (total is not None and seen >= total):
                return

    def changelog(self, issue_id: str) -> list[dict]:
        """The complete changelog of one issue, oldest first, from `/rest/api/2/issue/ID/changelog` (paged).

        The client has no method for this endpoint; `_get_json` is its own JSON GET (auth, base URL, errors).
        """
        out: list[dict] = []
        while True:
            page = self._call(f"the changelog of issue {issue_id}", lambda s=len(out): self.client._get_json(
                f"issue/{issue_id}/changelog", params={"startAt": s, "maxResults": 100}))
            values = page.get("values") or []
            out += values
            total = page.get("total")
            if not values or page.get("isLast") is True or (total is not None and len(out) >= total):
                return out


def _retry_after(response: requests.Response | None) -> float | None:
    value = response.headers.get("Retry-After") if response is not None else None
    try:
        return max(float(value), 0.0) if value is not None else None
    except ValueError:  # an HTTP date: rare on Jira, fall back to the backoff
        return None


def _reason(e: Exception) -> str:
    text = str(e)
    for marker in ("Connection refused", "Name or service not known", "RemoteDisconnected",
                   "Connection aborted", "Connection reset"):
        if marker in text:
            return marker.lower() if marker != "RemoteDisconnected" else "the server closed the connection"
    return type(e).__name__
