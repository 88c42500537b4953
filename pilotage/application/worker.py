"""The sync worker: keeps one or more workspaces fresh without anyone pressing "sync".

`python -m pilotage worker --workspace F [--workspace G …] --every 1h` (pilotage/cli.py) builds a `Worker` and calls
`run_forever`. Per workspace:
- an incremental run every `every`, each wait lengthened by a random share of `jitter × every` so workspaces and
  several workers spread out instead of hitting Jira at the same second;
- the day's first run at or after `nightly_full_hour` (UTC) is a full one (it catches anything an incremental
  run cannot see, such as an issue moved out of the projects);
- after a run where a source failed, the next try comes sooner, with back-off: `retry_first`, then twice that, …
  never later than the normal schedule;
- the store's sync lock (`Store.sync_lock`) is taken without waiting: when another worker, the data page's button or
  the command line is syncing the workspace, the run is skipped with one log line naming the holder.
SIGTERM or SIGINT (`install_signal_handlers`): while waiting, the worker stops at once; during a run, `Stopped` is
raised inside it, the run's transaction rolls back (the store is never half-written: a run is one transaction) and
the lock is released — the next start does the run again. One log line per source and run: workspace, source,
mode, result, counts, seconds, requests.
"""

from __future__ import annotations

import random
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from pilotage.application.freshness import SCHEDULE_NOTE
from pilotage.application.sync import RunSummary, make_connector, run_sync
from pilotage.core.errors import PilotageError, SyncBusy
from pilotage.core.store import Store, open_store
from pilotage.core.workspace import Workspace


@dataclass(frozen=True)
class Schedule:
    every: float = 3600.0  # seconds between two runs of a workspace
    jitter: float = 0.1  # each wait gets up to this share of `every` added at random
    nightly_full_hour: int | None = 2  # UTC hour of the day's full run; None: incremental only
    retry_first: float = 60.0  # first wait after a failed run; doubles on each failure, capped at `every`

    def __post_init__(self) -> None:
        if self.every <= 0:
            raise ValueError("the worker's interval must be more than 0 seconds")


class Stopped(BaseException):
    """Raised inside a run when SIGTERM arrives: not an Exception, so nothing records it as a failed run."""


@dataclass
class _Due:
    at: float  # epoch seconds of the next run
    failures: int = 0  # runs in a row where a source failed
    full_done: date | None = None  # UTC day of the last nightly full run


