"""Issue 17, GitHub side: a repository that deploys only through a GitHub Actions workflow and pushes to main
without pull requests, read by the real PyGithub client from the emulator, then the DORA figures worked out by hand.

The repository `kite/app` (default branch `main`, no GitHub deployments, no releases):

    commits on main (committed order)           deploy.yml runs
    a1  authored 03-01 08:00  committed 03-01 09:00   3001 main  sha a2  success        done 03-02 10:20
    a2  authored 03-02 08:00  committed 03-02 09:30   3002 main  sha a3  failure        done 03-03 09:15
    m5  squash merge of PR #5, committed 03-02 14:00  3003 main  sha a4  failed, re-run → success 03-04 11:00
    a3  authored 03-03 07:00  committed 03-03 08:00   3004 feature/x      success        done 03-04 12:10 (not main)
    mg  a merge commit (2 parents) 03-03 10:00        ci.yml runs are never read (not a deploy workflow)
    r61 rebase of PR #6's p61, committed 03-03 12:00
    r62 rebase of PR #6's p62 = its merge sha, 03-03 12:00
    a4  authored 03-03 20:00  committed 03-04 08:30
    a5  authored 03-04 12:30  committed 03-04 13:00   (deployed by no run on main)

Deployments (successful runs on main): 3001 at 03-02 10:20 (sha a2), 3003 at 03-04 11:00 (sha a4).
Commits pushed without a PR: a1, a2, a3, a4, a5 (m5, r61, r62 belong to PRs; mg is a merge commit).
    a1 → 3001 (a2 is after a1 on main): 03-02 10:20 − 03-01 08:00 = 26 h 20 min
    a2 → 3001 (its own sha):             03-02 10:20 − 03-02 08:00 =  2 h 20 min
    a3 → 3003 (3002 failed):             03-04 11:00 − 03-03 07:00 = 28 h
    a4 → 3003:                           03-04 11:00 − 03-03 20:00 = 15 h
    a5 → none: undeployed
PRs (first deployment at or after the merge): #5 first commit 03-01 12:00, merged 03-02 14:00 → 3003: 71 h;
#6 first commit 03-03 05:00, merged 03-03 12:00 → 3003: 30 h.
Lead times sorted: 2.333, 15, 26.333, 28, 30, 71 → p50 = (26.333 + 28) / 2 = 27.1667 h;
p85 at rank 0.85 × 5 = 4.25 → 30 + 0.25 × (71 − 30) = 40.25 h.
"""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from connectors.github import connector_for
from emulators.github import FakeClock, GitHubEmulator
from metrics.dora import commit_lead_times, deploy_sources, dora_figures, production_deployments
from pilotage.application.sync import run_sync
from pilotage.core.model import empty_frame, to_frame
from pilotage.core.store import Store
from pilotage.core.workspace import parse_workspace

TOKEN_ENV = "PILOTAGE_TEST_GITHUB_TOKEN"
TOKEN = "ghp-test-token"
APP = "kite/app"
AS_OF = date(2026, 3, 8)


def sha(name: str) -> str:
    return name.ljust(40, "0")


def commit(name: str, authored: str, committed: str, parents: int = 1) -> dict:
    return {"sha": sha(name), "authored_at": f"2026-{authored}:00Z", "committed_at": f"2026-{committed}:00Z",
            "parents": [sha(f"p{name}{i}") for i in range(parents)]}


def run(run_id: int, branch: str, head: str, conclusion: str | None, created: str, updated: str, **more) -> dict:
    return {"id": run_id, "workflow_id": 11, "head_branch": branch, "head_sha": sha(head),
            "status": "completed" if conclusion else "in_progress", "conclusion": conclusion,
            "created_at": f"2026-{created}:00Z", "updated_at": f"2026-{updated}:00Z", **more}


