"""Monte Carlo forecast (METRICS.md v2 "Forecast", "Dependencies", "On-time probability"): hand-worked landing
days, percentiles, dependencies in days and invariants over random cases."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from metrics.forecast import (
    dependency_order,
    distribution,
    item_streams,
    lag_days,
    nearest_rank,
    on_time_probability,
    propagate,
    rank_position,
    simulate_days,
)
from pilotage.core.errors import WorkspaceError
from tests.exact_forecast import landing_distribution


def simulate(samples, remaining, *, seed: int = 1, trials: int = 1000, keys=None, **kwargs) -> np.ndarray:
    samples = np.asarray(samples, dtype=float)
    keys = keys or [f"ITEM-{i}" for i in range(len(samples))]
    return simulate_days(samples, np.asarray(remaining, dtype=float), streams=item_streams(seed, keys),
                         trials=trials, **kwargs)


def test_constant_throughput_lands_mid_week():
    # 2 a block, 5 left: two blocks bring 4; the third block's 2 items are spread over its 7 days, the 1 missing
    # one is done after 7 × 1 ÷ 2 = 3.5 → 4 days: 7·2 + 4 = day 18, in every trial
    days = simulate(np.full((1, 12), 2.0), [5.0])
    assert (days == 18).all()


@pytest.mark.parametrize(
    ("per_block", "remaining", "landing"),
    [
        (2.0, 6.0, 21),  # reached exactly at the end of draw 3: 7·2 + ceil(7·2 ÷ 2) = 21
        (2.0, 4.0, 14),  # end of draw 2
        (7.0, 1.0, 1),  # 7·0 + ceil(7·1 ÷ 7) = 1: one a day
        (100.0, 1.0, 1),  # ceil(0.07) = 1: never before day 1
        (3.0, 1.0, 3),  # ceil(7 ÷ 3) = ceil(2.33) = 3
        (1.0, 1.0, 7),  # one a block: the block's last day
        (2 / 3, 2.0, 21),  # a team share of 2/3: 2/3 + 2/3 + 2/3 reaches 2 exactly, landing on day 21, not 22
        (2 / 3, 1.0, 11),  # 7 + ceil(7 · (1 − 2/3) ÷ (2/3)) = 7 + ceil(3.5) = 11
        (1.0, 0.0, 0),  # nothing left: lands on D itself
    ],
)
def test_landing_formula_at_the_boundaries(per_block, remaining, landing):
    assert (simulate(np.full((1, 12), per_block), [remaining], trials=50) == landing).all()


def test_mixed_blocks_land_on_the_hand_worked_days():
    # blocks of 1 or 3 (equally likely), 3 left. First draw 3 → ceil(7·3/3) = day 7 (1/2); 1 then 3 → 7 +
    # ceil(7·2/3) = 12 (1/4); 1, 1, 1 → 14 + ceil(7·1/1) = 21 (1/8); 1, 1, 3 → 14 + ceil(7·1/3) = 17 (1/8)
    days = simulate(np.array([[1.0, 3.0] * 6]), [3.0], trials=10_000)[0]
    values, counts = np.unique(days, return_counts=True)
    assert values.tolist() == [7, 12, 17, 21]
    assert np.allclose(counts / 10_000, [0.5, 0.25, 0.125, 0.125], atol=0.02)
    assert nearest_rank(days, 0.85) == 17  # cumulative 0.5, 0.75, 0.875: the 85th percentile is day 17
    assert on_time_probability(days[None, :], np.array([12.0]))[0] == pytest.approx(0.75, abs=0.02)


def test_exact_reference_reproduces_the_hand_worked_days():
    assert landing_distribution([1, 3], 3) == {7: 0.5, 12: 0.25, 17: 0.125, 21: 0.125}
    assert landing_distribution([2 / 3], 2) == {21: 1.0}  # the team share reaching 2 exactly, as the engine


@pytest.mark.parametrize("case", range(4))
def test_monte_carlo_follows_the_exact_distribution(case):
    # block values with zeros and repeats, as an item's 12 blocks are: at every day, the share of trials landed
    # by then is the exact one within sampling error (20,000 trials: standard error ≤ 0.35 points)
    r = np.random.default_rng(300 + case)
    samples, remaining = r.integers(0, 4, size=12).astype(float), float(r.integers(3, 15))
    samples[0] = max(samples[0], 1)
    exact = landing_distribution(samples, remaining)
    days = simulate(samples[None, :], [remaining], seed=case, trials=20_000)[0]
    for day in range(1, max(exact) + 1):
        assert (days <= day).mean() == pytest.approx(sum(p for d, p in exact.items() if d <= day), abs=0.015)


def test_no_throughput_never_lands_and_horizon():
    days = simulate(np.array([[0.0] * 12, [1.0] * 12]), [5.0, 0.0], trials=50)
    assert np.isinf(days[0]).all() and (days[1] == 0).all()
    # one completion in 12 blocks, 100 left: about 1200 blocks, far beyond a 52-block horizon
    assert np.isinf(simulate(np.array([[1.0] + [0.0] * 11]), [100.0], trials=200, horizon_blocks=52)).all()
    # reached during the 52nd draw still counts: 7·51 + 7
    assert (simulate(np.full((1, 12), 1.0), [52.0], trials=10, horizon_blocks=52) == 364).all()
    assert np.isinf(simulate(np.full((1, 12), 1.0), [53.0], trials=10, horizon_blocks=52)).all()


def test_lags_are_days():
    assert lag_days(2) == 14 and lag_days(0) == 0
    assert lag_days(0.5) == 4  # 3.5 days, half up
    assert lag_days(1 / 7) == 1


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
    # B waits for A + 2 weeks (14 days); C waits for B (no lag) and A + 1 week; landing days, not whole weeks
    own = np.array([[7.0, 10.0, 21.0], [7.0, 7.0, 38.0], [35.0, 0.0, 0.0]])
    edges = [(1, 0, lag_days(2)), (2, 1, lag_days(0)), (2, 0, lag_days(1))]
    order = [0, 1, 2]
    final = propagate(own, edges, order)
    assert final[0].tolist() == [7, 10, 21]
    assert final[1].tolist() == [21, 24, 38]  # max(own, A + 14)
    assert final[2].tolist() == [35, 24, 38]  # max(own, B, A + 7)
    # had A landed at day 7 in every trial, B and C would move
    cf = propagate(own, edges, order, override={0: np.full(3, 7.0)})
    assert cf[1].tolist() == [21, 21, 38] and cf[2].tolist() == [35, 21, 38]


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
    offsets = simulate(samples, remaining, seed=case, trials=2000)
    p50, p85 = nearest_rank(offsets, 0.5), nearest_rank(offsets, 0.85)
    assert (p50 <= p85).all() and (offsets >= 1).all() and (offsets == np.floor(offsets)).all()
    prob = on_time_probability(offsets, r.integers(0, 200, size=len(remaining)).astype(float))
    assert ((prob >= 0) & (prob <= 1)).all()
    # same seed → identical; more remaining → never earlier, trial by trial (each item has its own stream)
    assert (simulate(samples, remaining, seed=case, trials=2000) == offsets).all()
    more = simulate(samples, remaining + r.integers(0, 10, size=len(remaining)), seed=case, trials=2000)
    assert (more >= offsets).all()
    assert (nearest_rank(more, 0.85) >= p85).all()
    # a faster pace in every block → never later, trial by trial (same indexes drawn, larger values)
    faster = simulate(samples + 1, remaining, seed=case, trials=2000)
    assert (faster <= offsets).all()


def test_different_seeds_differ_and_items_do_not_disturb_each_other():
    samples = np.array([[0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5]] * 2, dtype=float)
    a = simulate(samples, [30.0, 30.0], seed=1, trials=500, keys=["A", "B"])
    b = simulate(samples, [30.0, 30.0], seed=2, trials=500, keys=["A", "B"])
    assert (a != b).any()
    assert (a[0] != a[1]).any()  # two items with the same inputs still draw their own numbers
    # changing item A leaves item B's trials exactly as they were (common random numbers for what-ifs)
    c = simulate(samples, [80.0, 30.0], seed=1, trials=500, keys=["A", "B"])
    assert (c[1] == a[1]).all() and (c[0] >= a[0]).all()
    # the stream follows the key, not the position: another item before it, or none, changes nothing
    alone = simulate(samples[:1], [30.0], seed=1, trials=500, keys=["B"])
    assert (alone[0] == a[1]).all()
    three = simulate(np.vstack([samples, samples[:1]]), [5.0, 30.0, 30.0], seed=1, trials=500, keys=["0", "A", "B"])
    assert (three[1:] == a).all()


def test_streams_must_match_the_items():
    with pytest.raises(ValueError, match="1 streams for 2 items"):
        simulate_days(np.ones((2, 12)), np.ones(2), streams=item_streams(1, ["A"]), trials=10)
