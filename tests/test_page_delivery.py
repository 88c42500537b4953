"""The Delivery page through AppTest: figures shown equal the metrics layer's, in English and French; the team
filter from the URL survives page switches; empty data gets explanations; item titles stay text.

`tiny_workspace` (also used by the Engineering page tests) writes a one-repository workspace whose store holds
only GitHub data: no sprints, no Jira issues, deployments in a staging environment only.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from pilotage.core.model import Batch, Dataset, to_frame
from pilotage.core.store import Store, SyncRecord
from presentation import i18n
from presentation.charts_delivery import fmt_days, fmt_number, fmt_pct
from presentation.i18n import fmt_int

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
PAGE = "app_pages/delivery.py"
TITLE = {"en": "Delivery — {}", "fr": "Livraison — {}"}


@pytest.fixture(autouse=True)
def english_afterwards():
    """Tests set the language of their own thread to format expected values; AppTest formats widget options in
    that thread too, so leave it as a fresh session would find it."""
    yield
    i18n.set_language("en")


@pytest.fixture(scope="session")
def demo(demo_store_url):
    """The demo workspace, its data, as_of and delivery report (the metrics layer the page must agree with)."""
    from metrics.delivery import delivery_report
    from pilotage.application.service import default_as_of, load_dataset
    from pilotage.core.workspace import load_workspace

    ws = load_workspace()
    ds = load_dataset(ws)
    as_of = default_as_of(ws)
    return ws, ds, as_of, delivery_report(ds, ws, as_of=as_of)


def open_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def trace(figs: list[dict], name: str) -> dict:
    return next(tr for fig in figs for tr in fig["data"] if tr.get("name") == name)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def texts(at: AppTest) -> str:
    return "\n".join(e.value for part in (at.markdown, at.caption, at.info, at.warning) for e in part)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_team_figures_equal_the_metrics_layer(demo, lang):
    _, _, _, report = demo
    at = open_page(PAGE, team="Payments", lang=lang)
    i18n.set_language(lang)
    sprints = report.sprints.loc[report.sprints["team"] == "Payments"]
    done = report.done.loc[report.done["team"] == "Payments"]
    cycle = report.cycle_time.loc["Payments"]
    ageing = report.ageing_wip.loc[report.ageing_wip["team"] == "Payments"]

    assert at.title[0].value == TITLE[lang].format("Payments")
    assert metric(at, i18n.t("delivery.kpi.planning")) == fmt_pct(sprints["planning_accuracy"].mean())
    assert metric(at, i18n.t("delivery.kpi.capacity")) == fmt_pct(sprints["capacity_accuracy"].mean())
    assert metric(at, i18n.label("velocity_stability")) == fmt_pct(  # a percentage, as in the pack
        report.velocity_stability.loc["Payments", "velocity_stability"])
    assert metric(at, i18n.t("delivery.kpi.finished", weeks=12)) == fmt_int(len(done))
    assert metric(at, i18n.t("delivery.kpi.cycle")) == f"{fmt_number(cycle['p50'])} / {fmt_days(cycle['p85'])}"
    assert metric(at, i18n.t("delivery.kpi.wip")) == f"{len(ageing)} ({int(ageing['over_p85'].sum())})"
    # the opening sentence: 71% of commitments, velocity stability 0.197 reads "fairly steady"
    lead = at.markdown[0].value
    assert fmt_pct(sprints["planning_accuracy"].mean()) in lead
    assert {"en": "fairly steady", "fr": "plutôt régulier"}[lang] in lead

    figs = figures(at)
    unit = i18n.t("delivery.unit.points")
    committed = trace(figs, i18n.t("delivery.chart.committed", unit=unit))
    assert committed["y"] == pytest.approx(sprints["committed_points"].tolist())  # every sprint counts in points
    planning = trace(figs, i18n.t("delivery.chart.planning_accuracy"))
    assert planning["y"] == pytest.approx(sprints["planning_accuracy"].tolist(), abs=1e-4)
    weekly = report.throughput.loc[report.throughput["team"] == "Payments", "items"]
    finished = [tr for fig in figs for tr in fig["data"] if tr.get("name") == i18n.t("delivery.chart.finished")]
    bars, scatter = (next(tr for tr in finished if tr["type"] == kind) for kind in ("bar", "scatter"))
    assert bars["y"] == weekly.tolist()
    assert len(scatter["y"]) == cycle["count"] == done["cycle_days"].notna().sum()
    assert sorted(scatter["y"]) == pytest.approx(sorted(done["cycle_days"].dropna()), abs=1e-4)


def test_sprints_in_items_are_named_with_their_estimated_share(demo):
    _, _, _, report = demo
    at = open_page(PAGE, team="Data", lang="en")
    i18n.set_language("en")
    sprints = report.sprints.loc[report.sprints["team"] == "Data"]
    assert (sprints["unit"] == "items").any() and (sprints["unit"] == "points").any()
    committed = trace(figures(at), "Committed (items)")  # mixed units: the bars count items for every sprint
    assert committed["y"] == sprints["committed_items"].tolist()
    first = sprints.loc[sprints["unit"] == "items"].iloc[0]
    share = fmt_pct(first["estimated_committed"] / first["committed_items"])
    assert f"{first['name']} ({first['estimated_committed']} of {first['committed_items']} estimated, {share})" \
        in texts(at).replace("\\", "")


def test_all_teams_compares_the_teams(demo):
    _, _, _, report = demo
    at = open_page(PAGE, lang="fr")
    i18n.set_language("fr")
    assert at.title[0].value == TITLE["fr"].format("toutes les équipes")
    table = at.dataframe[0].value
    assert table["team"].tolist() == ["Payments", "Platform", "Mobile", "Data"]
    expected = [fmt_pct(report.sprints.loc[report.sprints["team"] == team, "planning_accuracy"].mean())
                for team in table["team"]]
    assert table["planning"].tolist() == expected
    assert metric(at, i18n.t("delivery.kpi.finished", weeks=12)) == fmt_int(report.throughput.loc[
        report.throughput["team"] == "*", "items"].sum())
    assert "Mobile" in at.markdown[0].value  # its pace is irregular (velocity stability 0.34)


def test_team_filter_from_the_link_survives_page_switches(demo):
    at = open_page(PAGE, team="Platform", lang="en")
    assert at.title[0].value == "Delivery — Platform"
    at.switch_page("app_pages/engineering.py")
    at.run()
    assert not at.exception and at.title[0].value == "Engineering — Platform"
    at.switch_page(PAGE)
    at.run()
    assert at.title[0].value == "Delivery — Platform"
    assert at.query_params["team"] in ("Platform", ["Platform"])


def test_item_titles_are_text_never_markup(demo):
    """PAY-1211's title holds a <script> tag; it was finished on 11 Dec 2025, inside the window of 15 Jan 2026."""
    at = open_page(PAGE, team="Payments", as_of="2026-01-15")
    title = 'Escape <script> tags in receipt template (<script>alert("x")</script> runs in the PDF preview)'
    finished = next(d.value for d in at.dataframe if "done" in d.value.columns)
    assert finished.loc[finished["key"] == "PAY-1211", "title"].tolist() == [title]
    hover = [h for fig in figures(at) for tr in fig["data"] for h in tr.get("hovertext") or [] if "PAY-1211" in h]
    assert hover and "&lt;script&gt;" in hover[0] and "<script>" not in hover[0]
    assert "<script" not in texts(at)


