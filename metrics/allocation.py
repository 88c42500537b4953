"""Investment allocation (METRICS.md "Investment allocation"): completed work in the window split by category.

The category of each item comes from `metrics.work.work_items` (the workspace's mapping of types, labels and
epics). Points are each item's story points at as_of (from the field history, not the current value, so a past
as_of replays exactly); an unestimated item counts 0 points.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from metrics.registry import Metric
from metrics.work import CATEGORIES


def parse_points(values: pd.Series) -> pd.Series:
    """Story-point texts as floats (NaN when empty or not a number); each distinct text is parsed once."""
    codes, texts = pd.factorize(values)
    numbers = np.r_[pd.to_numeric(pd.Series(texts, dtype="object"), errors="coerce").to_numpy(dtype="float64"), np.nan]
    return pd.Series(numbers[codes], index=values.index, dtype="float64")


def points_at(points_history: pd.DataFrame) -> pd.Series:
    """Story points of each item at the end of `points_history` (metrics.history.field_history of
    `story_points`, cut at as_of), indexed by item id; items never estimated, or whose estimate was cleared, are
    absent (float)."""
    last = points_history.drop_duplicates("item_id", keep="last")
    return parse_points(last.set_index("item_id")["value"]).dropna()


def allocation(done: pd.DataFrame, groups: Sequence[str]) -> pd.DataFrame:
    """Completed items per team and category.

    `done`: the window's completed items (metrics.flow.completed_in_window) with a `points` column (NaN when
    unestimated). Returns one row per (team, category), every category present, in CATEGORIES order:
    `team`, `category`, `items` (count), `points` (sum), `items_share` and `points_share` (of the team's total;
    NaN when the total is 0).
    """
    d = done.loc[done["team"].isin(list(groups))]
    index = pd.MultiIndex.from_product([list(groups), list(CATEGORIES)], names=["team", "category"])
    grouped = d.assign(points=d["points"].astype("float64").fillna(0.0)).groupby(["team", "category"])
    out = pd.DataFrame({
        "items": grouped.size().reindex(index, fill_value=0).astype("int64"),
        "points": grouped["points"].sum().reindex(index, fill_value=0.0).astype("float64"),
    })
    totals = out.groupby(level="team")[["items", "points"]].transform("sum")
    out["items_share"] = out["items"] / totals["items"].where(totals["items"] > 0)
    out["points_share"] = out["points"] / totals["points"].where(totals["points"] > 0)
    return out.reset_index()


METRICS = (
    Metric(
        "allocation",
        "share",
        ("issues", "status_changes", "statuses", "field_changes"),
        "metrics.allocation.allocation",
        name={"en": "Where the effort goes", "fr": "Où va l'effort"},
        definition={
            "en": "Of the work finished over the period, the share that went to new features, to paying down "
                  "technical debt, to fixing bugs and incidents, and to keeping things running.",
            "fr": "Du travail terminé sur la période, la part consacrée aux nouvelles fonctionnalités, à la "
                  "réduction de la dette technique, à la correction des bugs et incidents, et au maintien en "
                  "conditions opérationnelles.",
        },
        export_keys=("allocation",),
    ),
)
