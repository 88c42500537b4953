"""The metrics export (issue 5's JSON shape, docs/export-schema.md): exact values on a small hand-checked
workspace, determinism, the CSV form, the roadmap hook, and the demo company end to end."""

from __future__ import annotations

import json
import math
import sys
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from metrics.delivery import delivery_report
from pilotage.application.export import clean, metrics_json, to_csv_text, to_json_text
from pilotage.core.model import Dataset
from pilotage.core.workspace import load_workspace, parse_workspace
from tests import test_metrics_dora as dora_case
from tests import test_metrics_flow as flow_case

AS_OF = date(2026, 3, 1)
TOP_LEVEL = {"workspace", "as_of", "currency", "definitions_version", "teams", "repos", "confidence", "roadmap"}
WS = parse_workspace({
    "workspace": {"name": "Acme", "currency": "chf"},
    "metrics": {"window_weeks": 3},
    "github": {"repos": ["acme/api", "acme/web", "acme/lib", "acme/none"]},
    "teams": [{"name": "A", "jira_projects": ["A", "OPS"], "repos": ["acme/api", "acme/web"]},
              {"name": "B", "jira_projects": ["B"]}],
})
DS = Dataset({**flow_case.dataset().frames, **dora_case.dataset().frames})


@pytest.fixture(scope="module")
def doc() -> dict:
    return metrics_json(DS, WS, as_of=AS_OF)


def test_top_level_shape(doc):
    assert set(doc) == TOP_LEVEL
    assert (doc["workspace"], doc["as_of"], doc["currency"]) == ("Acme", "2026-03-01", "CHF")
    assert len(doc["definitions_version"]) == 12
    assert set(doc["teams"]) == {"A", "B"}
    assert set(doc["repos"]) == {"acme/api", "acme/web", "acme/lib", "acme/none"}


def test_team_values(doc):
    a = doc["teams"]["A"]
    assert a["throughput"] == [{"week": "2026-02-09", "items": 1}, {"week": "2026-02-16", "items": 4},
                               {"week": "2026-02-23", "items": 2}]
    assert a["cycle_time_days"] == {"p50": 2.0, "p85": 15.1, "p95": 19.7, "count": 5}
    assert a["lead_time_days"] == {"p50": 2.5, "p85": 23.2, "p95": 24.4, "count": 7}
    assert a["wip"] == 3
    assert a["ageing_wip"] == [{"item": "A-5", "age_days": 29.0, "over_p85": True},
                               {"item": "A-8", "age_days": 3.5, "over_p85": False},
                               {"item": "A-9", "age_days": 2.0, "over_p85": False}]
    assert a["sprints"] == [] and a["velocity_stability"] is None
    assert [c["category"] for c in a["allocation"]] == ["features", "tech debt", "bugs & incidents", "run / KTLO"]
    assert a["allocation"][0] == {"category": "features", "items": 7, "points": 0.0, "items_share": 1.0,
                                  "points_share": None}
    assert a["dora"]["deployments"] == 7  # api 5 (with 10 Feb, now in the 3-week window) + web 2
    b = doc["teams"]["B"]
    assert b["cycle_time_days"] == {"p50": 1.0, "p85": 1.0, "p95": 1.0, "count": 1}
    assert b["dora"]["deployments"] == 0 and b["dora"]["lead_time_hours"]["p50"] is None


