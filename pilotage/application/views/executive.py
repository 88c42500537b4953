"""The executive summary's section of the views document: what a COMEX member reads first.

The roadmap figures of each item (forecast, on-time probability, drift, costs, statement) stay in
`views["metrics"]["roadmap"][key]`; this section adds what the page needs around them:

- `portfolio`: {"*" (all teams) | team: {en, fr}}: the portfolio line over the key items (of that team).
- `items`: one record per roadmap item, in reading order (most urgent first, then the workspace's order):
  key, name, team, url (Jira, or null), key_item (bool), group and label (below), done_date (ISO or null).
  `group`: "delivered" (every piece of work done: not a risk), "risk" (red, amber or no target date) or
  "on track". `label`: "delivered", "late" (red with a forecast), "no forecast" (red without one), "at risk"
  (amber), "no target", "on track".
- `predictability`: {"*" | team: record}: planning accuracy (committed work finished ÷ committed, per closed
  sprint) averaged over each team's last RECENT_SPRINTS sprints of the window (`recent`, ratio or null) and over
  the RECENT_SPRINTS before them (`previous`, ratio or null); `recent_count`, `previous_count`: the most sprints
  one team has in each period (what "its last 3 sprints" says); `sprints`: the evidence rows (team, name, end
  (instant), unit (points | items), committed, completed_committed, planning_accuracy, period: recent | previous).
- `stability`: {"*" | team: record}: production figures over the window (metrics.dora): deployments (int),
  deployments_per_week, change_failure_rate (ratio | null), time_to_restore_hours (median | null),
  restored (incidents behind it), open_incidents, lead_time_hours (median | null), has_deploy_data (bool),
  repos (list), bands {deployment_frequency, change_failure_rate, time_to_restore, lead_time: band block of
  docs/export-schema.md}.
- `allocation`: {"*" | team: [{category, items, items_share}]} in the order features, tech debt,
  bugs & incidents, run / KTLO: work items finished in the window.
"""

from __future__ import annotations

import pandas as pd

from metrics.dora import DoraResult
from metrics.translate import portfolio_line
from pilotage.application.export import clean
from pilotage.application.views import ViewInputs

ALL = "*"  # the all-teams scope, as in metrics.delivery
RECENT_SPRINTS = 3  # half of a 12-week window of two-week sprints: "recent" against "the ones before"
SEVERITY = ("late", "no forecast", "at risk", "no target", "on track", "delivered")


def section(inputs: ViewInputs) -> dict:
    report = inputs.roadmap
    teams = [t.name for t in inputs.ws.teams]
    repos = {ALL: list(inputs.delivery.repos)} | {t.name: list(t.repos) for t in inputs.ws.teams}
    return clean({
        "portfolio": portfolios(report.items, report.portfolio, teams),
        "items": item_records(report.items),
        "predictability": {scope: predictability(inputs.metrics["teams"], scope) for scope in [ALL, *teams]},
        "stability": {scope: stability(inputs.delivery.dora, scope, repos[scope]) for scope in [ALL, *teams]},
        "allocation": {scope: allocation(inputs.delivery.allocation, scope) for scope in [ALL, *teams]},
    })


def label(status: str, has_forecast: bool, delivered: bool) -> str:
    """The words on an item's traffic light (see the module doc)."""
    if delivered:
        return "delivered"
    if status == "red":
        return "late" if has_forecast else "no forecast"
    return {"amber": "at risk", "green": "on track"}.get(status, "no target")


def item_records(items: pd.DataFrame) -> list[dict]:
    """Roadmap items in reading order: by SEVERITY, then in the report's order (declared items first)."""
    records = []
    for position, row in enumerate(items.itertuples()):
        delivered = isinstance(row.done_date, str)
        words = label(row.status, isinstance(row.p85_date, str), delivered)
        group = "delivered" if delivered else "risk" if row.status in ("red", "amber", "no target") else "on track"
        records.append({
            "key": row.key, "name": row.name, "team": row.team, "key_item": bool(row.key_item),
            "url": row.url if isinstance(row.url, str) else None, "group": group, "label": words,
            "done_date": row.done_date if delivered else None, "_order": (SEVERITY.index(words), position),
        })
    records.sort(key=lambda r: r.pop("_order"))
    return records


