"""The metrics export: one JSON document (schema: docs/export-schema.md) and its flat CSV form.

`metrics_json(ds, ws, as_of=…)` builds the document from `metrics.delivery.delivery_report` plus the roadmap
section with its decision options (`metrics.options.roadmap_entries`, from the same work items) and the
portfolio's money at stake. `to_json_text` and `to_csv_text` are deterministic: the same data and as_of give
byte-identical text (sorted keys, floats rounded to 4 decimals,
NaN and infinities as null, dates and instants in ISO form).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from metrics.delivery import DeliveryReport, delivery_report
from metrics.options import portfolio, roadmap_entries
from metrics.registry import definitions_version
from metrics.roadmap import roadmap_report
from metrics.sprints import SIZES
from pilotage.application.snapshots import Snapshot
from pilotage.core.model import Dataset
from pilotage.core.workspace import Workspace

DECIMALS = 4


def metrics_json(ds: Dataset, ws: Workspace, *, as_of: date, seed: int | None = None,
                 last_snapshot: Snapshot | None = None) -> dict:
    """The export document for the workspace at `as_of` (`seed`: the roadmap forecasts' seed, default the
    workspace's; `last_snapshot`: the board snapshot the portfolio's change is measured against). Values are plain
    JSON types, already rounded."""
    delivery = delivery_report(ds, ws, as_of=as_of)
    roadmap = roadmap_report(ds, ws, as_of=as_of, seed=seed, trail=True, work=delivery.items)  # as the views
    return metrics_document(ws, delivery, roadmap_entries(roadmap, ws),
                            portfolio_since(portfolio(roadmap), last_snapshot))


def metrics_document(ws: Workspace, report: DeliveryReport, roadmap: Mapping, portfolio: Mapping) -> dict:
    """The export document from an already computed delivery report, roadmap section and portfolio (the
    dashboard's views and snapshots reuse their reports instead of computing twice)."""
    as_of = report.as_of
    return clean({
        "workspace": ws.name,
        "as_of": as_of.isoformat(),
        "currency": ws.currency,
        "definitions_version": definitions_version(),
        "teams": {team: _team(report, team) for team in report.teams},
        "repos": {repo: _dora(report.dora.repos.loc[repo], report.dora.repo_bands[repo]) for repo in report.repos},
        "confidence": _confidence(report.confidence),
        "roadmap": roadmap,
        "portfolio": portfolio,
    })


def portfolio_since(portfolio: Mapping, snapshot: Snapshot | None) -> dict:
    """The portfolio with `since_last_snapshot` {id, title, as_of, at_stake, change} (null without a snapshot)."""
    if snapshot is None:
        return {**portfolio, "since_last_snapshot": None}
    then = at_stake_of(snapshot.payload.get("views", {}).get("metrics", {}))
    return {**portfolio, "since_last_snapshot": {
        "id": snapshot.id, "title": snapshot.title, "as_of": snapshot.as_of.isoformat(), "at_stake": then,
        "change": None if then is None else round(portfolio["at_stake"] - then, 2)}}


def at_stake_of(document: Mapping, team: str | None = None) -> float | None:
    """The total at stake of an export document (of one team's items when `team` is given), also of one frozen
    before it carried `portfolio`: the sum of extra cost and cost of delay over its roadmap items not delivered."""
    if team is None and document.get("portfolio"):
        return document["portfolio"]["at_stake"]
    roadmap = document.get("roadmap")
    if not roadmap:
        return None
    return round(sum((e.get("extra_cost") or 0) + (e.get("cost_of_delay") or 0) for e in roadmap.values()
                     if not (e.get("forecast") or {}).get("inputs", {}).get("done_date")
                     and team in (None, e.get("team"))), 2)


def _percentiles(row: pd.Series, keys: tuple[str, ...]) -> dict:
    return {k: row[k] for k in keys} | {"count": int(row["count"])}


def _team(report: DeliveryReport, team: str) -> dict:
    throughput = report.throughput.loc[report.throughput["team"] == team]
    ageing = report.ageing_wip.loc[report.ageing_wip["team"] == team]
    sprints = report.sprints.loc[report.sprints["team"] == team]
    allocation = report.allocation.loc[report.allocation["team"] == team]
    stability = report.velocity_stability.loc[team, "velocity_stability"] \
        if team in report.velocity_stability.index else None
    return {
        "throughput": [{"week": w.date().isoformat(), "items": int(n)}
                       for w, n in zip(throughput["week"], throughput["items"])],
        "cycle_time_days": _percentiles(report.cycle_time.loc[team], ("p50", "p85", "p95")),
        "lead_time_days": _percentiles(report.lead_time.loc[team], ("p50", "p85", "p95")),
        "wip": int(report.wip.loc[team]),
        "ageing_wip": [{"item": k, "age_days": a, "over_p85": bool(o)}
                       for k, a, o in zip(ageing["key"], ageing["age_days"], ageing["over_p85"])],
        "sprints": [_sprint(row) for _, row in sprints.iterrows()],
        "velocity_stability": stability,
        "allocation": [
            {"category": r.category, "items": int(r.items), "points": r.points, "items_share": r.items_share,
             "points_share": r.points_share}
            for r in allocation.itertuples()
        ],
        "dora": _dora(report.dora.teams.loc[team], report.dora.team_bands[team]),
    }


def _sprint(row: pd.Series) -> dict:
    size = int if row["unit"] == "items" else float  # counts of items stay whole numbers
    return {
        "id": row["sprint_id"],
        "name": row["name"],
        "start": row["start"],
        "end": row["end"],
        "unit": row["unit"],
        **{k: size(row[k]) for k in SIZES},
        "velocity": size(row["velocity"]),
        "planning_accuracy": row["planning_accuracy"],
        "capacity_accuracy": row["capacity_accuracy"],
        "scope_change": row["scope_change"],
        "in_items": {k: int(row[f"{k}_items"]) for k in SIZES},
        "in_points": {k: row[f"{k}_points"] for k in SIZES},
    }


def _dora(row: pd.Series, bands: Mapping[str, dict]) -> dict:
    return {
        "deployments": int(row["deployments"]),
        "deployments_per_week": row["deployments_per_week"],
        "deploy_days_per_week_median": row["deploy_days_per_week_median"],
        "lead_time_hours": {
            "p50": row["lead_time_p50_hours"],
            "p85": row["lead_time_p85_hours"],
            "count": int(row["lead_time_count"]),
            "missing_first_commit": int(row["missing_first_commit"]),
        },
        "undeployed_prs": int(row["undeployed_prs"]),
        "change_failure_rate": row["change_failure_rate"],
        "time_to_restore_hours": {
            "p50": row["time_to_restore_p50_hours"],
            "count": int(row["time_to_restore_count"]),
            "open": int(row["open_incidents"]),
        },
        "bands": dict(bands),
    }


def _confidence(table: pd.DataFrame) -> dict:
    def ratios(rows: pd.DataFrame) -> dict:
        return {r.ratio_id: {"numerator": r.numerator, "denominator": r.denominator, "ratio": r.ratio,
                             "low": bool(r.low), "status": r.status} for r in rows.itertuples()}

    out: dict[str, Any] = {"overall": ratios(table.loc[table["scope_kind"] == "overall"])}
    for kind, key in (("team", "teams"), ("repo", "repos")):
        rows = table.loc[table["scope_kind"] == kind]
        out[key] = {scope: ratios(group) for scope, group in rows.groupby("scope", sort=True)}
    return out


# ----------------------------------------------------------------------------------------------------- writers


def clean(value: Any) -> Any:
    """Plain JSON values: floats rounded to DECIMALS (NaN/inf → None, -0.0 → 0.0), numpy scalars unwrapped,
    timestamps as ISO UTC instants (`2026-11-23T00:00:00Z`), dates as ISO dates, tuples as lists."""
    kind = type(value)  # the plain types first, by exact type: isinstance against Mapping is slow at 20k values
    if kind is dict:
        return {str(k): clean(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [clean(v) for v in value]
    if kind is str or kind is bool or kind is int or value is None:
        return value
    if kind is float:
        return None if math.isnan(value) or math.isinf(value) else round(value, DECIMALS) + 0.0
    if isinstance(value, Mapping):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        x = float(value)
        return None if math.isnan(x) or math.isinf(x) else round(x, DECIMALS) + 0.0
    if value is pd.NaT or (not isinstance(value, (pd.Timestamp, datetime, date)) and pd.isna(value)):
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        ts = pd.Timestamp(value)
        ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
        return ts.strftime("%Y-%m-%dT%H:%M:%S") + (f".{ts.microsecond // 1000:03d}" if ts.microsecond else "") + "Z"
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot export a value of type {type(value).__name__}: {value!r}")


def to_json_text(report: Mapping) -> str:
    """The document as JSON text: sorted keys, 2-space indent, UTF-8 characters kept, one final newline."""
    return json.dumps(clean(report), sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# list entries are named in the CSV by the first of these fields they carry (else by their position)
_ENTRY_NAMES = ("week", "item", "id", "category", "key", "name")


def _flatten(value: Any, path: str) -> list[tuple[str, Any]]:
    if isinstance(value, Mapping):
        rows: list[tuple[str, Any]] = []
        for k in sorted(value):
            rows += _flatten(value[k], f"{path}.{k}" if path else str(k))
        return rows
    if isinstance(value, list):
        rows = []
        for i, entry in enumerate(value):
            field = next((f for f in _ENTRY_NAMES if f in entry), None) if isinstance(entry, Mapping) else None
            if field is None:
                rows += _flatten(entry, f"{path}[{i}]")
            else:
                rows += _flatten({k: v for k, v in entry.items() if k != field}, f"{path}[{entry[field]}]")
        return rows
    return [(path, value)]


# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection"): such cells get a
# leading apostrophe, which the spreadsheet shows as plain text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """`text` as a spreadsheet will show it, never run it: a cell starting like a formula is prefixed with `'`."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)  # a negative number is a number, not a formula
    return spreadsheet_safe(str(value))


def to_csv_text(report: Mapping) -> str:
    """The document as a long CSV table with the columns `scope`, `key`, `metric`, `value`.

    `scope` is `workspace`, `team`, `repo`, `confidence`, `confidence.team`, `confidence.repo` or `roadmap`;
    `key` the team or repository name (empty otherwise); `metric` the path of the value inside its scope, dots
    between keys and list entries in brackets named by their week, item, id, category, key or name
    (`throughput[2026-08-31].items`, `sprints[jira:sprint:31].planning_accuracy`); `value` the JSON value
    (empty for null, `true` / `false`). Rows are sorted as the JSON keys are. A text cell that a spreadsheet would
    run as a formula (starting with = + - @, a tab or a carriage return) starts with `'` (see `spreadsheet_safe`).
    """
    doc = clean(report)
    rows: list[tuple[str, str, str, Any]] = []
    for k in ("workspace", "as_of", "currency", "definitions_version"):
        rows.append(("workspace", "", k, doc.get(k)))
    for kind, section in (("team", "teams"), ("repo", "repos")):
        for name in sorted(doc.get(section, {})):
            rows += [(kind, name, m, v) for m, v in _flatten(doc[section][name], "")]
    confidence = doc.get("confidence", {})
    rows += [("confidence", "", m, v) for m, v in _flatten(confidence.get("overall", {}), "")]
    for kind, section in (("confidence.team", "teams"), ("confidence.repo", "repos")):
        for name in sorted(confidence.get(section, {})):
            rows += [(kind, name, m, v) for m, v in _flatten(confidence[section][name], "")]
    rows += [("roadmap", "", m, v) for m, v in _flatten(doc.get("roadmap", {}), "")]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["scope", "key", "metric", "value"])
    writer.writerows((s, spreadsheet_safe(k), spreadsheet_safe(m), _csv_value(v)) for s, k, m, v in rows)
    return out.getvalue()

