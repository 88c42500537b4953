"""GitHub connector through the real PyGithub client against the local emulator: converted records, requests,
paging, incremental runs, stores (SQLite and PostgreSQL) and re-conversion."""

from __future__ import annotations

import json
import urllib.request

import pandas as pd
import pytest

from connectors.github import connector_for
from emulators.github import FakeClock, GitHubEmulator
from pilotage.application.sync import run_sync
from pilotage.core.store import Store
from pilotage.core.workspace import parse_workspace

TOKEN_ENV = "PILOTAGE_TEST_GITHUB_TOKEN"
TOKEN = "ghp-test-token"
API, WEB = "nordwind/api", "nordwind/web"


def nordwind() -> dict:
    """Hand-written edge cases: a merged PR with a first commit in another time zone, a draft never deployed,
    an unmerged backport to a release branch, a PR merged into another branch carrying the incident label,
    a production deployment that failed then succeeded, a staging one, incidents (closed, open with the label
    in another case), a plain bug; and a repository with only releases (published, draft, pre-release)."""
    return {
        API: {
            "default_branch": "main",
            "pulls": [
                {"number": 41, "title": "PAY-12 Fix checkout rounding", "state": "closed", "head": "feature/PAY-12-rounding",
                 "created_at": "2025-03-01T09:00:00Z", "updated_at": "2025-03-03T15:31:00Z",
                 "merged_at": "2025-03-03T15:30:00Z", "closed_at": "2025-03-03T15:30:00Z", "merge_commit_sha": "m41",
                 "additions": 120, "deletions": 30,
                 "commits": [{"sha": "c411", "authored_at": "2025-02-28T17:45:00+01:00"},
                             {"sha": "c412", "authored_at": "2025-03-01T08:00:00Z"}]},
                {"number": 42, "title": "Spike: cache warmup", "draft": True, "head": "spike/cache",
                 "created_at": "2025-03-05T10:00:00Z"},
                {"number": 43, "title": "Backport PAY-7 and OPS-3 fixes (PAY-7)", "state": "closed",
                 "base": "release/1.2", "head": "backport/OPS-3", "created_at": "2025-03-02T10:00:00Z",
                 "closed_at": "2025-03-02T12:00:00Z"},
                {"number": 44, "title": "Hotfix follow-up", "state": "closed", "base": "develop", "head": "hotfix/timeout",
                 "labels": ["incident"], "created_at": "2025-03-04T11:00:00Z", "merged_at": "2025-03-04T12:00:00Z",
                 "closed_at": "2025-03-04T12:00:00Z", "merge_commit_sha": "m44",
                 "commits": [{"sha": "c441", "authored_at": "2025-03-04T10:00:00Z"}]},
            ],
            "deployments": [
                {"id": 991, "environment": "production", "sha": "s991", "created_at": "2025-03-03T15:50:00Z",
                 "statuses": [{"id": 5001, "state": "failure", "created_at": "2025-03-03T16:00:00Z"},
                              {"id": 5002, "state": "success", "created_at": "2025-03-03T16:40:00Z"}]},
                {"id": 992, "environment": "staging", "sha": "s991", "created_at": "2025-03-03T15:35:00Z",
                 "statuses": [{"id": 5003, "state": "success", "created_at": "2025-03-03T15:40:00Z"}]},
            ],
            "commits": [{"sha": "m41", "authored_at": "2025-03-03T15:29:00Z", "committed_at": "2025-03-03T15:30:00Z",
                         "parents": ["c412", "p0"]},
                        {"sha": "h1", "authored_at": "2025-03-04T09:00:00Z", "committed_at": "2025-03-04T09:05:00Z",
                         "parents": ["m41"]}],
            "issues": [
                {"number": 7, "title": "Checkout returns 500", "labels": ["incident", "sev1"], "state": "closed",
                 "created_at": "2025-03-04T08:00:00Z", "closed_at": "2025-03-04T10:30:00Z"},
                {"number": 8, "title": "Slow search", "labels": ["Incident"], "created_at": "2025-03-06T09:00:00Z"},
                {"number": 9, "title": "Typo on pricing page", "labels": ["bug"], "created_at": "2025-03-05T09:00:00Z"},
            ],
        },
        WEB: {
            "default_branch": "trunk",
            "releases": [
                {"id": 7, "tag": "v1.0.0", "name": "First", "created_at": "2025-02-20T10:00:00Z",
                 "published_at": "2025-02-20T10:05:00Z"},
                {"id": 8, "tag": "v1.1.0", "draft": True, "created_at": "2025-03-01T10:00:00Z"},
                {"id": 9, "tag": "v1.1.0-rc1", "prerelease": True, "created_at": "2025-02-25T10:00:00Z",
                 "published_at": "2025-02-25T10:01:00Z"},
            ],
        },
    }


