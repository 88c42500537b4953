"""The demo company generator: deterministic, valid canonical frames, realistic invariants, the scripted roadmap
story (checked with a small Monte Carlo of METRICS.md's forecast rule), scaling, the store round trip and the
built-in demo workspace."""

from __future__ import annotations

import math
import tomllib
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from connectors.demo import DEMO_ANCHOR, EPICS, TEAMS, generate
from pilotage.application.service import build_demo_store
from pilotage.core.model import TABLES, empty_frame, validate
from pilotage.core.workspace import DEMO_WORKSPACE, PROJECT_ROOT, load_workspace, resolve_store_url

END = pd.Timestamp(DEMO_ANCHOR + timedelta(days=1), tz="UTC")  # the as_of instant of the anchor
WINDOW_START = pd.Timestamp("2026-08-31", tz="UTC")  # Monday of the first of the 12 weeks before the anchor


@pytest.fixture(scope="module")
def demo():
    return generate()


@pytest.fixture(scope="module")
def frames(demo):
    """Every frame of both sources; incidents (in both batches) concatenated."""
    out = dict(demo["jira"].frames)
    for name, frame in demo["github"].frames.items():
        out[name] = pd.concat([out[name], frame], ignore_index=True) if name in out else frame
    return out


@pytest.fixture(scope="module")
def categories(frames):
    return dict(zip(frames["statuses"]["name"], frames["statuses"]["category"]))


@pytest.fixture(scope="module")
def done_at(frames, categories):
    """METRICS.md's done_at: the last entry into a done status from another category, for items done now."""
    sc = frames["status_changes"]
    done = sc["to_status"].map(categories).eq("done")
    came_from_done = sc["from_status"].map(categories).eq("done")
    entries = sc.loc[done & ~came_from_done].groupby("item_id")["at"].max()
    issues = frames["issues"].set_index("id")
    return entries[entries.index.isin(issues.index[issues["status_category"] == "done"])]


# ------------------------------------------------------------------------------------------------ determinism


def test_same_seed_gives_identical_frames_and_another_seed_differs(demo):
    again = generate(seed=7)
    other = generate(seed=8)
    for source, batch in demo.items():
        assert again[source].full and again[source].source == source
        assert set(again[source].frames) == set(batch.frames)
        for name, frame in batch.frames.items():
            pd.testing.assert_frame_equal(again[source].frames[name], frame)
    assert not other["jira"].frames["status_changes"].equals(demo["jira"].frames["status_changes"])
    assert not other["github"].frames["pull_requests"].equals(demo["github"].frames["pull_requests"])
    # the scripted parts do not depend on the seed: same epics, same keys
    epics = demo["jira"].frames["issues"].query("issue_type == 'Epic'")["key"].tolist()
    assert other["jira"].frames["issues"].query("issue_type == 'Epic'")["key"].tolist() == epics


def test_every_frame_is_valid_typed_and_sorted_by_key(demo):
    for source, batch in demo.items():
        for name, frame in batch.frames.items():
            assert validate(name, frame) == [], (source, name)
            assert list(frame.columns) == TABLES[name].column_names
            assert frame.dtypes.equals(empty_frame(name).dtypes), (source, name)
            assert (frame["source"] == source).all()
            key = list(TABLES[name].key)
            pd.testing.assert_frame_equal(frame, frame.sort_values(key).reset_index(drop=True))
    assert len(demo["jira"].frames["issues"]) > 3000


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="Sunday"):
        generate(anchor=date(2026, 11, 20))
    with pytest.raises(ValueError, match="at least"):
        generate(items=10)


# ------------------------------------------------------------------------------------------------ Jira invariants


def test_status_histories_start_at_creation_and_are_ordered(frames, categories):
    sc, issues = frames["status_changes"], frames["issues"].set_index("id")
    g = sc.groupby("item_id", sort=False)
    first = g.head(1).set_index("item_id")
    assert set(first.index) == set(issues.index)
    assert (first["seq"] == 0).all() and first["from_status"].isna().all()
    assert (first["at"] == issues.loc[first.index, "created_at"]).all()
    assert (g["seq"].diff().dropna() == 1).all()
    assert (g["at"].diff().dropna() > pd.Timedelta(0)).all()
    previous = g["to_status"].shift(1)
    later = sc["seq"] > 0
    assert (sc.loc[later, "from_status"] == previous[later]).all()
    last = g.tail(1).set_index("item_id")
    assert (last["to_status"] == issues.loc[last.index, "status"]).all()
    assert set(sc["to_status"]) <= set(categories)
    assert (issues["status"].map(categories) == issues["status_category"]).all()


