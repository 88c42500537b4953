"""Sync: run connectors and write what they return into the store, one atomic transaction per source.

A connector follows `pilotage.core.connector.Connector`: `fetch` collects from the source (only what changed since `watermark` unless `full`), keeps the raw payloads,
converts them into canonical frames (a `Batch`) and returns everything; nothing is written until the store's
`apply_sync` commits the whole run. An exception anywhere leaves the store as it was; the failed run is recorded
with its message. The watermark is stored with the run only when it commits. The store's sync lock is held for the
whole run, so two processes (workers, the data page's button, the command line) never sync one workspace at once.
"""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from pilotage.core.connector import Connector, Progress, no_progress
from pilotage.core.errors import PilotageError
from pilotage.core.store import Store, SyncRecord
from pilotage.core.workspace import Workspace

# source name → "module:factory"; a factory takes the workspace and returns a connector.
CONNECTORS = {
    "jira": "connectors.jira:connector_for",
    "github": "connectors.github:connector_for",
}


def configured_sources(ws: Workspace) -> list[str]:
    return [s for s in CONNECTORS if getattr(ws, s) is not None]


def make_connector(ws: Workspace, source: str) -> Connector:
    module, factory = CONNECTORS[source].split(":")
    return getattr(importlib.import_module(module), factory)(ws)


@dataclass
class RunSummary:
    source: str
    mode: str
    ok: bool
    seconds: float
    stats: dict
    quarantined: int = 0
    data_version: int | None = None
    message: str = ""


def run_sync(
    ws: Workspace,
    store: Store,
    *,
    sources: list[str] | None = None,
    full: bool = False,
    reconvert: bool = False,
    progress: Progress = no_progress,
    connector_factory: Callable[[Workspace, str], Connector] = make_connector,
    holder: str = "command line",
    lock_wait: float = 0.0,
) -> list[RunSummary]:
    """Sync each source in turn; a failing source does not stop the others. Returns one summary per source.

    SyncBusy (nothing done) when another process keeps the store's sync lock for more than `lock_wait` seconds;
    `holder` names this process in the lock for the others' messages."""
    if ws.demo:
        raise PilotageError("the demo workspace has no sources to sync: run `python -m pilotage demo` to rebuild it")
    chosen = sources or configured_sources(ws)
    if not chosen:
        raise PilotageError("no source configured: add a [jira] or [github] section to the workspace file")
    for source in chosen:
        if getattr(ws, source, None) is None:
            raise PilotageError(f"{source}: not configured in the workspace file (add a [{source}] section)")
    store.migrate()
    with store.sync_lock(holder, wait=lock_wait):
        return [_run_source(ws, store, source, full, reconvert, progress, connector_factory) for source in chosen]


def _run_source(ws: Workspace, store: Store, source: str, full: bool, reconvert: bool, progress: Progress,
                connector_factory: Callable[[Workspace, str], Connector]) -> RunSummary:
    started = pd.Timestamp.now(tz="UTC")
    t0 = time.perf_counter()
    mode = "reconvert" if reconvert else "full" if full else "incremental"
    try:
        connector = connector_factory(ws, source)
        if reconvert:
            result = connector.reconvert(store.raw(source), progress=progress)
            result.watermark = result.watermark or store.last_watermark(source)  # re-reading is not fetching
        else:
            watermark = None if full else store.last_watermark(source)
            if watermark is None:
                mode = "full"
            result = connector.fetch(watermark=watermark, full=watermark is None, progress=progress)
        progress("write", 0, None, "writing to the store")
        version = store.apply_sync(
            result.batch,
            SyncRecord(source, mode, started, result.watermark, result.stats),
            raw=result.raw,
            quarantined=result.quarantined,
        )
        return RunSummary(source, mode, True, time.perf_counter() - t0, result.stats, len(result.quarantined), version)
    except Exception as e:  # the run is lost, never the data: note it, then go on or re-raise a bug
        message = str(e) if isinstance(e, PilotageError) else f"unexpected {type(e).__name__}: {e}"
        store.record_failed_run(source, mode, started, message)
        if not isinstance(e, PilotageError):
            raise
        return RunSummary(source, mode, False, time.perf_counter() - t0, {}, message=message)


def text_progress(stream=sys.stderr) -> Progress:
    """A progress bar for terminals: one redrawn line per stage, counts and an estimate when the total is known."""
    state = {"stage": None, "t0": time.perf_counter(), "last": 0.0}

    def show(stage: str, done: int, total: int | None, message: str = "") -> None:
        now = time.perf_counter()
        if stage != state["stage"]:
            if state["stage"] is not None:
                stream.write("\n")
            state.update(stage=stage, t0=now)
        elif now - state["last"] < 0.1 and (total is None or done < total):
            return
        state["last"] = now
        if total:
            width = 30
            filled = int(width * min(done, total) / total)
            bar = "█" * filled + "·" * (width - filled)
            line = f"{stage:<14} {bar} {done}/{total}"
        else:
            line = f"{stage:<14} {done}"
        stream.write("\r" + (line + ("  " + message if message else ""))[:160].ljust(100))
        stream.flush()

    return show
