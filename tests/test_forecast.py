"""Monte Carlo forecast (METRICS.md "Roadmap items, drift and forecast"): known answers, percentiles, dependencies
and invariants over random cases."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from metrics.forecast import (
    NOT_REACHED,
    dependency_order,
    distribution,
    nearest_rank,
    on_time_probability,
    propagate,
    rank_position,
    simulate_weeks,
    weeks_to_offsets,
)
from pilotage.core.errors import WorkspaceError


def rng(seed: int = 1) -> np.random.Generator:
    return np.random.default_rng(seed)


def test_constant_throughput_gives_an_exact_answer():
    weeks = simulate_weeks(np.full((1, 12), 2.0), np.array([6.0]), rng=rng(), trials=1000)
    assert (weeks == 3).all()
    assert (weeks_to_offsets(weeks) == 21).all()  # as_of + 21 days


def test_fractional_team_share_reaches_its_count_exactly():
    # a team doing 2 a week shared by 3 items: 2/3 a week each; 2 remaining need exactly 3 weeks
    weeks = simulate_weeks(np.full((1, 12), 2 / 3), np.array([2.0]), rng=rng(), trials=100)
    assert (weeks == 3).all()


def test_nothing_remaining_needs_no_week_and_no_throughput_never_finishes():
    weeks = simulate_weeks(np.array([[0.0] * 12, [1.0] * 12, [0.0] * 12]), np.array([5.0, 0.0, 0.0]), rng=rng(),
                           trials=50)
    assert (weeks[0] == NOT_REACHED).all()
    assert (weeks[1] == 0).all() and (weeks[2] == 0).all()
    assert np.isinf(weeks_to_offsets(weeks)[0]).all()


def test_horizon():
    # one completion in 12 weeks, 100 left: about 1200 weeks, far beyond a 52-week horizon
    samples = np.array([[1.0] + [0.0] * 11])
    weeks = simulate_weeks(samples, np.array([100.0]), rng=rng(), trials=200, horizon_weeks=52)
    assert (weeks == NOT_REACHED).all()
    weeks = simulate_weeks(np.full((1, 12), 1.0), np.array([52.0]), rng=rng(), trials=10, horizon_weeks=52)
    assert (weeks == 52).all()  # reached exactly at the horizon still counts


def test_rank_position_and_nearest_rank_on_a_hand_array():
    values = np.array([40, 15, 50, 35, 20])  # sorted: 15 20 35 40 50
    assert nearest_rank(values, 0.05) == 15  # ceil(0.25) = 1
    assert nearest_rank(values, 0.3) == 20  # ceil(1.5) = 2
    assert nearest_rank(values, 0.4) == 20  # ceil(2.0) = 2, exactly
    assert nearest_rank(values, 0.5) == 35  # ceil(2.5) = 3
    assert nearest_rank(values, 0.85) == 50  # ceil(4.25) = 5
    assert nearest_rank(values, 1.0) == 50
    assert rank_position(0.85, 20) == 17  # not 18: 0.85 × 20 is exactly 17
    assert rank_position(0.85, 10_000) == 8500
    assert list(nearest_rank(np.array([[3, 1, 2], [9, 8, 7]]), 0.5)) == [2, 8]


def test_on_time_probability_and_distribution():
    offsets = np.array([[7.0, 14.0, 14.0, 21.0], [7.0, 7.0, np.inf, 28.0]])
    assert list(on_time_probability(offsets, np.array([14.0, np.nan]))[:1]) == [0.75]
    assert np.isnan(on_time_probability(offsets, np.array([14.0, np.nan]))[1])
    frame = distribution(offsets[1], as_of=date(2026, 11, 22))
    assert list(frame["date"]) == ["2026-11-29", "2026-12-20"]
    assert list(frame["trials"]) == [2, 1]
    assert list(frame["cumulative"]) == [0.5, 0.75]  # one trial beyond the horizon


def test_dependencies_with_lag_hand_case():
    # B waits for A + 2 weeks; C waits for B (no lag) and A + 1 week
    own = np.array([[7.0, 14.0, 21.0], [7.0, 7.0, 35.0], [35.0, 0.0, 0.0]])
    edges = [(1, 0, 14.0), (2, 1, 0.0), (2, 0, 7.0)]
    order = [0, 1, 2]
    final = propagate(own, edges, order)
    assert final[0].tolist() == [7, 14, 21]
    assert final[1].tolist() == [21, 28, 35]  # max(own, A + 14)
    assert final[2].tolist() == [35, 28, 35]  # max(own, B, A + 7)
    # had A landed at day 7 in every trial, B and C would move
    cf = propagate(own, edges, order, override={0: np.full(3, 7.0)})
    assert cf[1].tolist() == [21, 21, 35] and cf[2].tolist() == [35, 21, 35]


def test_no_forecast_spreads_to_dependants():
    own = np.array([[np.nan, np.nan], [7.0, 14.0], [7.0, 7.0]])
    final = propagate(own, [(1, 0, 0.0)], [0, 1, 2])
    assert np.isnan(final[1]).all() and final[2].tolist() == [7, 7]


def test_dependency_order_and_cycles():
    order = dependency_order(["C", "B", "A"], {"C": ["B"], "B": ["A"], "X": ["Y"]})
    assert order.index("A") < order.index("B") < order.index("C")
    with pytest.raises(WorkspaceError, match="dependency cycle A → B → C → A"):
        dependency_order(["A", "B", "C"], {"A": ["B"], "B": ["C"], "C": ["A"]})


def _random_case(r: np.random.Generator, n: int = 6):
    samples = r.integers(0, 5, size=(n, 12)).astype(float)
    samples[:, 0] = np.maximum(samples[:, 0], 1)  # some throughput
    remaining = r.integers(1, 40, size=n).astype(float)
    return samples, remaining


@pytest.mark.parametrize("case", range(8))
def test_invariants_on_random_cases(case):
    r = np.random.default_rng(100 + case)
    samples, remaining = _random_case(r)
    weeks = simulate_weeks(samples, remaining, rng=rng(case), trials=2000)
    offsets = weeks_to_offsets(weeks)
    p50, p85 = nearest_rank(offsets, 0.5), nearest_rank(offsets, 0.85)
    assert (p50 <= p85).all()
    prob = on_time_probability(offsets, r.integers(0, 200, size=len(remaining)).astype(float))
    assert ((prob >= 0) & (prob <= 1)).all()
    # same seed → identical; more remaining → never earlier, trial by trial (each item has its own stream)
    assert (simulate_weeks(samples, remaining, rng=rng(case), trials=2000) == weeks).all()
    more = simulate_weeks(samples, remaining + r.integers(0, 10, size=len(remaining)), rng=rng(case), trials=2000)
    assert (weeks_to_offsets(more) >= offsets).all()
    assert (nearest_rank(weeks_to_offsets(more), 0.85) >= p85).all()


def test_different_seeds_differ_and_items_do_not_disturb_each_other():
    samples = np.array([[0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5]] * 2, dtype=float)
    a = simulate_weeks(samples, np.array([30.0, 30.0]), rng=rng(1), trials=500)
    b = simulate_weeks(samples, np.array([30.0, 30.0]), rng=rng(2), trials=500)
    assert (a != b).any()
    # changing item 0 leaves item 1's trials exactly as they were (common random numbers for what-ifs)
    c = simulate_weeks(samples, np.array([80.0, 30.0]), rng=rng(1), trials=500)
    assert (c[1] == a[1]).all() and (c[0] >= a[0]).all()
