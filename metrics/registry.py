"""The one registry of metrics: id, unit, the data each needs, the function computing it, and a plain-language
definition in English and French written for an executive-committee reader.

The Definitions page, the JSON export (its `definitions_version` and the key check) and docs/export-schema.md all
read it. Each metrics module declares its metrics in a module-level `METRICS` tuple of `Metric(...)`; this module
collects them from `METRIC_MODULES` in order. To add metrics (e.g. the roadmap ones), declare `METRICS` in your
module and list the module in `METRIC_MODULES` (the roadmap modules already are: they are picked up as soon as
they exist).

`definitions_version` is a short hash (12 hex digits of SHA-256) of every registered metric's id, unit and
definitions in both languages, in registry order: it changes exactly when a published definition changes, so an
export or a snapshot records which wording of the definitions its figures follow.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass, field

LANGUAGES = ("en", "fr")

METRIC_MODULES = (
    "metrics.flow",
    "metrics.sprints",
    "metrics.dora",
    "metrics.allocation",
    "metrics.confidence",
    # roadmap metrics (issue 6); optional until they exist
    "metrics.roadmap",
    "metrics.forecast",
    "metrics.translate",
    "metrics.options",
)
OPTIONAL_MODULES = frozenset({"metrics.roadmap", "metrics.forecast", "metrics.translate"})


@dataclass(frozen=True)
class Metric:
    """One published metric.

    `needs` names the canonical tables it reads (pilotage.core.model.TABLES); `function` is the dotted path of the
    function computing it (resolved lazily, so modules can declare their metrics without import cycles);
    `export_keys` are the JSON export keys holding its values.
    """

    id: str
    unit: str
    needs: tuple[str, ...]
    function: str
    name: dict[str, str] = field(default_factory=dict)
    definition: dict[str, str] = field(default_factory=dict)
    export_keys: tuple[str, ...] = ()

    def text(self, language: str) -> tuple[str, str]:
        """(name, definition) in `language` (en or fr)."""
        return self.name[language], self.definition[language]


# Keys of the JSON export that structure it rather than carry a metric (meaning in English, for the schema check).
EXPORT_STRUCTURE: dict[str, str] = {
    "workspace": "workspace name",
    "as_of": "the date the figures describe (ISO date; its end, 24:00 UTC, is the cut-off)",
    "currency": "ISO currency code of every amount",
    "definitions_version": "hash of the published definitions the figures follow",
    "teams": "per team name",
    "repos": "per repository `owner/name`",
    "confidence": "data coverage ratios",
    "roadmap": "roadmap section (filled by the roadmap metrics)",
    "overall": "over every team",
    "week": "Monday 00:00 UTC of an ISO week (ISO date)",
    "items": "a count of work items",
    "points": "a sum of story points",
    "p50": "median (linear interpolation)",
    "p85": "85th percentile (linear interpolation)",
    "p95": "95th percentile (linear interpolation)",
    "count": "number of values behind a statistic",
    "item": "work item key",
    "age_days": "days since the item started",
    "over_p85": "older than the team's cycle-time p85",
    "id": "namespaced id",
    "name": "name",
    "start": "start instant (ISO UTC)",
    "end": "end instant (ISO UTC)",
    "unit": "`points` or `items`",
    "in_items": "the same sizes counted in items",
    "in_points": "the same sizes counted in story points",
    "sprints": "the team's closed sprints that ended in the window, oldest end first",
    "dora": "the team's DORA figures over its repositories (same keys as a repository)",
    "category": "investment category",
    "items_share": "share of completed items",
    "points_share": "share of completed story points",
    "open": "incidents created in the window and still open at as_of",
    "missing_first_commit": "merged pull requests whose first commit time is unknown (left out of the percentiles)",
    "value": "the measured value",
    "band": "DORA 2024 band: elite, high, medium or low",
    "next_band": "the next better band",
    "measure": "what the band is measured on",
    "target": "the value that reaches the next band",
    "gap": "how far the value is from the target (always ≥ 0)",
    "direction": "`at_least` or `below` / `at_most`: how the target must be met",
    "previous": "the same value over the previous window",
    "previous_band": "the band over the previous window",
    "trend": "`better`, `worse` or `same` than the previous window",
    "numerator": "count satisfying the condition",
    "denominator": "count the ratio is taken over",
    "ratio": "numerator ÷ denominator (null when the denominator is 0)",
    "low": "ratio below 50%: show the figure greyed with a warning",
    "status": "`ok`, `low` or `not enough data`",
    "deployment_frequency": "band block of the deployment frequency",
    "lead_time": "band block of the lead time for changes",
    "time_to_restore": "band block of the time to restore",
}


def metrics() -> tuple[Metric, ...]:
    """Every registered metric, in module order; duplicate ids are refused."""
    found: list[Metric] = []
    for name in METRIC_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if name in OPTIONAL_MODULES and e.name == name:
                continue
            raise
        found.extend(getattr(module, "METRICS", ()))
    ids = [m.id for m in found]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"metric ids registered twice: {', '.join(duplicates)}")
    return tuple(found)


def get(metric_id: str) -> Metric:
    """The metric of that id (KeyError naming the known ids when absent)."""
    for m in metrics():
        if m.id == metric_id:
            return m
    raise KeyError(f"unknown metric {metric_id!r}; known: {', '.join(m.id for m in metrics())}")


def definitions_text() -> str:
    """The canonical text the definitions version hashes: one line per metric and language."""
    lines = []
    for m in metrics():
        for lang in LANGUAGES:
            lines.append(f"{m.id}\t{m.unit}\t{lang}\t{m.name.get(lang, '')}\t{m.definition.get(lang, '')}")
    return "\n".join(lines)


def definitions_version() -> str:
    """12 hex digits of the SHA-256 of `definitions_text()`."""
    return hashlib.sha256(definitions_text().encode("utf-8")).hexdigest()[:12]


def export_vocabulary() -> dict[str, str]:
    """Every key the JSON export may contain → the metric id or `structure`."""
    vocabulary = dict.fromkeys(EXPORT_STRUCTURE, "structure")
    for m in metrics():
        vocabulary.update(dict.fromkeys(m.export_keys, m.id))
    return vocabulary


def definitions_markdown(language: str = "en") -> str:
    """The Definitions content: one section per metric, in `language`."""
    lines = ["# Definitions" if language == "en" else "# Définitions", ""]
    for m in metrics():
        name, definition = m.text(language)
        lines += [f"## {name}", "", definition, "", f"*{m.unit}*", ""]
    return "\n".join(lines)