def test_pace_limits():
    from pilotage.application.views.delivery import pace

    assert [pace(x) for x in (None, np.nan, 0.0, 0.15, 0.1501, 0.30, 0.3001)] == [
        None, None, "steady", "steady", "fairly steady", "fairly steady", "irregular"]


def test_empty_dataset_section_is_plain_json():
    from pilotage.application.views import compute, views_from
    from pilotage.core.workspace import parse_workspace

    ws = parse_workspace({"workspace": {"name": "Empty", "store": "sqlite:///:memory:"},
                          "teams": [{"name": "Data", "jira_projects": ["DATA"], "board": 4}]})
    views = views_from(compute(Dataset.empty(), ws, as_of=date(2026, 11, 22)))
    json.dumps(views, allow_nan=False)
    data = views["delivery"]["scopes"]["Data"]
    assert data["sprints"] == [] and data["board"] == 4 and data["summary"]["planning_accuracy"] is None
    assert data["finished"] == {"count": 0, "shown": 0, "rows": []}
    assert data["throughput_median"] == 0 and data["wip"] == 0 and data["ageing"]["rows"] == []
    assert views["delivery"]["sprint_members"] == {} and views["delivery"]["items"] == {}


def test_finished_items_are_thinned_evenly_over_the_window():
    from pilotage.application.views.delivery import SCATTER_CAP, _finished

    done = pd.DataFrame({
        "key": [f"K-{i}" for i in range(1000)], "team": "T",
        "done_at": pd.date_range("2026-09-01", periods=1000, freq="h", tz="UTC"),
        "cycle_days": 1.0, "lead_days": 2.0,
    })
    out = _finished(done)
    assert out["count"] == 1000 and out["shown"] == SCATTER_CAP == len(out["rows"])
    assert out["rows"][0]["key"] == "K-0" and out["rows"][-1]["key"] == "K-999"  # first and last kept