def test_done_items_entered_done_and_carry_resolution(frames, categories, done_at):
    issues = frames["issues"].set_index("id")
    done = issues[issues["status_category"] == "done"]
    assert set(done_at.index) == set(done.index)  # every done item has a change into a done status
    assert (done["resolved_at"] == done_at[done.index]).all()
    assert done["resolution"].notna().all()
    assert (done.loc[done["status"] == "Won't Do", "resolution"] == "Won't Do").all()
    not_done = issues[issues["status_category"] != "done"]
    assert not_done["resolved_at"].isna().all() and not_done["resolution"].isna().all()


def test_workflow_variety(frames, categories):
    sc = frames["status_changes"]
    cat_from, cat_to = sc["from_status"].map(categories), sc["to_status"].map(categories)
    reopened = set(sc.loc[(cat_from == "done") & (cat_to == "indeterminate"), "item_id"])
    started = set(sc.loc[cat_to == "indeterminate", "item_id"])
    done_items = set(sc.loc[cat_to == "done", "item_id"])
    created_in_progress = set(sc.loc[(sc["seq"] == 0) & (cat_to == "indeterminate"), "item_id"])
    work = frames["issues"].query("issue_type not in ['Epic', 'Sub-task']")
    assert len(reopened) > 20
    assert len(done_items - started) > 50  # done without ever being in progress
    assert len(created_in_progress) > 20
    status = work["status"].value_counts()
    assert status["Won't Do"] > 50 and status["Backlog"] > 100
    assert work["status_category"].eq("indeterminate").sum() > 40  # work in progress at the anchor
    assert set(frames["statuses"]["name"]) >= {"Backlog", "To Do", "In Progress", "Code Review", "QA", "Done",
                                                 "Won't Do"}
    assert set(work["issue_type"]) == {"Story", "Task", "Bug", "Incident"}
    labels = work["labels"].dropna().str.split(" ").explode()
    assert {"tech-debt", "incident"} <= set(labels)


def test_cycle_times_run_from_days_to_weeks_with_a_long_tail(frames, categories, done_at):
    sc = frames["status_changes"]
    started = sc.loc[sc["to_status"].map(categories).eq("indeterminate")].groupby("item_id")["at"].min()
    work = frames["issues"].query("issue_type not in ['Epic', 'Sub-task']")["id"]
    days = ((done_at - started).dropna() / pd.Timedelta(days=1)).reindex(work).dropna()
    assert 3 < days.median() < 10
    assert 8 < days.quantile(0.85) < 20
    assert days.max() > 40


def test_field_histories_are_ordered_and_match_current_values(frames):
    fc, issues = frames["field_changes"], frames["issues"].set_index("id")
    assert set(fc["field"]) == {"sprint", "story_points", "due_date", "fix_version", "parent"}
    g = fc.groupby(["item_id", "field"], sort=False)
    assert (g["seq"].diff().dropna() == 1).all()
    assert (g["at"].diff().dropna() >= pd.Timedelta(0)).all()
    creation = fc[fc["seq"] == 0]
    assert (creation["at"] == issues.loc[creation["item_id"], "created_at"].to_numpy()).all()
    assert creation["from_value"].isna().all()
    later = fc["seq"] > 0
    previous = g["to_value"].shift(1)
    assert (fc.loc[later & previous.notna(), "from_value"] == previous[later & previous.notna()]).all()
    assert (fc["at"] >= issues.loc[fc["item_id"], "created_at"].to_numpy()).all()
    current = g.tail(1).set_index("item_id")
    points = current[current["field"] == "story_points"]["to_value"].astype(float)
    assert (issues.loc[points.index, "story_points"] == points).all()
    assert issues["story_points"].notna().sum() == len(points)
    parents = current[current["field"] == "parent"]["to_value"]
    assert (issues.loc[parents.index, "parent_id"] == parents).all()
    assert issues["parent_id"].notna().sum() == len(parents)


