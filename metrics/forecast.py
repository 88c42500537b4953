"""Monte Carlo forecasts of roadmap items (METRICS.md v2 "Forecast window", "Forecast", "Dependencies",
"On-time probability").

Engine API (what other modules build on; all pure, no clock, no global random state):
- `item_streams(seed, keys)` → one `numpy.random.Generator` per item, derived from the seed and the item's key:
  an item's trials depend only on the seed, its key and its own inputs (common random numbers), whatever other
  items exist or in which order.
- `simulate_days(samples, remaining, *, streams, trials)` → landing offsets (items, trials) in days after the
  as_of day D: the METRICS.md landing formula.
- `propagate(own, edges, order)` → offsets after dependencies (lags in days: `lag_days(lag_weeks)`).
- `nearest_rank(offsets, p)`, `on_time_probability(offsets, target_offsets)`, `distribution(offsets, as_of=)`.
- `dependency_order(keys, depends_on)` → a dependencies-first order (raises WorkspaceError on a cycle).

Array conventions shared by every function here:
- `samples`: float array (items, K) — the K block values an item's trials draw from, oldest block first (a block
  is 7 days; block values are completions per block: its own completed children, or a share of its team's).
- `remaining`: float array (items,) — work items left.
- offsets: float array (items, trials) — landing day counted from D (D + offset is the completion date); 0 for an
  item with nothing left, a fixed value for finished items, `inf` beyond the horizon, `nan` for an item with no
  forecast (nan spreads to dependants).

Landing formula: a trial draws block values until the cumulative sum reaches `remaining`; when that happens during
draw w (1-based), after a cumulative c, with that draw's value v, it lands 7·(w−1) + ceil(7·(remaining − c) ÷ v)
days after D, at least 1: the last block's work is spread evenly over its 7 days.
"""

from __future__ import annotations

import graphlib
import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from pilotage.core.errors import WorkspaceError

CHUNK_BLOCKS = 13  # a quarter per draw; most trials finish in the first chunk
HORIZON_BLOCKS = 520  # ten years of 7-day blocks: a trial still running then is "beyond the horizon"
BLOCK_DAYS = 7
_MAX_CHUNK_ELEMENTS = 4_000_000  # bounds memory: ~32 MB of float64 per item batch
_EPS = 1e-9  # team-share samples are fractions (2/3 + 2/3 + 2/3 must reach 2; 7 × (2/3) ÷ (2/3) is 7 days)


def item_streams(seed: int, keys: Sequence[str]) -> list[np.random.Generator]:
    """One random stream per item, from the seed and the item's key (not its position), so adding, removing or
    reordering items never changes another item's trials."""
    def key_words(key: str) -> list[int]:
        digest = hashlib.sha256(key.encode()).digest()
        return [int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4)]

    return [np.random.default_rng(np.random.SeedSequence([int(seed), *key_words(k)])) for k in keys]


