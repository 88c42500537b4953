"""Time the roadmap Monte Carlo: 50 items × 10,000 trials (the budget is < 1 s on 2 cores).

    python scripts/bench_forecast.py

Prints the simulation alone (draws, weeks needed), the whole forecast step (simulation, dependencies, P50/P85,
on-time probability) and, when the demo generator is there, `roadmap_report` on the demo company.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from metrics.forecast import (  # noqa: E402
    nearest_rank,
    on_time_probability,
    propagate,
    simulate_weeks,
    weeks_to_offsets,
)

ITEMS, TRIALS, WEEKS = 50, 10_000, 12


def case(seed: int):
    r = np.random.default_rng(seed)
    samples = r.integers(0, 6, size=(ITEMS, WEEKS)).astype(float)
    samples[:, 0] = np.maximum(samples[:, 0], 1)
    remaining = r.integers(5, 60, size=ITEMS).astype(float)
    # every fifth item waits for the one before it, two weeks after
    edges = [(i, i - 1, 14.0) for i in range(1, ITEMS) if i % 5 == 0]
    targets = r.integers(20, 200, size=ITEMS).astype(float)
    return samples, remaining, edges, targets


def forecast_step(samples, remaining, edges, targets, seed):
    weeks = simulate_weeks(samples, remaining, rng=np.random.default_rng(seed), trials=TRIALS)
    final = propagate(weeks_to_offsets(weeks), edges, list(range(ITEMS)))
    return nearest_rank(final, 0.5), nearest_rank(final, 0.85), on_time_probability(final, targets), weeks


def timed(fn, *args):
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def main() -> None:
    samples, remaining, edges, targets = case(1)
    runs = []
    for seed in range(6):
        runs.append(timed(forecast_step, samples, remaining, edges, targets, seed))
    weeks = runs[0][1][3]
    sim = [timed(lambda s=s: simulate_weeks(samples, remaining, rng=np.random.default_rng(s), trials=TRIALS))[0]
           for s in range(6)]
    print(f"{ITEMS} items × {TRIALS:,} trials, weeks needed up to {weeks.max()} (mean {weeks.mean():.1f})")
    print(f"simulation only: first {sim[0]:.3f} s, best {min(sim):.3f} s, median {sorted(sim)[3]:.3f} s")
    times = [t for t, _ in runs]
    print(f"forecast step:   first {times[0]:.3f} s, best {min(times):.3f} s, median {sorted(times)[3]:.3f} s")
    try:
        from connectors.demo import generate
        from metrics.roadmap import roadmap_report
        from pilotage.model import Dataset
        from pilotage.workspace import load_workspace
    except ImportError as e:  # the demo is optional here
        print(f"demo skipped: {e}")
        return
    batches = generate(seed=7)
    ds = Dataset({**batches["jira"].frames, **batches["github"].frames})
    ws = load_workspace()
    t, report = timed(lambda: roadmap_report(ds, ws, as_of=date(2026, 11, 22)))
    print(f"roadmap_report on the demo ({len(report.items)} items, {report.trials:,} trials): {t:.3f} s")


if __name__ == "__main__":
    main()
