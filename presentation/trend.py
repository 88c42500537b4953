"""A change of a figure between two periods or two boards, judged by the glossary's direction: the arrow means
better (↑) or worse (↓), never just up or down, and a change that rounds to nothing shows no arrow at all.

One model for the pages (st.metric's delta, through `metric_delta`) and the board pack (the arrow and words).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from metrics.glossary import term
from presentation.i18n import t

ARROWS = {"better": "↑", "worse": "↓", "same": ""}


@dataclass(frozen=True)
class Change:
    verdict: str  # "better", "worse" or "same"
    text: str  # the signed change as shown ("+2 pts", "−12 min"); "" when there is none

    @property
    def arrow(self) -> str:
        return ARROWS[self.verdict]

    @property
    def words(self) -> str:
        """`↑ better` / `↓ worse` / `same` (pack.trend.*)."""
        return t(f"pack.trend.{self.verdict}")

    def metric_delta(self, description: str = "") -> dict:
        """st.metric's delta arguments: green and ↑ when better, red and ↓ when worse, grey without arrow when
        the figure did not move (Streamlit colours by the sign of the text; `inverse` turns that round)."""
        text = " · ".join(x for x in (self.text, description) if x) or None
        if self.verdict == "same":
            return {"delta": text, "delta_color": "off", "delta_arrow": "off"}
        rising = not self.text.startswith("-")
        return {"delta": text, "delta_color": "normal" if rising == (self.verdict == "better") else "inverse",
                "delta_arrow": "up" if self.verdict == "better" else "down"}


def change(metric_id: str, old: float | None, new: float | None, formatter: Callable[[float], str]) -> Change | None:
    """The change of `metric_id` from `old` to `new`, its size written by `formatter` (None when either is unknown).
    A change that `formatter` rounds to the same text as no change is no change."""
    if old is None or new is None:
        return None
    diff = new - old
    if formatter(abs(diff)) == formatter(0):
        return Change("same", "")
    return Change(term(metric_id).verdict(diff), ("+" if diff > 0 else "-") + formatter(abs(diff)))
