"""Item histories: stages, starts, finishes and field values at any instant, vectorised.

Inputs are canonical frames (pilotage/core/model.py): `issues`, `status_changes` (with its synthetic creation row),
`field_changes`, `statuses`. Stage rules are METRICS.md's "Work items and stages".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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


_STAGE_CODES = {stage: i for i, stage in enumerate(STAGES)}
_NO_STAGE = -1


def _epoch_ms(ts: pd.Series) -> np.ndarray:
    """UTC timestamps as int64 epoch milliseconds (vectorised keys for sorting)."""
    return pd.Series(ts).astype("datetime64[ms, UTC]").array.asi8


def positions(keys, values) -> np.ndarray:
    """Position of each of `values` among `keys` (distinct texts), -1 where absent or null: `Index.get_indexer` as
    one Arrow hash lookup (pandas hashes its string dtype through Python objects, ~3× slower at 100k keys)."""
    def text(x) -> pa.Array:
        return pa.array(pd.Series(x).astype("str").array)

    found = pc.index_in(text(values), value_set=text(keys), skip_nulls=True)
    return found.fill_null(-1).to_numpy().astype(np.intp)


def _stage_codes(statuses: pd.Series, mapping: Mapping[str, str]) -> np.ndarray:
    """Stage code (index in STAGES; -1 for a null status) of each status, mapping each distinct name once."""
    codes, names = pd.factorize(statuses, use_na_sentinel=True)
    lookup = np.array([_STAGE_CODES[mapping.get(n, "todo")] for n in names] + [_NO_STAGE], dtype="int64")
    return lookup[codes]  # code -1 (null status) picks the trailing _NO_STAGE


def _stages(statuses: pd.Series, mapping: Mapping[str, str]) -> pd.Series:
    codes = _stage_codes(statuses, mapping)
    names = np.array([*STAGES, None], dtype=object)[codes]
    return pd.Series(names, index=statuses.index, dtype="str")


def _from_ms(values: np.ndarray, valid: np.ndarray, index: pd.Index) -> pd.Series:
    """Epoch milliseconds back to UTC timestamps, NaT where not valid."""
    ts = pd.Series(np.where(valid, values, 0).astype("datetime64[ms]"), index=index).dt.tz_localize("UTC")
    return ts.where(valid)


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
    return Timelines(issues, status_changes, mapping).at(as_of)


class Timelines:
    """The issues' status histories prepared once, to answer `timelines` at several as_of instants (the roadmap
    trail reads a dozen week-ends): matching each change to its issue, converting, sorting and encoding the
    changes cost most of a `timelines` call and do not depend on the instant, so `at` only filters and scans."""

    def __init__(self, issues: pd.DataFrame, status_changes: pd.DataFrame, mapping: Mapping[str, str]) -> None:
        self._items = issues[["id", "created_at"]].set_index("id")
        ch = status_changes[["item_id", "at", "seq", "to_status"]]
        # integer keys instead of string ids: one hash lookup, then numpy sorting and grouping
        item = positions(self._items.index, ch["item_id"])
        at = _epoch_ms(ch["at"])
        order = np.lexsort((ch["seq"].to_numpy(dtype="int64", na_value=0), at, item))
        order = order[item[order] >= 0]  # changes of items not among `issues` never count
        status_code, self._status_names = pd.factorize(ch["to_status"], use_na_sentinel=True)
        stage_of_status = np.array([_STAGE_CODES[mapping.get(n, "todo")] for n in self._status_names] + [_NO_STAGE])
        # in (issue, time, seq) order; `_changed_at` keeps the timestamps themselves for the as_of cut
        self._item, self._at, self._changed_at = item[order], at[order], ch["at"].array[order]
        self._status_code = status_code[order]
        self._stage = stage_of_status[self._status_code]  # code -1 (null status) picks the trailing _NO_STAGE

    def created_before(self, as_of: date) -> np.ndarray:
        """Whether each issue, in the order given, was created before the as_of instant: the rows of `at`."""
        return (self._items["created_at"] < as_of_instant(as_of)).to_numpy(dtype=bool)

    def at(self, as_of: date) -> pd.DataFrame:
        """The issues' timelines at the as_of instant (rows and columns: see `timelines`)."""
        created = self.created_before(as_of)
        items = self._items.loc[created]
        keep = created[self._item] & (self._changed_at < as_of_instant(as_of))
        # positions among all issues to positions among those created: same order, so the rows stay sorted
        item = (np.cumsum(created) - 1)[self._item[keep]]
        at, status_code, stage = self._at[keep], self._status_code[keep], self._stage[keep]
        first_of_item = np.r_[True, item[1:] != item[:-1]] if len(item) else np.array([], dtype=bool)
        last_of_item = np.r_[item[1:] != item[:-1], True] if len(item) else np.array([], dtype=bool)
        prev = np.r_[_NO_STAGE, stage[:-1]] if len(item) else stage
        prev = np.where(first_of_item, _NO_STAGE, prev)
        done_code, progress_code = _STAGE_CODES["done"], _STAGE_CODES["in_progress"]
        entered_done = (stage == done_code) & (prev != done_code)

        n = len(items)
        status = np.full(n, None, dtype=object)
        last_code = status_code[last_of_item]
        status[item[last_of_item]] = np.array([*self._status_names, None], dtype=object)[last_code]
        stage_now = np.full(n, _STAGE_CODES["todo"])
        stage_now[item[last_of_item]] = np.where(stage[last_of_item] == _NO_STAGE, _STAGE_CODES["todo"],
                                                 stage[last_of_item])
        started = np.full(n, -1, dtype="int64")
        progress = stage == progress_code
        # rows are sorted by time within an item: assign in reverse so the first entry wins
        started[item[progress][::-1]] = at[progress][::-1]
        done = np.full(n, -1, dtype="int64")
        done[item[entered_done]] = at[entered_done]  # the last entry wins

        out = pd.DataFrame(index=items.index)
        out["created_at"] = items["created_at"]
        out["status"] = pd.Series(status, index=out.index, dtype="str")
        out["stage"] = pd.Series(np.array(STAGES, dtype=object)[stage_now], index=out.index, dtype="str")
        out["started_at"] = _from_ms(started, started >= 0, out.index)
        out["done_at"] = _from_ms(done, (done >= 0) & (stage_now == done_code), out.index)
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
    """The `value` of the last change at or before each point, per item.

    `changes`: item_id, at, seq, value. `points`: item_id, at. Returns a Series aligned with points.index.
    Vectorised as one sort: changes and points of each item in time order (a change before a point at the same
    instant, changes of one instant by seq), then the last change seen so far is carried forward.
    """
    if points.empty:
        return pd.Series([], dtype="str", index=points.index)
    keys, _ = pd.factorize(pd.concat([points["item_id"], changes["item_id"]], ignore_index=True).astype("str"))
    point_keys, change_keys = keys[: len(points)], keys[len(points) :]
    relevant = np.flatnonzero(change_keys <= point_keys.max())  # items no point asks about got later codes
    change_keys = change_keys[relevant]
    n_changes = len(change_keys)
    change_at = _epoch_ms(changes["at"])[relevant]
    change_seq = np.clip(changes["seq"].to_numpy(dtype="int64", na_value=0)[relevant], 0, 2**16 - 1)
    # one int64 time key: epoch ms (41 bits), then change (0) before point (1), then seq (16 bits)
    time_key = np.r_[(change_at << 17) | change_seq, (_epoch_ms(points["at"]) << 17) | (1 << 16)]
    is_point = np.r_[np.zeros(n_changes, dtype=bool), np.ones(len(points), dtype=bool)]
    order = np.lexsort((time_key, np.r_[change_keys, point_keys]))
    sorted_keys = np.r_[change_keys, point_keys][order]
    row = np.arange(len(order))
    last_change = np.maximum.accumulate(np.where(is_point[order], -1, row))
    valid = (last_change >= 0) & (sorted_keys[np.maximum(last_change, 0)] == sorted_keys)
    source = np.where(valid, order[np.maximum(last_change, 0)], -1)  # row among the relevant changes, or -1
    at_points = is_point[order]
    found = source[at_points]
    point_row = order[at_points] - n_changes
    values = np.full(len(points), None, dtype=object)
    hit = found >= 0  # only the values found are converted to Python objects
    values[point_row[hit]] = changes["value"].iloc[relevant[found[hit]]].to_numpy(dtype=object)
    return pd.Series(values, index=points.index, dtype="str")


def field_history(field_changes: pd.DataFrame, field: str, *, as_of: date | None = None) -> pd.DataFrame:
    """Rows of one tracked field (item_id, at, seq, from_value, to_value, value), before the as_of instant,
    sorted by item_id, at, seq."""
    fc = field_changes.loc[field_changes["field"] == field]
    if as_of is not None:
        fc = fc.loc[fc["at"] < as_of_instant(as_of)]
    item, _ = pd.factorize(fc["item_id"], sort=True)
    fc = fc.iloc[np.lexsort((fc["seq"].to_numpy(dtype="int64", na_value=0), _epoch_ms(fc["at"]), item))]
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


def date_source_field(setting: str, custom_kind: str = "target_field") -> str:
    """The `field_changes.field` that holds a roadmap date source of the workspace (`jira.target`,
    `jira.baseline_field`): `due_date`, `fix_version`, or for `field:<name>` the custom date field's
    `custom_kind` (`target_field` or `baseline_field`)."""
    return custom_kind if setting.startswith("field:") else setting
