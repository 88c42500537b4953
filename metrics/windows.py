"""Time windows (METRICS.md, "Time windows").

- `as_of` is a date D and means the instant D+1 00:00 UTC. Events at or after that instant are not used
  (an event stamped exactly D+1 00:00:00 belongs to day D+1).
- A week is an ISO week, Monday 00:00 UTC to the next Monday.
- The window is the `weeks` complete weeks ending on or before the as_of instant; when D is a Sunday its own week
  is the window's last.
- The forecast window (roadmap section only) is the `blocks` seven-day blocks ending at the as_of instant, rolling
  daily: the last block is the days D−6…D.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd


def as_of_instant(as_of: date) -> pd.Timestamp:
    """The end of day `as_of`, as a UTC timestamp (D+1 00:00)."""
    return pd.Timestamp(as_of + timedelta(days=1), tz="UTC")


def window_bounds(as_of: date, weeks: int = 12) -> tuple[pd.Timestamp, pd.Timestamp]:
    """[start, end) of the window: `weeks` complete ISO weeks, end = the last Monday at or before the as_of instant."""
    end_day = as_of + timedelta(days=1)
    end = end_day - timedelta(days=end_day.weekday())
    start = end - timedelta(weeks=weeks)
    return pd.Timestamp(start, tz="UTC"), pd.Timestamp(end, tz="UTC")


def window_weeks(as_of: date, weeks: int = 12) -> pd.DatetimeIndex:
    """Monday 00:00 UTC of each week of the window, oldest first."""
    start, _ = window_bounds(as_of, weeks)
    return pd.date_range(start, periods=weeks, freq="7D")


def week_start(ts: pd.Series) -> pd.Series:
    """Monday 00:00 UTC of the ISO week of each timestamp."""
    day = ts.dt.floor("D")
    return day - pd.to_timedelta(day.dt.weekday, unit="D")


def forecast_window(as_of: date, blocks: int = 12) -> tuple[pd.Timestamp, pd.Timestamp]:
    """[start, end) of the forecast window: `blocks` seven-day blocks, end = the as_of instant."""
    end = as_of_instant(as_of)
    return end - pd.Timedelta(days=7 * blocks), end


def forecast_blocks(as_of: date, blocks: int = 12) -> pd.DatetimeIndex:
    """00:00 UTC of the first day of each forecast-window block, oldest first (the last one is D−6)."""
    start, _ = forecast_window(as_of, blocks)
    return pd.date_range(start, periods=blocks, freq="7D")
