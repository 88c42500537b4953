"""Decision options (metrics.options) on hand-built roadmaps whose answers are worked out by hand: a constant pace
makes every trial identical, a two-valued pace gives shares that can be counted."""

from __future__ import annotations

import json

import numpy as np
import pytest

from metrics.forecast import item_streams, landing_offsets, simulate_days, trial_paths, work_done_by
from metrics.options import decision_options, portfolio, roadmap_entries
from metrics.roadmap import roadmap_report
from tests.test_roadmap import AS_OF, CREATED, Data, day, dependency_case, workspace


def options(d: Data, ws, *, trials: int | None = None) -> dict[str, dict[str, dict]]:
    report = roadmap_report(d.dataset(), ws, as_of=AS_OF) if trials is None else _report(d, ws, trials)
    return {key: {o["kind"]: o for o in opts} for key, opts in decision_options(report, ws).items()}


def _report(d: Data, ws, trials: int):
    from metrics.roadmap import evaluate, roadmap_inputs

    return evaluate(roadmap_inputs(d.dataset(), ws, as_of=AS_OF), ws, trials=trials)


def steady(remaining: int, target_days: int, *, per_week: int = 2, cost_of_delay: float = 10_000) -> tuple:
    """Cloud migration: `per_week` done every week, `remaining` left, target (and baseline) `target_days` away."""
    d = Data()
    d.epic("PLAT-1", due=[(CREATED, day(target_days))], summary="Cloud migration")
    d.per_week("PLAT-1", [per_week] * 12)
    d.left("PLAT-1", remaining)
    return d, workspace([{"key": "PLAT-1", "cost_of_delay_per_week": cost_of_delay}])


def test_trial_paths_replay_the_forecast_draws():
    rng = np.random.default_rng(3)
    samples = rng.integers(0, 5, size=(4, 12)) / rng.integers(1, 4, size=(4, 1))  # team shares are fractions
    remaining = np.array([9.0, 30.0, 4.0, 17.0])
    keys = ["A-1", "B-2", "C-3", "D-4"]
    landed = simulate_days(samples, remaining, streams=item_streams(11, keys), trials=500)
    for row, key in enumerate(keys):
        paths = trial_paths(samples[row], stream=item_streams(11, [key])[0], trials=500, reach=remaining[row],
                            min_blocks=20)
        assert np.array_equal(landing_offsets(paths, remaining[row]), landed[row])
        for day_ in range(0, 140):  # on time on a day exactly when the work done by then reaches what is left
            on_time = landed[row] <= day_
            assert np.array_equal(on_time, work_done_by(paths, day_) >= remaining[row] - 1e-9), (key, day_)


def test_move_cut_and_add_capacity_on_a_steady_pace():
    # 2 done a week, 6 left: every trial lands on day 21; target day 14 → 0% on time, red, 1 week late.
    found = options(*steady(6, 14))["PLAT-1"]
    move = found["move_target"]
    assert move["feasible"] and move["target_date"] == day(21)
    assert move["forecast"] == {"p50": day(21), "p85": day(21), "on_time_probability": 1.0}
    assert (move["extra_cost"], move["cost_of_delay"], move["saving"]) == (28_000, 10_000, 0)  # 1 week × 28k, 10k
    assert move["statement"]["en"] == ("Move the target to 13 Dec: lands by then with 100% confidence; the delay "
                                       "costs €38k.")
    cut = found["cut_scope"]  # by day 14 every trial has done 4: keep 4, cut 2
    assert cut["feasible"] and (cut["remove_items"], cut["remaining"]) == (2, 6)
    assert cut["forecast"] == {"p50": day(14), "p85": day(14), "on_time_probability": 1.0}
    assert (cut["extra_cost"], cut["cost_of_delay"], cut["saving"]) == (0, 0, 38_000)
    assert cut["statement"]["en"] == ("Cut 2 of the 6 remaining pieces of work: lands by 6 Dec with 100% "
                                      "confidence, saves €38k.")
    assert cut["statement"]["fr"] == ("Retirer 2 des 6 tâches restantes\u00a0: livré d'ici le 6 déc. avec "
                                      "100\u00a0% de confiance, économise 38\u00a0k€.")
    assert [c["stage"] for c in cut["candidates"]] == ["todo"] * 6
    add = found["add_capacity"]  # 6 ÷ 4 → +50%: 1 more item a week = half the team's 2 a week = 14k a week
    assert add["feasible"] and add["pace_increase"] == 0.5
    assert add["forecast"]["p85"] == day(14) and add["forecast"]["on_time_probability"] == 1.0
    assert (add["capacity_cost_per_week"], add["capacity_cost"]) == (14_000, 28_000)
    assert (add["extra_cost"], add["cost_of_delay"], add["saving"]) == (28_000, 0, 10_000)
    assert add["lender"] is None  # no other team has a pace
    assert "unblock" not in found  # no dependencies


