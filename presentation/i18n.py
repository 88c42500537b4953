"""Every text the dashboard shows, in English and French, declared once.

`t("key", **values)` formats the text of the current language. A test checks both languages exist for every key
and that they use the same placeholders.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from datetime import date

from metrics import glossary
from pilotage.core import formatting

LANGUAGES = ("en", "fr")
# Per thread: Streamlit runs each session's script (and download callbacks) in threads of one process, so a
# module-wide language would leak between visitors reading in different languages.
_local = threading.local()

# One module per page in presentation/texts/ (each with a TEXTS dict) keeps a page's texts together.


def _load_texts() -> dict[str, dict[str, str]]:
    import presentation.texts

    merged: dict[str, dict[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(presentation.texts.__path__), key=lambda m: m.name):
        name = info.name
        module = importlib.import_module(f"presentation.texts.{name}")
        clash = set(merged) & set(module.TEXTS)
        if clash:
            raise KeyError(f"presentation.texts.{name} redefines {sorted(clash)}")
        merged.update(module.TEXTS)
    return merged


TEXTS: dict[str, dict[str, str]] = _load_texts()


def set_language(lang: str) -> None:
    _local.lang = lang if lang in LANGUAGES else "en"


def language() -> str:
    return getattr(_local, "lang", "en")


def t(key: str, **values) -> str:
    text = TEXTS[key][language()]
    return text.format(**values) if values else text


def label(metric_id: str) -> str:
    """The figure's short label from the glossary (metrics/glossary.py), the same on every page and in the pack."""
    return glossary.label(metric_id, language())


def band_words(band: str | None) -> str:
    """A DORA band in plain words for a COMEX reader (`good (high performers)`: "high" alone reads as bad for a
    time to restore); "not enough data" without a band."""
    return t(f"band.{band}" if band else "band.none")


def tn(key: str, count: float, /, **values) -> str:
    """The text for `count` things: `key.one` or `key.other`, by the language's plural rule (Babel: French
    "1,5 jour", English "1.5 days")."""
    return t(f"{key}.{formatting.plural_form(count, language())}", **values)


# The dashboard's and the pack's formats: pilotage.core.formatting (the one formatting layer, also under the
# export's statements) in the current language.


def fmt_date(d: date, *, year: bool = True) -> str:
    """`22 Nov 2026` / `22 nov. 2026` (day first in both languages, `1er` in French)."""
    return formatting.format_date(d, language(), year=year)


def fmt_int(n: int | float) -> str:
    """Thousands with a comma in English, a narrow no-break space in French."""
    return formatting.format_number(n, language(), 0)


def fmt_number(x: float | None, places: int = 1) -> str:
    """`6.8` / `6,8`, whole values without decimals; `—` when missing."""
    return formatting.format_number(x, language(), places)


def fmt_pct(ratio: float | None, places: int = 0) -> str:
    """`71%` / `71 %`; `—` when missing."""
    return formatting.format_percent(ratio, language(), places)


def fmt_probability(p: float | None) -> str:
    """A chance, rounded down: `84%` for 84.9 %; `—` when missing."""
    return formatting.MISSING if p is None else formatting.format_probability(p, language())


def fmt_money(amount: float | None, currency: str) -> str:
    """`€120k` / `120 k€`; `—` when missing."""
    return formatting.MISSING if amount is None else formatting.format_money(amount, currency, language())
