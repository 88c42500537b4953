"""Every text the dashboard shows exists in English and French with the same placeholders."""

from __future__ import annotations

import string
from datetime import date

from presentation import i18n


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_text_in_both_languages_with_same_placeholders():
    for key, texts in i18n.TEXTS.items():
        assert set(texts) == set(i18n.LANGUAGES), key
        assert all(texts[lang].strip() for lang in i18n.LANGUAGES), key
        assert _fields(texts["en"]) == _fields(texts["fr"]), key


def test_dates_and_numbers_are_localised():
    i18n.set_language("fr")
    try:
        assert i18n.fmt_date(date(2026, 2, 26)) == "26 févr. 2026"
        assert i18n.fmt_int(12345) == "12\u202f345"
    finally:
        i18n.set_language("en")
    assert i18n.fmt_date(date(2026, 2, 26), year=False) == "26 Feb"
    assert i18n.fmt_int(12345) == "12,345"


def test_language_is_per_thread():
    import threading

    seen = {}

    def visitor(lang):
        i18n.set_language(lang)
        threading.Event().wait(0.05)  # both visitors set their language before either reads it
        seen[lang] = i18n.t("nav.roadmap")

    threads = [threading.Thread(target=visitor, args=(lang,)) for lang in ("en", "fr")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert seen == {"en": "Roadmap", "fr": "Feuille de route"}


def test_every_store_table_has_a_name_in_both_languages():
    from pilotage.core.model import TABLES

    assert [name for name in TABLES if f"table.{name}" not in i18n.TEXTS] == []