def test_infeasible_cut_and_capacity_when_the_target_is_too_close():
    found = options(*steady(6, 3))["PLAT-1"]  # by day 3, 3/7 of a week's 2 pieces: 0.86 < the 1 left at least
    assert found["cut_scope"]["feasible"] is False and found["cut_scope"]["reason"]["code"] == "not_enough"
    assert found["cut_scope"]["statement"]["en"].startswith("Cutting scope cannot make the target: even one piece")
    assert found["add_capacity"]["reason"]["code"] == "capped"  # 6 ÷ 0.857 = ×7
    assert found["add_capacity"]["pace_increase"] == 6.0
    assert found["move_target"]["feasible"]
    last = options(*steady(1, 3))["PLAT-1"]
    assert last["cut_scope"]["reason"]["code"] == "one_left" and last["cut_scope"]["remaining"] == 1


def test_capacity_capped_at_200_percent():
    found = options(*steady(20, 14))["PLAT-1"]  # 4 done by the target, 20 left: needs ×5, +400%
    add = found["add_capacity"]
    assert add["feasible"] is False and add["reason"]["code"] == "capped" and add["pace_increase"] == 4.0
    assert add["forecast"] is None and add["saving"] is None
    assert found["cut_scope"]["remove_items"] == 16  # cutting still works: keep the 4 it can do


def test_counted_shares_on_a_two_valued_pace():
    # Weeks of 0 or 4 done, equally likely. By day 14, work done is 0, 4 or 8 (¼, ½, ¼): 4 or more in 75% of
    # trials, below the 85% green line, so no cut can help; by day 21 it is ≥ 4 in 7/8 = 87.5%: keep 4, cut 4.
    def case(target):
        d = Data()
        d.epic("PLAT-1", due=[(CREATED, day(target))], summary="Cloud migration")
        d.per_week("PLAT-1", [0, 4] * 6)
        d.left("PLAT-1", 8)
        return d, workspace([{"key": "PLAT-1"}])

    two_weeks = options(*case(14))["PLAT-1"]
    assert two_weeks["cut_scope"]["reason"]["code"] == "not_enough"
    assert two_weeks["add_capacity"]["reason"]["code"] == "too_soon"  # nothing done at all in 25% of the trials
    three_weeks = options(*case(21))["PLAT-1"]["cut_scope"]
    assert three_weeks["remove_items"] == 4
    assert three_weeks["forecast"]["on_time_probability"] == pytest.approx(0.875, abs=0.01)


def test_dependant_blocked_and_unblock():
    d, ws = dependency_case()  # migration lands day 21 (target 7); checkout waits for it + 2 weeks: day 35 (target 14)
    found = options(d, ws)
    checkout = found["PAY-1"]
    for kind in ("cut_scope", "add_capacity"):
        assert checkout[kind]["reason"]["code"] == "blocked"
        assert checkout[kind]["statement"]["en"].endswith("it waits for Cloud migration, which lands after its target.")
    unblock = checkout["unblock"]  # migration on day 7 → checkout max(7, 7 + 14) = day 21, still after day 14
    assert unblock["feasible"] and unblock["forecast"]["p85"] == day(21)
    assert unblock["upstream"] == [{"key": "PLAT-1", "name": "Cloud migration", "target_date": day(7)}]
    # drift 21 → 7 days: extra cost 3 → 1 week of Payments (35k), cost of delay 3 → 1 week of 7k
    assert unblock["saving"] == pytest.approx(2 * 35_000 + 2 * 7_000)
    migration = found["PLAT-1"]
    assert migration["move_target"]["effects"] == [
        {"key": "PAY-1", "name": "New checkout", "p85_days": 14, "extra_cost": 70_000, "cost_of_delay": 14_000}]
    assert migration["move_target"]["statement"]["en"].endswith("moves New checkout by 2 weeks.")
    cut = migration["cut_scope"]  # keep the 2 done by day 7, cut 4: migration day 7, checkout day 21
    assert cut["remove_items"] == 4
    assert cut["effects"] == [
        {"key": "PAY-1", "name": "New checkout", "p85_days": -14, "extra_cost": -70_000, "cost_of_delay": -14_000}]
    assert "unblock" not in migration


