"""Delivery page figures (section `delivery`): sprint predictability, flow and ageing work, per team and overall.

`section(inputs)` returns
- `scopes`: one entry per team name and `*` (every team and unassigned work), see `scope()`;
- `sprint_members`: sprint id → the items behind that sprint's figures (at most `members_cap` per sprint);
- `items`: Jira key → {title, url} of every item the lists above name (lists carry keys only, to keep the
  document small; titles are plain text as typed in Jira);
- `points_rule` (share of estimated committed items a sprint needs to count in points), `cap` (evidence rows kept
  per list), `members_cap`, `scatter_cap` (finished items kept per scope for the cycle-time chart), `pace_limits` (the velocity
  stability limits between `steady`, `fairly steady` and `irregular`).

Everything comes from `metrics.delivery.DeliveryReport` and the export document; the only figures made here are
summaries of the sprints shown (mean of the per-sprint ratios, each sprint counting once whatever its unit) and the
median weekly throughput, so the page can say them in a sentence.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.delivery import ALL, DeliveryReport
from metrics.sprints import SIZES
from pilotage.application.views import ViewInputs

CAP = 200
MEMBERS_CAP = 100  # items kept per sprint (a team sprint rarely holds more)
SCATTER_CAP = 500
# velocity stability (coefficient of variation): up to 0.15 steady, up to 0.3 fairly steady, above irregular (the
# registry's definition: "above 0.3, hard to plan on")
PACE_LIMITS = (0.15, 0.30)
RATIOS = ("planning_accuracy", "capacity_accuracy", "scope_change")


def section(inputs: ViewInputs) -> dict:
    d = inputs.delivery
    boards = {t.name: t.board for t in inputs.ws.teams}
    confidence = inputs.metrics.get("confidence", {})
    scopes = {team: scope(d, team, boards.get(team), confidence.get("teams", {}).get(team, {})) for team in d.teams}
    scopes[ALL] = scope(d, ALL, None, confidence.get("overall", {}))
    scopes[ALL]["teams"] = [_team_row(team, scopes[team]) for team in d.teams]
    members = sprint_members(d)
    named = {r["key"] for s in scopes.values() for part in ("finished", "ageing") for r in s[part]["rows"]}
    named |= {r["key"] for rows in members.values() for r in rows}
    items = d.items.loc[d.items["key"].isin(list(named))].sort_values("key")
    return {
        "points_rule": inputs.ws.metrics.points_rule,
        "cap": CAP,
        "members_cap": MEMBERS_CAP,
        "scatter_cap": SCATTER_CAP,
        "pace_limits": list(PACE_LIMITS),
        "scopes": scopes,
        "sprint_members": members,
        "items": {k: {"title": title, "url": url}
                  for k, title, url in zip(items["key"], items["summary"], items["url"])},
    }


def pace(stability: float | None) -> str | None:
    """`steady`, `fairly steady` or `irregular` for a velocity stability (None without one)."""
    if stability is None or pd.isna(stability):
        return None
    if stability <= PACE_LIMITS[0]:
        return "steady"
    return "fairly steady" if stability <= PACE_LIMITS[1] else "irregular"


def scope(d: DeliveryReport, team: str, board: int | None, confidence: dict) -> dict:
    """The page's figures for one team (or `*`).

    Keys: `team`, `board`; `sprints` (rows of `_sprint`, oldest end first; every team's for `*`), `chart_unit`
    (`points` when every sprint shown counts in points, else `items`: the unit of the sprint bars), `summary`
    (means of the per-sprint ratios, carry-over in items, velocity stability and its pace); `throughput`
    ({week, items}), `throughput_median` (median items per week), `finished` (count, shown, rows {key, team,
    done_at, cycle_days, lead_days} by done time, spread evenly over the window when more than SCATTER_CAP),
    `cycle_time` / `lead_time` (days: p50, p85, p95, count), `wip`, `ageing` (count, over, shown, rows {key, team,
    status, started_at, age_days, over_p85, p85 (the team's cycle-time p85)} oldest first, at most CAP), `cfd`
    ({week, todo, in_progress, done}), `confidence` (the export's coverage blocks for this team, or overall).
    """
    team_sprints = d.sprints if team == ALL else d.sprints.loc[d.sprints["team"] == team]
    sprints = [_sprint(r) for r in team_sprints.to_dict("records")]
    weekly = d.throughput.loc[d.throughput["team"] == team]
    done = d.done if team == ALL else d.done.loc[d.done["team"] == team]
    ageing = d.ageing_wip if team == ALL else d.ageing_wip.loc[d.ageing_wip["team"] == team]
    cfd = d.cumulative_flow.loc[d.cumulative_flow["team"] == team]
    return {
        "team": team,
        "board": board,
        "sprints": sprints,
        "chart_unit": "points" if sprints and all(s["unit"] == "points" for s in sprints) else "items",
        "summary": _summary(team_sprints, d.velocity_stability, team),
        "throughput": [{"week": w.date(), "items": int(n)} for w, n in zip(weekly["week"], weekly["items"])],
        "throughput_median": float(np.median(weekly["items"])) if len(weekly) else None,
        "finished": _finished(done),
        "cycle_time": _percentiles(d.cycle_time, team),
        "lead_time": _percentiles(d.lead_time, team),
        "wip": int(d.wip.get(team, 0)),
        "ageing": _ageing(ageing, d),
        "cfd": [{"week": r["week"].date(), "todo": int(r["todo"]), "in_progress": int(r["in_progress"]),
                 "done": int(r["done"])} for r in cfd.to_dict("records")],
        "confidence": confidence,
    }


def _sprint(r: dict) -> dict:
    committed_items = int(r["committed_items"])
    return {
        "id": r["sprint_id"], "team": r["team"], "name": r["name"], "url": r["url"], "start": r["start"],
        "end": r["end"], "unit": r["unit"],
        **{k: r[k] for k in (*SIZES, "velocity", *RATIOS)},
        "committed_items": committed_items,
        "estimated_committed": int(r["estimated_committed"]),
        "estimated_share": r["estimated_committed"] / committed_items if committed_items else None,
        "in_items": {k: int(r[f"{k}_items"]) for k in SIZES},
        "in_points": {k: r[f"{k}_points"] for k in SIZES},
    }


def _summary(sprints: pd.DataFrame, stability: pd.DataFrame, team: str) -> dict:
    out = {"sprints": len(sprints), "in_items": int((sprints["unit"] == "items").sum()),
           "carry_over_items": int(sprints["carry_over_items"].sum())}
    out |= {k: sprints[k].mean() if sprints[k].notna().any() else None for k in RATIOS}
    row = stability.loc[team] if team in stability.index else None
    value = None if row is None else row["velocity_stability"]
    out |= {
        "velocity_stability": value,
        "stability_unit": None if row is None else row["unit"],
        "stability_sprints": 0 if row is None else int(row["sprints"]),
        "velocity_mean": None if row is None else row["mean"],
        "pace": pace(value),
    }
    return out


def _percentiles(frame: pd.DataFrame, team: str) -> dict:
    row = frame.loc[team]
    return {"p50": row["p50"], "p85": row["p85"], "p95": row["p95"], "count": int(row["count"])}


def _finished(done: pd.DataFrame) -> dict:
    """Finished items of the window (by done time), evenly thinned to SCATTER_CAP rows."""
    ordered = done.sort_values(["done_at", "key"], kind="stable")
    shown = ordered
    if len(ordered) > SCATTER_CAP:
        shown = ordered.iloc[np.linspace(0, len(ordered) - 1, SCATTER_CAP).round().astype(int)]
    rows = shown[["key", "team", "done_at", "cycle_days", "lead_days"]]
    return {"count": len(done), "shown": len(shown), "rows": rows.to_dict("records")}


def _ageing(ageing: pd.DataFrame, d: DeliveryReport) -> dict:
    p85 = d.cycle_time["p85"]
    status = d.items.set_index("id")["status"]
    rows = ageing.head(CAP).assign(
        status=lambda f: f["id"].map(status), p85=lambda f: f["team"].map(p85).astype("float64"),
    )[["key", "team", "status", "started_at", "age_days", "over_p85", "p85"]]
    return {"count": len(ageing), "over": int(ageing["over_p85"].sum()), "shown": len(rows),
            "rows": rows.to_dict("records")}


def sprint_members(d: DeliveryReport) -> dict[str, list[dict]]:
    """Sprint id → its committed and added items (key, flags, points at sprint start or entry), at most
    MEMBERS_CAP."""
    columns = ["key", "committed", "added", "removed", "completed", "carry_over", "points"]
    m = d.sprint_members
    return {sprint: group[columns].head(MEMBERS_CAP).to_dict("records")
            for sprint, group in m.groupby("sprint_id", sort=True)}


def _team_row(team: str, s: dict) -> dict:
    """One line of the all-teams comparison table."""
    summary = s["summary"]
    return {
        "team": team, "sprints": summary["sprints"], "planning_accuracy": summary["planning_accuracy"],
        "capacity_accuracy": summary["capacity_accuracy"], "scope_change": summary["scope_change"],
        "velocity_stability": summary["velocity_stability"], "pace": summary["pace"],
        "finished": s["finished"]["count"], "cycle_p50": s["cycle_time"]["p50"], "wip": s["wip"],
        "ageing_over": s["ageing"]["over"],
    }
