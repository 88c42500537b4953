"""Flow metrics per team (METRICS.md "Work items and stages"): throughput, cycle time, lead time, WIP, ageing WIP
and cumulative flow.

Every function takes the work-item table of `metrics.work.work_items` (one row per work item created before the
as_of instant, with `team`, `stage`, `started_at`, `done_at`, `created_at`, `counted`) and a list of group names
(usually the workspace's team names). Items whose team is not in the list are left out of that call; to get the
figure over every team, pass the items with a constant `team` column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import pandas as pd

from metrics.history import STAGES, positions
from metrics.registry import Metric
from metrics.windows import as_of_instant, window_bounds, window_weeks
from metrics.work import weekly_counts

PERCENTILES = (50, 85, 95)
DAY = pd.Timedelta(days=1)
NEVER = np.iinfo(np.int64).max  # an instant after every other one (open intervals)


def epoch_ms(ts: pd.Series | pd.Index) -> np.ndarray:
    """UTC timestamps as int64 epoch milliseconds; NaT becomes NEVER."""
    values = pd.Series(ts).astype("datetime64[ms, UTC]")
    out = values.array.asi8.copy()
    out[values.isna().to_numpy()] = NEVER
    return out


def completed_in_window(items: pd.DataFrame, *, as_of: date, weeks: int) -> pd.DataFrame:
    """Items counted as done whose done_at falls in the window (the population of throughput, cycle and lead time).

    Returns the rows of `items` plus `cycle_days` (done_at − started_at, days, NaN without a start) and `lead_days`
    (done_at − created_at, days).
    """
    start, end = window_bounds(as_of, weeks)
    done = items.loc[items["counted"].astype(bool) & (items["done_at"] >= start) & (items["done_at"] < end)].copy()
    done["cycle_days"] = (done["done_at"] - done["started_at"]) / DAY
    done["lead_days"] = (done["done_at"] - done["created_at"]) / DAY
    return done


def throughput(items: pd.DataFrame, groups: Sequence[str], *, as_of: date, weeks: int) -> pd.DataFrame:
    """Items whose done_at falls in each window week, zero-filled.

    Returns a long frame, one row per (team, week), weeks oldest first: `team`, `week` (Monday 00:00 UTC),
    `items` (count).
    """
    counted = items.loc[items["counted"].astype(bool) & items["team"].isin(list(groups))]
    wide = weekly_counts(counted["done_at"], as_of=as_of, weeks=weeks, groups=counted["team"])
    counts = wide.reindex(columns=list(groups), fill_value=0).to_numpy(dtype="int64")  # weeks × teams
    return pd.DataFrame({
        "team": pd.Series(np.repeat(np.array(list(groups), dtype=object), weeks), dtype="str"),
        "week": pd.Series(np.tile(window_weeks(as_of, weeks), len(groups)), dtype="datetime64[ms, UTC]"),
        "items": counts.T.reshape(-1),
    })


def percentiles(values: pd.Series, groups: pd.Series, names: Sequence[str], pcts: Sequence[int]) -> pd.DataFrame:
    """Linear-interpolation percentiles (numpy's default) of `values` per group.

    Returns a frame indexed by `names` with columns `p<N>` for each N of `pcts` (NaN when the group has no value)
    and `count` (number of non-null values).
    """
    ok = values.notna() & groups.isin(list(names))
    v = values[ok].astype("float64")
    g = groups[ok]
    out = pd.DataFrame(index=pd.Index(list(names), name="team"))
    for p in pcts:
        out[f"p{p}"] = v.groupby(g).quantile(p / 100).reindex(out.index) if len(v) else np.nan
    out["count"] = v.groupby(g).size().reindex(out.index, fill_value=0).astype("int64") if len(v) else 0
    return out


def cycle_time(done: pd.DataFrame, groups: Sequence[str]) -> pd.DataFrame:
    """Cycle time in days (p50, p85, p95, count) per team, over `completed_in_window` items that have a start."""
    return percentiles(done["cycle_days"], done["team"], groups, PERCENTILES)


def lead_time(done: pd.DataFrame, groups: Sequence[str]) -> pd.DataFrame:
    """Lead time in days (p50, p85, p95, count) per team, over `completed_in_window` items."""
    return percentiles(done["lead_days"], done["team"], groups, PERCENTILES)


def wip(items: pd.DataFrame, groups: Sequence[str]) -> pd.Series:
    """Number of items in progress at as_of per team (index: team names, int)."""
    in_progress = items.loc[items["stage"] == "in_progress", "team"]
    return in_progress.value_counts().reindex(list(groups), fill_value=0).astype("int64").rename("wip")


def ageing_wip(items: pd.DataFrame, cycle_p85: Mapping[str, float], *, as_of: date) -> pd.DataFrame:
    """Items in progress at as_of, oldest first.

    Columns: `id`, `key`, `team`, `summary`, `url`, `started_at`, `age_days` (as_of instant − started_at, days,
    from the first start also after a reopen), `over_p85` (True when age_days is strictly above the team's
    cycle-time p85; False when the team has no p85).
    """
    wip_items = items.loc[items["stage"] == "in_progress", ["id", "key", "team", "summary", "url", "started_at"]]
    out = wip_items.copy()
    out["age_days"] = (as_of_instant(as_of) - out["started_at"]) / DAY
    limit = out["team"].map(dict(cycle_p85)).astype("float64")
    out["over_p85"] = (out["age_days"] > limit).fillna(False).astype(bool)
    return out.sort_values(["age_days", "id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def cumulative_flow(
    items: pd.DataFrame,
    status_changes: pd.DataFrame,
    mapping: Mapping[str, str],
    groups: Sequence[str],
    *,
    as_of: date,
    weeks: int,
) -> pd.DataFrame:
    """Items per stage at the end of each window week (cumulative flow), per team.

    The state at the end of a week is the one just before the next Monday 00:00 UTC (a change stamped exactly at
    Monday 00:00 belongs to the next week). Items count from their creation; a status no rule maps counts as todo.
    Returns one row per (team, week): `team`, `week` (Monday 00:00 UTC), `todo`, `in_progress`, `done` (counts).
    """
    week_index = window_weeks(as_of, weeks)
    boundaries = epoch_ms(pd.Series(week_index + pd.Timedelta(days=7)))
    group_of_item = pd.Index(list(groups)).get_indexer(items["team"])
    sc = status_changes.loc[status_changes["at"] < as_of_instant(as_of), ["item_id", "at", "seq", "to_status"]]
    item = positions(items["id"], sc["item_id"])
    keep = item >= 0
    keep[keep] = group_of_item[item[keep]] >= 0
    item, at = item[keep], epoch_ms(sc["at"])[keep]
    order = np.lexsort((sc["seq"].to_numpy(dtype="int64", na_value=0)[keep], at, item))
    item, at = item[order], at[order]
    same_item = np.r_[item[1:] == item[:-1], False] if len(item) else np.array([], dtype=bool)
    # each change opens an interval [at, next change of the same item); the last one stays open
    until = np.where(same_item, np.r_[at[1:], 0] if len(at) else at, NEVER)
    status_code, names = pd.factorize(sc["to_status"])
    stage_of_name = np.array([STAGES.index(mapping.get(n, "todo")) for n in names] + [0], dtype="int64")
    cell = group_of_item[item] * len(STAGES) + stage_of_name[status_code[keep][order]]
    counts = np.zeros((len(groups) * len(STAGES), len(week_index)), dtype="int64")
    for c in np.unique(cell):
        starts, ends = np.sort(at[cell == c]), np.sort(until[cell == c])
        # intervals containing the instant just before b: started before b and not ended before b
        counts[c] = np.searchsorted(starts, boundaries, "left") - np.searchsorted(ends, boundaries, "left")
    counts = counts.reshape(len(groups), len(STAGES), len(week_index))
    return pd.DataFrame({
        "team": pd.Series(np.repeat(np.array(list(groups), dtype=object), len(week_index)), dtype="str"),
        "week": pd.Series(np.tile(week_index, len(groups)), dtype="datetime64[ms, UTC]"),
        **{stage: counts[:, i, :].reshape(-1) for i, stage in enumerate(STAGES)},
    })


METRICS = (
    Metric(
        "throughput",
        "items per week",
        ("issues", "status_changes", "statuses"),
        "metrics.flow.throughput",
        name={"en": "Throughput", "fr": "Débit"},
        definition={
            "en": "How many pieces of work the team finished each week, over the last weeks.",
            "fr": "Le nombre de tâches terminées par l'équipe chaque semaine, sur les dernières semaines.",
        },
        export_keys=("throughput",),
    ),
    Metric(
        "cycle_time",
        "days",
        ("issues", "status_changes", "statuses"),
        "metrics.flow.cycle_time",
        name={"en": "Cycle time", "fr": "Temps de réalisation"},
        definition={
            "en": "How long a piece of work takes from the day someone starts on it to the day it is finished. "
            "The typical case (half take less), the slow case (85 in 100 take less) and the very slow case "
            "(95 in 100).",
            "fr": "Le temps entre le jour où l'on commence une tâche et le jour où elle est terminée. Le cas typique "
            "(la moitié prennent moins), le cas lent (85 sur 100 prennent moins) et le cas très lent (95 sur 100).",
        },
        export_keys=("cycle_time_days",),
    ),
    Metric(
        "lead_time",
        "days",
        ("issues", "status_changes", "statuses"),
        "metrics.flow.lead_time",
        name={"en": "Lead time", "fr": "Délai total"},
        definition={
            "en": "How long a piece of work takes from the day it is asked for to the day it is finished, "
            "waiting included.",
            "fr": "Le temps entre le jour où une tâche est demandée et le jour où elle est terminée, attente comprise.",
        },
        export_keys=("lead_time_days",),
    ),
    Metric(
        "wip",
        "items",
        ("issues", "status_changes", "statuses"),
        "metrics.flow.wip",
        name={"en": "Work in progress", "fr": "Travail en cours"},
        definition={
            "en": "How many pieces of work the team has started and not finished yet. Too many at once slows "
            "everything.",
            "fr": "Le nombre de tâches commencées et pas encore terminées. Trop à la fois ralentit tout.",
        },
        export_keys=("wip",),
    ),
    Metric(
        "ageing_wip",
        "days",
        ("issues", "status_changes", "statuses"),
        "metrics.flow.ageing_wip",
        name={"en": "Ageing work", "fr": "Travail qui vieillit"},
        definition={
            "en": "For each piece of work in progress, how many days since it was started. It is flagged when it is "
            "already older than 85 in 100 of the team's recently finished work.",
            "fr": "Pour chaque tâche en cours, le nombre de jours depuis son démarrage. Elle est signalée quand elle "
            "est déjà plus ancienne que 85 sur 100 des tâches récemment terminées par l'équipe.",
        },
        export_keys=("ageing_wip",),
    ),
    Metric(
        "cumulative_flow",
        "items",
        ("issues", "status_changes", "statuses"),
        "metrics.flow.cumulative_flow",
        name={"en": "Cumulative flow", "fr": "Flux cumulé"},
        definition={
            "en": "At the end of each week, how many pieces of work were waiting, in progress and finished. A widening "
            "middle band means work piles up.",
            "fr": "À la fin de chaque semaine, le nombre de tâches en attente, en cours et terminées. Une bande du "
            "milieu qui s'élargit signifie que le travail s'accumule.",
        },
    ),
)
