"""Sprint predictability (METRICS.md "Sprints"): membership reconstructed from the Sprint field's history.

A sprint is analysed when it is closed, has a start, and its end (complete date, else planned end) is before the
as_of instant. Its interval is [start, end): an item in the sprint at the start instant (a change stamped exactly
at the start counts) is committed; an item entering strictly after the start and strictly before the end is
added; "at its end" is the state just before the end instant (a change stamped exactly at the end belongs after
it), for membership and for the stage alike.

Membership is vectorised: every change of an item's Sprint value opens an interval until its next change; the
interval is exploded into one row per sprint id of the value; touching intervals of the same (item, sprint) are
merged into maximal blocks; each block is then compared with its sprint's start and end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import pandas as pd

from metrics.allocation import parse_points
from metrics.flow import NEVER
from metrics.flow import epoch_ms as _ms
from metrics.history import field_history, positions, stage_at, value_at
from metrics.registry import Metric
from metrics.windows import as_of_instant, window_bounds

MS = pd.Timedelta(milliseconds=1)
SIZES = ("committed", "added", "removed", "completed_committed", "completed", "carry_over")

MEMBER_COLUMNS = {
    "sprint_id": "str", "item_id": "str", "key": "str", "committed": "bool", "added": "bool", "removed": "bool",
    "completed": "bool", "carry_over": "bool", "entered_at": "datetime64[ms, UTC]",
    "points_at": "datetime64[ms, UTC]", "points": "float64",
}


def analysed_sprints(sprints: pd.DataFrame, team_of_board: Mapping[int, str], *, as_of: date) -> pd.DataFrame:
    """Closed sprints of the teams' boards that ended before the as_of instant, oldest end first.

    Columns: `sprint_id`, `team`, `board_id`, `name`, `start` (start instant), `end` (complete instant, else
    planned end), `url`.
    """
    end = sprints["complete_at"].fillna(sprints["end_at"])
    keep = (
        (sprints["state"] == "closed")
        & sprints["start_at"].notna()
        & end.notna()
        & (end < as_of_instant(as_of))
        & sprints["board_id"].isin(list(team_of_board))
    )
    out = pd.DataFrame({
        "sprint_id": sprints["id"], "team": sprints["board_id"].map(dict(team_of_board)).astype("str"),
        "board_id": sprints["board_id"], "name": sprints["name"], "start": sprints["start_at"], "end": end,
        "url": sprints["url"],
    }).loc[keep]
    return out.sort_values(["end", "sprint_id"], kind="stable").reset_index(drop=True)


def membership_blocks(
    sprint_history: pd.DataFrame, item_ids: pd.Index, sprint_ids: pd.Index, *, as_of: date
) -> pd.DataFrame:
    """Maximal intervals during which an item was in a sprint, from the Sprint field history before as_of
    (`sprint_history`: metrics.history.field_history of `sprint` cut at as_of).

    `item_ids` and `sprint_ids` are the items and sprints to consider (others are dropped). Returns one row per
    block: `item` and `sprint` (positions in `item_ids` / `sprint_ids`), `entered` and `left` (int64 epoch ms;
    `left` is the as_of instant when the item is still in the sprint), sorted by item, sprint, entered.
    """
    fc = sprint_history
    item = positions(item_ids, fc["item_id"])
    fc = fc.loc[item >= 0]
    item = item[item >= 0]
    at = _ms(fc["at"])
    order = np.lexsort((fc["seq"].to_numpy(dtype="int64", na_value=0), at, item))
    item, at = item[order], at[order]
    value = fc["to_value"].to_numpy(dtype=object)[order]
    same_next = np.r_[item[1:] == item[:-1], False]
    until = np.where(same_next, np.r_[at[1:], 0], _ms(pd.Series([as_of_instant(as_of)]))[0])
    lasting = until > at  # several changes at one instant: only the last one lasts
    item, at, until, value = item[lasting], at[lasting], until[lasting], value[lasting]
    # explode each value into its sprints; each distinct value is split once
    code, texts = pd.factorize(pd.Series(value, dtype="str"))
    position = {sprint_id: i for i, sprint_id in enumerate(sprint_ids)}
    sprints_of = [np.unique([position[x] for x in (p.strip() for p in t.split(",")) if x in position]).astype("int64")
                  for t in texts] + [np.array([], dtype="int64")]  # code -1: empty value
    lengths = np.array([len(s) for s in sprints_of], dtype="int64")
    offsets = np.r_[0, np.cumsum(lengths)[:-1]]
    flat = np.concatenate(sprints_of).astype("int64")
    row = np.repeat(np.arange(len(code)), lengths[code])
    rank = np.arange(len(row)) - np.repeat(np.cumsum(lengths[code]) - lengths[code], lengths[code])
    sp = flat[offsets[code][row] + rank]
    it, en, le = item[row].astype("int64"), at[row], until[row]
    if len(it) == 0:
        return pd.DataFrame({c: pd.Series([], dtype="int64") for c in ("item", "sprint", "entered", "left")})
    order = np.lexsort((en, sp, it))
    it, sp, en, le = it[order], sp[order], en[order], le[order]
    same_pair = np.r_[False, (it[1:] == it[:-1]) & (sp[1:] == sp[:-1])]
    new_block = ~(same_pair & (en == np.r_[0, le[:-1]]))
    starts = np.flatnonzero(new_block)
    return pd.DataFrame({"item": it[starts], "sprint": sp[starts], "entered": en[starts],
                         "left": np.maximum.reduceat(le, starts)})


def sprint_members(
    items: pd.DataFrame,
    sprint_history: pd.DataFrame,
    points_history: pd.DataFrame,
    status_changes: pd.DataFrame,
    sprints: pd.DataFrame,
    analysed: pd.DataFrame,
    mapping: Mapping[str, str],
    *,
    as_of: date,
) -> pd.DataFrame:
    """One row per (analysed sprint, item committed to or added to it): the evidence behind every sprint figure.

    `items`: work items (metrics.work.work_items); `sprint_history` / `points_history`: the `sprint` and
    `story_points` field histories cut at as_of (metrics.history.field_history); `sprints`: the canonical sprints
    table (every state, to find later sprints); `analysed`: `analysed_sprints(...)`. Columns: `sprint_id`,
    `item_id`, `key`, `committed`, `added`, `removed`, `completed` (in the sprint at its end and done then),
    `carry_over` (in the sprint at its end, not completed, and in a later sprint of the same board at some point
    before as_of), `entered_at` (first entry after the start, for added items), `points_at` (the instant the size
    is read: the start for committed items, else the entry, or the creation for items created inside the
    sprint), `points` (story points then, NaN when not estimated).
    """
    item_ids = pd.Index(items["id"].astype("str"))
    all_sprints = pd.Index(sprints["id"].astype("str"))
    blocks = membership_blocks(sprint_history, item_ids, all_sprints, as_of=as_of)
    if blocks.empty or analysed.empty:
        return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in MEMBER_COLUMNS.items()})

    start_of = _ms(sprints["start_at"])  # NEVER for sprints not started: later than any started one
    board_of = sprints["board_id"].to_numpy(dtype="int64", na_value=-1)
    target = all_sprints.get_indexer(analysed["sprint_id"])
    s = np.full(len(all_sprints), NEVER)
    e = np.full(len(all_sprints), NEVER)
    s[target], e[target] = _ms(analysed["start"]), _ms(analysed["end"])
    is_analysed = np.zeros(len(all_sprints), dtype=bool)
    is_analysed[target] = True

    b = blocks.loc[is_analysed[blocks["sprint"].to_numpy()]]
    it, sp, en, le = (b[c].to_numpy() for c in ("item", "sprint", "entered", "left"))
    bs, be = s[sp], e[sp]
    in_start = (en <= bs) & (le > bs)
    in_end = (en < be) & (le >= be)
    entry = np.where((en > bs) & (en < be), en, NEVER)
    if len(it) == 0:  # no analysed sprint had any member
        return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in MEMBER_COLUMNS.items()})
    pair_start = np.flatnonzero(np.r_[True, (it[1:] != it[:-1]) | (sp[1:] != sp[:-1])])
    pairs = pd.DataFrame({
        "item": it[pair_start], "sprint": sp[pair_start],
        "committed": np.logical_or.reduceat(in_start, pair_start),
        "in_end": np.logical_or.reduceat(in_end, pair_start),
        "entered": np.minimum.reduceat(entry, pair_start),
    })
    pairs["added"] = ~pairs["committed"] & (pairs["entered"] != NEVER)
    pairs = pairs.loc[pairs["committed"] | pairs["added"]].reset_index(drop=True)
    pairs["removed"] = ~pairs["in_end"]

    item_id = item_ids.to_numpy(dtype=object)[pairs["item"].to_numpy()]
    sprint_start = s[pairs["sprint"].to_numpy()]
    sprint_end = e[pairs["sprint"].to_numpy()]
    created = _ms(items["created_at"])[pairs["item"].to_numpy()]
    points_ms = np.where(pairs["committed"], sprint_start,
                         np.where(created > sprint_start, created, pairs["entered"].to_numpy()))
    points_at = pd.to_datetime(points_ms, unit="ms", utc=True).as_unit("ms")
    points = value_at(points_history[["item_id", "at", "seq", "value"]],
                      pd.DataFrame({"item_id": item_id, "at": points_at}))
    pairs["points"] = parse_points(points).to_numpy()

    at_end = pd.DataFrame({"item_id": item_id, "at": pd.to_datetime(sprint_end, unit="ms", utc=True) - MS})
    in_end = pairs["in_end"].to_numpy()
    stage = stage_at(status_changes.loc[status_changes["at"] < as_of_instant(as_of)], mapping, at_end.loc[in_end])
    done = np.zeros(len(pairs), dtype=bool)
    done[in_end] = (stage == "done").fillna(False).to_numpy(dtype=bool)
    pairs["completed"] = done

    # carry-over: the latest start among every sprint of the same board the item was ever in, compared with ours
    blk_board = board_of[blocks["sprint"].to_numpy()]
    latest = (
        pd.DataFrame({"item": blocks["item"], "board": blk_board, "start": start_of[blocks["sprint"].to_numpy()]})
        .groupby(["item", "board"])["start"].max()
    )
    key = pd.MultiIndex.from_arrays([pairs["item"], board_of[pairs["sprint"].to_numpy()]])
    latest_start = latest.reindex(key).to_numpy()
    pairs["carry_over"] = in_end & ~done & (latest_start > sprint_start)

    entered = np.where(pairs["added"], pairs["entered"], NEVER)
    out = pd.DataFrame({
        "sprint_id": all_sprints.to_numpy(dtype=object)[pairs["sprint"].to_numpy()],
        "item_id": item_id,
        "key": items["key"].to_numpy(dtype=object)[pairs["item"].to_numpy()],
        "committed": pairs["committed"], "added": pairs["added"], "removed": pairs["removed"],
        "completed": pairs["completed"], "carry_over": pairs["carry_over"],
        "entered_at": _from_ms(entered), "points_at": points_at, "points": pairs["points"],
    })
    return out.astype(MEMBER_COLUMNS).sort_values(["sprint_id", "item_id"], kind="stable").reset_index(drop=True)


def _from_ms(values: np.ndarray) -> pd.Series:
    ts = pd.Series(pd.to_datetime(np.where(values == NEVER, 0, values), unit="ms", utc=True)).astype(
        "datetime64[ms, UTC]"
    )
    return ts.where(values != NEVER)


def sprint_table(analysed: pd.DataFrame, members: pd.DataFrame, *, points_rule: float) -> pd.DataFrame:
    """One row per analysed sprint (same order as `analysed`) with every sprint figure.

    Columns: the `analysed_sprints` columns, then for each size S of SIZES: `S_items` (count) and `S_points`
    (sum of story points, unestimated items count 0); `estimated_committed` (committed items estimated at the
    start); `unit` (`points` when committed > 0 and estimated_committed ÷ committed ≥ points_rule, else `items`);
    `S` (the size in the sprint's unit); `velocity` (= completed); `planning_accuracy` (completed_committed ÷
    committed), `capacity_accuracy` (completed ÷ committed), `scope_change` ((added + removed) ÷ committed):
    ratios, NaN when committed is 0.
    """
    m = members.assign(completed_committed=members["completed"] & members["committed"])
    pts = m["points"].fillna(0.0)
    flags = m[list(SIZES)].astype("int64")
    by = m["sprint_id"]
    counts = flags.groupby(by).sum()
    points = flags.mul(pts, axis=0).groupby(by).sum()
    estimated = (m["committed"] & m["points"].notna()).groupby(by).sum()
    out = analysed.copy()
    idx = out["sprint_id"]
    for size in SIZES:
        out[f"{size}_items"] = counts[size].reindex(idx).fillna(0).astype("int64").to_numpy() if len(m) else 0
        out[f"{size}_points"] = points[size].reindex(idx).fillna(0.0).to_numpy(dtype="float64") if len(m) else 0.0
    out["estimated_committed"] = estimated.reindex(idx).fillna(0).astype("int64").to_numpy() if len(m) else 0
    in_points = (out["committed_items"] > 0) & (out["estimated_committed"] >= points_rule * out["committed_items"])
    out["unit"] = np.where(in_points, "points", "items")
    for size in SIZES:
        out[size] = np.where(in_points, out[f"{size}_points"], out[f"{size}_items"]).astype("float64")
    out["velocity"] = out["completed"]
    committed = out["committed"].where(out["committed"] > 0)
    out["planning_accuracy"] = out["completed_committed"] / committed
    out["capacity_accuracy"] = out["completed"] / committed
    out["scope_change"] = (out["added"] + out["removed"]) / committed
    return out.astype({"unit": "str"})


def velocity_stability(table: pd.DataFrame, teams: Sequence[str], *, last: int, before: pd.Timestamp) -> pd.DataFrame:
    """Coefficient of variation (sample std ÷ mean) of velocity over each team's last `last` sprints ending
    before `before`, in points when all of them count in points, else in items.

    Returns a frame indexed by team: `velocity_stability` (NaN with fewer than 2 sprints or a zero mean), `unit`,
    `sprints` (how many sprints it rests on), `mean` (mean velocity in that unit).
    """
    rows = []
    for team in teams:
        recent = table.loc[(table["team"] == team) & (table["end"] < before)].tail(last)
        unit = "points" if len(recent) and (recent["unit"] == "points").all() else "items"
        v = recent["completed_points" if unit == "points" else "completed_items"].astype("float64")
        mean = v.mean() if len(v) else np.nan
        cv = v.std(ddof=1) / mean if len(v) >= 2 and mean > 0 else np.nan
        rows.append({"team": team, "velocity_stability": cv, "unit": unit, "sprints": len(v), "mean": mean})
    return pd.DataFrame(rows, columns=["team", "velocity_stability", "unit", "sprints", "mean"]).set_index("team")


def sprint_report(
    items: pd.DataFrame,
    field_changes: pd.DataFrame,
    status_changes: pd.DataFrame,
    sprints: pd.DataFrame,
    team_of_board: Mapping[int, str],
    mapping: Mapping[str, str],
    *,
    as_of: date,
    weeks: int,
    points_rule: float = 0.8,
    velocity_sprints: int = 6,
    points_history: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(table, members, stability): `sprint_table` of the sprints ending in the window (end in [window start,
    window end)), the `sprint_members` evidence of those sprints, and `velocity_stability` per team over the
    last `velocity_sprints` sprints ending before the window's end (they may start before the window).
    `points_history` may be passed when already computed (field_history of `story_points` cut at as_of)."""
    analysed = analysed_sprints(sprints, team_of_board, as_of=as_of)
    if points_history is None:
        points_history = field_history(field_changes, "story_points", as_of=as_of)
    sprint_history = field_history(field_changes, "sprint", as_of=as_of)
    members = sprint_members(items, sprint_history, points_history, status_changes, sprints, analysed, mapping,
                             as_of=as_of)
    table = sprint_table(analysed, members, points_rule=points_rule)
    start, end = window_bounds(as_of, weeks)
    teams = list(dict.fromkeys(team_of_board.values()))
    stability = velocity_stability(table, teams, last=velocity_sprints, before=end)
    in_window = (table["end"] >= start) & (table["end"] < end)
    shown = table.loc[in_window].reset_index(drop=True)
    return shown, members.loc[members["sprint_id"].isin(list(shown["sprint_id"]))].reset_index(drop=True), stability