def test_a_lending_team_slows_its_own_items():
    d = Data()
    d.epic("MOB-1", due=[(CREATED, day(14))], summary="Offline mode")
    d.per_week("MOB-1", [2] * 12)
    d.left("MOB-1", 6)  # needs +50%: 1 more item a week
    d.epic("PAY-1", due=[(CREATED, day(60))], summary="Instant payouts")
    d.per_week("PAY-1", [4] * 12)
    d.left("PAY-1", 8)  # day 14 at 4 a week; lending 1 of its 4 leaves 3 a week: 6 by day 14, 2 more in 5 days
    found = options(d, workspace([{"key": "MOB-1"}, {"key": "PAY-1"}]))
    lender = found["MOB-1"]["add_capacity"]["lender"]
    assert lender["team"] == "Payments" and lender["share"] == 0.25
    assert lender["effects"] == [{"key": "PAY-1", "name": "Instant payouts", "p85_days": 5, "extra_cost": 0.0,
                                  "cost_of_delay": 0.0}]  # still before its baseline: nothing more to pay
    assert found["MOB-1"]["add_capacity"]["statement"]["en"].endswith(
        "Payments could lend it, moving Instant payouts by 5 days.")
    assert set(found) == {"MOB-1"}  # only items at risk have options


def test_candidates_not_started_first_oldest_last():
    d = Data()
    d.epic("PLAT-1", due=[(CREATED, day(7))], summary="Cloud migration")
    d.per_week("PLAT-1", [2] * 12)
    d.item("PLAT-1", key="PLAT-900", start="2026-10-01T10:00Z")
    d.item("PLAT-1", key="PLAT-901", start="2026-11-20T10:00Z")
    d.item("PLAT-1", key="PLAT-902")
    found = options(d, workspace([{"key": "PLAT-1"}]))["PLAT-1"]["cut_scope"]
    assert [c["key"] for c in found["candidates"]] == ["PLAT-902", "PLAT-901", "PLAT-900"]
    assert [c["age_days"] for c in found["candidates"]] == [None, 2.6, 52.6]


def test_options_identical_across_runs_and_portfolio():
    d, ws = dependency_case()
    first = roadmap_entries(roadmap_report(d.dataset(), ws, as_of=AS_OF), ws)
    second = roadmap_entries(roadmap_report(d.dataset(), ws, as_of=AS_OF), ws)
    assert json.dumps(first, sort_keys=True, allow_nan=False) == json.dumps(second, sort_keys=True, allow_nan=False)
    assert {k: len(e["options"]) for k, e in first.items()} == {"PLAT-1": 3, "PAY-1": 4}
    report = roadmap_report(d.dataset(), ws, as_of=AS_OF)
    # migration: 2 weeks late × 28k; checkout: 3 weeks × 35k + 3 × 7k
    assert portfolio(report) == {"at_stake": 56_000 + 105_000 + 21_000, "extra_cost": 161_000,
                                 "cost_of_delay": 21_000}


def test_empty():
    ws = workspace()
    report = roadmap_report(Data().dataset(), ws, as_of=AS_OF)
    assert decision_options(report, ws) == {} and roadmap_entries(report, ws) == {}
    assert portfolio(report) == {"at_stake": 0, "extra_cost": 0, "cost_of_delay": 0}