def test_repo_values(doc):
    api = doc["repos"]["acme/api"]
    assert set(api) == {"deployments", "deployments_per_week", "deploy_days_per_week_median", "lead_time_hours",
                        "undeployed_prs", "change_failure_rate", "time_to_restore_hours", "bands"}
    assert (api["deployments"], api["deployments_per_week"], api["undeployed_prs"]) == (5, round(5 / 3, 4), 1)
    # PR 6 (merged 10 Feb, deployed by deploy 0: 34 h) is in this 3-week window
    assert api["lead_time_hours"] == {"p50": 29.25, "p85": 113.2, "count": 4, "missing_first_commit": 1}
    assert api["change_failure_rate"] == 0.6  # deploys 0, 2 and 8 of 5
    assert api["time_to_restore_hours"] == {"p50": 2.0, "count": 3, "open": 1}
    assert set(api["bands"]) == {"deployment_frequency", "lead_time", "change_failure_rate", "time_to_restore"}
    assert doc["repos"]["acme/none"]["bands"]["deployment_frequency"]["band"] is None


def test_confidence_values(doc):
    ratios = {"estimated_items", "items_with_start", "epics_with_target", "prs_deployed", "incidents_linked"}
    assert set(doc["confidence"]) == {"overall", "teams", "repos"}
    assert set(doc["confidence"]["overall"]) == ratios
    assert doc["confidence"]["overall"]["estimated_items"] == {"numerator": 0, "denominator": 9, "ratio": 0.0,
                                                               "low": True, "status": "low"}
    assert doc["confidence"]["teams"]["B"]["prs_deployed"]["status"] == "not enough data"
    assert set(doc["confidence"]["repos"]["acme/api"]) == {"prs_deployed", "incidents_linked"}


def test_sprint_entries_with_both_units():
    from tests import test_metrics_sprints as sprint_case

    ws = parse_workspace({"teams": [{"name": "A", "jira_projects": ["A"], "board": 1}]})
    doc = metrics_json(sprint_case.dataset(), ws, as_of=date(2026, 4, 5))
    s1, s2 = doc["teams"]["A"]["sprints"]
    assert s1 == {
        "id": "jira:sprint:1", "name": "A 1", "start": "2026-03-02T09:00:00Z", "end": "2026-03-16T10:00:00Z",
        "unit": "points", "committed": 11.0, "added": 6.0, "removed": 5.0, "completed_committed": 5.0,
        "completed": 6.0, "carry_over": 6.0, "velocity": 6.0, "planning_accuracy": 0.4545,
        "capacity_accuracy": 0.5455, "scope_change": 1.0,
        "in_items": {"committed": 5, "added": 2, "removed": 2, "completed_committed": 2, "completed": 3,
                     "carry_over": 2},
        "in_points": {"committed": 11.0, "added": 6.0, "removed": 5.0, "completed_committed": 5.0, "completed": 6.0,
                      "carry_over": 6.0},
    }
    assert s2["unit"] == "items" and s2["committed"] == 3 and isinstance(s2["committed"], int)
    assert doc["teams"]["A"]["velocity_stability"] == round(math.sqrt(0.5) / 2.5, 4)


def test_json_text_is_deterministic_and_strict(doc):
    text = to_json_text(doc)
    assert text == to_json_text(metrics_json(DS, WS, as_of=AS_OF))
    assert "NaN" not in text and "Infinity" not in text and text.endswith("}\n")
    parsed = json.loads(text)
    assert parsed == doc
    assert list(parsed) == sorted(parsed)


def test_clean():
    assert clean({"a": float("nan"), "b": np.float64(1 / 3), "c": np.int64(3), "d": -0.0, "e": np.bool_(True),
                  "f": pd.Timestamp("2026-03-02T10:00:00.250Z"), "g": date(2026, 3, 1), "h": pd.NaT, "i": (1, 2),
                  "j": float("inf"), "k": datetime(2026, 3, 1, 12, 0)}) == {
        "a": None, "b": 0.3333, "c": 3, "d": 0.0, "e": True, "f": "2026-03-02T10:00:00.250Z", "g": "2026-03-01",
        "h": None, "i": [1, 2], "j": None, "k": "2026-03-01T12:00:00Z"}
    with pytest.raises(TypeError, match="cannot export a value of type object"):
        clean(object())