def simulate_days(
    samples: np.ndarray,
    remaining: np.ndarray,
    *,
    streams: Sequence[np.random.Generator],
    trials: int,
    chunk_blocks: int = CHUNK_BLOCKS,
    horizon_blocks: int = HORIZON_BLOCKS,
) -> np.ndarray:
    """Landing offset in days after D of each trial of each item, float array (items, trials).

    A trial draws one of the item's K block values per block (uniformly, with replacement, from the item's own
    stream) until the cumulative sum reaches `remaining`, and lands by the landing formula (module doc). An item
    with `remaining` ≤ 0 lands at 0 (no draws). An item whose samples are all zero is not simulated: every trial
    is `inf` (the caller reports "no recent throughput"). Trials not done after `horizon_blocks` draws are `inf`.

    Every open item draws a whole (trials, chunk) block of indexes per chunk, whatever its remaining count: the
    index drawn by trial t at block w depends only on the stream, so the same stream gives the same trials for
    any remaining count or block values (what a replay with one input changed relies on).
    """
    samples = np.asarray(samples, dtype=float)
    remaining = np.asarray(remaining, dtype=float)
    n, k = samples.shape
    if len(streams) != n:
        raise ValueError(f"simulate_days: {len(streams)} streams for {n} items")
    days = np.zeros((n, trials))
    active = remaining > 0
    days[active] = np.inf
    open_ = np.zeros((n, trials), dtype=bool)
    open_[active & (samples.max(axis=1, initial=0) > 0)] = True
    carry = np.zeros((n, trials))
    flat_samples = samples.ravel()
    for chunk in range(math.ceil(horizon_blocks / chunk_blocks)):
        items = np.flatnonzero(open_.any(axis=1))
        if items.size == 0:
            break
        draws = np.stack([streams[i].integers(0, k, size=(trials, chunk_blocks), dtype=np.int16) for i in items])
        per_batch = max(1, _MAX_CHUNK_ELEMENTS // (trials * chunk_blocks))
        for start in range(0, items.size, per_batch):
            batch = items[start : start + per_batch]
            local, trial = np.nonzero(open_[batch])
            item = batch[local]
            values = flat_samples[(item * k)[:, None] + draws[start + local, trial]]
            total = np.cumsum(values, axis=1)
            total += carry[item, trial][:, None]
            reached = total >= (remaining[item] - _EPS)[:, None]
            done = np.flatnonzero(reached[:, -1])
            w = reached[done].argmax(axis=1)  # 0-based draw within the chunk
            v = values[done, w]
            before = total[done, w] - v
            left = remaining[item[done]] - before
            within = np.maximum(1, np.ceil(BLOCK_DAYS * left / v - _EPS))
            block = chunk * chunk_blocks + w  # whole blocks before the landing one
            landed = np.where(block < horizon_blocks, BLOCK_DAYS * block + within, np.inf)
            days[item[done], trial[done]] = landed
            open_[item[done], trial[done]] = False
            carry[item, trial] = total[:, -1]
    return days


def lag_days(lag_weeks: float) -> float:
    """A dependency lag in days: 7 × lag_weeks, rounded half up to a whole day when lag_weeks is fractional."""
    return float(Decimal(str(lag_weeks * BLOCK_DAYS)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def dependency_order(keys: Sequence[str], depends_on: Mapping[str, Iterable[str]]) -> list[str]:
    """Keys in an order where every item comes after the items it depends on (only keys of `keys` count).

    Raises WorkspaceError naming the cycle when there is one.
    """
    known = set(keys)
    sorter = graphlib.TopologicalSorter({k: [d for d in depends_on.get(k, ()) if d in known] for k in keys})
    try:
        return list(sorter.static_order())
    except graphlib.CycleError as e:
        cycle = list(reversed(e.args[1]))  # graphlib gives the cycle from dependency to dependant
        raise WorkspaceError(
            ["roadmap: dependency cycle " + " → ".join(cycle) + "; remove one of these dependencies"]
        ) from None


def propagate(
    own: np.ndarray,
    edges: Sequence[tuple[int, int, float]],
    order: Sequence[int],
    *,
    override: Mapping[int, np.ndarray] | None = None,
) -> np.ndarray:
    """Completion offsets after dependencies, per trial (METRICS.md "Dependencies").

    `own`: offsets (items, trials) of each item's own work. `edges`: (dependant, dependency, lag in days — see
    `lag_days`) as row indexes. `order`: row indexes, dependencies first. In each trial an item finishes at
    max(own, each dependency's completion + lag). `override` fixes the completion of some rows (used to ask
    "what if this item had landed on its baseline"). nan (no forecast) spreads to every dependant.
    """
    final = own.copy()
    by_dependant: dict[int, list[tuple[int, float]]] = {}
    for dependant, dependency, lag in edges:
        by_dependant.setdefault(dependant, []).append((dependency, lag))
    for row in order:
        if override and row in override:
            final[row] = override[row]
            continue
        for dependency, lag in by_dependant.get(row, ()):
            final[row] = np.maximum(final[row], final[dependency] + lag)
    return final


def rank_position(p: float, n: int) -> int:
    """Nearest-rank position (1-based) of percentile p among n sorted values: ceil(p·n), at least 1.

    Computed in decimal so that 0.85 × 20 is exactly 17, not 17.000000000000004.
    """
    return max(1, math.ceil(Decimal(str(p)) * n))


def nearest_rank(values: np.ndarray, p: float) -> np.ndarray:
    """Nearest-rank percentile along the last axis (METRICS.md: position ceil(p·n), 1-based, values sorted)."""
    values = np.asarray(values)
    position = rank_position(p, values.shape[-1]) - 1
    return np.partition(values, position, axis=-1)[..., position]


def on_time_probability(offsets: np.ndarray, target_offsets: np.ndarray) -> np.ndarray:
    """Share of trials finishing on or before the target (offset in days; nan target → nan)."""
    share = (offsets <= target_offsets[:, None]).mean(axis=1)
    return np.where(np.isnan(target_offsets), np.nan, share)


def distribution(offsets: np.ndarray, *, as_of: date) -> pd.DataFrame:
    """Compact distribution of one item's trial completions, for the chart.

    Columns: date (ISO text), trials (int), share (of all trials), cumulative (share finished by that date).
    Trials beyond the horizon have no row (the cumulative share then stays below 1).
    """
    finite = offsets[np.isfinite(offsets)]
    days, counts = np.unique(finite, return_counts=True)
    n = max(len(offsets), 1)
    return pd.DataFrame(
        {
            "date": pd.Series([(as_of + timedelta(days=int(d))).isoformat() for d in days], dtype="str"),
            "trials": counts.astype("int64"),
            "share": counts / n,
            "cumulative": np.cumsum(counts) / n,
        }
    )
