"""Every text the dashboard shows, in English and French, declared once.

`t("key", **values)` formats the text of the current language. A test checks both languages exist for every key
and that they use the same placeholders.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from datetime import date

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


MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
}


def fmt_date(d: date, *, year: bool = True) -> str:
    """`22 Nov 2026` / `22 nov. 2026` (day first in both languages)."""
    month = MONTHS[language()][d.month - 1]
    return f"{d.day} {month}" + (f" {d.year}" if year else "")


def fmt_int(n: int | float) -> str:
    """Thousands with a comma in English, a narrow no-break space in French."""
    s = f"{int(round(n)):,}"
    return s.replace(",", "\u202f") if language() == "fr" else s
