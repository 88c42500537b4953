"""Faults between the connector and Jira: rate limits, server errors, dropped and slow connections, refused
credentials. Waits go through an injected `sleep`, so the tests assert the waits without spending them."""

from __future__ import annotations

import socket
import time

import pytest

from connectors.jira import connector_for
from emulators.jira import JiraEmulator, workspace_for
from pilotage.core.connector import no_progress
from pilotage.core.errors import AuthError, NotFoundError, RateLimited, SourceError
from pilotage.core.workspace import parse_workspace

SEARCH = "/rest/api/2/search"


@pytest.fixture(params=["server", "cloud"])
def emu(request):
    with JiraEmulator(request.param, page_cap=2) as e:
        e.add_board(1, "PAY")
        e.add_sprint(37, 1, "PAY Sprint 3", "closed", "2024-01-08T09:00:00.000+0000", "2024-01-22T09:00:00.000+0000")
        for n in range(1, 6):
            e.add_issue({"key": f"PAY-{n}", "created": "2024-01-02T10:00:00.000+0000",
                         "history": [{"at": "2024-01-03T10:00:00.000+0000", "status": ["To Do", "In Progress"]}]})
        yield e


def run(emu: JiraEmulator, monkeypatch, *, sleeps: list | None = None, **options):
    ws = parse_workspace(workspace_for(emu, monkeypatch.setenv))
    options = {"timeout": 2, "max_retries": 3, **options}
    sleep = sleeps.append if sleeps is not None else (lambda s: None)
    return connector_for(ws, sleep=sleep, **options).fetch(watermark=None, full=True, progress=no_progress)


@pytest.mark.parametrize(
    "kind, retry_after, times, waits",
    [
        ("429", 7, 1, [7.0]),  # Retry-After honoured exactly (the client alone would wait 2×, with jitter)
        ("503", 3, 2, [3.0, 3.0]),
        ("503", None, 2, [1.0, 2.0]),  # no Retry-After: exponential backoff
        ("500", None, 2, [1.0, 2.0]),  # 500/502 are retried too (the client alone does not)
        ("502", None, 1, [1.0]),
    ],
)
def test_transient_answers_are_retried_then_the_run_completes(emu, monkeypatch, kind, retry_after, times, waits):
    fault = emu.fail(kind, path=SEARCH, skip=1, times=times, retry_after=retry_after)  # the second search page
    sleeps: list[float] = []
    result = run(emu, monkeypatch, sleeps=sleeps)
    assert fault.fired == times
    assert sleeps == waits
    assert len(result.batch.frames["issues"]) == 5
    assert emu.count(SEARCH) == 3 + times  # 5 issues at 2 a page, plus the repeated page
    assert result.stats["requests"] == len(emu.requests)


def test_retries_are_bounded_and_the_error_names_the_site(emu, monkeypatch):
    emu.fail("500", path="/rest/api/2/status", times=100)
    sleeps: list[float] = []
    with pytest.raises(SourceError) as err:
        run(emu, monkeypatch, sleeps=sleeps, max_retries=3)
    assert sleeps == [1.0, 2.0, 4.0]
    assert emu.count("/rest/api/2/status") == 4
    message = str(err.value)
    assert emu.url in message and "HTTP 500" in message and "4 attempts" in message and "status list" in message
    assert err.value.url == emu.url and err.value.source == "jira"


def test_a_retry_after_beyond_the_patience_raises_rate_limited(emu, monkeypatch):
    emu.fail("429", path=SEARCH, retry_after=3600)
    with pytest.raises(RateLimited) as err:
        run(emu, monkeypatch, max_wait=300)
    assert "3600 s" in str(err.value) and emu.url in str(err.value)
    assert err.value.reset_at is not None


def test_a_dropped_connection_is_retried_once(emu, monkeypatch):
    emu.fail("drop", path=SEARCH, skip=1)
    result = run(emu, monkeypatch)
    assert len(result.batch.frames["issues"]) == 5
    assert emu.count(SEARCH) == 4  # 3 pages, one of them asked twice
    emu.reset_requests()
    emu.fail("drop", path="/rest/api/2/field", times=2)
    with pytest.raises(SourceError, match=r"cannot reach Jira at .* field list .*jira\.url"):
        run(emu, monkeypatch)


