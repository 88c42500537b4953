"""Views: everything the dashboard pages, the snapshots and the board pack show, as one JSON-safe document.

`build_views(ds, ws, as_of=…)` computes the delivery and roadmap reports once and asks each section module of
this package (every module with a `section(inputs) -> dict` function; its name is the section's key) for the
figures, tables and chart series its page renders. Pages render only from this document, so a snapshot (which
freezes it) renders exactly as it was, and the HTML/PDF board pack shows the same numbers.

Document keys: `meta` (workspace and its settings' fingerprint, currency, as_of, window, teams, repositories, seed, versions), `metrics` (the
export document, docs/export-schema.md), `definitions` (the metric registry's texts), then one key per section
module. Every value is plain JSON (pilotage.application.export.clean): dates as ISO text, no NaN.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from datetime import date

from metrics.delivery import DeliveryReport, delivery_report
from metrics.options import portfolio, roadmap_entries
from metrics.registry import definitions_version, metrics
from metrics.roadmap import RoadmapReport, roadmap_report
from pilotage.application.export import clean, metrics_document, portfolio_since
from pilotage.core.model import Dataset
from pilotage.core.workspace import Workspace, fingerprint

VIEWS_VERSION = 1  # bump when the document's shape changes; snapshots record it


@dataclass(frozen=True)
class ViewInputs:
    ds: Dataset
    ws: Workspace
    as_of: date
    seed: int
    delivery: DeliveryReport
    roadmap: RoadmapReport
    metrics: dict  # the export document


def section_modules() -> dict[str, object]:
    """Section name → module, for every module of this package with a `section` function (sorted by name)."""
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if callable(getattr(module, "section", None)):
            found[info.name] = module
    return found


def build_views(ds: Dataset, ws: Workspace, *, as_of: date, seed: int | None = None) -> dict:
    return views_from(compute(ds, ws, as_of=as_of, seed=seed))


def compute(ds: Dataset, ws: Workspace, *, as_of: date, seed: int | None = None) -> ViewInputs:
    """The delivery and roadmap reports and the export document, computed once."""
    seed = ws.metrics.seed if seed is None else seed
    delivery = delivery_report(ds, ws, as_of=as_of)
    roadmap = roadmap_report(ds, ws, as_of=as_of, seed=seed, trail=True, work=delivery.items)
    document = metrics_document(ws, delivery, roadmap_entries(roadmap, ws), portfolio_since(portfolio(roadmap), None))
    return ViewInputs(ds, ws, as_of, seed, delivery, roadmap, document)


def views_from(inputs: ViewInputs) -> dict:
    views = {"meta": meta(inputs), "metrics": inputs.metrics, "definitions": definitions()}
    for name, module in section_modules().items():
        views[name] = module.section(inputs)
    return clean(views)


def meta(inputs: ViewInputs) -> dict:
    ws, d = inputs.ws, inputs.delivery
    return {
        "views_version": VIEWS_VERSION,
        "workspace": ws.name,
        "workspace_fingerprint": fingerprint(ws),  # which settings these figures were computed with
        "demo": ws.demo,
        "currency": ws.currency,
        "language": ws.language,
        "as_of": inputs.as_of,
        "window_start": d.window_start.date(),
        "window_end": (d.window_end - d.window_end.resolution).date(),
        "weeks": d.weeks,
        "teams": [
            {"name": t.name, "weekly_cost": t.weekly_cost, "sprint_weeks": t.sprint_weeks, "board": t.board,
             "jira_projects": list(t.jira_projects), "repos": list(t.repos)}
            for t in ws.teams
        ],
        "repos": list(d.repos),
        "seed": inputs.seed,
        "trials": ws.metrics.forecast_trials,
        "data_version": inputs.ds.data_version,
        "definitions_version": definitions_version(),
        "thresholds": {"green": ws.metrics.green_threshold, "amber": ws.metrics.amber_threshold},
    }


def definitions() -> list[dict]:
    """The registry's published definitions (a snapshot keeps the wording its figures followed)."""
    return [
        {"id": m.id, "unit": m.unit, "name": dict(m.name), "definition": dict(m.definition), "needs": list(m.needs)}
        for m in metrics()
    ]