def test_csv_text(doc):
    lines = to_csv_text(doc).splitlines()
    assert lines[0] == "scope,key,metric,value"
    assert "workspace,,as_of,2026-03-01" in lines
    assert "team,A,throughput[2026-02-16].items,4" in lines
    assert "team,A,ageing_wip[A-5].over_p85,true" in lines
    assert "team,A,cycle_time_days.p85,15.1" in lines
    assert "team,B,velocity_stability," in lines  # null → empty
    assert "team,A,allocation[bugs & incidents].items,0" in lines
    assert "repo,acme/api,lead_time_hours.missing_first_commit,1" in lines
    assert "repo,acme/api,bands.change_failure_rate.band,low" in lines
    assert "confidence,,prs_deployed.status,ok" in lines
    assert "confidence.repo,acme/none,prs_deployed.status,not enough data" in lines
    assert to_csv_text(doc) == to_csv_text(json.loads(to_json_text(doc)))


def test_empty_dataset():
    doc = metrics_json(Dataset.empty(), WS, as_of=AS_OF)
    assert set(doc) == TOP_LEVEL
    assert doc["teams"]["A"]["throughput"] == [{"week": w, "items": 0} for w in ("2026-02-09", "2026-02-16",
                                                                                  "2026-02-23")]
    assert doc["teams"]["A"]["cycle_time_days"] == {"p50": None, "p85": None, "p95": None, "count": 0}
    assert doc["repos"]["acme/api"]["change_failure_rate"] is None
    assert doc["confidence"]["overall"]["prs_deployed"]["status"] == "not enough data"
    assert "NaN" not in to_json_text(doc)


def test_demo_export_is_byte_identical_and_sane():
    demo = pytest.importorskip("connectors.demo")
    batches = demo.generate(seed=7)
    ds = Dataset({**batches["jira"].frames, **batches["github"].frames})
    ws = load_workspace()
    first = to_json_text(metrics_json(ds, ws, as_of=date(2026, 11, 22)))
    second = to_json_text(metrics_json(Dataset({k: v.copy() for k, v in ds.frames.items()}), ws,
                                       as_of=date(2026, 11, 22)))
    assert first == second
    doc = json.loads(first)
    assert set(doc) == TOP_LEVEL and set(doc["teams"]) == {t.name for t in ws.teams}
    for name, team in doc["teams"].items():
        assert len(team["throughput"]) == 12 and sum(w["items"] for w in team["throughput"]) > 0, name
        assert 0 < team["cycle_time_days"]["p50"] <= team["cycle_time_days"]["p85"] <= team["cycle_time_days"]["p95"]
        assert team["sprints"], f"{name}: no sprint in the window"
        for s in team["sprints"]:
            assert 0 <= s["planning_accuracy"] <= 1 and s["completed_committed"] <= s["completed"]
            assert s["in_items"]["committed"] > 0
        assert abs(sum(c["items_share"] for c in team["allocation"]) - 1) < 1e-3
        assert team["velocity_stability"] is not None and 0 <= team["velocity_stability"] < 1
    for name, repo in doc["repos"].items():
        assert repo["deployments"] > 0, name
        assert repo["change_failure_rate"] is None or 0 <= repo["change_failure_rate"] <= 1
        assert repo["bands"]["deployment_frequency"]["band"] in {"elite", "high", "medium", "low"}
    assert doc["confidence"]["overall"]["prs_deployed"]["denominator"] > 0
    if hasattr(sys.modules.get("metrics.roadmap"), "roadmap_json"):  # the roadmap metrics fill their section
        assert doc["roadmap"]


