"""Monte Carlo forecasts of roadmap items (METRICS.md "Roadmap items, drift and forecast").

The simulation is vectorised over all items × all trials. Conventions shared by every function here:

- `samples`: float array (items, K) — the K weekly throughput values an item's trials draw from (items done per
  week over the window: its own completed children, or a share of its team's throughput).
- `remaining`: float array (items,) — work items left.
- weeks: int32 array (items, trials) — weeks each trial needed; `NOT_REACHED` (-1) when the horizon came first.
- offsets: float array (items, trials) — completion in days after `as_of` (7 × weeks, or a fixed value for
  finished items); `inf` beyond the horizon, `nan` for an item with no forecast (nan spreads to dependants).

Randomness comes only from the `numpy.random.Generator` passed in. Each item gets its own child stream
(`rng.spawn`), so an item's draws never depend on the other items: a what-if that changes one item leaves the
others' trials identical (common random numbers), and the before/after difference is the change, not noise.
"""

from __future__ import annotations

import graphlib
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd

from pilotage.core.errors import WorkspaceError

NOT_REACHED = -1
CHUNK_WEEKS = 13  # a quarter per draw; most trials finish in the first chunk
HORIZON_WEEKS = 520  # ten years: a trial still running then is "beyond the horizon"
_MAX_CHUNK_ELEMENTS = 4_000_000  # bounds memory: ~32 MB of float64 per item batch
_EPS = 1e-9  # team-share samples are fractions (2/3 + 2/3 + 2/3 must reach 2)


def simulate_weeks(
    samples: np.ndarray,
    remaining: np.ndarray,
    *,
    rng: np.random.Generator,
    trials: int,
    chunk_weeks: int = CHUNK_WEEKS,
    horizon_weeks: int = HORIZON_WEEKS,
) -> np.ndarray:
    """Weeks needed by each trial of each item, int32 array (items, trials).

    A trial draws one of the item's K weekly samples per week (uniformly, with replacement) until the cumulative
    sum reaches `remaining`; it needed that many weeks. An item with `remaining` ≤ 0 needs 0 weeks (no draws).
    An item whose samples are all zero is not simulated: every trial is NOT_REACHED (the caller reports "no recent
    throughput"). Trials not finished after `horizon_weeks` are NOT_REACHED.
    """
    samples = np.asarray(samples, dtype=float)
    remaining = np.asarray(remaining, dtype=float)
    n, k = samples.shape
    streams = rng.spawn(n)
    weeks = np.zeros((n, trials), dtype=np.int32)
    active = remaining > 0
    weeks[active] = NOT_REACHED
    open_ = np.zeros((n, trials), dtype=bool)
    open_[active & (samples.max(axis=1, initial=0) > 0)] = True
    carry = np.zeros((n, trials))
    flat_samples = samples.ravel()
    for chunk in range(math.ceil(horizon_weeks / chunk_weeks)):
        items = np.flatnonzero(open_.any(axis=1))
        if items.size == 0:
            break
        # Every open item draws a full (trials, weeks) block from its own stream, so its sequence of draws
        # depends on nothing but itself; only the trials still open are then computed.
        draws = np.stack([_draw_chunk(streams[i], k, trials, chunk_weeks) for i in items])
        per_batch = max(1, _MAX_CHUNK_ELEMENTS // (trials * chunk_weeks))
        for start in range(0, items.size, per_batch):
            batch = items[start : start + per_batch]
            local, trial = np.nonzero(open_[batch])
            item = batch[local]
            values = flat_samples[(item * k)[:, None] + draws[start + local, trial]]
            total = np.cumsum(values, axis=1)
            total += carry[item, trial][:, None]
            reached = total >= (remaining[item] - _EPS)[:, None]
            done = reached[:, -1]
            weeks[item[done], trial[done]] = chunk * chunk_weeks + reached[done].argmax(axis=1) + 1
            open_[item[done], trial[done]] = False
            carry[item, trial] = total[:, -1]
    over = weeks > horizon_weeks  # the last chunk may run past the horizon
    weeks[over] = NOT_REACHED
    return weeks


def _draw_chunk(stream: np.random.Generator, k: int, trials: int, chunk_weeks: int) -> np.ndarray:
    """Sample indexes (trials, chunk_weeks) of one chunk: the only place a trial's draws are made."""
    return stream.integers(0, k, size=(trials, chunk_weeks), dtype=np.int16)


def item_stream(seed: int, items: int, row: int) -> np.random.Generator:
    """The random stream `simulate_weeks(rng=np.random.default_rng(seed))` gives row `row` of `items` rows."""
    return np.random.default_rng(seed).spawn(items)[row]


def trial_paths(
    samples: np.ndarray, *, stream: np.random.Generator, trials: int, reach: float, min_weeks: int = 0,
    horizon_weeks: int = HORIZON_WEEKS,
) -> np.ndarray:
    """Work done by the end of each week of each trial of one item, float (trials, weeks): the same draws, in the
    same order, as simulate_weeks makes for that item from the same stream (common random numbers).

    Chunks are drawn until every trial has reached `reach` work (or the horizon), and at least `min_weeks`, so a
    path can answer "when would it land with less work or a faster pace" and "how much is done by a date".
    """
    samples = np.asarray(samples, dtype=float)
    chunks: list[np.ndarray] = []
    total = np.zeros(trials)
    weeks = 0
    while weeks < horizon_weeks and (weeks < min_weeks or (total < reach - _EPS).any()):
        block = np.cumsum(samples[_draw_chunk(stream, len(samples), trials, CHUNK_WEEKS)], axis=1) + total[:, None]
        chunks.append(block)
        total = block[:, -1]
        weeks += CHUNK_WEEKS
    return np.concatenate(chunks, axis=1) if chunks else np.zeros((trials, 0))


def landing_offsets(paths: np.ndarray, remaining: float) -> np.ndarray:
    """Days after as_of each trial of `paths` lands with `remaining` work left (simulate_weeks' rule: the week the
    cumulative work reaches it, × 7); 0 with nothing left, inf when the paths never reach it."""
    if remaining <= 0:
        return np.zeros(paths.shape[0])
    reached = paths >= remaining - _EPS
    weeks = reached.argmax(axis=1) + 1
    return np.where(reached.any(axis=1), weeks * 7.0, np.inf)


def work_done_by(paths: np.ndarray, days: float) -> np.ndarray:
    """Work done in each trial by `days` after as_of: a trial lands on or before that day exactly when this
    reaches its remaining work (whole weeks, as landing_offsets counts them)."""
    weeks = int(days // 7)
    if weeks <= 0:
        return np.zeros(paths.shape[0])
    if weeks > paths.shape[1]:
        raise ValueError(f"paths cover {paths.shape[1]} weeks, {weeks} asked")
    return paths[:, weeks - 1]


def weeks_to_offsets(weeks: np.ndarray) -> np.ndarray:
    """Completion offsets in days (7 × weeks), inf where the horizon was reached first."""
    days = weeks.astype(float) * 7
    days[weeks == NOT_REACHED] = np.inf
    return days


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

    `own`: offsets (items, trials) of each item's own work. `edges`: (dependant, dependency, lag in days) as row
    indexes. `order`: row indexes, dependencies first. In each trial an item finishes at
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
