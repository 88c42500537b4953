"""GitHub faults through the real PyGithub client: rate limits (waited for, visibly), 429, 5xx, dropped and slow
connections (retried with bounded backoff), refused tokens and invisible repositories (clear errors), and atomic
runs (a failed run leaves the store as it was)."""

from __future__ import annotations

import socket

import pytest

from connectors.github import connector_for
from emulators.github import FakeClock, GitHubEmulator
from pilotage.application.sync import run_sync
from pilotage.core.errors import AuthError, NotFoundError, RateLimited, SourceError
from pilotage.core.workspace import parse_workspace

TOKEN_ENV = "PILOTAGE_TEST_GITHUB_TOKEN"
TOKEN = "ghp-test-token"
REPO = "nordwind/api"


def small_repo() -> dict:
    """9 requests for a full run: repo, PR page, 3 first commits, issues, deployments, 1 status list, releases."""
    pulls = [
        {"number": n, "state": "closed", "created_at": f"2025-03-0{n}T09:00:00Z", "merged_at": f"2025-03-0{n}T12:00:00Z",
         "closed_at": f"2025-03-0{n}T12:00:00Z", "commits": [{"sha": f"c{n}", "authored_at": f"2025-03-0{n}T08:00:00Z"}]}
        for n in (1, 2, 3)
    ]
    deployments = [{"id": 1, "environment": "production", "created_at": "2025-03-04T10:00:00Z",
                    "statuses": [{"id": 11, "state": "success", "created_at": "2025-03-04T10:05:00Z"}]}]
    return {REPO: {"pulls": pulls, "deployments": deployments}}


@pytest.fixture(autouse=True)
def token(monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, TOKEN)


@pytest.fixture
def clock():
    return FakeClock()


def run(emu: GitHubEmulator, clock: FakeClock, repos=(REPO,), progress=None, **options):
    ws = parse_workspace({"github": {"url": emu.url, "repos": list(repos), "token_env": TOKEN_ENV}})
    c = connector_for(ws, seconds_between_requests=0, sleep=clock.sleep, clock=clock, **options)
    return c.fetch(watermark=None, full=True, progress=progress or (lambda *a: None))


def pr_numbers(result) -> list[int]:
    return sorted(result.batch.frame("pull_requests")["number"].tolist())


def test_a_403_rate_limit_waits_for_the_reset_then_succeeds(clock):
    messages = []
    with GitHubEmulator(small_repo(), token=TOKEN, clock=clock) as emu:
        emu.add_fault("rate_limit", at=2, seconds=120)
        result = run(emu, clock, progress=lambda stage, done, total, msg: messages.append((stage, done, total, msg)))
    assert [(r.path, r.status) for r in emu.requests[:3]] == [
        ("/repos/nordwind/api", 200), ("/repos/nordwind/api/pulls", 403), ("/repos/nordwind/api/pulls", 200)]
    assert sum(clock.sleeps) == 121  # until the reset, plus one second
    assert result.stats["rate_limit_waits"] == 1 and pr_numbers(result) == [1, 2, 3]
    waits = [m for m in messages if m[0] == "rate limit"]
    assert waits[0] == ("rate limit", 0, 121, "waiting for GitHub's rate limit until 12:02 UTC")
    assert waits[-1][1:3] == (121, 121)


def test_a_low_budget_is_waited_for_before_it_runs_out(clock):
    with GitHubEmulator(small_repo(), token=TOKEN, clock=clock, budget=10, reset_seconds=600) as emu:
        result = run(emu, clock, reserve=5)
    assert all(r.status == 200 for r in emu.requests) and len(emu.requests) == 10  # 9 + the branch's commits
    assert result.stats["rate_limit_waits"] == 1 and sum(clock.sleeps) == 601  # before the 7th request


def test_a_429_is_retried_after_retry_after(clock):
    with GitHubEmulator(small_repo(), token=TOKEN, clock=clock) as emu:
        emu.add_fault("retry_after", path="/pulls$", seconds=7)
        result = run(emu, clock)
    assert clock.sleeps == [5, 2] and result.stats["retries"] == 1 and pr_numbers(result) == [1, 2, 3]
    assert result.stats["rate_limit_waits"] == 1