def test_story_points_coverage_and_changes_after_sprint_start(frames):
    work = frames["issues"].query("issue_type not in ['Epic', 'Sub-task']")
    estimated = work["story_points"].notna().groupby(work["project"]).mean()
    assert 0.8 <= work["story_points"].notna().mean() <= 0.9
    assert 0.5 <= estimated["DATA"] <= 0.7
    assert (estimated.drop("DATA") >= 0.8).all()
    fc = frames["field_changes"]
    re_estimated = fc[(fc["field"] == "story_points") & fc["from_value"].notna()]
    sprint_rows = fc[fc["field"] == "sprint"].sort_values("at")
    sprints = frames["sprints"].set_index("id")
    entered = sprint_rows.groupby("item_id").head(1).set_index("item_id")
    first_sprint = entered["to_value"].str.split(",").str[0]
    start = sprints.loc[first_sprint.dropna(), "start_at"].set_axis(first_sprint.dropna().index)
    after_start = re_estimated[re_estimated["at"] > re_estimated["item_id"].map(start)]
    assert len(after_start) > 30
    # due dates only on epics
    assert set(frames["issues"].loc[frames["issues"]["due_date"].notna(), "issue_type"]) == {"Epic"}


def test_sprints_are_consistent(frames):
    sprints = frames["sprints"]
    assert len(sprints) == 4 * 27
    for _, s in sprints.groupby("board_id"):
        assert s["state"].value_counts().to_dict() == {"closed": 25, "active": 1, "future": 1}
        closed = s[s["state"] == "closed"].sort_values("start_at")
        assert (closed["start_at"] < closed["end_at"]).all() and (closed["end_at"] <= closed["complete_at"]).all()
        assert (closed["complete_at"].to_numpy()[:-1] < closed["start_at"].to_numpy()[1:]).all()
        assert ((closed["end_at"] - closed["start_at"]) < pd.Timedelta(days=14)).all()
        active = s[s["state"] == "active"].iloc[0]
        assert closed["complete_at"].max() < active["start_at"] <= END < active["end_at"]
        assert active["complete_at"] is pd.NaT and s[s["state"] == "future"]["start_at"].isna().all()
    # membership: values name existing sprints, ascending; no work item enters a sprint after it closed
    fc = frames["field_changes"]
    subtasks = frames["issues"].loc[frames["issues"]["is_subtask"]].set_index("id")["parent_id"]
    rows = fc[(fc["field"] == "sprint") & ~fc["item_id"].isin(subtasks.index)]
    ids = sprints.set_index("id")
    for frm, to, at in zip(rows["from_value"].fillna(""), rows["to_value"], rows["at"]):
        new = [s for s in to.split(",") if s] if to else []
        assert new == sorted(new, key=lambda x: int(x.rsplit(":", 1)[1]))
        for sprint in set(new) - set(frm.split(",")):
            complete = ids.loc[sprint, "complete_at"]
            assert pd.isna(complete) or at <= complete
    carried = rows["to_value"].str.count(",") >= 1
    removed = rows["to_value"] == ""
    assert carried.sum() > 200 and removed.sum() > 10
    # items created inside a sprint carry it on their creation row
    assert (rows["seq"] == 0).sum() > 50
    # sub-tasks are created in their story's sprint(s), as Jira copies the story's value
    sub_rows = fc[(fc["field"] == "sprint") & fc["item_id"].isin(subtasks.index) & (fc["seq"] == 0)]
    assert len(sub_rows) > 300
    story_rows = fc[(fc["field"] == "sprint") & fc["item_id"].isin(set(subtasks))]
    story_value = pd.merge_asof(
        sub_rows.assign(story=sub_rows["item_id"].map(subtasks))[["story", "at", "to_value"]].sort_values("at"),
        story_rows.rename(columns={"item_id": "story", "to_value": "story_value"})[["story", "at", "story_value"]]
        .sort_values("at"),
        on="at", by="story",
    )
    assert (story_value["to_value"] == story_value["story_value"]).all()


def test_nothing_happens_after_the_anchor(frames):
    for name, frame in frames.items():
        for column in TABLES[name].columns:
            if column.kind != "ts" or (name, column.name) == ("sprints", "end_at"):
                continue
            assert (frame[column.name].dropna() < END).all(), (name, column.name)
    planned = frames["sprints"].dropna(subset=["end_at"])
    assert (planned.loc[planned["state"] == "closed", "end_at"] < END).all()  # only the active sprint ends later


