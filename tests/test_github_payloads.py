"""Bad GitHub payloads are quarantined with a reason naming the field, the run continues; conversion helpers."""

from __future__ import annotations

import pandas as pd
import pytest

from connectors.github import connector_for
from connectors.github_convert import convert, jira_keys, parse_time, raw
from emulators.github import FakeClock, GitHubEmulator
from pilotage.application.sync import run_sync
from pilotage.core.workspace import parse_workspace

TOKEN_ENV = "PILOTAGE_TEST_GITHUB_TOKEN"
TOKEN = "ghp-test-token"
REPO = "nordwind/api"


def bad_repo() -> dict:
    ok = {"state": "closed", "created_at": "2025-03-01T09:00:00Z", "closed_at": "2025-03-01T10:00:00Z"}
    return {REPO: {
        "pulls": [
            {"number": 1, **ok},
            {"number": 2, **ok, "extra": {"created_at": "yesterday"}},
            {"number": 3, **ok, "extra": {"base": None}},
            {"number": 4, **ok, "extra": {"merged_at": 12345}},
            {"number": 5, **ok, "extra": {"draft": "no"}},
            {"number": 6, **ok, "extra": {"title": None, "head": None, "merge_commit_sha": None}},  # optional: null ok
            {"number": 7, **ok, "extra": {"number": "7"}},
        ],
        "deployments": [
            {"id": 1, "environment": "production", "created_at": "2025-03-02T10:00:00Z",
             "statuses": [{"id": 1, "state": "success", "created_at": "2025-03-02T10:05:00Z"}]},
            {"id": 2, "environment": "production", "created_at": "2025-03-02T11:00:00Z",
             "statuses": [{"id": 2, "state": "queued", "created_at": "2025-03-02T11:00:00Z"},
                          {"id": 3, "state": "success", "created_at": "2025-03-02T11:05:00Z",
                           "extra": {"created_at": "soon"}}]},
            {"id": 3, "environment": "production", "created_at": "2025-03-02T12:00:00Z",
             "extra": {"environment": None}},
        ],
        "releases": [
            {"id": 1, "tag": "v1", "created_at": "2025-03-03T10:00:00Z"},
            {"id": 2, "tag": "v2", "created_at": "2025-03-04T10:00:00Z", "extra": {"draft": "no"}},
        ],
        "issues": [
            {"number": 10, "labels": ["incident"], "created_at": "2025-03-05T10:00:00Z"},
            {"number": 11, "labels": ["incident"], "created_at": "2025-03-05T10:00:00Z", "extra": {"created_at": None}},
            {"number": 12, "labels": ["incident"], "created_at": "2025-03-05T10:00:00Z",
             "extra": {"closed_at": "2025-13-45T10:00:00Z", "state": "closed"}},
        ],
    }}


REASONS = [
    "pull_request nordwind/api#2: created_at: expected an ISO 8601 date-time, got 'yesterday'",
    "pull_request nordwind/api#3: base: missing (required)",
    "pull_request nordwind/api#4: merged_at: expected an ISO 8601 date-time, got 12345",
    "pull_request nordwind/api#5: draft: expected true or false, got 'no'",
    "pull_request nordwind/api#?62db4090b4: number: expected a whole number, got '7'",
    "deployment nordwind/api:2: statuses[0].created_at: expected an ISO 8601 date-time, got 'soon'",
    "deployment nordwind/api:3: environment: missing (required)",
    "release nordwind/api:2: draft: expected true or false, got 'no'",
    "issue nordwind/api#11: created_at: missing (required)",
    "issue nordwind/api#12: closed_at: expected an ISO 8601 date-time, got '2025-13-45T10:00:00Z'",
]


@pytest.fixture(autouse=True)
def token(monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, TOKEN)


def test_bad_records_are_quarantined_with_the_field_named_and_the_rest_kept(store):
    clock = FakeClock()
    with GitHubEmulator(bad_repo(), token=TOKEN, clock=clock) as emu:
        ws = parse_workspace({"github": {"url": emu.url, "repos": [REPO], "token_env": TOKEN_ENV}})
        summary = run_sync(ws, store, sources=["github"], connector_factory=lambda w, s: connector_for(
            w, seconds_between_requests=0, sleep=clock.sleep, clock=clock))[0]
    assert summary.ok and summary.quarantined == 10 and summary.stats["quarantined"] == 10
    assert sorted(store.quarantined()["reason"].tolist()) == sorted(REASONS)
    data = store.load()
    assert sorted(data.pull_requests["number"].tolist()) == [1, 6]
    pr6 = data.pull_requests.set_index("number").loc[6]
    assert pd.isna(pr6["title"]) and pd.isna(pr6["head_branch"]) and pd.isna(pr6["merge_sha"])
    assert data.deployments["id"].tolist() == ["github:nordwind/api:deploy:1"]
    assert data.releases["id"].tolist() == ["github:nordwind/api:release:1"]
    assert data.incidents["id"].tolist() == ["github:nordwind/api#10"]




def test_an_invalid_date_in_an_incident_is_quarantined():
    payloads = [raw("issue", f"{REPO}#12", {"number": 12, "labels": ["incident"], "state": "closed",
                                              "created_at": "2025-03-05T10:00:00Z", "closed_at": "2025-13-45T10:00:00Z"})]
    out = convert(payloads, repos=[REPO], incident_label="incident")
    assert [q.reason for q in out.quarantined] == [
        "issue nordwind/api#12: closed_at: expected an ISO 8601 date-time, got '2025-13-45T10:00:00Z'"]
    assert out.frames["incidents"].empty


def test_payloads_of_other_repositories_are_ignored():
    payloads = [raw("release", "other/repo:1", {"id": 1, "tag_name": "v1", "draft": False, "prerelease": False,
                                                 "created_at": "2025-03-03T10:00:00Z"})]
    assert convert(payloads, repos=[REPO], incident_label="incident").frames["releases"].empty


@pytest.mark.parametrize(
    ("title", "branch", "projects", "expected"),
    [
        ("PAY-12 Fix rounding", "feature/PAY-12-rounding", (), "PAY-12"),
        ("Backport PAY-7 and OPS-3 (PAY-7)", "backport/OPS-3", (), "OPS-3 PAY-7"),
        ("fix utf-8 handling", "pay-12-lowercase", (), None),  # keys are upper case, as Jira writes them
        ("Fix UTF-8 handling for PAY-3", None, ("PAY",), "PAY-3"),
        (None, None, (), None),
        ("A2B-99 with digits in the project", "", (), "A2B-99"),
    ],
)
def test_jira_keys(title, branch, projects, expected):
    assert jira_keys(title, branch, set(projects)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-03T15:30:00Z", "2025-03-03T15:30:00+00:00"),
        ("2025-02-28T17:45:00+01:00", "2025-02-28T16:45:00+00:00"),
        ("2025-03-03T15:30:00", "2025-03-03T15:30:00+00:00"),  # no offset: taken as UTC
        ("2025-03-03", None),  # a date is not a date-time
        ("yesterday", None),
        (1741000000, None),
        (None, None),
    ],
)
def test_parse_time(value, expected):
    parsed = parse_time(value)
    assert (parsed.isoformat() if parsed is not None else None) == expected