def kite() -> dict:
    return {APP: {
        "default_branch": "main",
        "workflows": [{"id": 11, "name": "Deploy", "path": ".github/workflows/deploy.yml"},
                      {"id": 12, "name": "CI", "path": ".github/workflows/ci.yml"}],
        "runs": [
            run(3001, "main", "a2", "success", "03-02T10:00", "03-02T10:20"),
            run(3002, "main", "a3", "failure", "03-03T09:00", "03-03T09:15"),
            run(3003, "main", "a4", "success", "03-04T09:00", "03-04T11:00", run_attempt=2),  # re-run of a failure
            run(3004, "feature/x", "f1", "success", "03-04T12:00", "03-04T12:10"),
            {**run(4001, "main", "a5", "success", "03-04T13:00", "03-04T13:05"), "workflow_id": 12},
        ],
        "commits": [
            commit("a1", "03-01T08:00", "03-01T09:00"),
            commit("a2", "03-02T08:00", "03-02T09:30"),
            commit("m5", "03-02T13:00", "03-02T14:00"),
            commit("a3", "03-03T07:00", "03-03T08:00"),
            commit("mg", "03-03T09:50", "03-03T10:00", parents=2),
            commit("r61", "03-03T05:00", "03-03T12:00"),
            commit("r62", "03-03T06:00", "03-03T12:00"),
            commit("a4", "03-03T20:00", "03-04T08:30"),
            commit("a5", "03-04T12:30", "03-04T13:00"),
        ],
        "pulls": [
            {"number": 5, "state": "closed", "created_at": "2026-03-01T13:00:00Z", "merged_at": "2026-03-02T14:00:00Z",
             "closed_at": "2026-03-02T14:00:00Z", "merge_commit_sha": sha("m5"),
             "commits": [{"sha": sha("p51"), "authored_at": "2026-03-01T12:00:00Z"},
                         {"sha": sha("p52"), "authored_at": "2026-03-02T11:00:00Z"}]},
            {"number": 6, "state": "closed", "created_at": "2026-03-03T08:00:00Z", "merged_at": "2026-03-03T12:00:00Z",
             "closed_at": "2026-03-03T12:00:00Z", "merge_commit_sha": sha("r62"),
             "commits": [{"sha": sha("p61"), "authored_at": "2026-03-03T05:00:00Z"},
                         {"sha": sha("p62"), "authored_at": "2026-03-03T06:00:00Z"}]},
        ],
    }}


@pytest.fixture(autouse=True)
def token(monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, TOKEN)


@pytest.fixture
def clock():
    return FakeClock("2026-03-05T12:00:00Z")


@pytest.fixture
def emu(clock):
    with GitHubEmulator(kite(), token=TOKEN, clock=clock) as e:
        yield e


def workspace(emu: GitHubEmulator, **github):
    return parse_workspace({"github": {"url": emu.url, "repos": [APP], "token_env": TOKEN_ENV,
                                       "deploy_workflows": ["deploy.yml"], **github}})


def factory(clock):
    def make(ws, source):
        return connector_for(ws, seconds_between_requests=0, sleep=clock.sleep, clock=clock)
    return make


def nothing(*_args) -> None:
    return None


def figures(ds, **args) -> pd.Series:
    result = dora_figures(ds, [APP], {"Kite": [APP]}, {}, production="^prod", as_of=AS_OF, weeks=12, **args)
    return result, result.repos.loc[APP]


def test_requests_of_a_full_run_with_a_deploy_workflow(emu, clock):
    result = factory(clock)(workspace(emu), "github").fetch(watermark=None, full=True, progress=nothing)
    actions = [(r.path, r.params) for r in emu.requests if "/actions/" in r.path or r.path.endswith("/commits")]
    assert actions == [
        ("/repos/kite/app/pulls/6/commits", {"per_page": "100"}),  # PRs come newest update first
        ("/repos/kite/app/pulls/5/commits", {"per_page": "100"}),
        ("/repos/kite/app/actions/workflows", {"per_page": "100"}),
        ("/repos/kite/app/actions/workflows/11/runs", {"per_page": "100"}),  # ci.yml (12) is never listed
        ("/repos/kite/app/commits", {"sha": "main", "since": "2025-03-05T12:00:00Z", "per_page": "100"}),
    ]
    assert result.stats["workflow_runs"] == 4 and result.stats["commits"] == 9
    assert result.stats["workflow_run_requests"] == 2 and result.stats["commit_requests"] == 1
    assert result.stats["notes"] == ["kite/app: no deployments; deployments from workflow deploy.yml (its successful "
                                     "runs on the deploy branch)"]


