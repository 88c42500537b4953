"""The Engineering page through AppTest: the DORA figures shown equal the metrics layer's for a team and for a
repository, in English and French; notes on where deployments come from; evidence tables; empty data explained."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.windows import as_of_instant
from presentation import i18n
from presentation.charts_delivery import fmt_hours, fmt_number, fmt_pct
from tests.test_page_delivery import (  # noqa: F401 (fixtures)
    demo,
    english_afterwards,
    figures,
    metric,
    open_page,
    texts,
    tiny,
)

PAGE = "app_pages/engineering.py"
NAMES = {"en": ("Releases per week", "Time to customers", "Releases causing an incident", "Time to restore service"),
         "fr": ("Mises en production par semaine", "Délai jusqu'aux clients", "Mises en production avec incident",
                "Temps de rétablissement du service")}  # the glossary's labels, as on the executive page and in the pack


def shown_figures(at, lang: str) -> list[str]:
    return [metric(at, name) for name in NAMES[lang]]


def expected_figures(row: pd.Series) -> list[str]:
    return [i18n.t("eng.kpi.per_week", n=fmt_number(row["deployments_per_week"])),
            fmt_hours(row["lead_time_p50_hours"]), fmt_pct(row["change_failure_rate"]),
            fmt_hours(row["time_to_restore_p50_hours"])]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_team_dora_figures_equal_the_metrics_layer(demo, lang):  # noqa: F811
    _, _, _, report = demo
    at = open_page(PAGE, team="Payments", lang=lang)
    i18n.set_language(lang)
    row, bands = report.dora.teams.loc["Payments"], report.dora.team_bands["Payments"]
    assert at.title[0].value == {"en": "Engineering — Payments", "fr": "Ingénierie — Payments"}[lang]
    assert shown_figures(at, lang) == expected_figures(row)
    badges = [m.value for m in at.markdown if "-badge[" in m.value]
    assert [b.split("[")[1] for b in badges] == [
        i18n.t("band.against", band=i18n.band_words(bands[k]['band'])) + "]"
        for k in ("deployment_frequency", "lead_time", "change_failure_rate", "time_to_restore")]
    # plain words: a "high" time to restore reads as bad, "good (high performers)" does not
    assert {"en": "Against the industry: good (high performers)]",
            "fr": "Face au secteur : bon (performants)]"}[lang] in [b.split("[")[1] for b in badges]
    # trend words and distance to the next band, from the band blocks (2 more deploy days a week to reach elite)
    deltas = [m.delta for m in at.metric]
    for delta, key in zip(deltas, ("deployment_frequency", "lead_time", "change_failure_rate", "time_to_restore")):
        assert i18n.t(f"eng.trend.{bands[key]['trend']}", weeks=12) in delta
    frequency = bands["deployment_frequency"]
    assert (frequency["band"], frequency["next_band"], frequency["gap"]) == ("high", "elite", 2.0)
    assert i18n.t("eng.next.deploy_days_per_week_median", gap="2", band=i18n.band_words("elite"), target="5") \
        in texts(at)
    # the export document says the same
    exported = at.session_state["_context"].views["metrics"]["teams"]["Payments"]["dora"]
    assert exported["deployments"] == row["deployments"] == 44
    assert exported["lead_time_hours"]["p50"] == pytest.approx(row["lead_time_p50_hours"], abs=1e-4)


def test_repository_from_the_link(demo):  # noqa: F811
    _, ds, as_of, report = demo
    repo = "nordwind/checkout-web"
    at = open_page(PAGE, team="Payments", repo=repo, lang="en")
    i18n.set_language("en")
    assert at.title[0].value.replace("\\", "") == f"Engineering — {repo}"
    assert shown_figures(at, "en") == expected_figures(report.dora.repos.loc[repo])
    incidents = next(d.value for d in at.dataframe if "release" in d.value.columns)
    start, end = report.window_start, report.window_end
    inc = ds.incidents  # a GitHub incident belongs to its repository, a Jira one to every repository of its team
    mine = inc.loc[((inc["repo"] == repo) | (inc["project"] == "PAY")) & (inc["created_at"] >= start)
                   & (inc["created_at"] < end)]
    assert sorted(incidents["title"]) == sorted(mine["title"])
    # the breakdown: the median lead time split between the stages in proportion to their mean hours over the
    # repository's deployed pull requests, so the stages add up to the diamond (medians of stages do not)
    prs = report.dora.prs.loc[(report.dora.prs["repo"] == repo) & report.dora.prs["deployed"]]
    opened = ds.pull_requests.set_index("id").loc[prs["id"], "created_at"].to_numpy()
    hours = pd.DataFrame({
        "coding": (opened - prs["first_commit_at"].to_numpy()) / pd.Timedelta(hours=1),
        "review": (prs["merged_at"].to_numpy() - opened) / pd.Timedelta(hours=1),
        "deploy": (prs["deployed_at"] - prs["merged_at"]).to_numpy() / pd.Timedelta(hours=1),
    }).astype(float).dropna()
    total = report.dora.repos.loc[repo, "lead_time_p50_hours"]
    assert total > 72  # so the chart counts in days
    bars = {tr["name"]: tr for fig in figures(at) for tr in fig["data"] if tr.get("type") == "bar"
            and tr.get("orientation") == "h"}
    for stage in ("coding", "review", "deploy"):
        expected = total * hours[stage].mean() / hours.mean().sum()
        assert bars[i18n.t(f"eng.stage.{stage}")]["x"][0] * 24 == pytest.approx(expected, abs=1e-3)
        assert bars[i18n.t(f"eng.stage.{stage}")]["customdata"][0][1] == fmt_hours(hours[stage].median())
    assert sum(bars[i18n.t(f"eng.stage.{s}")]["x"][0] for s in ("coding", "review", "deploy")) * 24 == \
        pytest.approx(total, abs=1e-3)
    assert hours["coding"].median() + hours["review"].median() + hours["deploy"].median() < total * 0.9  # the bug


def test_release_fallback_and_undeployed_changes_are_said(demo):  # noqa: F811
    _, ds, as_of, report = demo
    at = open_page(PAGE, team="Data", lang="en")
    rel = ds.releases
    published = int(((rel["repo"] == "nordwind/data-pipeline") & rel["published_at"].notna()
                      & (rel["published_at"] < as_of_instant(as_of)) & ~rel["draft"] & ~rel["prerelease"]).sum())
    assert (f"nordwind/data-pipeline has no deployments in GitHub: its {published} published releases count as "
            "releases to customers.") in texts(at).replace("\\", "")
    waiting = next(d.value for d in at.dataframe if "waiting" in d.value.columns)
    assert len(waiting) == report.dora.teams.loc["Data", "undeployed_prs"] == 3


def test_pull_request_titles_are_text(demo):  # noqa: F811
    """github:nordwind/checkout-web#1023 says "<b> tags" in its title; merged on 6 Aug 2026."""
    at = open_page(PAGE, team="Payments", as_of="2026-08-31", lang="en")
    prs = next(d.value for d in at.dataframe if "first_commit" in d.value.columns)
    assert "PAY-1991: Render <b> tags in order notes as plain text" in prs["title"].tolist()
    assert "<b>" not in texts(at)


