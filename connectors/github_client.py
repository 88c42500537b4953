"""GitHub transport: the real PyGithub client with Pilotage's request discipline.

Every request goes through `GitHubClient.get` / `GitHubClient.pages`, which use PyGithub's own `Requester`
(`Github.requester.requestJsonAndCheck`, PyGithub's documented way to call endpoints directly) so that:
- payloads come back as the JSON GitHub sent (kept raw for offline re-conversion), and no PyGithub object
  silently "completes" itself with an extra request (a list item's `.raw_data` or `.additions` would);
- every HTTP request is counted (`requests`), including retried ones;
- waits are visible and testable: PyGithub's built-in retry (urllib3, `time.sleep` inside the HTTP layer) is
  switched off (`retry=None`) and this module retries instead, sleeping through an injectable `sleep` and reporting
  the wait to `progress` ("waiting for GitHub's rate limit until 14:05 UTC").

Rules
- Before each request, when the remaining budget (`X-RateLimit-Remaining`, read by PyGithub into
  `requester.rate_limiting`) is below `reserve`, wait until `X-RateLimit-Reset` (+1 s).
- 403 primary rate limit → wait until its reset, then retry (at most `max_rate_limit_waits` times).
  403 secondary limit / 429 → wait `Retry-After` (default 60 s), then retry. 5xx, dropped connections and
  timeouts → retry after `backoff_seconds`·2ⁿ (capped at 60 s). All of those at most `max_retries` times.
- 401, and 403 that is not a rate limit → AuthError naming the API URL and the token variable.
- 404 → NotFoundError (callers add what was not found).
- A wait longer than `max_wait_seconds`, or any wait when `wait_for_rate_limit` is False → RateLimited.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from github import Auth, Github, GithubException

from pilotage.core.errors import AuthError, NotFoundError, RateLimited, SourceError

Progress = Callable[[str, int, "int | None", str], None]
RETRY_HINT = "try again later, or raise github.max_retries in the workspace file"
NETWORK_HINT = "check github.url in the workspace file and the network, then try again"


@dataclass(frozen=True)
class ClientOptions:
    """Transport settings; tests inject a fake `sleep`/`clock` and `seconds_between_requests=0`."""

    per_page: int = 100
    max_retries: int = 3
    timeout: float = 20
    seconds_between_requests: float = 0.25  # PyGithub's default courtesy delay (avoids secondary limits)
    reserve: int = 50  # requests kept in hand: below this many remaining, wait for the reset
    wait_for_rate_limit: bool = True
    max_wait_seconds: float = 3900  # a primary window is one hour
    max_rate_limit_waits: int = 10
    backoff_seconds: float = 1.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time


class GitHubClient:
    """GET requests against one GitHub API root; see the module doc for retries and waits."""

    def __init__(self, *, url: str, token: str, token_env: str, options: ClientOptions, progress: Progress) -> None:
        self.url = url.rstrip("/")
        self.token_env = token_env
        self.options = options
        self.progress = progress
        self.github = Github(
            base_url=self.url,
            auth=Auth.Token(token),
            per_page=options.per_page,
            retry=None,  # retries are done here, with visible and injectable waits
            seconds_between_requests=options.seconds_between_requests,
            timeout=max(1, math.ceil(options.timeout)),  # PyGithub accepts whole seconds only
        )
        self.requests = 0
        self.retries = 0
        self.rate_limit_waits = 0
        self.waited_seconds = 0.0

    def close(self) -> None:
        self.github.close()

    # ------------------------------------------------------------------ requests
    def get(self, path: str, params: dict[str, Any] | None = None) -> tuple[dict[str, Any], Any]:
        """One GET (`path` relative to the API root, or an absolute `Link` URL); returns (headers, JSON)."""
        requester = self.github.requester
        failures = 0
        limit_waits = 0
        while True:
            self._keep_reserve()
            self.requests += 1
            try:
                return requester.requestJsonAndCheck("GET", path, parameters=params)
            except GithubException as e:
                status = e.status
                headers = {k.lower(): v for k, v in (e.headers or {}).items()}
                message = _message(e)
                if status == 403 and _is_primary_limit(message):
                    limit_waits += 1
                    if limit_waits > self.options.max_rate_limit_waits:
                        raise self._rate_limited(headers) from None
                    # a reset already past by this machine's clock (skew) still gets a minute's pause
                    self._wait_for_reset(_reset_epoch(headers) or requester.rate_limiting_resettime, at_least=60)
                    continue
                if status == 429 or (status == 403 and ("retry-after" in headers or _is_secondary_limit(message))):
                    failures = self._count_failure(failures, path, f"HTTP {status} {message}".strip())
                    self.rate_limit_waits += 1
                    self._wait(_retry_after(headers), "rate limit", "GitHub asked to slow down (secondary rate limit)")
                    continue
                if status == 401 or status == 403:
                    raise self._auth_error(status, message) from None
                if status == 404:
                    raise NotFoundError(f"GitHub answered 404 for {_page_url(self.url, path)}", source="github",
                                        url=self.url) from None
                if status >= 500:
                    what = f"HTTP {status} {message}".strip()
                    failures = self._count_failure(failures, path, what)
                    self._backoff(failures, what)
                    continue
                raise SourceError(
                    f"GitHub refused {_page_url(self.url, path)} (HTTP {status}: {message or 'no message'})",
                    source="github", url=self.url,
                ) from None
            except requests.exceptions.RequestException as e:
                what = _describe_network_error(e)
                failures = self._count_failure(failures, path, what, hint=NETWORK_HINT)
                self._backoff(failures, what)
            except ValueError:  # PyGithub could not decode a JSON-looking body (a cut answer)
                failures = self._count_failure(failures, path, "an unreadable JSON answer")
                self._backoff(failures, "an unreadable JSON answer")

    def pages(self, path: str, params: dict[str, Any],
              items_key: str | None = None) -> Iterator[tuple[list, int | None]]:
        """Every page of a list endpoint, following the `Link: rel="next"` URLs GitHub returns.

        Yields (items, last page number or None when unknown); the caller may stop early (no further request).
        `items_key`: the endpoint wraps its list in an object (Actions: `{"total_count", "workflow_runs": [...]}`).
        """
        params = {**params, "per_page": self.options.per_page}
        next_url: str | None = path
        last: int | None = None
        while next_url:
            headers, data = self.get(next_url, params)
            params = None  # the next URL carries the whole query
            links = _parse_links(headers.get("link", ""))
            next_url = links.get("next")
            if next_url and not _same_api(self.url, next_url):
                raise SourceError(
                    f"GitHub's next-page link {next_url.split('?')[0]} is not under {self.url}: set github.url to the "
                    "API root the server advertises (GitHub Enterprise: https://HOST/api/v3)",
                    source="github", url=self.url,
                )
            if "last" in links:
                last = _page_number(links["last"])
            if items_key is not None and isinstance(data, dict):
                data = data.get(items_key)
            if not isinstance(data, list):
                raise SourceError(f"GitHub answered {_page_url(self.url, path)} with {type(data).__name__}, "
                                  "expected a list", source="github", url=self.url)
            yield data, last

    # ------------------------------------------------------------------ waits and errors
    def _count_failure(self, failures: int, path: str, what: str, hint: str = RETRY_HINT) -> int:
        failures += 1
        if failures > self.options.max_retries:
            raise SourceError(
                f"GitHub did not answer {_page_url(self.url, path)} after {failures} attempts (last: {what}); {hint}",
                source="github", url=self.url,
            )
        self.retries += 1
        return failures

    def _backoff(self, failures: int, what: str) -> None:
        seconds = min(60.0, self.options.backoff_seconds * 2 ** (failures - 1))
        self._wait(seconds, "retry", f"GitHub failed ({what}); retrying in {seconds:g} s")

    def _keep_reserve(self) -> None:
        remaining, _limit = self.github.requester.rate_limiting
        if 0 <= remaining < self.options.reserve:
            reset = self.github.requester.rate_limiting_resettime
            if reset and reset > self.options.clock():
                self._wait_for_reset(reset)

    def _wait_for_reset(self, reset_epoch: float, *, at_least: float = 0) -> None:
        seconds = max(0.0, reset_epoch - self.options.clock()) + 1  # the reset second itself is not exact
        if seconds <= 1:
            seconds = max(seconds, at_least)
        if not self.options.wait_for_rate_limit or seconds > self.options.max_wait_seconds:
            raise self._rate_limited({"x-ratelimit-reset": str(int(reset_epoch))})
        until = datetime.fromtimestamp(reset_epoch, UTC).strftime("%H:%M")
        self.rate_limit_waits += 1
        self._wait(seconds, "rate limit", f"waiting for GitHub's rate limit until {until} UTC")

    def _wait(self, seconds: float, stage: str, message: str) -> None:
        """Sleep in steps of at most 5 s so the progress bar shows the wait."""
        total = max(1, math.ceil(seconds))
        waited = 0.0
        self.progress(stage, 0, total, message)
        while waited < seconds:
            step = min(5.0, seconds - waited)
            self.options.sleep(step)
            waited += step
            self.progress(stage, min(total, math.ceil(waited)), total, message)
        self.waited_seconds += seconds

    def _rate_limited(self, headers: dict[str, Any]) -> RateLimited:
        reset = _reset_epoch(headers) or self.github.requester.rate_limiting_resettime
        at = datetime.fromtimestamp(reset, UTC) if reset else None
        when = f" at {at:%H:%M} UTC" if at else ""
        return RateLimited(
            f"GitHub's request budget for the token in {self.token_env} is spent; it refills{when}. "
            "Run the sync again then, or use a token with a larger budget",
            source="github", url=self.url, reset_at=at,
        )

    def _auth_error(self, status: int, message: str) -> AuthError:
        if status == 401:
            text = (f"GitHub at {self.url} refused the token in {self.token_env} (401 {message or 'Bad credentials'}): "
                    f"put a valid, unexpired token in {self.token_env}")
        else:
            text = (f"GitHub at {self.url} refused access with the token in {self.token_env} (403 {message}): give "
                    "the token read access to the repositories (contents, pull requests, deployments, issues, and "
                    "actions when github.deploy_workflows is set), and authorise it for the organisation's SSO if it "
                    "uses one")
        return AuthError(text, source="github", url=self.url, env_var=self.token_env)


# ---------------------------------------------------------------------------------------------- helpers


def _message(e: GithubException) -> str:
    data = e.data
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        return data["message"]
    return e.message or ""


def _is_primary_limit(message: str) -> bool:
    return message.lower().startswith("api rate limit exceeded")


def _is_secondary_limit(message: str) -> bool:
    m = message.lower()
    return "secondary rate limit" in m or m.endswith("try again later.") or m.endswith("try again.")


def _reset_epoch(headers: dict[str, Any]) -> int | None:
    value = str(headers.get("x-ratelimit-reset", ""))
    try:
        return int(float(value))
    except ValueError:
        return None


def _retry_after(headers: dict[str, Any]) -> float:
    try:
        return max(1.0, float(headers.get("retry-after", 60)))
    except ValueError:
        return 60.0


def _parse_links(header: str) -> dict[str, str]:
    links = {}
    for part in header.split(","):
        bits = [b.strip() for b in part.split(";")]
        if len(bits) >= 2 and bits[0].startswith("<") and bits[0].endswith(">"):
            for b in bits[1:]:
                if b.startswith("rel="):
                    links[b[4:].strip('"')] = bits[0][1:-1]
    return links


def _page_number(url: str) -> int | None:
    values = parse_qs(urlsplit(url).query).get("page")
    return int(values[0]) if values and values[0].isdigit() else None


def _same_api(base: str, url: str) -> bool:
    """PyGithub only follows links on the API root's scheme, host, port and path prefix."""
    b, u = urlsplit(base), urlsplit(url)
    return (b.hostname, b.port) == (u.hostname, u.port) and u.path.startswith(b.path.rstrip("/") + "/")


def _page_url(base: str, path: str) -> str:
    """The URL of a request without its query, for messages (`path` is relative or an absolute Link URL)."""
    return (base + path if path.startswith("/") else path).split("?")[0]


def _describe_network_error(e: requests.exceptions.RequestException) -> str:
    if isinstance(e, requests.exceptions.Timeout):
        return "no answer within the timeout"
    if isinstance(e, requests.exceptions.ConnectionError):
        return "connection failed or dropped"
    return type(e).__name__
