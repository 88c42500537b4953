"""What the pages and the board pack draw, as typed models: built once in presentation/, drawn by the pages
(Streamlit, through `presentation.render`) and by the pack (Jinja templates) from the same objects.

A table cell is either plain text or a `Cell` with its optional parts (traffic lights before the text, a muted
note after it, a DORA band, a trend and a goal line); templates escape every text, so no model holds markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from presentation.i18n import t
from presentation.palette import LABEL_COLOURS, LABEL_SYMBOLS


@dataclass(frozen=True)
class Status:
    """An item's traffic light: its label (pilotage.application.views.executive.label), colour, shape and words."""

    label: str

    @property
    def colour(self) -> str:
        return LABEL_COLOURS[self.label]

    @property
    def symbol(self) -> str:
        return LABEL_SYMBOLS[self.label]

    @property
    def text(self) -> str:
        """`✖ Late`: shape and words as well as colour."""
        return f"{self.symbol} {t(f'exec.label.{self.label}')}"

    @property
    def dark_text(self) -> bool:
        """Amber is too light for white letters."""
        return self.label == "at risk"


@dataclass(frozen=True)
class ItemCard:
    """A roadmap item's card: traffic light, name, team, the landing line, then one line per figure."""

    key: str
    name: str
    team: str
    status: Status
    headline: str
    headline_help: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Band:
    """A DORA performance band (elite, high, medium, low) with its words."""

    key: str
    text: str


@dataclass(frozen=True)
class Cell:
    """A table cell with parts beyond its text (a plain `str` cell is just text)."""

    text: str = ""
    statuses: tuple[Status, ...] = ()  # traffic lights before the text (two: then → now)
    note: str = ""  # muted, after the text (an item's key)
    band: Band | None = None
    trend: str = ""
    goal: str = ""  # a second, muted line
    code: bool = False  # an identifier or a hash
    low: bool = False  # resting on too little data: greyed, with its warning word

    def plain(self) -> str:
        """The cell as one line of text (a table drawn without markup: st.dataframe)."""
        parts = [" → ".join(s.text for s in self.statuses), self.text, self.note and f"({self.note})",
                 self.band.text if self.band else "", self.trend, self.goal]
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str | Cell, ...], ...]
    css: str = ""
    title: str = ""  # a sub-heading above the table

    def text_rows(self) -> list[list[str]]:
        """Every cell as text, for the pages' st.dataframe."""
        return [[v.plain() if isinstance(v, Cell) else "" if v is None else str(v) for v in row] for row in self.rows]