def test_a_secondary_rate_limit_is_retried_after_retry_after(clock):
    with GitHubEmulator(small_repo(), token=TOKEN, clock=clock) as emu:
        emu.add_fault("secondary", path="/commits$", seconds=30)
        result = run(emu, clock)
    assert sum(clock.sleeps) == 30 and result.stats["retries"] == 1
    assert result.batch.frame("pull_requests")["first_commit_at"].notna().all()


def test_server_errors_are_retried_with_backoff(clock):
    with GitHubEmulator(small_repo(), token=TOKEN, clock=clock) as emu:
        emu.add_fault("error", path="/deployments$", times=2, status=502)
        result = run(emu, clock)
    assert clock.sleeps == [1, 2] and result.stats["retries"] == 2 and len(result.batch.frame("deployments")) == 1


def test_a_dropped_connection_is_retried(clock):
    with GitHubEmulator(small_repo(), token=TOKEN, clock=clock) as emu:
        emu.add_fault("drop", at=3)
        result = run(emu, clock)
    assert emu.requests[2].status == 0 and emu.requests[3].path == emu.requests[2].path
    assert result.stats["retries"] == 1 and pr_numbers(result) == [1, 2, 3]


def test_a_slow_answer_times_out_and_is_retried(clock):
    with GitHubEmulator(small_repo(), token=TOKEN, clock=clock) as emu:
        emu.add_fault("slow", path="/releases$", seconds=1.3)
        result = run(emu, clock, timeout=1)  # PyGithub takes whole seconds
    assert emu.paths("/releases$") == ["/repos/nordwind/api/releases"] * 2 and result.stats["retries"] == 1


def test_retries_are_bounded_and_the_message_says_what_failed(clock):
    with GitHubEmulator(small_repo(), token=TOKEN, clock=clock) as emu:
        emu.add_fault("error", path="/pulls$", times=100)
        with pytest.raises(SourceError) as err:
            run(emu, clock, max_retries=2)
    assert str(err.value) == (
        f"GitHub did not answer {emu.url}/repos/nordwind/api/pulls after 3 attempts (last: HTTP 500 Server Error); "
        "try again later, or raise github.max_retries in the workspace file")
    assert len(emu.paths("/pulls$")) == 3 and clock.sleeps == [1, 2]


def test_a_wrong_token_is_an_auth_error_naming_url_and_variable(clock, monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, "expired")
    with GitHubEmulator(small_repo(), token=TOKEN, clock=clock) as emu, pytest.raises(AuthError) as err:
        run(emu, clock)
    assert str(err.value) == (f"GitHub at {emu.url} refused the token in {TOKEN_ENV} (401 Bad credentials): put a "
                              f"valid, unexpired token in {TOKEN_ENV}")
    assert err.value.env_var == TOKEN_ENV and len(emu.requests) == 1


def test_a_missing_token_names_the_variable_and_sends_nothing(clock, monkeypatch):
    monkeypatch.delenv(TOKEN_ENV)
    with GitHubEmulator(small_repo(), token=TOKEN, clock=clock) as emu, pytest.raises(AuthError) as err:
        run(emu, clock)
    assert f"set the environment variable {TOKEN_ENV}" in str(err.value) and emu.requests == []


def test_a_plain_403_is_an_auth_error_not_retried(clock):
    with GitHubEmulator(small_repo(), token=TOKEN, clock=clock) as emu:
        emu.add_fault("error", path="/deployments$", status=403,
                      message="Resource not accessible by personal access token")
        with pytest.raises(AuthError) as err:
            run(emu, clock)
    assert "(403 Resource not accessible by personal access token)" in str(err.value)
    assert TOKEN_ENV in str(err.value) and emu.url in str(err.value)
    assert len(emu.paths("/deployments$")) == 1