# ------------------------------------------------------------------------------------ a workspace with no sprints


def tiny_workspace(folder: Path) -> Path:
    """A workspace file and its store: team Data (board 4, repository acme/api), team Ops (no board, no repo);
    GitHub data only: two successful deployments to `staging` and one merged pull request, synced on 23 Nov 2026."""
    (folder / "tiny.toml").write_text(
        '[workspace]\nname = "Tiny"\nstore = "sqlite:///tiny.db"\n\n[github]\nrepos = ["acme/api"]\n\n'
        '[[teams]]\nname = "Data"\njira_projects = ["DATA"]\nboard = 4\nrepos = ["acme/api"]\n\n'
        '[[teams]]\nname = "Ops"\njira_projects = ["OPS"]\n',
        encoding="utf-8",
    )
    store = Store(f"sqlite:///{folder / 'tiny.db'}")
    store.migrate()
    deploys = [{"id": f"github:acme/api:deploy:{n}", "source": "github", "repo": "acme/api",
                "environment": "staging", "created_at": f"2026-11-{n:02d}T10:00:00Z"} for n in (3, 10)]
    frames = {
        "repositories": to_frame("repositories", [{"id": "github:acme/api", "source": "github",
                                                   "full_name": "acme/api", "default_branch": "main"}]),
        "deployments": to_frame("deployments", deploys),
        "deployment_statuses": to_frame("deployment_statuses", [
            {"deployment_id": d["id"], "source": "github", "seq": 1, "state": "success",
             "at": d["created_at"].replace("10:00", "10:05")} for d in deploys]),
        "pull_requests": to_frame("pull_requests", [{
            "id": "github:acme/api#7", "source": "github", "repo": "acme/api", "number": 7,
            "title": "Render **bold** and <b>tags</b> as text", "state": "closed", "base_branch": "main",
            "created_at": "2026-11-09T09:00:00Z", "updated_at": "2026-11-10T09:00:00Z",
            "merged_at": "2026-11-10T09:00:00Z", "first_commit_at": "2026-11-08T09:00:00Z",
            "url": "https://github.com/acme/api/pull/7"}]),
    }
    store.apply_sync(Batch("github", frames, full=True),
                     SyncRecord("github", "full", started_at=pd.Timestamp("2026-11-23T00:00:00Z")))
    store.close()
    return folder / "tiny.toml"


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    monkeypatch.setenv("PILOTAGE_WORKSPACE", str(tiny_workspace(tmp_path)))
    monkeypatch.delenv("PILOTAGE_WORKSPACES", raising=False)
    return tmp_path


def test_no_sprints_and_no_work_are_explained(tiny):
    at = open_page(PAGE, team="Data", lang="en")
    assert at.title[0].value == "Delivery — Data"
    said = texts(at)
    assert "No closed sprints for Data in the last 12 weeks: is board 4 right?" in said
    assert "Nothing finished in the last 12 weeks for Data" in said
    assert "Nothing in progress on 22 Nov 2026." in said
    assert "closed no sprint in the last 12 weeks" in at.markdown[0].value
    at = open_page(PAGE, team="Ops", lang="fr")  # a team without a board is told how to add it
    assert "Ops n'a pas de tableau Jira dans le fichier d'espace de travail" in texts(at)
