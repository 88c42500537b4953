"""The one formatting layer (pilotage.core.formatting), worked out by hand in both languages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from pilotage.core.formatting import (
    MISSING,
    format_date,
    format_money,
    format_number,
    format_percent,
    month_name,
    plural,
    round_half_up,
)

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(("x", "places", "expected"), [
    (2.25, 1, "2.3"), (2.35, 1, "2.4"), (0.5, 0, "1"), (1.5, 0, "2"), (2.5, 0, "3"), (2.675, 2, "2.68"), (-0.5, 0, "-1"),
])
def test_one_rounding_rule_half_up(x, places, expected):
    assert str(round_half_up(x, places)) == expected


def test_dates_show_the_year_unless_it_is_the_as_of_year():
    as_of = date(2026, 11, 22)
    assert format_date(date(2026, 12, 31), "en", ref=as_of) == "31 Dec"
    assert format_date(date(2027, 1, 17), "en", ref=as_of) == "17 Jan 2027"
    assert format_date(date(2027, 1, 17), "fr", ref=as_of) == "17 janv. 2027"
    assert format_date(date(2026, 12, 1), "fr", ref=as_of) == "1er déc."
    assert format_date(date(2026, 12, 31), "en") == "31 Dec 2026"  # without a reference, always
    assert format_date(date(2026, 12, 31), "en", year=False) == "31 Dec"
    assert [month_name(m, "fr") for m in (2, 7, 8)] == ["févr.", "juil.", "août"]


@pytest.mark.parametrize(("x", "places", "en", "fr"), [
    (63.333, 1, "63.3", "63,3"), (2.0, 1, "2", "2"), (1234.5, 1, "1,234.5", f"1{NNBSP}234,5"),
    (1234.56, 0, "1,235", f"1{NNBSP}235"), (0.05, 1, "0.1", "0,1"), (Decimal("1.5"), 1, "1.5", "1,5"),
])
def test_numbers(x, places, en, fr):
    assert format_number(x, "en", places) == en
    assert format_number(x, "fr", places) == fr


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA])
def test_missing_values_show_a_dash(missing):
    assert format_number(missing, "en") == MISSING and format_percent(missing, "fr") == MISSING


def test_percentages():
    assert format_percent(0.345, "en") == "35%"  # half up, not banker's rounding (round(34.5) == 34)
    assert format_percent(0.34, "fr") == f"34{NBSP}%"
    assert format_percent(0.075, "en", 1) == "7.5%"
    assert format_percent(0.0, "en") == "0%"


@pytest.mark.parametrize(("amount", "currency", "en", "fr"), [
    (201_000, "EUR", "€201k", f"201{NBSP}k€"), (4_480, "EUR", "€4.5k", f"4,5{NBSP}k€"),
    (1_234_000, "EUR", "€1.2M", f"1,2{NBSP}M€"), (950, "USD", "$950", f"950{NBSP}$"),
    (120_000, "CHF", f"CHF{NBSP}120k", f"120{NBSP}k{NBSP}CHF"), (0.4, "EUR", "€1", f"1{NBSP}€"),
])
def test_compact_money(amount, currency, en, fr):
    assert format_money(amount, currency, "en") == en
    assert format_money(amount, currency, "fr") == fr


@pytest.mark.parametrize(("n", "lang", "expected"), [
    (1, "en", "incident"), (0, "en", "incidents"), (2, "en", "incidents"), (Decimal("1.5"), "en", "incidents"),
    (1, "fr", "incident"), (0, "fr", "incident"), (Decimal("1.5"), "fr", "incident"), (2, "fr", "incidents"),
])
def test_plurals_follow_each_language(n, lang, expected):
    assert plural(n, lang, {"one": "incident", "other": "incidents"}) == expected


@pytest.mark.parametrize(("lang", "n", "expected"), [
    ("en", 1, "1 day late"), ("en", 0, "0 days late"), ("en", 3, "3 days late"),
    ("fr", 1, "1 jour de retard"), ("fr", 0, "0 jour de retard"), ("fr", 3, "3 jours de retard"),
])
def test_texts_with_a_count_take_the_plural_of_their_language(lang, n, expected):
    from presentation import i18n

    before = i18n.language()
    i18n.set_language(lang)
    try:
        assert i18n.tn("pack.days_late", n, n=n) == expected
    finally:
        i18n.set_language(before)