def test_runs_and_commits_are_converted_without_persons(emu, clock):
    result = factory(clock)(workspace(emu), "github").fetch(watermark=None, full=True, progress=nothing)
    runs = result.batch.frame("workflow_runs").set_index("id")
    assert list(runs.index) == [f"github:kite/app:run:{n}" for n in (3001, 3002, 3003, 3004)]
    assert runs.loc["github:kite/app:run:3003", ["workflow", "workflow_name", "attempt", "conclusion"]].tolist() == [
        "deploy.yml", "Deploy", 2, "success"]
    assert runs["deployed_at"].dt.strftime("%m-%dT%H:%M").fillna("-").tolist() == [
        "03-02T10:20", "-", "03-04T11:00", "03-04T12:10"]
    commits = result.batch.frame("commits").set_index("sha")
    assert commits.loc[sha("mg"), "parents"] == 2 and commits.loc[sha("a1"), "parents"] == 1
    assert str(commits.loc[sha("a4"), "authored_at"]) == "2026-03-03 20:00:00+00:00"
    links = result.batch.frame("pull_request_commits")
    assert sorted(zip(links["pr_id"], links["sha"], strict=True)) == [
        ("github:kite/app#5", sha("p51")), ("github:kite/app#5", sha("p52")),
        ("github:kite/app#6", sha("p61")), ("github:kite/app#6", sha("p62"))]
    text = " ".join(p.payload for p in result.raw)
    for person in ("A Person", "person@example.com", "deployer-person", "dev-person", "Deploy by a person"):
        assert person not in text


def test_dora_of_a_repository_deploying_through_actions_with_direct_pushes(emu, clock, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'kite.db'}")
    assert [s.ok for s in run_sync(workspace(emu), store, sources=["github"], connector_factory=factory(clock))] == [True]
    ds = store.load()
    store.close()
    result, row = figures(ds)
    assert result.sources == {APP: "workflow"}
    assert result.deploys[["id", "kind", "environment"]].values.tolist() == [
        ["github:kite/app:run:3001", "workflow_run", "deploy.yml"],
        ["github:kite/app:run:3003", "workflow_run", "deploy.yml"]]
    c = result.commits.set_index("sha")
    assert list(c.index) == [sha(n) for n in ("a1", "a2", "a3", "a4", "a5")]
    assert c["deployment_id"].str.rsplit(":", n=1).str[-1].fillna("-").tolist() == ["3001", "3001", "3003", "3003",
                                                                                     "-"]
    assert c["lead_time_hours"].round(3).fillna(-1).tolist() == [26.333, 2.333, 28.0, 15.0, -1]
    assert result.prs.set_index("number")["lead_time_hours"].to_dict() == {5: 71.0, 6: 30.0}
    assert row["deployments"] == 2 and row["lead_time_count"] == 6
    assert row["direct_commits"] == 5 and row["undeployed_commits"] == 1 and row["undeployed_prs"] == 0
    assert row["lead_time_p50_hours"] == pytest.approx((26 + 1 / 3 + 28) / 2)
    assert row["lead_time_p85_hours"] == pytest.approx(40.25)


def test_deploy_branches_decide_which_runs_count(emu, clock, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'kite.db'}")
    run_sync(workspace(emu), store, sources=["github"], connector_factory=factory(clock))
    ds = store.load()
    store.close()
    _, row = figures(ds, deploy_branches=("feature/*",))
    assert row["deployments"] == 1  # only 3004 on feature/x
    _, row = figures(ds, deploy_branches=("main", "feature/*"))
    assert row["deployments"] == 3