def test_environments_that_miss_the_production_pattern_are_named(tiny):  # noqa: F811
    at = open_page(PAGE, team="Data", lang="en")
    said = texts(at).replace("\\", "")
    assert ("DORA shows no releases for acme/api: its environments (staging) don't match the production pattern "
            "`^prod`") in said
    assert "did not release to customers in the last 12 weeks" in at.markdown[0].value
    waiting = next(d.value for d in at.dataframe if "waiting" in d.value.columns)
    assert waiting["title"].tolist() == ["Render **bold** and <b>tags</b> as text"]
    assert not at.get("plotly_chart")[1:]  # the weekly releases chart only: no breakdown without released changes
    at = open_page(PAGE, team="Ops", lang="en")
    assert "Ops has no repositories in the workspace file" in texts(at)


@pytest.fixture
def actions(tmp_path, monkeypatch):
    """Issue 17: acme/app deploys only through its `deploy.yml` workflow (two successful runs on main, one failed,
    one on another branch) and two commits were pushed without a PR, one of them deployed; synced 23 Nov 2026."""
    from pilotage.core.model import Batch, to_frame
    from pilotage.core.store import Store, SyncRecord

    (tmp_path / "acme.toml").write_text(
        '[workspace]\nname = "Acme"\nstore = "sqlite:///acme.db"\n\n[github]\nrepos = ["acme/app"]\n'
        'deploy_workflows = ["deploy.yml"]\n\n[[teams]]\nname = "App"\nrepos = ["acme/app"]\n', encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 'acme.db'}")

    def run(n: int, branch: str, conclusion: str, day: int) -> dict:
        at = f"2026-11-{day:02d}T10:00:00Z"
        return {"id": f"github:acme/app:run:{n}", "source": "github", "repo": "acme/app", "workflow": "deploy.yml",
                "head_branch": branch, "head_sha": f"s{day}", "status": "completed", "conclusion": conclusion,
                "created_at": at, "deployed_at": at if conclusion == "success" else None}

    def commit(sha: str, day: int) -> dict:
        return {"id": f"github:acme/app:commit:{sha}", "source": "github", "repo": "acme/app", "sha": sha,
                "authored_at": f"2026-11-{day:02d}T04:00:00Z", "committed_at": f"2026-11-{day:02d}T06:00:00Z",
                "parents": 1}

    frames = {
        "repositories": to_frame("repositories", [{"id": "github:acme/app", "source": "github",
                                                   "full_name": "acme/app", "default_branch": "main"}]),
        "workflow_runs": to_frame("workflow_runs", [run(1, "main", "success", 3), run(2, "main", "failure", 5),
                                                    run(3, "main", "success", 10), run(4, "beta", "success", 12)]),
        "commits": to_frame("commits", [commit("s10", 10), commit("s17", 17)]),
    }
    store.apply_sync(Batch("github", frames, full=True),
                     SyncRecord("github", "full", started_at=pd.Timestamp("2026-11-23T00:00:00Z")))
    store.close()
    monkeypatch.setenv("PILOTAGE_WORKSPACE", str(tmp_path / "acme.toml"))
    monkeypatch.delenv("PILOTAGE_WORKSPACES", raising=False)


@pytest.mark.parametrize(("lang", "note", "commits"), [
    ("en", "acme/app: releases to customers are the successful runs of workflow deploy.yml",
     "Time to customers also counts 2 change(s) pushed without a pull request (1 not live yet)."),
    ("fr", "acme/app : les mises en production sont les exécutions réussies du workflow deploy.yml",
     "Le délai jusqu'aux clients compte aussi 2 changement(s) poussé(s) sans pull request (1 pas encore en "
     "service)."),
])
def test_a_repository_deploying_through_actions_is_said_so(actions, lang, note, commits):
    at = open_page(PAGE, team="App", lang=lang)
    i18n.set_language(lang)
    said = texts(at).replace("\\", "")
    assert note in said and commits in said
    # runs 1 and 3 (main, successful): 2 releases over the 12 weeks; commit s10, authored 11-10 04:00, deployed by
    # run 3 (its sha) at 10:00: 6 hours; s17 is after every run
    assert metric(at, NAMES[lang][0]) == i18n.t("eng.kpi.per_week", n=fmt_number(2 / 12))
    assert metric(at, NAMES[lang][1]) == fmt_hours(6.0)