def workspace(emu: GitHubEmulator, repos=(API, WEB), **github):
    return parse_workspace({"github": {"url": emu.url, "repos": list(repos), "token_env": TOKEN_ENV, **github}})


def connector(ws, clock: FakeClock, **options):
    return connector_for(ws, seconds_between_requests=0, sleep=clock.sleep, clock=clock, **options)


def nothing(*_args) -> None:
    return None


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain Python: times as ISO UTC strings, missing values as None."""
    out = []
    for row in frame.sort_values(list(frame.columns[:1]) + (["seq"] if "seq" in frame else [])).to_dict("records"):
        clean = {}
        for k, v in row.items():
            if v is None or v is pd.NA or (not isinstance(v, str) and pd.isna(v)):
                clean[k] = None
            elif isinstance(v, pd.Timestamp):
                clean[k] = v.strftime("%Y-%m-%dT%H:%M:%SZ")
            else:
                clean[k] = v.item() if hasattr(v, "item") else v
        out.append(clean)
    return out


@pytest.fixture(autouse=True)
def token(monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, TOKEN)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def emu(clock):
    with GitHubEmulator(nordwind(), token=TOKEN, clock=clock) as e:
        yield e


# ---------------------------------------------------------------------------------------------- golden records

EXPECTED = {
    "repositories": [
        {"id": "github:nordwind/api", "source": "github", "full_name": API, "default_branch": "main",
         "url": "https://github.example.com/nordwind/api"},
        {"id": "github:nordwind/web", "source": "github", "full_name": WEB, "default_branch": "trunk",
         "url": "https://github.example.com/nordwind/web"},
    ],
    "pull_requests": [
        {"id": "github:nordwind/api#41", "source": "github", "repo": API, "number": 41,
         "title": "PAY-12 Fix checkout rounding", "state": "closed", "draft": False, "base_branch": "main",
         "head_branch": "feature/PAY-12-rounding", "created_at": "2025-03-01T09:00:00Z",
         "updated_at": "2025-03-03T15:31:00Z", "merged_at": "2025-03-03T15:30:00Z",
         "closed_at": "2025-03-03T15:30:00Z", "merge_sha": "m41", "first_commit_at": "2025-02-28T16:45:00Z",
         "additions": None, "deletions": None, "jira_keys": "PAY-12",
         "url": "https://github.example.com/nordwind/api/pull/41"},
        {"id": "github:nordwind/api#42", "source": "github", "repo": API, "number": 42, "title": "Spike: cache warmup",
         "state": "open", "draft": True, "base_branch": "main", "head_branch": "spike/cache",
         "created_at": "2025-03-05T10:00:00Z", "updated_at": "2025-03-05T10:00:00Z", "merged_at": None,
         "closed_at": None, "merge_sha": None, "first_commit_at": None, "additions": None, "deletions": None,
         "jira_keys": None, "url": "https://github.example.com/nordwind/api/pull/42"},
        {"id": "github:nordwind/api#43", "source": "github", "repo": API, "number": 43,
         "title": "Backport PAY-7 and OPS-3 fixes (PAY-7)", "state": "closed", "draft": False,
         "base_branch": "release/1.2", "head_branch": "backport/OPS-3", "created_at": "2025-03-02T10:00:00Z",
         "updated_at": "2025-03-02T12:00:00Z", "merged_at": None, "closed_at": "2025-03-02T12:00:00Z",
         "merge_sha": None, "first_commit_at": None, "additions": None, "deletions": None,
         "jira_keys": "OPS-3 PAY-7", "url": "https://github.example.com/nordwind/api/pull/43"},
        {"id": "github:nordwind/api#44", "source": "github", "repo": API, "number": 44, "title": "Hotfix follow-up",
         "state": "closed", "draft": False, "base_branch": "develop", "head_branch": "hotfix/timeout",
         "created_at": "2025-03-04T11:00:00Z", "updated_at": "2025-03-04T12:00:00Z",
         "merged_at": "2025-03-04T12:00:00Z", "closed_at": "2025-03-04T12:00:00Z", "merge_sha": "m44",
         "first_commit_at": None, "additions": None, "deletions": None, "jira_keys": None,
         "url": "https://github.example.com/nordwind/api/pull/44"},
    ],
    "deployments": [
        {"id": "github:nordwind/api:deploy:991", "source": "github", "repo": API, "environment": "production",
         "sha": "s991", "ref": "main", "created_at": "2025-03-03T15:50:00Z",
         "url": "https://github.example.com/nordwind/api/deployments/production"},
        {"id": "github:nordwind/api:deploy:992", "source": "github", "repo": API, "environment": "staging",
         "sha": "s991", "ref": "main", "created_at": "2025-03-03T15:35:00Z",
         "url": "https://github.example.com/nordwind/api/deployments/staging"},
    ],
    "deployment_statuses": [
        {"deployment_id": "github:nordwind/api:deploy:991", "source": "github", "seq": 0, "state": "failure",
         "at": "2025-03-03T16:00:00Z"},
        {"deployment_id": "github:nordwind/api:deploy:991", "source": "github", "seq": 1, "state": "success",
         "at": "2025-03-03T16:40:00Z"},
        {"deployment_id": "github:nordwind/api:deploy:992", "source": "github", "seq": 0, "state": "success",
         "at": "2025-03-03T15:40:00Z"},
    ],
    "releases": [
        {"id": "github:nordwind/web:release:7", "source": "github", "repo": WEB, "tag": "v1.0.0", "name": "First",
         "draft": False, "prerelease": False, "created_at": "2025-02-20T10:00:00Z",
         "published_at": "2025-02-20T10:05:00Z", "url": "https://github.example.com/nordwind/web/releases/tag/v1.0.0"},
        {"id": "github:nordwind/web:release:8", "source": "github", "repo": WEB, "tag": "v1.1.0", "name": "v1.1.0",
         "draft": True, "prerelease": False, "created_at": "2025-03-01T10:00:00Z", "published_at": None,
         "url": "https://github.example.com/nordwind/web/releases/tag/v1.1.0"},
        {"id": "github:nordwind/web:release:9", "source": "github", "repo": WEB, "tag": "v1.1.0-rc1",
         "name": "v1.1.0-rc1", "draft": False, "prerelease": True, "created_at": "2025-02-25T10:00:00Z",
         "published_at": "2025-02-25T10:01:00Z",
         "url": "https://github.example.com/nordwind/web/releases/tag/v1.1.0-rc1"},
    ],
    "incidents": [
        {"id": "github:nordwind/api#7", "source": "github", "repo": API, "project": None,
         "title": "Checkout returns 500", "created_at": "2025-03-04T08:00:00Z", "resolved_at": "2025-03-04T10:30:00Z",
         "url": "https://github.example.com/nordwind/api/issues/7"},
        {"id": "github:nordwind/api#8", "source": "github", "repo": API, "project": None, "title": "Slow search",
         "created_at": "2025-03-06T09:00:00Z", "resolved_at": None,
         "url": "https://github.example.com/nordwind/api/issues/8"},
    ],
}


def test_converted_records_of_the_hand_written_edge_cases(emu, clock):
    result = connector(workspace(emu), clock).fetch(watermark=None, full=True, progress=nothing)
    for table, expected in EXPECTED.items():
        assert records(result.batch.frame(table)) == expected, table
    assert result.batch.full is True and result.quarantined == []
    assert result.stats["notes"] == ["nordwind/web: no deployments; its 1 published release is used as deployments"]
    assert {k: result.stats[k] for k in ("repos", "pull_requests", "deployments", "releases", "incidents",
                                         "requests", "quarantined", "rate_limit_waits")} == {
        "repos": 2, "pull_requests": 4, "deployments": 2, "releases": 3, "incidents": 2, "requests": 15,
        "quarantined": 0, "rate_limit_waits": 0}


def test_requests_of_a_full_run(emu, clock):
    connector(workspace(emu), clock).fetch(watermark=None, full=True, progress=nothing)
    assert [(r.path, r.params) for r in emu.requests] == [
        ("/repos/nordwind/api", {}),
        ("/repos/nordwind/api/pulls", {"state": "all", "sort": "updated", "direction": "desc", "per_page": "100"}),
        # first commit only for the PR merged into the default branch (#41), not for #44 merged into develop
        ("/repos/nordwind/api/pulls/41/commits", {"per_page": "100"}),
        ("/repos/nordwind/api/issues", {"state": "all", "labels": "incident", "per_page": "100"}),
        ("/repos/nordwind/api/deployments", {"per_page": "100"}),
        ("/repos/nordwind/api/deployments/991/statuses", {"per_page": "100"}),
        ("/repos/nordwind/api/deployments/992/statuses", {"per_page": "100"}),
        ("/repos/nordwind/api/releases", {"per_page": "100"}),
        # the default branch's commits of the last 365 days (a full run)
        ("/repos/nordwind/api/commits", {"sha": "main", "since": "2024-03-10T12:00:00Z", "per_page": "100"}),
        ("/repos/nordwind/web", {}),
        ("/repos/nordwind/web/pulls", {"state": "all", "sort": "updated", "direction": "desc", "per_page": "100"}),
        ("/repos/nordwind/web/issues", {"state": "all", "labels": "incident", "per_page": "100"}),
        ("/repos/nordwind/web/deployments", {"per_page": "100"}),
        ("/repos/nordwind/web/releases", {"per_page": "100"}),
        ("/repos/nordwind/web/commits", {"sha": "trunk", "since": "2024-03-10T12:00:00Z", "per_page": "100"}),
    ]
    assert all(r.status == 200 for r in emu.requests)


def test_no_personal_data_is_kept_in_raw_payloads(emu, clock):
    result = connector(workspace(emu), clock).fetch(watermark=None, full=True, progress=nothing)
    text = " ".join(p.payload for p in result.raw)
    for person in ("dev-person", "reviewer-person", "merger-person", "deployer-person", "releaser-person",
                   "reporter-person", "A Person", "person@example.com"):
        assert person not in text
    kinds = sorted({(p.kind, p.key) for p in result.raw})
    assert ("pull_request", "nordwind/api#41") in kinds and ("deployment", "nordwind/api:991") in kinds
    pr41 = json.loads(next(p.payload for p in result.raw if p.key == "nordwind/api#41"))
    assert pr41["first_commit"] == {"sha": "c411", "commit": {"author": {"date": "2025-02-28T17:45:00+01:00"}}}
    # default-branch commits: shas and times only (the emulator renders author and committer names and e-mails)
    assert json.loads(next(p.payload for p in result.raw if p.key == "nordwind/api:h1")) == {
        "sha": "h1", "commit": {"author": {"date": "2025-03-04T09:00:00Z"},
                                "committer": {"date": "2025-03-04T09:05:00Z"}}, "parents": [{"sha": "m41"}]}
    stored = pd.concat([result.batch.frame(t).astype("str") for t in ("commits", "pull_request_commits")])
    assert not stored.apply(lambda col: col.str.contains("person", case=False)).any().any()


def test_paging_follows_absolute_link_headers(clock):
    pulls = [{"number": n, "created_at": f"2025-03-0{n}T10:00:00Z"} for n in range(1, 6)]
    with GitHubEmulator({API: {"pulls": pulls}}, token=TOKEN, clock=clock) as emu:
        result = connector(workspace(emu, repos=[API]), clock, per_page=2).fetch(watermark=None, full=True,
                                                                                  progress=nothing)
    pages = [r.params.get("page") for r in emu.requests if r.path == "/repos/nordwind/api/pulls"]
    assert pages == [None, "2", "3"]
    assert sorted(result.batch.frame("pull_requests")["number"].tolist()) == [1, 2, 3, 4, 5]


def test_the_emulator_builds_absolute_links_from_the_host_header(emu):
    port = emu.url.split(":")[2].split("/")[0]
    req = urllib.request.Request(f"{emu.url}/repos/nordwind/api/pulls?state=all&per_page=1",
                                 headers={"Authorization": f"token {TOKEN}", "Host": f"localhost:{port}"})
    with urllib.request.urlopen(req) as answer:
        link = answer.headers["Link"]
        assert answer.headers["X-RateLimit-Remaining"] == "4999"
    assert link == (f'<http://localhost:{port}/api/v3/repos/nordwind/api/pulls?state=all&per_page=1&page=2>; '
                    f'rel="next", <http://localhost:{port}/api/v3/repos/nordwind/api/pulls?state=all&per_page=1&page=4>;'
                    ' rel="last"')


def test_first_commit_off_makes_no_commit_request_and_leaves_it_null(emu, clock):
    result = connector(workspace(emu, first_commit=False), clock).fetch(watermark=None, full=True, progress=nothing)
    assert emu.paths("/pulls/.*/commits$") == []
    assert result.batch.frame("pull_requests")["first_commit_at"].isna().all()
    assert result.stats["requests"] == 14 and result.stats["first_commit_requests"] == 0
    assert result.batch.frame("pull_request_commits").empty


def test_commits_off_reads_no_branch_history(emu, clock):
    result = connector(workspace(emu, commits=False), clock).fetch(watermark=None, full=True, progress=nothing)
    assert emu.paths("^/repos/[^/]+/[^/]+/commits$") == [] and result.stats["commit_requests"] == 0
    assert result.stats["requests"] == 13


def test_pr_sizes_option_costs_one_request_per_pr(emu, clock):
    result = connector(workspace(emu, repos=[API]), clock, pr_sizes=True).fetch(watermark=None, full=True,
                                                                                 progress=nothing)
    assert sorted(emu.paths(r"/pulls/\d+$")) == [f"/repos/nordwind/api/pulls/{n}" for n in (41, 42, 43, 44)]
    prs = result.batch.frame("pull_requests").set_index("number")
    assert (int(prs.loc[41, "additions"]), int(prs.loc[41, "deletions"])) == (120, 30)


def test_jira_keys_are_restricted_to_the_workspace_jira_projects(emu, clock):
    ws = parse_workspace({
        "jira": {"url": "https://nordwind.atlassian.net", "projects": ["PAY"]},
        "github": {"url": emu.url, "repos": [API], "token_env": TOKEN_ENV},
    })
    result = connector(ws, clock).fetch(watermark=None, full=True, progress=nothing)
    keys = result.batch.frame("pull_requests").set_index("number")["jira_keys"]
    assert keys[43] == "PAY-7" and keys[41] == "PAY-12"


def test_a_custom_incident_label(emu, clock):
    result = connector(workspace(emu, repos=[API], incident_label="sev1"), clock).fetch(
        watermark=None, full=True, progress=nothing)
    assert result.batch.frame("incidents")["id"].tolist() == ["github:nordwind/api#7"]
    assert emu.requests[3].params["labels"] == "sev1"


def test_a_production_pattern_matching_no_environment_is_said_plainly(emu, clock):
    result = connector(workspace(emu, production="^live"), clock).fetch(watermark=None, full=True, progress=nothing)
    assert result.stats["notes"] == [
        "nordwind/api: no deployment environment matches the production pattern '^live' (environments: production, "
        "staging): set github.production in the workspace file",
        "nordwind/web: no deployments; its 1 published release is used as deployments",
    ]


def test_progress_names_each_stage(emu, clock):
    seen = []
    connector(workspace(emu), clock).fetch(watermark=None, full=True,
                                           progress=lambda stage, done, total, msg: seen.append((stage, msg)))
    stages = {s for s, _ in seen}
    assert {"repositories", "pull requests", "first commits", "incidents", "deployments", "releases",
            "convert"} <= stages
    assert ("pull requests", API) in seen


# ---------------------------------------------------------------------------------------------- incremental


def change_things(emu: GitHubEmulator, clock: FakeClock) -> None:
    """A day later: PR 42 merged, PR 45 opened, issue 8 lost its incident label, a new production deployment
    is queued, release 9 deleted and release 10 published."""
    clock.advance(86400)
    now = emu.now()
    emu.update_pull(API, 42, state="closed", draft=False, merged_at=now, closed_at=now, merge_commit_sha="m42",
                    commits=[{"sha": "c421", "authored_at": "2025-03-05T09:30:00Z"}])
    emu.add_pull(API, {"number": 45, "title": "OPS-9 Retry payments", "head": "feature/OPS-9",
                       "created_at": "2025-03-11T10:00:00Z"})
    emu.update_issue(API, 8, labels=[])
    emu.add_deployment(API, {"id": 993, "environment": "production", "sha": "m42", "created_at": "2025-03-11T11:00:00Z",
                             "statuses": [{"id": 5010, "state": "queued", "created_at": "2025-03-11T11:00:00Z"}]})
    releases = emu.repos[WEB]["releases"]
    releases[:] = [r for r in releases if r["id"] != 9]
    releases.append({"id": 10, "tag": "v1.1.0", "created_at": "2025-03-11T09:00:00Z", "extra": {}})


def test_incremental_run_fetches_only_what_changed(emu, clock):
    c = connector(workspace(emu), clock)
    first = c.fetch(watermark=None, full=True, progress=nothing)
    assert json.loads(first.watermark)["repos"][API] == {"since": "2025-03-10T12:00:00Z", "pending_deployments": [],
                                                         "releases": [], "pending_runs": []}
    change_things(emu, clock)
    emu.clear_requests()
    second = c.fetch(watermark=first.watermark, full=False, progress=nothing)
    assert [(r.path, r.params.get("since")) for r in emu.requests] == [
        ("/repos/nordwind/api", None),
        ("/repos/nordwind/api/pulls", None),  # one page: PR 45 and 42, then PR 44 is older → stop
        ("/repos/nordwind/api/pulls/42/commits", None),  # the only newly merged PR
        ("/repos/nordwind/api/issues", "2025-03-10T11:50:00Z"),
        ("/repos/nordwind/api/deployments", None),  # 993, then 991 is older than the 3-day lookback → stop
        ("/repos/nordwind/api/deployments/993/statuses", None),
        ("/repos/nordwind/api/releases", None),
        ("/repos/nordwind/api/commits", "2025-03-03T12:00:00Z"),  # committed since the last run − 7 days
        ("/repos/nordwind/web", None),
        ("/repos/nordwind/web/pulls", None),
        ("/repos/nordwind/web/issues", "2025-03-10T11:50:00Z"),
        ("/repos/nordwind/web/deployments", None),
        ("/repos/nordwind/web/releases", None),
        ("/repos/nordwind/web/commits", "2025-03-03T12:00:00Z"),
    ]
    batch = second.batch
    assert batch.full is False
    assert batch.refreshed == {
        "github:nordwind/api", "github:nordwind/web", "github:nordwind/api#42", "github:nordwind/api#45",
        "github:nordwind/api:deploy:993", "github:nordwind/web:release:7", "github:nordwind/web:release:8",
        "github:nordwind/web:release:10",
        "github:nordwind/api:commit:m41", "github:nordwind/api:commit:h1",  # committed within the 7-day lookback
    }
    assert batch.deleted == {"github:nordwind/api#8", "github:nordwind/web:release:9"}
    pr42 = records(batch.frame("pull_requests"))[0]
    assert (pr42["id"], pr42["merged_at"], pr42["first_commit_at"]) == (
        "github:nordwind/api#42", "2025-03-11T12:00:00Z", "2025-03-05T09:30:00Z")
    cursor = json.loads(second.watermark)["repos"]
    assert cursor[API] == {"since": "2025-03-11T12:00:00Z", "pending_deployments": [993], "releases": [],
                           "pending_runs": []}
    assert cursor[WEB]["releases"] == [7, 8, 10]
    assert second.stats["mode"] == "incremental" and second.stats["requests"] == 14


def test_incremental_load_equals_a_full_load(emu, clock, store, tmp_path):
    """Full then incremental into the store under test == one full run of the final state into a fresh store."""
    ws = workspace(emu)

    def factory(w, source):
        return connector(w, clock)

    assert [s.ok for s in run_sync(ws, store, sources=["github"], connector_factory=factory)] == [True]
    change_things(emu, clock)
    summary = run_sync(ws, store, sources=["github"], connector_factory=factory)[0]
    assert summary.ok and summary.mode == "incremental" and summary.stats["pull_requests"] == 2
    incremental = store.load()

    fresh = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    run_sync(ws, fresh, sources=["github"], full=True, connector_factory=factory)
    full = fresh.load()
    fresh.close()
    for table in EXPECTED:
        pd.testing.assert_frame_equal(incremental.frames[table], full.frames[table], obj=table)
    assert "github:nordwind/api#8" not in set(incremental.incidents["id"])
    assert set(incremental.releases["id"]) == {"github:nordwind/web:release:7", "github:nordwind/web:release:8",
                                               "github:nordwind/web:release:10"}


def test_pending_deployment_statuses_are_refetched_until_final(clock):
    repos = {API: {"deployments": [
        {"id": 994, "environment": "production", "created_at": "2025-03-10T11:00:00Z",
         "statuses": [{"id": 1, "state": "queued", "created_at": "2025-03-10T11:00:00Z"}]}]}}
    with GitHubEmulator(repos, token=TOKEN, clock=clock) as emu:
        c = connector(workspace(emu, repos=[API]), clock, deployment_lookback_days=0)
        first = c.fetch(watermark=None, full=True, progress=nothing)
        assert json.loads(first.watermark)["repos"][API]["pending_deployments"] == [994]
        clock.advance(3600)
        emu.add_status(API, 994, "success")
        emu.clear_requests()
        second = c.fetch(watermark=first.watermark, full=False, progress=nothing)
        assert emu.paths("/deployments") == ["/repos/nordwind/api/deployments", "/repos/nordwind/api/deployments/994",
                                             "/repos/nordwind/api/deployments/994/statuses"]
        assert records(second.batch.frame("deployment_statuses"))[-1]["state"] == "success"
        assert json.loads(second.watermark)["repos"][API]["pending_deployments"] == []
        emu.clear_requests()
        c.fetch(watermark=second.watermark, full=False, progress=nothing)
        assert emu.paths("/deployments") == ["/repos/nordwind/api/deployments"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda w: w.replace('"first_commit": true', '"first_commit": false'), "settings changed"),
        (lambda w: "not json", "not JSON"),
        (lambda w: json.dumps({**json.loads(w), "version": 0}), "another format"),
    ],
)
def test_an_unusable_watermark_makes_a_full_run(emu, clock, change, reason):
    c = connector(workspace(emu), clock)
    first = c.fetch(watermark=None, full=True, progress=nothing)
    again = c.fetch(watermark=change(first.watermark), full=False, progress=nothing)
    assert again.batch.full is True and reason in again.stats["full_reason"]
    assert len(again.batch.frame("pull_requests")) == 4


# ---------------------------------------------------------------------------------------------- stores


def test_sqlite_and_postgresql_load_the_same_records(emu, clock, store):
    summary = run_sync(workspace(emu), store, sources=["github"],
                       connector_factory=lambda w, s: connector(w, clock))[0]
    assert summary.ok, summary.message
    loaded = store.load()
    for table, expected in EXPECTED.items():
        assert records(loaded.frames[table]) == expected, table


def test_reconvert_equals_fetch(emu, clock, sqlite_store):
    c = connector(workspace(emu), clock)
    fetched = c.fetch(watermark=None, full=True, progress=nothing)
    again = c.reconvert(fetched.raw, progress=nothing)
    for table in EXPECTED:
        pd.testing.assert_frame_equal(again.batch.frame(table), fetched.batch.frame(table), obj=table)
    # through the store, after an incremental run: re-conversion of the stored payloads changes nothing
    ws = workspace(emu)
    run_sync(ws, sqlite_store, sources=["github"], connector_factory=lambda w, s: connector(w, clock))
    change_things(emu, clock)
    run_sync(ws, sqlite_store, sources=["github"], connector_factory=lambda w, s: connector(w, clock))
    before = sqlite_store.load()
    summary = run_sync(ws, sqlite_store, sources=["github"], reconvert=True,
                       connector_factory=lambda w, s: connector(w, clock))[0]
    assert summary.ok and summary.mode == "reconvert"
    after = sqlite_store.load()
    for table in EXPECTED:
        pd.testing.assert_frame_equal(after.frames[table], before.frames[table], obj=table)


def test_reconvert_needs_no_token(emu, clock, monkeypatch):
    c = connector(workspace(emu), clock)
    fetched = c.fetch(watermark=None, full=True, progress=nothing)
    monkeypatch.delenv(TOKEN_ENV)
    assert c.reconvert(fetched.raw, progress=nothing).stats["pull_requests"] == 4
