"""The freshness of the data in words: one line ("Data from Jira as of 22 Nov 14:05 UTC (2 h ago)") and, for each
stale source, a warning a COMEX member understands (which source, since when, what the figures are). Shared by the
pages, the board pack, the digest and `python -m pilotage status`."""

from __future__ import annotations

import pandas as pd

from pilotage.application.freshness import Freshness, SourceFreshness
from presentation.i18n import fmt_date, t

SOURCE_NAMES = {"jira": "Jira", "github": "GitHub"}


def when(at: pd.Timestamp) -> str:
    return t("fresh.when", date=fmt_date(at.date(), year=False), time=f"{at:%H:%M}")


def age(delta: pd.Timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return t("fresh.just_now")
    if minutes < 120:
        return t("fresh.minutes", n=minutes)
    hours = minutes // 60
    return t("fresh.hours", n=hours) if hours < 48 else t("fresh.days", n=hours // 24)


def freshness_line(f: Freshness) -> str:
    """"Data from Jira as of … (… ago) and from GitHub as of …" over the fresh sources ("" if none: a stale
    source's time is in its warning)."""
    parts = [t("fresh.part", source=SOURCE_NAMES[s.source], when=when(s.last_ok), age=age(f.now - s.last_ok))
             for s in f.sources if s.last_ok is not None and not s.stale]
    return t("fresh.line", parts=t("fresh.and").join(parts)) if parts else ""


def _warning(s: SourceFreshness, now: pd.Timestamp) -> str:
    name = SOURCE_NAMES[s.source]
    if s.last_ok is None:
        if s.failures:
            return t("fresh.warn.never_failing", source=name, since=when(s.failing_since), attempts=s.failures)
        return t("fresh.warn.never", source=name)
    if s.failures:
        return t("fresh.warn.failing", source=name, since=when(s.failing_since), attempts=s.failures,
                 last=when(s.last_ok))
    return t("fresh.warn.old", source=name, age=age(now - s.last_ok), last=when(s.last_ok))


def freshness_warnings(f: Freshness) -> list[str]:
    """One sentence per stale source (empty when every source is fresh)."""
    return [_warning(s, f.now) for s in f.sources if s.stale]


def pack_line(f: Freshness) -> str:
    """The board pack's line: when each source was last read before the snapshot was frozen."""
    parts = [t("fresh.pack_part", source=SOURCE_NAMES[s.source], when=when(s.last_ok))
             for s in f.sources if s.last_ok is not None]
    return t("fresh.pack", parts=", ".join(parts)) if parts else ""