def test_a_repository_the_token_cannot_see_is_named(clock):
    repos = {**small_repo(), "nordwind/secret": {"hidden": True}}
    with GitHubEmulator(repos, token=TOKEN, clock=clock) as emu, pytest.raises(NotFoundError) as err:
        run(emu, clock, repos=(REPO, "nordwind/secret"))
    assert str(err.value) == (
        f"GitHub repository nordwind/secret not found at {emu.url}: the token in {TOKEN_ENV} cannot see "
        "nordwind/secret, or it does not exist. Check github.repos and github.url in the workspace file, and the "
        "token's access")


def test_not_waiting_for_the_rate_limit_raises_rate_limited(clock):
    with GitHubEmulator(small_repo(), token=TOKEN, clock=clock) as emu:
        emu.add_fault("rate_limit", at=1, seconds=900)
        with pytest.raises(RateLimited) as err:
            run(emu, clock, wait_for_rate_limit=False)
    assert "refills at 12:15 UTC" in str(err.value) and err.value.reset_at.strftime("%H:%M") == "12:15"
    assert clock.sleeps == []


def test_a_failed_run_leaves_the_store_unchanged(clock, store):
    repos = {**small_repo(), "nordwind/web": {}}
    with GitHubEmulator(repos, token=TOKEN, clock=clock) as emu:
        ws = parse_workspace({"github": {"url": emu.url, "repos": [REPO, "nordwind/web"], "token_env": TOKEN_ENV}})

        def factory(w, source):
            return connector_for(w, seconds_between_requests=0, sleep=clock.sleep, clock=clock, max_retries=1)

        assert run_sync(ws, store, sources=["github"], connector_factory=factory)[0].ok
        before, version = store.load(), store.data_version()
        emu.update_pull(REPO, 1, title="changed")
        emu.repos["nordwind/web"]["hidden"] = True  # the second repository fails after the first was fetched
        summary = run_sync(ws, store, sources=["github"], connector_factory=factory)[0]
        assert not summary.ok and "nordwind/web not found" in summary.message
        emu.repos["nordwind/web"]["hidden"] = False
        emu.add_fault("error", path="/releases$", times=10)
        summary = run_sync(ws, store, sources=["github"], connector_factory=factory)[0]
        assert not summary.ok and "after 2 attempts" in summary.message
    assert store.data_version() == version
    after = store.load()
    for table in ("repositories", "pull_requests", "deployments", "deployment_statuses"):
        assert after.frames[table].equals(before.frames[table]), table
    runs = store.runs()
    assert runs["status"].tolist() == ["failed", "failed", "ok"]


def test_a_rate_limit_whose_reset_is_already_past_still_pauses_a_minute():
    github_clock, our_clock = FakeClock(), FakeClock()
    our_clock.advance(120)  # this machine's clock is two minutes ahead of GitHub's

    def sleep(seconds: float) -> None:
        github_clock.advance(seconds)
        our_clock.sleep(seconds)

    with GitHubEmulator(small_repo(), token=TOKEN, clock=github_clock) as emu:
        emu.add_fault("rate_limit", at=1, seconds=30)  # resets 90 s ago by our clock
        ws = parse_workspace({"github": {"url": emu.url, "repos": [REPO], "token_env": TOKEN_ENV}})
        c = connector_for(ws, seconds_between_requests=0, sleep=sleep, clock=our_clock)
        result = c.fetch(watermark=None, full=True, progress=lambda *a: None)
    assert sum(our_clock.sleeps) == 60 and result.stats["rate_limit_waits"] == 1 and pr_numbers(result) == [1, 2, 3]


def test_an_unreachable_server_names_the_url_to_check(clock):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    ws = parse_workspace({"github": {"url": f"http://127.0.0.1:{port}/api/v3", "repos": [REPO],
                                     "token_env": TOKEN_ENV}})
    c = connector_for(ws, seconds_between_requests=0, sleep=clock.sleep, clock=clock, max_retries=1)
    with pytest.raises(SourceError) as err:
        c.fetch(watermark=None, full=True, progress=lambda *a: None)
    assert str(err.value) == (
        f"GitHub did not answer http://127.0.0.1:{port}/api/v3/repos/nordwind/api after 2 attempts (last: connection "
        "failed or dropped); check github.url in the workspace file and the network, then try again")