# ------------------------------------------------------------------------------------------------ the roadmap story


def test_epics_children_and_due_date_history(frames):
    issues, fc = frames["issues"], frames["field_changes"]
    epics = issues[issues["issue_type"] == "Epic"]
    assert len(epics) >= 6 and len(epics) == len(EPICS)
    due = fc[fc["field"] == "due_date"].sort_values(["item_id", "seq"])
    slips = due.dropna(subset=["from_value"]).query("to_value > from_value").groupby("item_id").size()
    assert len(slips) >= 4 and slips["jira:PLAT-412"] == 2
    assert epics["due_date"].isna().sum() == 1  # one epic has no target at all
    children = issues[issues["parent_id"].isin(epics["id"])]
    assert not children["is_subtask"].any() and len(children) > 150
    parent_rows = fc[(fc["field"] == "parent") & (fc["seq"] == 0)].set_index("item_id")["to_value"]
    assert (parent_rows[children["id"]].to_numpy() == children["parent_id"].to_numpy()).all()
    subtasks = issues[issues["is_subtask"]]
    assert len(subtasks) and subtasks["parent_id"].isin(issues.loc[issues["issue_type"] == "Story", "id"]).all()


def _forecast_weeks(frames, done_at, key: str, *, seed: int = 20240601, trials: int = 10_000) -> np.ndarray:
    """METRICS.md's forecast, roughly: weeks needed in each trial, drawing the epic's weekly completions of the
    12 complete ISO weeks before the anchor until its remaining children are done."""
    issues = frames["issues"]
    children = issues.loc[(issues["parent_id"] == f"jira:{key}") & ~issues["is_subtask"], "id"]
    done = done_at.reindex(children).dropna()
    weeks = pd.date_range(WINDOW_START, periods=12, freq="7D")
    weekly = np.array([((done >= w) & (done < w + pd.Timedelta(days=7))).sum() for w in weeks])
    remaining = len(children) - len(done)
    assert weekly.sum() >= 3 and remaining > 0
    draws = np.random.default_rng(seed).choice(weekly, size=(trials, 80)).cumsum(axis=1)
    return (draws < remaining).sum(axis=1) + 1


def _nearest_rank(values: np.ndarray, p: float) -> int:
    return int(np.sort(values)[math.ceil(p * len(values)) - 1])


def _due_dates(frames, key: str) -> list[date]:
    fc = frames["field_changes"]
    rows = fc[(fc["item_id"] == f"jira:{key}") & (fc["field"] == "due_date")].sort_values("seq")
    return [date.fromisoformat(v) for v in rows["to_value"]]


def test_cloud_migration_lands_six_weeks_after_its_baseline_and_delays_new_checkout(frames, done_at):
    migration = _forecast_weeks(frames, done_at, "PLAT-412")
    baseline, *_, current = _due_dates(frames, "PLAT-412")
    p85 = DEMO_ANCHOR + timedelta(weeks=_nearest_rank(migration, 0.85))
    assert baseline + timedelta(weeks=5) <= p85 <= baseline + timedelta(weeks=7)
    assert current < p85
    on_time = np.mean([DEMO_ANCHOR + timedelta(weeks=int(w)) <= current for w in migration])
    assert on_time < 0.5  # red
    # New checkout: its own work is nearly done, but it waits for the migration plus two weeks
    checkout = _forecast_weeks(frames, done_at, "PAY-1201", seed=20240602)
    own = DEMO_ANCHOR + timedelta(weeks=_nearest_rank(checkout, 0.85))
    combined = np.maximum(checkout, migration + 2)
    with_dependency = DEMO_ANCHOR + timedelta(weeks=_nearest_rank(combined, 0.85))
    checkout_baseline, *_, checkout_current = _due_dates(frames, "PAY-1201")
    assert own < with_dependency
    assert timedelta(weeks=5) <= with_dependency - checkout_baseline <= timedelta(weeks=7)
    assert np.mean([DEMO_ANCHOR + timedelta(weeks=int(w)) <= checkout_current for w in combined]) < 0.5


@pytest.mark.parametrize(("key", "low", "high"), [("MOB-640", 0.5, 0.85), ("PAY-1202", 0.85, 1.0),
                                                   ("DATA-211", 0.85, 1.0), ("PLAT-413", 0.85, 1.0)])