def _metric(metric_id: str, unit: str, key: str, en: tuple[str, str], fr: tuple[str, str]) -> Metric:
    return Metric(
        metric_id, unit, ("sprints", "field_changes", "status_changes", "statuses", "issues"),
        "metrics.sprints.sprint_report", name={"en": en[0], "fr": fr[0]}, definition={"en": en[1], "fr": fr[1]},
        export_keys=(key,),
    )


METRICS = (
    _metric(
        "sprint_committed", "points or items", "committed",
        ("Committed", "The work the team planned for a sprint, as it stood on the sprint's first day."),
        ("Engagé", "Le travail prévu par l'équipe pour un sprint, tel qu'il était le premier jour du sprint."),
    ),
    _metric(
        "sprint_added", "points or items", "added",
        ("Added during the sprint", "Work brought into a sprint after it started."),
        ("Ajouté en cours de sprint", "Le travail ajouté à un sprint après son démarrage."),
    ),
    _metric(
        "sprint_removed", "points or items", "removed",
        ("Removed during the sprint", "Planned or added work taken out of the sprint before its end."),
        ("Retiré en cours de sprint", "Le travail prévu ou ajouté, sorti du sprint avant sa fin."),
    ),
    _metric(
        "sprint_completed", "points or items", "completed",
        ("Completed", "The work finished by the end of the sprint, planned or added."),
        ("Terminé", "Le travail fini à la fin du sprint, prévu ou ajouté."),
    ),
    _metric(
        "sprint_completed_committed", "points or items", "completed_committed",
        ("Completed as planned", "The planned work that was finished by the end of the sprint."),
        ("Terminé comme prévu", "Le travail prévu qui était fini à la fin du sprint."),
    ),
    _metric(
        "planning_accuracy", "ratio", "planning_accuracy",
        ("Planning accuracy", "Of the work a team committed to at the start of a sprint, the share it finished "
         "by the end."),
        ("Fiabilité des engagements", "De ce que l'équipe s'était engagée à faire au début d'un sprint, la part "
         "terminée à la fin."),
    ),
    _metric(
        "capacity_accuracy", "ratio", "capacity_accuracy",
        ("Capacity accuracy", "Everything finished in a sprint, planned or not, compared with what was planned. "
         "Above 100% the team did more than it planned; far below, it planned more than it could do."),
        ("Justesse de la capacité", "Tout ce qui a été terminé dans un sprint, prévu ou non, comparé à ce qui "
         "était prévu. Au-dessus de 100 % l'équipe a fait plus que prévu ; bien en dessous, elle a prévu plus "
         "qu'elle ne pouvait faire."),
    ),
    _metric(
        "velocity", "points or items", "velocity",
        ("Velocity", "How much work the team finishes in one sprint."),
        ("Vélocité", "La quantité de travail que l'équipe termine en un sprint."),
    ),
    _metric(
        "velocity_stability", "ratio", "velocity_stability",
        ("Delivery regularity", "How much the amount finished varies from one sprint to the next over the last "
         "sprints (0 = perfectly regular; above 0.3, hard to plan on)."),
        ("Régularité de livraison", "À quel point la quantité terminée varie d'un sprint à l'autre sur les "
         "derniers sprints (0 = parfaitement régulier ; au-delà de 0,3, difficile de s'y fier pour planifier)."),
    ),
    _metric(
        "carry_over", "points or items", "carry_over",
        ("Carried over", "Unfinished work at the end of a sprint that was pushed into a later sprint."),
        ("Reporté", "Le travail non fini à la fin d'un sprint et repoussé à un sprint suivant."),
    ),
    _metric(
        "scope_change", "ratio", "scope_change",
        ("Scope change", "How much the plan changed during the sprint: work added plus work removed, compared "
         "with what was planned."),
        ("Changement de périmètre", "À quel point le plan a changé pendant le sprint : le travail ajouté plus le "
         "travail retiré, comparé à ce qui était prévu."),
    ),
)