def test_a_deploy_job_decides_success_and_time(clock):
    spec = kite()
    jobs = {3001: [{"name": "build", "conclusion": "success", "completed_at": "2026-03-02T10:05:00Z"},
                   {"name": "deploy-production", "conclusion": "success", "completed_at": "2026-03-02T10:18:00Z"}],
            3002: [{"name": "build", "conclusion": "success", "completed_at": "2026-03-03T09:05:00Z"},
                   {"name": "deploy-production", "conclusion": "failure", "completed_at": "2026-03-03T09:14:00Z"}],
            3003: [{"name": "build", "conclusion": "success", "completed_at": "2026-03-04T10:40:00Z"},
                   {"name": "deploy-production", "conclusion": "skipped", "completed_at": "2026-03-04T10:41:00Z"}]}
    for r in spec[APP]["runs"]:
        r["jobs"] = jobs.get(r["id"], [])
    with GitHubEmulator(spec, token=TOKEN, clock=clock) as emu:
        result = factory(clock)(workspace(emu, deploy_job="Deploy-*"), "github").fetch(
            watermark=None, full=True, progress=nothing)
        assert len(emu.paths("/actions/runs/\\d+/jobs$")) == 4  # one per completed run
    runs = result.batch.frame("workflow_runs").set_index("id")
    assert runs["deployed_at"].dt.strftime("%m-%dT%H:%M").fillna("-").tolist() == ["03-02T10:18", "-", "-", "-"]
    assert runs["job"].fillna("-").tolist() == ["deploy-production", "-", "-", "-"]


def test_incremental_runs_and_commits_then_load_equals_full(emu, clock, tmp_path, store):
    """On SQLite and PostgreSQL (the `store` fixture): full, then incremental runs, equal one full run."""
    ws = workspace(emu)
    first = run_sync(ws, store, sources=["github"], connector_factory=factory(clock))[0]
    assert first.ok
    clock.advance(86400)  # a day later: a new direct push deployed by a new run; a run still going
    emu.repos[APP]["commits"].append(commit("a6", "03-06T09:00", "03-06T09:10"))
    emu.add_run(APP, run(3005, "main", "a6", "success", "03-06T09:20", "03-06T09:40"))
    emu.add_run(APP, run(3006, "main", "a6", None, "03-06T11:50", "03-06T11:55"))
    emu.clear_requests()
    second = run_sync(ws, store, sources=["github"], connector_factory=factory(clock))[0]
    assert second.ok and second.mode == "incremental"
    assert [(r.path, r.params.get("created"), r.params.get("since")) for r in emu.requests
            if "/actions/" in r.path or r.path.endswith("/commits")] == [
        ("/repos/kite/app/actions/workflows", None, None),
        ("/repos/kite/app/actions/workflows/11/runs", ">=2026-03-02T12:00:00Z", None),  # since − 3 days
        ("/repos/kite/app/commits", None, "2026-02-26T12:00:00Z"),  # since − 7 days
    ]
    assert json.loads(store.last_watermark("github"))["repos"][APP]["pending_runs"] == [3006]
    clock.advance(5 * 86400)  # still running five days later: listed (created after since − 3 days), pending
    assert run_sync(ws, store, sources=["github"], connector_factory=factory(clock))[0].ok
    assert json.loads(store.last_watermark("github"))["repos"][APP]["pending_runs"] == [3006]
    # five more days and it has completed: older than the lookback, it is re-fetched by id as a pending run
    clock.advance(5 * 86400)
    run3006 = next(r for r in emu.repos[APP]["runs"] if r["id"] == 3006)
    run3006.update(status="completed", conclusion="success", updated_at="2026-03-06T12:30:00Z")
    emu.clear_requests()
    third = run_sync(ws, store, sources=["github"], connector_factory=factory(clock))[0]
    assert third.ok and "/repos/kite/app/actions/runs/3006" in emu.paths()
    incremental = store.load()
    fresh = Store(f"sqlite:///{tmp_path / 'full.db'}")
    run_sync(ws, fresh, sources=["github"], full=True, connector_factory=factory(clock))
    full = fresh.load()
    fresh.close()
    for table in ("workflow_runs", "commits", "pull_request_commits", "pull_requests"):
        pd.testing.assert_frame_equal(incremental.frames[table], full.frames[table], obj=table)
    assert incremental.workflow_runs.set_index("id").loc["github:kite/app:run:3006", "conclusion"] == "success"