def test_other_epics_are_amber_or_green(frames, done_at, key, low, high):
    weeks = _forecast_weeks(frames, done_at, key)
    current = _due_dates(frames, key)[-1]
    on_time = np.mean([DEMO_ANCHOR + timedelta(weeks=int(w)) <= current for w in weeks])
    assert low <= on_time <= high


# ------------------------------------------------------------------------------------------------ GitHub


def test_pull_requests(frames):
    prs, issues = frames["pull_requests"], frames["issues"]
    assert 550 <= len(prs) <= 650
    assert (prs["first_commit_at"] < prs["created_at"]).all()
    merged = prs.dropna(subset=["merged_at"])
    assert (merged["merged_at"] > merged["created_at"]).all() and (merged["state"] == "closed").all()
    assert merged["merge_sha"].str.fullmatch(r"[0-9a-f]{40}").all() and merged["merge_sha"].is_unique
    assert prs.loc[prs["merged_at"].isna(), "merge_sha"].isna().all()
    assert len(merged) / len(prs) > 0.85
    unmerged_closed = prs[(prs["state"] == "closed") & prs["merged_at"].isna()]
    still_open = prs[prs["state"] == "open"]
    assert len(unmerged_closed) >= 3 and len(still_open) >= 3 and still_open["closed_at"].isna().all()
    assert (prs["base_branch"] == "main").all()
    keys = prs["jira_keys"].dropna().str.split(" ").explode()
    assert keys.isin(set(issues["key"])).all() and len(keys) > 0.8 * len(prs)
    assert (prs["url"] == "https://github.com/" + prs["repo"] + "/pull/" + prs["number"].astype(str)).all()
    assert set(prs["repo"]) == {r for t in TEAMS for r in t.repos}


def test_deployments_ship_merged_commits_of_their_repository(frames):
    deployments, statuses, prs = frames["deployments"], frames["deployment_statuses"], frames["pull_requests"]
    merged = prs.dropna(subset=["merged_at"]).set_index("merge_sha")
    assert deployments["sha"].isin(merged.index).all()
    source = merged.loc[deployments["sha"]]
    assert (source["repo"].to_numpy() == deployments["repo"].to_numpy()).all()
    assert (deployments["created_at"].to_numpy() >= source["merged_at"].to_numpy()).all()
    assert set(deployments["environment"]) == {"production", "staging"}
    last = statuses.groupby("deployment_id").tail(1).set_index("deployment_id")["state"]
    assert (statuses.groupby("deployment_id")["state"].first() == "queued").all()
    assert set(last) == {"success", "failure"}
    production = deployments[deployments["environment"] == "production"].assign(
        state=lambda d: d["id"].map(last)).sort_values("created_at")
    for _, failed in production[production["state"] == "failure"].iterrows():
        after = production[(production["repo"] == failed["repo"]) & (production["created_at"] > failed["created_at"])]
        assert after["state"].iloc[0] == "success"
    assert (production["state"] == "failure").sum() >= 3


def test_the_repository_without_deployments_publishes_releases(frames):
    deployments, releases = frames["deployments"], frames["releases"]
    assert "nordwind/data-pipeline" not in set(deployments["repo"])
    assert set(releases["repo"]) == {"nordwind/data-pipeline"}
    assert releases["draft"].sum() == 1 and releases["prerelease"].sum() == 1
    assert releases.loc[releases["draft"], "published_at"].isna().all()
    published = releases[~releases["draft"] & ~releases["prerelease"]]
    assert len(published) >= 20 and (published["published_at"] >= published["created_at"]).all()


def test_incidents(frames):
    incidents = frames["incidents"]
    github = incidents[incidents["source"] == "github"]
    jira = incidents[incidents["source"] == "jira"]
    assert github["repo"].notna().all() and github["project"].isna().all()
    assert jira["project"].notna().all() and jira["repo"].isna().all()
    assert 24 <= len(github) <= 60  # a few per month
    assert github["resolved_at"].isna().sum() == 1 and jira["resolved_at"].notna().all()
    hours = (github["resolved_at"] - github["created_at"]).dropna() / pd.Timedelta(hours=1)
    assert hours.min() > 0.1 and hours.max() < 24 * 5 and hours.median() < 24
    issues = frames["issues"].set_index("id")
    assert (issues.loc[jira["id"], "issue_type"] == "Incident").all() and 5 <= len(jira) <= 20
    assert (issues.loc[jira["id"], "created_at"].to_numpy() == jira["created_at"].to_numpy()).all()


