"""The glossary (metrics.glossary): one entry per registered metric, both languages, and the Definitions search
by names, labels and synonyms, ignoring case and accents."""

from __future__ import annotations

import pytest

from metrics.glossary import GLOSSARY, HIGHER, LOWER, NEUTRAL, fold, search, term
from metrics.registry import definitions_version, metrics
from pilotage.application.views import definitions


def test_every_registered_metric_has_one_complete_entry():
    assert sorted(m.id for m in metrics()) == sorted(GLOSSARY)  # every registered metric, none else
    for entry in GLOSSARY.values():
        assert entry.direction in (HIGHER, LOWER, NEUTRAL), entry.id
        assert all(entry.label[lang].strip() and entry.synonyms[lang] for lang in ("en", "fr")), entry.id
    with pytest.raises(KeyError, match="no_such_metric"):
        term("no_such_metric")


def test_labels_and_synonyms_do_not_change_the_definitions_version(monkeypatch):
    before = definitions_version()
    monkeypatch.setitem(GLOSSARY["throughput"].label, "en", "Another label")
    monkeypatch.setitem(GLOSSARY["throughput"].synonyms, "en", ("another word",))
    assert definitions_version() == before


def test_fold_ignores_case_and_accents():
    assert fold("  Délai jusqu’aux CLIENTS ") == "delai jusqu'aux clients"
    assert fold("Coût") == "cout"


@pytest.mark.parametrize(("query", "lang", "expected"), [
    ("Time from start to finish", "en", {"cycle_time"}),
    ("Planned work finished in the sprint", "en", {"planning_accuracy"}),
    ("MTTR", "en", {"time_to_restore"}),
    ("mttr", "fr", {"time_to_restore"}),
    ("change failure", "en", {"change_failure_rate"}),
    ("say/do", "en", {"planning_accuracy"}),
    ("delai clients", "en", {"lead_time_for_changes"}),
    ("cout du retard", "fr", {"extra_cost", "cost_of_delay"}),
])
def test_search_finds_labels_synonyms_and_unaccented_words(query, lang, expected):
    assert {d["id"] for d in search(query, definitions(), lang)} == expected


def test_search_words_dora_and_nothing():
    dora = {d["id"] for d in search("DORA", definitions(), "en")}
    assert {"deployment_frequency", "lead_time_for_changes", "change_failure_rate", "time_to_restore"} <= dora
    assert {d["id"] for d in search("delai", definitions(), "en")} >= {"lead_time_for_changes", "time_to_restore"}
    assert search("no such metric", definitions(), "en") == []
    assert len(search("  ", definitions(), "en")) == len(metrics())


@pytest.mark.parametrize(("metric", "change", "verdict"), [
    ("throughput", 3, "better"), ("throughput", -1, "worse"), ("time_to_restore", -0.5, "better"),
    ("change_failure_rate", 0.02, "worse"), ("time_to_restore", 0, "same"), ("wip", 4, "same"),
])
def test_a_change_is_better_or_worse_by_the_direction(metric, change, verdict):
    assert term(metric).verdict(change) == verdict


def test_export_schema_documents_the_glossary():
    from pathlib import Path

    from metrics.glossary import glossary_markdown

    schema = (Path(__file__).resolve().parent.parent / "docs" / "export-schema.md").read_text(encoding="utf-8")
    assert glossary_markdown() in schema, "docs/export-schema.md: paste the output of `python -m metrics.glossary`"