def test_a_slow_answer_fails_within_seconds(emu, monkeypatch):
    emu.fail("slow", path=SEARCH, delay=5, times=2)
    started = time.monotonic()
    with pytest.raises(SourceError) as err:
        run(emu, monkeypatch, timeout=0.3, max_retries=3)
    assert time.monotonic() - started < 2.5  # two attempts of 0.3 s, not the client's minutes of backoff
    assert f"{emu.url} did not answer within 0.3 s" in str(err.value)
    assert "jira.timeout_seconds" in str(err.value)


def test_an_unreachable_site_fails_within_seconds(monkeypatch):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("JIRA_TOKEN", "t")
    ws = parse_workspace({"jira": {"url": f"http://127.0.0.1:{port}", "projects": ["PAY"]}})
    started = time.monotonic()
    with pytest.raises(SourceError, match=rf"cannot reach Jira at http://127.0.0.1:{port} .*connection refused"):
        connector_for(ws).fetch(watermark=None, full=True, progress=no_progress)  # default options, real sleep
    assert time.monotonic() - started < 5


def test_a_wrong_token_names_the_site_and_the_variables(emu, monkeypatch):
    ws = parse_workspace(workspace_for(emu, monkeypatch.setenv))
    monkeypatch.setenv("JIRA_TOKEN", "not-the-token")
    with pytest.raises(AuthError) as err:
        connector_for(ws, sleep=lambda s: None).fetch(watermark=None, full=True, progress=no_progress)
    message = str(err.value)
    assert emu.url in message and "HTTP 401" in message and "JIRA_TOKEN" in message
    if emu.mode == "cloud":
        assert "JIRA_USER and JIRA_TOKEN" in message and "e-mail and API token" in message
    else:
        assert "personal access token" in message
    assert err.value.env_var == "JIRA_TOKEN"
    assert len(emu.requests) == 1  # refused credentials are not retried


def test_a_cloud_site_read_with_a_personal_access_token_says_to_set_the_email(monkeypatch):
    with JiraEmulator("cloud", public_server_info=True) as e:
        e.add_board(1, "PAY")
        ws = parse_workspace(workspace_for(e, monkeypatch.setenv, user_env=""))  # no e-mail: a Bearer token
        with pytest.raises(AuthError, match=r"HTTP 401.*This site is Jira Cloud.*set jira\.user_env"):
            connector_for(ws).fetch(watermark=None, full=True, progress=no_progress)


def test_forbidden_says_what_to_check(emu, monkeypatch):
    emu.fail("403", path=SEARCH)
    with pytest.raises(AuthError, match=r"refused access \(HTTP 403\).*JIRA_TOKEN.*Browse projects"):
        run(emu, monkeypatch)


def test_a_missing_variable_is_named_before_any_request(emu, monkeypatch, tmp_path):
    ws = parse_workspace(workspace_for(emu, monkeypatch.setenv))
    monkeypatch.delenv("JIRA_TOKEN")
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml here
    with pytest.raises(AuthError, match="environment variable JIRA_TOKEN is not set") as err:
        connector_for(ws).fetch(watermark=None, full=True, progress=no_progress)
    assert err.value.env_var == "JIRA_TOKEN" and emu.url in str(err.value)
    assert emu.requests == []


def test_an_unknown_board_is_a_clear_not_found(emu, monkeypatch):
    ws = parse_workspace(workspace_for(emu, monkeypatch.setenv, teams=[{"name": "Payments", "board": 99}]))
    with pytest.raises(NotFoundError, match=r"sprints of board 99 not found \(HTTP 404\).*teams\[\]\.board"):
        connector_for(ws).fetch(watermark=None, full=True, progress=no_progress)


def test_a_rejected_query_points_at_the_jql_setting(emu, monkeypatch):
    emu.fail("400", path=SEARCH)
    with pytest.raises(SourceError, match=r"refused the request for the issue search \(HTTP 400\).*jira\.jql"):
        run(emu, monkeypatch)
    assert emu.count(SEARCH) == 1
