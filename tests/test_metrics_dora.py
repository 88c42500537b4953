"""Golden cases for DORA (METRICS.md "DORA"), worked out by hand.

as_of = Sunday 1 March 2026 (instant 2 March 00:00 UTC), window of 2 weeks: 16 and 23 February; the previous
window (for trends) is 2 and 9 February. Team Platform owns acme/api and acme/web and the Jira project OPS.
acme/lib has no deployments (releases fallback); acme/none has no data at all.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from metrics.dora import (
    band_of,
    dora_report,
    pr_lead_times,
    production_deployments,
)
from pilotage.application.export import clean
from pilotage.core.model import Dataset, to_frame
from pilotage.core.workspace import parse_workspace

T = pd.Timestamp
AS_OF = date(2026, 3, 1)
WS = parse_workspace({
    "metrics": {"window_weeks": 2},
    "github": {"repos": ["acme/api", "acme/web", "acme/lib", "acme/none"]},
    "teams": [{"name": "Platform", "jira_projects": ["OPS"], "repos": ["acme/api", "acme/web"]},
              {"name": "Idle", "jira_projects": ["IDL"]}],
})

DEPLOYS = []
STATUSES = []


def deploy(repo: str, n: int, env: str, *statuses: tuple[str, str]) -> None:
    did = f"github:{repo}:deploy:{n}"
    DEPLOYS.append({"id": did, "source": "github", "repo": repo, "environment": env, "created_at": statuses[0][1]})
    STATUSES.extend({"deployment_id": did, "source": "github", "seq": i, "state": s, "at": at}
                    for i, (s, at) in enumerate(statuses))


deploy("acme/api", 0, "production", ("success", "2026-02-10T10:00Z"))  # previous window
deploy("acme/api", 1, "production", ("queued", "2026-02-16T09:00Z"), ("success", "2026-02-16T10:00Z"))
deploy("acme/api", 2, "Production-EU", ("success", "2026-02-17T10:00Z"))  # the pattern is case-insensitive
deploy("acme/api", 3, "staging", ("success", "2026-02-17T11:00Z"))
deploy("acme/api", 4, "production", ("in_progress", "2026-02-18T09:00Z"), ("failure", "2026-02-18T10:00Z"))
# superseded later: GitHub marks it inactive, it stays a deployment
deploy("acme/api", 5, "production", ("success", "2026-02-20T10:00Z"), ("inactive", "2026-02-25T00:00Z"))
deploy("acme/api", 6, "production", ("in_progress", "2026-02-26T10:00Z"), ("success", "2026-03-02T00:00Z"))
deploy("acme/api", 7, "production", ("success", "2026-02-24T10:00Z"), ("error", "2026-02-24T12:00Z"))
# success at as_of, failure after it: a deployment at this as_of
deploy("acme/api", 8, "production", ("success", "2026-02-27T10:00Z"), ("failure", "2026-03-03T00:00Z"))
deploy("acme/api", 9, "preprod", ("success", "2026-02-18T10:00Z"))  # `^prod` does not match
deploy("acme/web", 1, "prod", ("success", "2026-02-19T08:00Z"))
deploy("acme/web", 2, "prod", ("success", "2026-02-19T20:00Z"))


def release(repo: str, n: int, published: str | None, draft: bool = False, prerelease: bool = False) -> dict:
    return {"id": f"github:{repo}:release:{n}", "source": "github", "repo": repo, "tag": f"v{n}", "draft": draft,
            "prerelease": prerelease, "created_at": published or "2026-02-01T00:00Z", "published_at": published}


RELEASES = [
    release("acme/lib", 1, "2026-02-18T12:00Z"),
    release("acme/lib", 2, None, draft=True),
    release("acme/lib", 3, "2026-02-19T12:00Z", prerelease=True),
    release("acme/lib", 4, "2026-03-05T12:00Z"),  # after as_of
    release("acme/api", 1, "2026-02-18T12:00Z"),  # ignored: acme/api has deployments
]


def pr(repo: str, n: int, merged: str | None, first_commit: str | None, base: str = "main") -> dict:
    created = first_commit or "2026-01-01T00:00Z"
    return {"id": f"github:{repo}#{n}", "source": "github", "repo": repo, "number": n, "state": "closed",
            "base_branch": base, "created_at": created, "updated_at": created, "merged_at": merged,
            "first_commit_at": first_commit}


PRS = [
    pr("acme/api", 1, "2026-02-16T09:30Z", "2026-02-15T09:30Z"),  # → deploy 1 at 10:00: 24.5 h
    pr("acme/api", 2, "2026-02-17T10:00Z", "2026-02-17T08:00Z"),  # merged at deploy 2's instant: 2 h
    pr("acme/api", 3, "2026-02-21T00:00Z", "2026-02-20T00:00Z"),  # → deploy 8 on 27 Feb 10:00: 178 h
    pr("acme/api", 4, "2026-02-28T00:00Z", "2026-02-27T00:00Z"),  # never deployed by as_of
    pr("acme/api", 5, "2026-02-18T00:00Z", "2026-02-17T00:00Z", base="develop"),  # not the default branch
    pr("acme/api", 6, "2026-02-10T00:00Z", "2026-02-09T00:00Z"),  # merged before the window
    pr("acme/api", 7, None, "2026-02-20T00:00Z"),  # never merged
    pr("acme/api", 8, "2026-02-19T00:00Z", None),  # first commit unknown: deployed, not in the percentiles
    pr("acme/web", 1, "2026-02-19T12:00Z", "2026-02-19T06:00Z"),  # → web deploy 2: 14 h
    pr("acme/lib", 1, "2026-02-17T12:00Z", "2026-02-17T00:00Z", base="trunk"),  # → release 1: 36 h
]
REPOSITORIES = [
    {"id": f"github:acme/{n}", "source": "github", "full_name": f"acme/{n}", "default_branch": b}
    for n, b in (("api", "main"), ("web", "main"), ("lib", "trunk"), ("none", "main"))
]


def incident(iid: str, created: str, resolved: str | None, repo: str | None = None, project: str | None = None):
    return {"id": iid, "source": "github" if repo else "jira", "repo": repo, "project": project, "title": iid,
            "created_at": created, "resolved_at": resolved}


INCIDENTS = [
    incident("github:acme/api#101", "2026-02-16T09:00Z", "2026-02-16T10:30Z", repo="acme/api"),  # → deploy 0
    incident("github:acme/api#102", "2026-02-18T12:00Z", "2026-02-18T14:00Z", repo="acme/api"),  # → deploy 2
    # Jira incident of OPS: the latest deployment among Platform's repositories before it is web deploy 2
    incident("jira:OPS-1", "2026-02-19T21:00Z", "2026-02-20T03:00Z", project="OPS"),
    # created at the very instant of web's first deployment, which did not finish before it: none before it
    incident("github:acme/web#5", "2026-02-19T08:00Z", None, repo="acme/web"),
    incident("github:acme/api#103", "2026-03-02T00:00Z", "2026-03-02T01:00Z", repo="acme/api"),  # after as_of
    # resolved after as_of: still open at as_of; → deploy 8
    incident("github:acme/api#104", "2026-02-28T00:00Z", "2026-03-03T00:00Z", repo="acme/api"),
    incident("jira:XYZ-1", "2026-02-20T00:00Z", "2026-02-20T05:00Z", project="XYZ"),  # no team, no repository
]


def dataset(**override) -> Dataset:
    frames = {
        "deployments": to_frame("deployments", DEPLOYS),
        "deployment_statuses": to_frame("deployment_statuses", STATUSES),
        "releases": to_frame("releases", RELEASES),
        "pull_requests": to_frame("pull_requests", PRS),
        "repositories": to_frame("repositories", REPOSITORIES),
        "incidents": to_frame("incidents", INCIDENTS),
    }
    frames.update({k: to_frame(k, v) for k, v in override.items()})
    return Dataset(frames)


def test_production_deployments_golden():
    d = production_deployments(DS.deployments, DS.deployment_statuses, DS.releases, as_of=AS_OF)
    assert d["id"].str.split(":").str[-1].tolist() == ["0", "1", "2", "1", "1", "2", "5", "8"]
    assert d["repo"].tolist() == ["acme/api"] * 3 + ["acme/lib", "acme/web", "acme/web", "acme/api", "acme/api"]
    assert d["kind"].tolist() == ["deployment"] * 3 + ["release"] + ["deployment"] * 4
    assert d.loc[d["kind"] == "release", "deployed_at"].tolist() == [T("2026-02-18T12:00Z")]
    assert d["deployed_at"].iloc[1] == T("2026-02-16T10:00Z")  # the success status time
    # a day later deploy 6's success (at the as_of instant) counts, deploy 8 failed after it, release 4 is out
    later = production_deployments(DS.deployments, DS.deployment_statuses, DS.releases, as_of=date(2026, 3, 4))
    assert "github:acme/api:deploy:6" in set(later["id"]) and "github:acme/api:deploy:8" not in set(later["id"])


def test_pr_lead_times_golden():
    d = production_deployments(DS.deployments, DS.deployment_statuses, DS.releases, as_of=AS_OF)
    prs = pr_lead_times(DS.pull_requests, DS.repositories, d, as_of=AS_OF, weeks=2).set_index("number")
    api = prs.loc[prs["repo"] == "acme/api"]
    assert sorted(api.index) == [1, 2, 3, 4, 8]
    assert api["lead_time_hours"].to_dict() == pytest.approx({1: 24.5, 2: 2.0, 3: 178.0, 4: float("nan"),
                                                              8: float("nan")}, nan_ok=True)
    assert api["deployed"].to_dict() == {1: True, 2: True, 3: True, 4: False, 8: True}
    assert prs.loc[prs["repo"] == "acme/lib", "lead_time_hours"].tolist() == [36.0]


def test_repo_figures_golden():
    r = REPORT.repos
    api = r.loc["acme/api"]
    assert api["deployments"] == 4 and api["deployments_per_week"] == 2.0
    assert api["deploy_days_per_week_median"] == 2.0  # 3 days (16, 17, 20 Feb) then 1 (27 Feb): mean of both
    assert api["lead_time_p50_hours"] == 24.5
    assert api["lead_time_p85_hours"] == pytest.approx(24.5 + 0.7 * 153.5)
    assert (api["lead_time_count"], api["missing_first_commit"], api["undeployed_prs"]) == (3, 1, 1)
    assert api["failed_deployments"] == 2 and api["change_failure_rate"] == 0.5  # deploys 2 and 8
    assert api["time_to_restore_p50_hours"] == 2.0  # 1.5, 2 and 6 (OPS-1, through the team)
    assert (api["time_to_restore_count"], api["open_incidents"]) == (3, 1)
    web = r.loc["acme/web"]
    assert (web["deployments"], web["deploy_days_per_week_median"], web["change_failure_rate"]) == (2, 0.5, 0.5)
    assert (web["time_to_restore_p50_hours"], web["time_to_restore_count"], web["open_incidents"]) == (6.0, 1, 1)
    lib = r.loc["acme/lib"]
    assert (lib["deployments"], lib["deployments_per_week"], lib["lead_time_p50_hours"]) == (1, 0.5, 36.0)
    none = r.loc["acme/none"]
    assert none["deployments"] == 0 and not none["has_deploy_data"] and pd.isna(none["change_failure_rate"])


def test_team_figures_golden():
    p = REPORT.teams.loc["Platform"]
    assert (p["deployments"], p["deployments_per_week"], p["deploy_days_per_week_median"]) == (6, 3.0, 2.5)
    assert p["lead_time_p50_hours"] == pytest.approx(19.25)  # 2, 14, 24.5, 178
    assert p["lead_time_p85_hours"] == pytest.approx(24.5 + 0.55 * 153.5)
    assert (p["failed_deployments"], p["change_failure_rate"]) == (3, 0.5)
    assert (p["time_to_restore_p50_hours"], p["time_to_restore_count"], p["open_incidents"]) == (2.0, 3, 2)
    idle = REPORT.teams.loc["Idle"]
    assert idle["deployments"] == 0 and pd.isna(idle["lead_time_p50_hours"])


def test_incident_attribution_golden():
    inc = REPORT.incidents.set_index("id")
    assert inc["deployment_id"].astype(object).where(inc["deployment_id"].notna(), None).to_dict() == {
        "github:acme/api#101": "github:acme/api:deploy:0",
        "github:acme/api#102": "github:acme/api:deploy:2",
        "github:acme/web#5": None,  # before web's first deployment finished
        "jira:OPS-1": "github:acme/web:deploy:2",
        "jira:XYZ-1": None,  # its project has no team, so no repository
        "github:acme/api#104": "github:acme/api:deploy:8",
    }
    assert pd.isna(inc.loc["github:acme/api#104", "resolved_at"])  # resolved after as_of
    assert inc.loc["jira:OPS-1", "restore_hours"] == 6.0


def test_bands_golden():
    api = REPORT.repo_bands["acme/api"]
    assert api["deployment_frequency"] | {"previous": None} == {
        "value": 2.0, "band": "high", "next_band": "elite", "measure": "deploy_days_per_week_median",
        "target": 5.0, "direction": "at_least", "gap": 3.0, "previous": None, "previous_band": "medium",
        "trend": "better"}
    assert api["deployment_frequency"]["previous"] == 0.5
    assert (api["lead_time"]["band"], api["lead_time"]["next_band"], api["lead_time"]["gap"]) == ("high", "elite", 0.5)
    assert (api["time_to_restore"]["band"], api["time_to_restore"]["target"]) == ("high", 1.0)
    cfr = api["change_failure_rate"]
    assert (cfr["band"], cfr["next_band"], cfr["target"], cfr["direction"]) == ("low", "medium", 0.30, "at_most")
    assert cfr["gap"] == pytest.approx(0.2)
    assert (cfr["previous"], cfr["trend"]) == (0.0, "worse")  # deploy 0 had no incident before 16 Feb
    web = REPORT.repo_bands["acme/web"]["deployment_frequency"]
    assert (web["band"], web["next_band"], web["measure"], web["gap"]) == ("medium", "high",
                                                                           "deploy_days_per_week_median", 0.5)
    none = REPORT.repo_bands["acme/none"]
    assert all(b["band"] is None for b in none.values())


@pytest.mark.parametrize(
    ("key", "figures", "band", "next_band"),
    [
        ("lead_time", {"lead_time_p50_hours": 23.99}, "elite", None),
        ("lead_time", {"lead_time_p50_hours": 24.0}, "high", "elite"),
        ("lead_time", {"lead_time_p50_hours": 168.0}, "high", "elite"),
        ("lead_time", {"lead_time_p50_hours": 168.01}, "medium", "high"),
        ("lead_time", {"lead_time_p50_hours": 720.01}, "low", "medium"),
        ("time_to_restore", {"time_to_restore_p50_hours": 0.99}, "elite", None),
        ("time_to_restore", {"time_to_restore_p50_hours": 23.9}, "high", "elite"),
        ("time_to_restore", {"time_to_restore_p50_hours": 24.0}, "low", "high"),
        ("change_failure_rate", {"change_failure_rate": 0.05}, "elite", None),
        ("change_failure_rate", {"change_failure_rate": 0.10}, "high", "elite"),
        ("change_failure_rate", {"change_failure_rate": 0.20}, "medium", "high"),
        ("change_failure_rate", {"change_failure_rate": 0.40}, "low", "medium"),
        ("deployment_frequency", {"deploy_days_per_week_median": 5.0, "deployments_per_week": 9.0}, "elite", None),
        ("deployment_frequency", {"deploy_days_per_week_median": 1.0, "deployments_per_week": 1.0}, "high", "elite"),
        ("deployment_frequency", {"deploy_days_per_week_median": 0.0, "deployments_per_week": 0.25}, "medium",
         "high"),
        ("deployment_frequency", {"deploy_days_per_week_median": 0.0, "deployments_per_week": 0.2}, "low", "medium"),
    ],
)
def test_band_thresholds(key, figures, band, next_band):
    full = {"has_deploy_data": True, "deployments_per_week": 0.0, "deploy_days_per_week_median": 0.0,
            "lead_time_p50_hours": float("nan"), "time_to_restore_p50_hours": float("nan"),
            "change_failure_rate": float("nan")} | figures
    b = band_of(key, full)
    assert (b["band"], b["next_band"]) == (band, next_band)
    assert (b["gap"] is None) == (next_band is None)


@pytest.mark.parametrize(
    ("success_at", "week"),
    [
        ("2026-02-16T00:00:00Z", 0),  # Monday 00:00 of the window's first week
        ("2026-02-15T23:59:59.999Z", None),
        ("2026-02-23T00:00:00Z", 1),
        ("2026-03-01T23:59:59.999Z", 1),  # the last instant of as_of
        ("2026-03-02T00:00:00Z", None),  # the as_of instant: not used
    ],
)
def test_deployment_window_boundaries(success_at, week):
    ds = dataset(deployments=[{"id": "d", "source": "github", "repo": "acme/api", "environment": "production",
                               "created_at": "2026-02-01T00:00Z"}],
                 deployment_statuses=[{"deployment_id": "d", "source": "github", "seq": 0, "state": "success",
                                       "at": success_at}],
                 pull_requests=[], incidents=[], releases=[])
    report = dora_report(ds, WS, as_of=AS_OF)
    api = report.repos.loc["acme/api"]
    assert api["deployments"] == (week is not None)
    assert api["deploy_days_per_week_median"] == (0.5 if week is not None else 0.0)
    in_window = report.deploys.loc[report.deploys["deployed_at"] >= T("2026-02-16T00:00Z"), "deployed_at"]
    assert ((in_window - T("2026-02-16T00:00Z")) // pd.Timedelta(days=7)).tolist() == ([] if week is None else [week])


def test_future_events_change_nothing():
    later = dataset(
        deployments=DEPLOYS + [{"id": "github:acme/api:deploy:99", "source": "github", "repo": "acme/api",
                                "environment": "production", "created_at": "2026-03-02T00:00Z"}],
        deployment_statuses=STATUSES + [{"deployment_id": "github:acme/api:deploy:99", "source": "github", "seq": 0,
                                         "state": "success", "at": "2026-03-02T00:00Z"},
                                        {"deployment_id": "github:acme/api:deploy:5", "source": "github", "seq": 2,
                                         "state": "failure", "at": "2026-03-04T00:00Z"}],
        pull_requests=PRS + [pr("acme/api", 50, "2026-03-02T00:00Z", "2026-03-01T00:00Z")],
    )
    after = dora_report(later, WS, as_of=AS_OF)
    pd.testing.assert_frame_equal(REPORT.repos, after.repos)
    pd.testing.assert_frame_equal(REPORT.teams, after.teams)
    assert clean(REPORT.repo_bands) == clean(after.repo_bands)


def test_empty():
    r = dora_report(Dataset.empty(), WS, as_of=AS_OF)
    assert r.deploys.empty and r.prs.empty and r.incidents.empty
    assert r.repos["deployments"].tolist() == [0, 0, 0, 0]
    assert r.repos["change_failure_rate"].isna().all() and r.repos["lead_time_p50_hours"].isna().all()
    assert r.teams.loc["Platform", "deploy_days_per_week_median"] == 0
    assert all(b["band"] is None for bands in r.repo_bands.values() for b in bands.values())


DS = dataset()
REPORT = dora_report(DS, WS, as_of=AS_OF)
