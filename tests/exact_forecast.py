"""The landing-day distribution of one item computed exactly, by enumerating the block draws (no random numbers):
the reference the Monte Carlo is checked against (METRICS.md v2 "Forecast", landing formula)."""

from __future__ import annotations

import math
from collections import defaultdict


def landing_distribution(samples, remaining: float, *, max_blocks: int = 200) -> dict[int, float]:
    """{landing day after D: probability}. Each block draws one of `samples` with equal probability until the
    cumulative sum reaches `remaining`; reached during draw w after c, with value v, the trial lands on day
    7·(w−1) + ceil(7·(remaining − c) ÷ v), at least 1. Mass still running after `max_blocks` draws is left out."""
    values = [float(v) for v in samples]
    share = 1 / len(values)
    running, landed = {0.0: 1.0}, defaultdict(float)
    for w in range(1, max_blocks + 1):
        later = defaultdict(float)
        for done, p in running.items():
            for v in values:
                if done + v >= remaining - 1e-9:
                    landed[max(1, 7 * (w - 1) + math.ceil(7 * (remaining - done) / v - 1e-9))] += p * share
                else:
                    later[round(done + v, 9)] += p * share
        running = later
        if not running:
            break
    return dict(sorted(landed.items()))


def on_time(samples, remaining: float, target_day: int) -> float:
    """Exact share of trials landing on or before `target_day` (days after D)."""
    return sum(p for day, p in landing_distribution(samples, remaining).items() if day <= target_day)
