"""Item histories: stages, starts, finishes and field values at any instant, vectorised.

Inputs are canonical frames (pilotage/model.py): `issues`, `status_changes` (with its synthetic creation row),
`field_changes`, `statuses`. Stage rules are METRICS.md's "Work items and stages".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import pandas as pd

from metrics.windows import as_of_instant

CATEGORY_STAGE = {"new": "todo", "indeterminate": "in_progress", "done": "done"}
STAGES = ("todo", "in_progress", "done")


def stage_map(
    statuses: pd.DataFrame, issues: pd.DataFrame | None = None, overrides: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Status name → stage: the workspace's overrides, else the status category.

    Statuses missing from the `statuses` table take the category of issues currently in them; any status still
    unknown maps to `todo` (and shows in data quality through `unknown_statuses`).
    """
    mapping: dict[str, str] = {}
    if issues is not None and len(issues):
        current = issues[["status", "status_category"]].dropna().drop_duplicates("status")
        mapping.update({s: CATEGORY_STAGE.get(c, "todo") for s, c in zip(current["status"], current["status_category"])})
    if len(statuses):
        mapping.update({n: CATEGORY_STAGE.get(c, "todo") for n, c in zip(statuses["name"], statuses["category"])})
    mapping.update(overrides or {})
    return mapping


def unknown_statuses(status_changes: pd.DataFrame, mapping: Mapping[str, str]) -> list[str]:
    """Status names seen in histories that no rule maps (they count as `todo`)."""
    seen = pd.unique(status_changes["to_status"].dropna())
    return sorted(s for s in seen if s not in mapping)


def _stages(statuses: pd.Series, mapping: Mapping[str, str]) -> pd.Series:
    return statuses.map(lambda s: mapping.get(s, "todo") if isinstance(s, str) else None).astype("str")


def timelines(
    issues: pd.DataFrame,
    status_changes: pd.DataFrame,
    mapping: Mapping[str, str],
    *,
    as_of: date,
) -> pd.DataFrame:
    """One row per issue created before the as_of instant, indexed by issue id.

    Columns: `status` (name at as_of), `stage` (todo / in_progress / done at as_of), `started_at` (first entry into
    in_progress, NaT if never), `done_at` (last entry into done from another stage, NaT unless stage is done),
    `created_at`. Only changes before the as_of instant are used.
    """
    end = as_of_instant(as_of)
    items = issues.loc[issues["created_at"] < end, ["id", "created_at"]].set_index("id")
    ch = status_changes.loc[(status_changes["at"] < end) & status_changes["item_id"].isin(items.index)]
    ch = ch.sort_values(["item_id", "at", "seq"], kind="stable")
    stage = _stages(ch["to_status"], mapping)
    prev = stage.groupby(ch["item_id"].to_numpy()).shift(1)
    entered_done = (stage == "done") & (prev.isna() | (prev != "done"))
    last = ch.groupby("item_id", sort=False).tail(1).set_index("item_id")
    out = pd.DataFrame(index=items.index)
    out["created_at"] = items["created_at"]
    out["status"] = last["to_status"].reindex(out.index)
    out["stage"] = _stages(out["status"], mapping).fillna("todo")
    started = ch.loc[(stage == "in_progress").to_numpy(), ["item_id", "at"]].groupby("item_id")["at"].min()
    out["started_at"] = started.reindex(out.index)
    done = ch.loc[entered_done.fillna(False).to_numpy(), ["item_id", "at"]].groupby("item_id")["at"].max()
    out["done_at"] = done.reindex(out.index).where(out["stage"] == "done")
    out.index.name = "id"
    return out


def stage_at(
    status_changes: pd.DataFrame, mapping: Mapping[str, str], points: pd.DataFrame
) -> pd.Series:
    """Stage of each (item_id, at) of `points` at that instant, aligned with `points.index`.

    A change stamped exactly at the instant counts (the item is in its new status at that instant). Items not yet
    created at the instant get <NA>.
    """
    status = value_at(
        status_changes.rename(columns={"to_status": "value"})[["item_id", "at", "seq", "value"]], points
    )
    return _stages(status, mapping).reindex(points.index)


def value_at(changes: pd.DataFrame, points: pd.DataFrame) -> pd.Series:
    """The `value` of the last change at or before each point, per item (merge_asof on item_id).

    `changes`: item_id, at, seq, value. `points`: item_id, at. Returns a Series aligned with points.index.
    """
    if points.empty:
        return pd.Series([], dtype="str", index=points.index)
    left = pd.DataFrame({"item_id": points["item_id"].astype("str"), "at": points["at"].astype("datetime64[ms, UTC]")})
    left["_row"] = np.arange(len(left))
    left = left.sort_values("at", kind="stable")
    right = changes.sort_values(["at", "seq"], kind="stable")[["item_id", "at", "value"]].astype(
        {"item_id": "str", "at": "datetime64[ms, UTC]"}
    )
    merged = pd.merge_asof(
        left, right, on="at", by="item_id", direction="backward", allow_exact_matches=True
    ).sort_values("_row")
    return pd.Series(merged["value"].to_numpy(), index=points.index, dtype="str")


def field_history(field_changes: pd.DataFrame, field: str, *, as_of: date | None = None) -> pd.DataFrame:
    """Rows of one tracked field (item_id, at, seq, from_value, to_value, value), before the as_of instant."""
    fc = field_changes.loc[field_changes["field"] == field]
    if as_of is not None:
        fc = fc.loc[fc["at"] < as_of_instant(as_of)]
    fc = fc.sort_values(["item_id", "at", "seq"], kind="stable")
    return fc.assign(value=fc["to_value"])


def split_ids(values: pd.Series) -> pd.Series:
    """Comma-separated id lists (sprint values) as Python lists, empty list for null/empty."""
    return values.fillna("").map(lambda v: [x for x in v.split(",") if x])


def filter_types(
    issues: pd.DataFrame, *, work_types: Sequence[str] = (), roadmap_types: Sequence[str] = ("Epic",)
) -> pd.DataFrame:
    """Work items: the configured types, or every type except roadmap types and sub-tasks."""
    if work_types:
        return issues.loc[issues["issue_type"].isin(list(work_types))]
    keep = ~issues["issue_type"].isin(list(roadmap_types)) & ~issues["is_subtask"].fillna(False).astype(bool)
    return issues.loc[keep]