def test_markup_in_titles_for_escaping_checks(frames):
    summaries = frames["issues"]["summary"]
    assert summaries.str.contains('<script>alert("x")</script>', regex=False).sum() == 1
    assert frames["pull_requests"]["title"].str.contains("<b>", regex=False).sum() == 1
    assert frames["issues"]["url"].str.fullmatch(r"https://nordwind\.atlassian\.net/browse/[A-Z]+-\d+").all()


# ------------------------------------------------------------------------------------------------ scale and store


def _profile(batches) -> dict[str, float]:
    j, g = batches["jira"].frames, batches["github"].frames
    work = j["issues"].query("issue_type not in ['Epic', 'Sub-task']")
    n = len(work)
    work = work[work["parent_id"].isna()]  # the roadmap epics' children are scripted, the same at every size
    return {
        "done": work["status_category"].eq("done").mean(),
        "in_progress": work["status_category"].eq("indeterminate").mean(),
        "bugs": work["issue_type"].eq("Bug").mean(),
        "estimated": work["story_points"].notna().mean(),
        "changes_per_item": (len(j["status_changes"]) + len(j["field_changes"])) / n,
        "prs_per_item": len(g["pull_requests"]) / n,
        "deployments_per_pr": len(g["deployments"]) / len(g["pull_requests"]),
        "incidents_per_item": len(g["incidents"]) / n,
    }


def test_scaled_generation_keeps_proportions(demo):
    big = generate(items=20_000)
    work = big["jira"].frames["issues"].query("issue_type not in ['Epic', 'Sub-task']")
    assert len(work) == 20_000
    small, large = _profile(demo), _profile(big)
    for name, value in small.items():
        assert large[name] == pytest.approx(value, rel=0.2), name
    for source, batch in big.items():
        for name, frame in batch.frames.items():
            assert validate(name, frame) == [], (source, name)


def test_build_demo_store_round_trips(sqlite_store, demo):
    stats = build_demo_store(sqlite_store)
    loaded = sqlite_store.load()
    for name in TABLES:
        parts = [b.frames[name] for b in demo.values() if name in b.frames]
        if not parts:  # a table the demo company does not use (workflow runs, commits: it deploys through the API)
            assert loaded.frames[name].empty and name not in stats, name
            continue
        expected = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        key = list(TABLES[name].key)
        expected = expected.sort_values(key).reset_index(drop=True)
        actual = loaded.frames[name].sort_values(key).reset_index(drop=True)
        pd.testing.assert_frame_equal(actual, expected, obj=name)
        assert stats[name] == len(expected)
    runs = sqlite_store.runs()
    assert sorted(runs["source"]) == ["github", "jira"]
    assert (runs["mode"] == "demo").all() and (runs["started_at"] == END).all()
    assert stats["data_version"] == loaded.data_version and stats["generate_seconds"] > 0


def test_demo_workspace_matches_the_generator(demo):
    ws = load_workspace()
    assert ws.demo and ws.name == "Nordwind (demo)" and ws.language == "en" and ws.currency == "EUR"
    assert ws.jira is None and ws.github is None
    declared = tomllib.loads(DEMO_WORKSPACE.read_text("utf-8"))["workspace"]["store"]
    assert resolve_store_url(declared, DEMO_WORKSPACE.parent) == f"sqlite:///{PROJECT_ROOT / 'data' / 'demo.db'}"
    assert [(t.name, t.jira_projects, t.board, t.repos, t.weekly_cost, t.sprint_weeks) for t in ws.teams] == [
        (t.name, (t.project,), t.board, t.repos, t.weekly_cost, 2) for t in TEAMS
    ]
    epics = set(demo["jira"].frames["issues"].query("issue_type == 'Epic'")["key"])
    assert {r.key for r in ws.roadmap} == epics
    checkout = next(r for r in ws.roadmap if r.name == "New checkout")
    assert checkout.cost_of_delay_per_week == 20_000
    assert [(d.key, d.lag_weeks) for d in checkout.depends_on] == [("PLAT-412", 2)]
    assert next(r for r in ws.roadmap if r.key == "PLAT-412").name == "Cloud migration"