def portfolios(items: pd.DataFrame, overall: dict, teams: list[str]) -> dict:
    """The portfolio line of all key items (the report's own) and of each team's key items."""
    out = {ALL: dict(overall)}
    key_items = items.loc[items["key_item"]]
    for team in teams:
        mine = key_items.loc[key_items["team"] == team]
        counts = mine["portfolio_group"].value_counts().to_dict()
        moved = int(((mine["status"] == "green") & (mine["drift_days"].fillna(0) > 0)).sum())
        out[team] = {lang: portfolio_line(counts, lang, moved=moved) for lang in ("en", "fr")}
    return out


def predictability(teams: dict, scope: str) -> dict:
    """Mean planning accuracy of the recent sprints against the ones before (see the module doc).

    `teams`: the export document's teams section. For ALL, every team's own recent and previous sprints are
    pooled (each sprint weighs the same).
    """
    rows = []
    for team, figures in teams.items():
        if scope not in (ALL, team):
            continue
        scored = [s for s in sorted(figures["sprints"], key=lambda s: s["end"]) if s["planning_accuracy"] is not None]
        recent = scored[-RECENT_SPRINTS:]
        previous = scored[-2 * RECENT_SPRINTS:-RECENT_SPRINTS] if len(scored) > RECENT_SPRINTS else []
        for period, sprints in (("previous", previous), ("recent", recent)):
            rows += [{"team": team, "name": s["name"], "end": s["end"], "unit": s["unit"],
                      "committed": s["committed"], "completed_committed": s["completed_committed"],
                      "planning_accuracy": s["planning_accuracy"], "period": period} for s in sprints]

    def mean(period: str) -> float | None:
        values = [r["planning_accuracy"] for r in rows if r["period"] == period]
        return sum(values) / len(values) if values else None

    def count(period: str) -> int:
        per_team: dict[str, int] = {}
        for r in rows:
            if r["period"] == period:
                per_team[r["team"]] = per_team.get(r["team"], 0) + 1
        return max(per_team.values(), default=0)

    return {"recent": mean("recent"), "previous": mean("previous"), "recent_count": count("recent"),
            "previous_count": count("previous"), "sprints": rows}


def stability(dora: DoraResult, scope: str, repos: list[str]) -> dict:
    """Production figures of a team (its repositories and incidents) or of ALL, from metrics.dora's result."""
    if scope not in dora.teams.index:
        return {"deployments": 0, "has_deploy_data": False, "repos": repos, "bands": {}}
    row = dora.teams.loc[scope]
    bands = dora.team_bands.get(scope, {})
    return {
        "deployments": int(row["deployments"]),
        "deployments_per_week": row["deployments_per_week"],
        "change_failure_rate": row["change_failure_rate"],
        "time_to_restore_hours": row["time_to_restore_p50_hours"],
        "restored": int(row["time_to_restore_count"]),
        "open_incidents": int(row["open_incidents"]),
        "lead_time_hours": row["lead_time_p50_hours"],
        "has_deploy_data": bool(row["has_deploy_data"]),
        "repos": repos,
        "bands": {k: dict(bands[k]) for k in ("deployment_frequency", "change_failure_rate", "time_to_restore",
                                               "lead_time") if k in bands},
    }


def allocation(frame: pd.DataFrame, scope: str) -> list[dict]:
    """Finished work items of the window per category (metrics.allocation's order)."""
    rows = frame.loc[frame["team"] == scope]
    return [{"category": c, "items": int(n), "items_share": s}
            for c, n, s in zip(rows["category"], rows["items"], rows["items_share"])]