# ---------------------------------------------------------------------------------------------- precedence

def _deployments(rows):
    return to_frame("deployments", [{"source": "github", "url": None, "sha": None, "ref": "main", **r} for r in rows])


def test_precedence_per_repository():
    """a/prod: production deployments win over its runs; b/stage: only a staging deployment, so its runs count;
    c/rel: releases only; d/none: nothing."""
    deployments = _deployments([
        {"id": "github:a/prod:deploy:1", "repo": "a/prod", "environment": "Production", "created_at": "2026-03-02T10:00Z"},
        {"id": "github:b/stage:deploy:2", "repo": "b/stage", "environment": "staging", "created_at": "2026-03-02T10:00Z"},
    ])
    statuses = to_frame("deployment_statuses", [
        {"deployment_id": f"github:{r}:deploy:{i}", "source": "github", "seq": 0, "state": "success",
         "at": "2026-03-02T10:05Z"} for r, i in (("a/prod", 1), ("b/stage", 2))])
    runs = to_frame("workflow_runs", [
        {"id": f"github:{r}:run:{i}", "source": "github", "repo": r, "workflow": "deploy.yml", "head_branch": "main",
         "head_sha": "x", "status": "completed", "conclusion": "success", "created_at": "2026-03-03T10:00Z",
         "deployed_at": "2026-03-03T10:10Z"} for r, i in (("a/prod", 7), ("b/stage", 8))])
    releases = to_frame("releases", [
        {"id": "github:c/rel:release:5", "source": "github", "repo": "c/rel", "tag": "v1", "draft": False,
         "prerelease": False, "created_at": "2026-03-04T10:00Z", "published_at": "2026-03-04T10:00Z"},
        {"id": "github:b/stage:release:6", "source": "github", "repo": "b/stage", "tag": "v1", "draft": False,
         "prerelease": False, "created_at": "2026-03-04T10:00Z", "published_at": "2026-03-04T10:00Z"}])
    repos = ["a/prod", "b/stage", "c/rel", "d/none"]
    assert deploy_sources(repos, deployments, runs, releases, as_of=AS_OF) == {
        "a/prod": "deployments", "b/stage": "workflow", "c/rel": "releases", "d/none": "none"}
    d = production_deployments(deployments, statuses, releases, as_of=AS_OF, workflow_runs=runs)
    assert d[["id", "kind"]].values.tolist() == [["github:a/prod:deploy:1", "deployment"],
                                                 ["github:b/stage:run:8", "workflow_run"],
                                                 ["github:c/rel:release:5", "release"]]
    # before the runs existed (as_of 2026-03-02), b/stage fell back to its release… which is later still
    assert deploy_sources(repos, deployments, runs, releases, as_of=date(2026, 3, 2))["b/stage"] == "none"


def test_empty():
    deploys = production_deployments(empty_frame("deployments"), empty_frame("deployment_statuses"),
                                     empty_frame("releases"), as_of=AS_OF, workflow_runs=empty_frame("workflow_runs"))
    assert deploys.empty
    out = commit_lead_times(empty_frame("commits"), empty_frame("pull_request_commits"), empty_frame("pull_requests"),
                            deploys, as_of=AS_OF, weeks=12)
    assert out.empty and list(out.columns) == ["id", "repo", "sha", "authored_at", "committed_at", "deployment_id",
                                               "deployed_at", "deployed", "lead_time_hours"]
