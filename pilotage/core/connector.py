"""What a connector is: the protocol `pilotage.application.sync` drives, and the result a connector returns.

A connector is any object with:
    source: str                                             # "jira" | "github"
    fetch(*, watermark: str | None, full: bool, progress: Progress) -> SyncResult
    reconvert(raw: Iterable[RawPayload], *, progress: Progress) -> SyncResult

Declared in the core so connectors depend on it without importing the sync orchestrator above them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from pilotage.core.model import Batch, Quarantined, RawPayload

# progress(stage, done, total, message): total None when unknown. Must be cheap: called per page/record.
Progress = Callable[[str, int, "int | None", str], None]


def no_progress(stage: str, done: int, total: int | None, message: str = "") -> None:
    return None


@dataclass
class SyncResult:
    batch: Batch
    raw: list[RawPayload] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    watermark: str | None = None
    stats: dict = field(default_factory=dict)  # e.g. {"issues": 120, "requests": 14}


class Connector(Protocol):
    source: str

    def fetch(self, *, watermark: str | None, full: bool, progress: Progress) -> SyncResult: ...

    def reconvert(self, raw: Iterable[RawPayload], *, progress: Progress) -> SyncResult: ...