def test_end_to_end_from_the_emulators_through_sync(tmp_path, monkeypatch):
    """Jira and GitHub emulators → the real connectors → run_sync → a SQLite store → the export."""
    from connectors.github import connector_for as github_connector
    from connectors.jira import connector_for as jira_connector
    from emulators.github import FakeClock, GitHubEmulator, synthetic_repo
    from emulators.jira import JiraEmulator, workspace_for
    from pilotage.application.sync import run_sync
    from pilotage.core.store import Store

    jira = JiraEmulator("server").start()  # its clock: Monday 3 June 2024, 12:00 UTC
    jira.add_synthetic(150, project="PAY", board_id=1)
    clock = FakeClock("2024-06-03T12:00:00Z")
    # 60 PRs opened every 2 h from 1 May (8 in 10 merged, 4 h after opening, first commit 5 h before opening),
    # a production and a staging deployment 6 h after every 10th PR
    spec = synthetic_repo(60, start="2024-05-01T00:00:00Z")
    monkeypatch.setenv("PILOTAGE_E2E_GITHUB_TOKEN", "ghp-e2e")
    try:
        with GitHubEmulator({"acme/api": spec}, token="ghp-e2e", clock=clock) as github:
            doc = workspace_for(jira, monkeypatch.setenv, projects=("PAY",),
                                teams=[{"name": "Payments", "jira_projects": ["PAY"], "board": 1,
                                        "repos": ["acme/api"]}])
            doc["github"] = {"url": github.url, "repos": ["acme/api"], "token_env": "PILOTAGE_E2E_GITHUB_TOKEN"}
            doc["metrics"] = {"window_weeks": 26}  # the Jira items live in January, the PRs in May
            ws = parse_workspace(doc)
            store = Store(f"sqlite:///{tmp_path / 'e2e.db'}")

            def factory(ws, source):
                if source == "jira":
                    return jira_connector(ws, timeout=5, max_retries=1, sleep=lambda s: None)
                return github_connector(ws, seconds_between_requests=0, sleep=clock.sleep, clock=clock)

            summaries = run_sync(ws, store, connector_factory=factory)
            assert [s.ok for s in summaries] == [True, True], [s.message for s in summaries]
    finally:
        jira.stop()
    ds = store.load()
    as_of = date(2024, 6, 2)
    text = to_json_text(metrics_json(ds, ws, as_of=as_of))
    assert text == to_json_text(metrics_json(store.load(), ws, as_of=as_of))
    out = json.loads(text)

    # GitHub side, expected values computed from the emulator's spec
    deploys = [pd.Timestamp(d["created_at"]) + pd.Timedelta(minutes=5) for d in spec["deployments"]
               if d["environment"] == "production"]
    lead = []
    for p in spec["pulls"]:
        if p.get("merged_at"):
            merged = pd.Timestamp(p["merged_at"])
            deployed = min(d for d in deploys if d >= merged)
            lead.append((deployed - pd.Timestamp(p["commits"][0]["authored_at"])) / pd.Timedelta(hours=1))
    api = out["repos"]["acme/api"]
    assert api["deployments"] == len(deploys) == 6
    assert api["lead_time_hours"] == {"p50": round(float(np.percentile(lead, 50)), 4),
                                      "p85": round(float(np.percentile(lead, 85)), 4), "count": 48,
                                      "missing_first_commit": 0}
    assert api["undeployed_prs"] == 0 and api["change_failure_rate"] == 0.0
    assert out["teams"]["Payments"]["dora"]["deployments"] == 6

    # Jira side: the figures agree with the synced store
    team = out["teams"]["Payments"]
    report = delivery_report(ds, ws, as_of=as_of)
    assert sum(w["items"] for w in team["throughput"]) == len(report.done) > 0
    assert team["wip"] == int((report.items["stage"] == "in_progress").sum())
    assert len(team["sprints"]) == 10  # sprint 11 ends on 3 June 08:00, after as_of; sprint 12 is active
    first = team["sprints"][0]
    assert first["in_items"]["committed"] + first["in_items"]["added"] == int(report.sprint_members["sprint_id"].eq(
        first["id"]).sum()) > 0
    assert out["confidence"]["teams"]["Payments"]["prs_deployed"]["ratio"] == 1.0
