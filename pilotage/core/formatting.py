"""The one formatting layer: dates, numbers, percentages, money and plurals in English and French, on Babel.

Pure (Babel only, explicit language): metrics/translate.py builds the export's business statements with it, and
presentation/ (pages and board pack) formats every figure with it, so a figure reads the same everywhere.

Rules, stated once:
- Rounding: half up, at the shown precision (`2.25` → `2.3`), whole values without decimals (`2`, not `2.0`).
  A probability is the one exception: rounded down, so a chance never looks better than it is (84.9 % → 84 %).
- Dates: day and abbreviated month from Babel (`17 Jan`, `17 janv.`, `1er mars`); the year is shown unless it is
  the year of the reference date (the as_of) — or when asked for explicitly.
- Numbers: Babel's symbols (`1,234.5` / `1 234,5` with a narrow no-break space).
- French puts a no-break space (U+00A0) before `%` and a currency (`85 %`, `120 k€`): a line never breaks there.
- Money: compact, three significant figures at most (`€120k` / `120 k€`, `€4.5k`, `€1.2M` / `1,2 M€`); currencies
  without a common symbol are written with their code (`CHF 120k` / `120 k CHF`); a positive amount never shows 0.
- Plurals: Babel's plural rules (French: `0 jour`, `1,5 jour`; English: `1 day`, `1.5 days`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale
from babel.dates import get_month_names
from babel.numbers import format_decimal, get_currency_symbol

LANGUAGES = ("en", "fr")
NBSP = "\u00a0"
MISSING = "—"


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang if lang in LANGUAGES else "en")


def _missing(x: object) -> bool:
    """None, NaN, or a missing value that refuses comparison (pandas.NA)."""
    if x is None:
        return True
    try:
        return bool(x != x)
    except TypeError:
        return True


def round_half_up(x: float | Decimal, places: int = 0) -> Decimal:
    """The rounding rule: half up at `places` decimals (`Decimal(str(x))`, so 2.675 is 2.68, as it reads)."""
    return Decimal(str(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def month_name(month: int, lang: str) -> str:
    """`Jan` / `janv.` (Babel's abbreviated month)."""
    return get_month_names("abbreviated", locale=_locale(lang))[month]


def format_date(d: date, lang: str = "en", *, ref: date | None = None, year: bool | None = None) -> str:
    """`17 Jan 2027` / `17 janv. 2027` (`1er` in French). The year is shown when `year` says so; by default
    unless `d` falls in `ref`'s year (`ref`: the as_of of the figures)."""
    day = "1er" if lang == "fr" and d.day == 1 else str(d.day)
    text = f"{day} {month_name(d.month, lang)}"
    shown = year if year is not None else ref is None or d.year != ref.year
    return f"{text} {d.year}" if shown else text


def format_number(x: float | Decimal | None, lang: str = "en", places: int = 1) -> str:
    """`6.8` / `6,8`, `1,234` / `1 234`, `2` (not `2.0`); `—` when missing."""
    if _missing(x):
        return MISSING
    rounded = round_half_up(x, places)
    pattern = "#,##0" + ("." + "#" * places if places > 0 else "")
    return format_decimal(rounded, format=pattern, locale=_locale(lang))


def format_percent(ratio: float | None, lang: str = "en", places: int = 0) -> str:
    """A ratio as a percentage: `71%` / `71 %`; `—` when missing."""
    if _missing(ratio):
        return MISSING
    number = format_number(Decimal(str(ratio)) * 100, lang, places)
    return f"{number}{NBSP}%" if lang == "fr" else f"{number}%"


def format_probability(p: float, lang: str = "en") -> str:
    """A probability as a whole percentage, rounded down so it never looks better than it is (84.9 % → 84 %).

    Between 0 and 1 %, "under 1%" / "moins de 1 %".
    """
    if 0 < p < 0.01:
        return "under 1%" if lang == "en" else f"moins de 1{NBSP}%"
    pct = math.floor(round(p * 100, 9))
    return f"{pct}%" if lang == "en" else f"{pct}{NBSP}%"


def probability_floor(p: float | None) -> float | None:
    """A probability rounded down to a whole percent, as a ratio (0.9863 → 0.98), for tables that format it as a
    percentage themselves: the same figure a card or a sentence shows (format_probability)."""
    return None if p is None else math.floor(round(p * 100, 9)) / 100


def currency_symbol(code: str) -> str | None:
    """The common symbol of a currency (`€`, `$`, `£`, `¥`), the same in both languages; None when it has none."""
    symbol = get_currency_symbol(code, locale="en")
    return None if symbol == code else symbol


def _scaled(x: float) -> tuple[Decimal, str]:
    for unit, size in (("bn", 1e9), ("M", 1e6), ("k", 1e3)):
        if x >= size * 0.9995:  # 999,600 reads "1M", not "1000k"
            v = x / size
            return round_half_up(v, 1 if v < 9.95 else 0), unit
    return round_half_up(x), ""


def format_money(amount: float, currency: str = "EUR", lang: str = "en") -> str:
    """A rounded amount: `€120k` / `120 k€`, `€4.5k`, `€1.2M` / `1,2 M€`, `$950` / `950 $`, `CHF 120k`."""
    code = currency.upper()
    symbol = currency_symbol(code)
    sign = "-" if amount < 0 else ""
    x = abs(float(amount))
    value, unit = _scaled(x)
    if 0 < x and value == 0:
        value = Decimal(1)
    number = format_number(value, lang)
    if lang == "fr":
        suffix = {"": "", "k": "k", "M": "M", "bn": "Md"}[unit]
        sep = NBSP if not symbol else ""
        return f"{sign}{number}{NBSP}{suffix}{sep if suffix else ''}{symbol or code}"
    if symbol:
        return f"{sign}{symbol}{number}{unit}"
    return f"{sign}{code}{NBSP}{number}{unit}"


def plural_form(n: float | Decimal, lang: str) -> str:
    """Babel's plural category of `n` in `lang`: "one" or "other" for English and French."""
    return _locale(lang).plural_form(abs(Decimal(str(n))))


def plural(n: float | Decimal, lang: str, forms: Mapping[str, str]) -> str:
    """The form of a word for `n`: forms = {"one": …, "other": …}."""
    return forms.get(plural_form(n, lang), forms["other"])