@dataclass
class Worker:
    workspaces: list[Workspace]
    schedule: Schedule
    log: Callable[[str], None] = field(default=lambda line: print(line, file=sys.stderr, flush=True))
    rng: random.Random = field(default_factory=random.Random)
    clock: Callable[[], float] = time.time
    connector_factory: Callable = make_connector
    after_run: Callable[[Workspace, Store, list[RunSummary]], None] | None = None  # e.g. the Monday digest

    def __post_init__(self) -> None:
        self.stop = threading.Event()
        self._in_run = False
        self._stores = {ws.slug: open_store(ws) for ws in self.workspaces}
        now = self.clock()
        # The first runs are spread over the jitter too: several workers restarted together do not collide.
        self._due = {ws.slug: _Due(now + self.rng.uniform(0, self.schedule.jitter * min(self.schedule.every, 60)),
                                   full_done=_last_full_day(self._stores[ws.slug]))
                     for ws in self.workspaces}

    # ------------------------------------------------------------------------------------------------ one run
    def run_once(self, ws: Workspace, *, full: bool | None = None) -> list[RunSummary] | None:
        """Sync `ws` now (full when `full`, or when the nightly full run is due); None when skipped because another
        process holds the workspace's sync lock. Schedules the next run."""
        store, due = self._stores[ws.slug], self._due[ws.slug]
        today = datetime.fromtimestamp(self.clock(), tz=UTC)
        nightly = (self.schedule.nightly_full_hour is not None and today.hour >= self.schedule.nightly_full_hour
                   and due.full_done != today.date())
        full = nightly if full is None else full
        self._in_run = True
        try:
            summaries = run_sync(ws, store, full=full, holder="worker", connector_factory=self.connector_factory)
        except SyncBusy as busy:
            self.log(f"workspace={ws.slug} skipped: {busy.holder} is syncing it")
            self._plan(due, failed=False)
            return None
        except PilotageError as e:
            self.log(f"workspace={ws.slug} failed: {e}")
            self._plan(due, failed=True)
            return []
        finally:
            self._in_run = False
        for s in summaries:
            self.log(_line(ws, s))
        if full and all(s.ok for s in summaries):
            due.full_done = today.date()
        self._plan(due, failed=not all(s.ok for s in summaries))
        if self.after_run:
            try:
                self.after_run(ws, store, summaries)
            except Exception as e:  # a digest that cannot be sent must not stop the refreshes
                self.log(f"workspace={ws.slug} after-run task failed: {type(e).__name__}: {e}")
        return summaries

    def _plan(self, due: _Due, *, failed: bool) -> None:
        every = self.schedule.every
        due.failures = due.failures + 1 if failed else 0
        wait = min(every, self.schedule.retry_first * 2 ** (due.failures - 1)) if failed else every
        due.at = self.clock() + wait + self.rng.uniform(0, self.schedule.jitter * wait)

    # ------------------------------------------------------------------------------------------------ the loop
    def run_forever(self) -> None:
        """Run each workspace when it is due until `stop` is set (SIGTERM)."""
        self.log(f"worker started: {len(self.workspaces)} workspace(s), every {self.schedule.every:.0f} s")
        for store in self._stores.values():  # the pages' staleness limit follows the schedule (not a one-off run's)
            store.write_note(SCHEDULE_NOTE, str(self.schedule.every))
        try:
            while not self.stop.is_set():
                ws = min(self.workspaces, key=lambda w: self._due[w.slug].at)
                wait = self._due[ws.slug].at - self.clock()
                if wait > 0:
                    self.stop.wait(wait)
                    continue
                self.run_once(ws)
        except Stopped:
            self.log("worker stopped during a run: that run was rolled back, the store is as it was before it")
            return
        self.log("worker stopped")

    def install_signal_handlers(self) -> None:
        """SIGTERM / SIGINT stop the loop; during a run they abort it (rolled back)."""

        def handle(signum, _frame) -> None:
            self.stop.set()
            if self._in_run:
                raise Stopped(signal.Signals(signum).name)

        signal.signal(signal.SIGTERM, handle)
        signal.signal(signal.SIGINT, handle)


def _last_full_day(store: Store) -> date | None:
    """UTC day of the store's last successful full run, so a restarted worker does not redo the nightly one."""
    runs = store.runs(limit=200)
    full = runs.loc[(runs["mode"] == "full") & (runs["status"] == "ok"), "finished_at"]
    return full.max().date() if len(full) else None


def _line(ws: Workspace, s: RunSummary) -> str:
    counts = " ".join(f"{k}={v}" for k, v in sorted(s.stats.items())
                      if k not in ("seconds", "requests", "mode") and isinstance(v, int | float))
    result = "ok" if s.ok else f"failed ({s.message})"
    return (f"workspace={ws.slug} source={s.source} mode={s.mode} result={result} {counts} "
            f"seconds={s.seconds:.1f} requests={s.stats.get('requests', 0)}").replace("  ", " ")


def parse_interval(text: str) -> float:
    """Seconds of "90s", "15m", "1h", "1d" or a plain number of seconds."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    value = text.strip().lower()
    try:
        if value and value[-1] in units:
            return float(value[:-1]) * units[value[-1]]
        return float(value)
    except ValueError:
        raise ValueError(f"expected an interval such as 15m, 1h or 1d, got {text!r}") from None
