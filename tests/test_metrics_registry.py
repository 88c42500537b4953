"""The metric registry: every metric is complete in both languages, resolvable, versioned, and every key of the
export is declared (in a metric or as structure) and documented in docs/export-schema.md."""

from __future__ import annotations

import importlib
import re
from datetime import date
from pathlib import Path

import pytest

from metrics import flow, registry
from metrics.registry import LANGUAGES, Metric
from pilotage.application.export import metrics_json
from pilotage.core.model import TABLES
from pilotage.core.workspace import parse_workspace
from tests import test_export as export_case
from tests import test_metrics_sprints as sprint_case

SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "export-schema.md"
DELIVERY_MODULES = {"flow", "sprints", "dora", "allocation", "confidence"}  # the roadmap section documents itself
DYNAMIC = {("teams",), ("repos",), ("confidence", "teams"), ("confidence", "repos")}  # keyed by name


def test_every_metric_is_complete():
    metrics = registry.metrics()
    assert len({m.id for m in metrics}) == len(metrics)
    for m in metrics:
        assert m.unit.strip(), m.id
        assert m.needs and set(m.needs) <= set(TABLES), m.id
        for lang in LANGUAGES:
            name, definition = m.text(lang)
            assert name.strip() and len(definition) > 30, (m.id, lang)
        assert m.name["en"] != m.name["fr"] or m.definition["en"] != m.definition["fr"], m.id
        module, _, function = m.function.rpartition(".")
        assert callable(getattr(importlib.import_module(module), function)), m.function


def test_definitions_avoid_jargon():
    jargon = re.compile(r"\b(WIP|story points?|p50|p85|DORA|PR|pull request|deploy(ment)?s?|CFR|sprint velocity)\b",
                        re.IGNORECASE)
    delivery = [m for m in registry.metrics() if m.function.split(".")[1] in DELIVERY_MODULES]
    for m in delivery:
        for lang in LANGUAGES:
            assert not jargon.search(m.definition[lang]), (m.id, lang, m.definition[lang])


def test_definitions_version(monkeypatch):
    version = registry.definitions_version()
    assert re.fullmatch(r"[0-9a-f]{12}", version) and version == registry.definitions_version()
    changed = (*flow.METRICS[:-1], Metric(**{**flow.METRICS[-1].__dict__,
                                             "definition": {"en": "Another wording entirely.", "fr": "Autre."}}))
    monkeypatch.setattr(flow, "METRICS", changed)
    assert registry.definitions_version() != version


def test_optional_modules(monkeypatch):
    monkeypatch.setattr(registry, "METRIC_MODULES", ("metrics.flow", "metrics.not_written_yet"))
    monkeypatch.setattr(registry, "OPTIONAL_MODULES", frozenset({"metrics.not_written_yet"}))
    assert [m.id for m in registry.metrics()] == [m.id for m in flow.METRICS]
    monkeypatch.setattr(registry, "OPTIONAL_MODULES", frozenset())
    with pytest.raises(ModuleNotFoundError):
        registry.metrics()
    monkeypatch.setattr(registry, "METRIC_MODULES", ("metrics.flow", "metrics.flow"))
    with pytest.raises(ValueError, match="registered twice: ageing_wip"):
        registry.metrics()


def test_get_and_markdown():
    assert registry.get("planning_accuracy").name["en"] == "Planning accuracy"
    with pytest.raises(KeyError, match="unknown metric 'nope'"):
        registry.get("nope")
    fr = registry.definitions_markdown("fr")
    assert "Fiabilité des engagements" in fr and "# Définitions" in fr


def _keys(value, path=()) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if path not in DYNAMIC:
                found.add(k)
            found |= _keys(v, (*path, k) if path not in DYNAMIC else (*path, "*"))
    elif isinstance(value, list):
        for v in value:
            found |= _keys(v, path)
    return found


@pytest.fixture(scope="module")
def export_keys() -> set[str]:
    doc = metrics_json(export_case.DS, export_case.WS, as_of=date(2026, 3, 1))
    ws = parse_workspace({"teams": [{"name": "A", "jira_projects": ["A"], "board": 1}]})
    sprints = metrics_json(sprint_case.dataset(), ws, as_of=date(2026, 4, 5))
    # the roadmap section belongs to the roadmap metrics, which check their own keys
    return _keys({k: v for k, v in doc.items() if k != "roadmap"}) | _keys(sprints["teams"], ("teams",)) | {"roadmap"}


def test_every_export_key_is_in_the_registry(export_keys):
    vocabulary = registry.export_vocabulary()
    assert export_keys - set(vocabulary) == set()
    assert {"sprints", "planning_accuracy", "bands", "in_points", "carry_over"} <= export_keys  # the walk saw them


def test_every_delivery_key_is_documented():
    text = SCHEMA.read_text(encoding="utf-8")
    roadmap = {m.id for m in registry.metrics() if m.function.split(".")[1] not in DELIVERY_MODULES}
    keys = [k for k, owner in registry.export_vocabulary().items() if owner not in roadmap]
    assert [k for k in keys if f"`{k}`" not in text] == []
