"""The roadmap page's section of the views document: timeline rows, forecast distributions, dependencies and the
evidence behind each roadmap item.

The figures of each item (dates, forecast, on-time probability, drift, costs, statement, target history, weekly
samples) stay in `views["metrics"]["roadmap"][key]`; this section adds:

- `items`: one record per roadmap item in the report's order (declared items first): key, url (Jira, or null),
  label (pilotage.application.views.executive.label: delivered / late / no forecast / at risk / no target / on track),
  done_date (ISO or null), baseline_source and target_source (metrics.roadmap: "workspace", "due date", "fix
  version", "workspace target"; null without a date).
- `distributions`: {key: {date, trials, share, cumulative}} for every item with a forecast: parallel lists, one
  entry per distinct completion date of the trials (weekly steps after as_of), from
  `RoadmapReport.distribution(key)`; trials beyond the forecast horizon have no entry (cumulative stays below 1).
- `dependencies`: one record per declared dependency: key (the item that waits), on (the item it waits for),
  lag_weeks, shift_days (days the delay of `on` moves `key`'s 85% date; 0 when it does not).
- `remaining`: {key: {count, rows}}: the item's work not done at as_of; rows (at most MAX_ROWS, by key) hold key,
  title, status (Jira's name at as_of), stage (todo | in_progress), url; ordered by key, numerically (PAY-9 before
  PAY-10).
"""

from __future__ import annotations

import pandas as pd

from pilotage.application.export import clean
from pilotage.application.views import ViewInputs
from pilotage.application.views.executive import label

MAX_ROWS = 200  # remaining work listed per item; `count` always gives the full number


def section(inputs: ViewInputs) -> dict:
    report = inputs.roadmap
    items = report.items
    return clean({
        "items": [
            {"key": row.key, "url": row.url if isinstance(row.url, str) else None,
             "label": label(row.status, isinstance(row.p85_date, str), isinstance(row.done_date, str)),
             "done_date": row.done_date if isinstance(row.done_date, str) else None,
             "baseline_source": row.baseline_source if isinstance(row.baseline_source, str) else None,
             "target_source": row.target_source if isinstance(row.target_source, str) else None}
            for row in items.itertuples()
        ],
        "distributions": {key: report.distribution(key).to_dict(orient="list") for key in items["key"]
                          if key in report.completions},
        "dependencies": dependencies(report.statements, report.inputs.depends_on, set(items["key"])),
        "remaining": remaining(items["key"], report.inputs.remaining_ids, inputs.delivery.items),
    })


def dependencies(statements: dict, depends_on: dict, keys: set[str]) -> list[dict]:
    """Declared dependencies between known items, with the shift each dependency's delay causes."""
    out = []
    for key, deps in depends_on.items():
        if key not in keys:
            continue
        caused = {c["key"]: c["shift_days"] for c in statements[key]["evidence"]["caused_by"]}
        out += [{"key": key, "on": d.key, "lag_weeks": d.lag_weeks, "shift_days": caused.get(d.key, 0)}
                for d in deps]
    return out


def remaining(keys: pd.Series, remaining_ids: tuple[tuple[str, ...], ...], work: pd.DataFrame) -> dict:
    """Per item: how many work items are left and the first MAX_ROWS of them (metrics.work frame `work`)."""
    by_id = work.set_index("id")[["key", "summary", "status", "stage", "url"]]
    out = {}
    for key, ids in zip(keys, remaining_ids):
        rows = by_id.reindex(list(ids)).dropna(subset=["key"])
        rows = rows.iloc[sorted(range(len(rows)), key=lambda i: _natural(rows["key"].iloc[i]))[:MAX_ROWS]]
        out[key] = {
            "count": len(ids),
            "rows": [{"key": k, "title": t, "status": s, "stage": g, "url": u}
                     for k, t, s, g, u in zip(rows["key"], rows["summary"], rows["status"], rows["stage"],
                                             rows["url"])],
        }
    return out


def _natural(key: str) -> tuple[str, int, str]:
    """Sort key for Jira keys: project, then the number as a number."""
    project, _, number = key.rpartition("-")
    return (project, int(number), "") if number.isdigit() else (key, 0, key)
