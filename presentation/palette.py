"""One palette per concept, shared by the pages and the board pack: traffic lights (colour, shape and words),
team colours fixed by team name, effort categories, and the markers of the roadmap timeline.

Colours are Okabe–Ito: distinguishable with the common colour-vision deficiencies.
"""

from __future__ import annotations

from collections.abc import Iterable

RAG = {"green": "#009E73", "amber": "#E69F00", "red": "#D55E00", "no target": "#7F7F7F"}
PRIMARY = "#1f4e79"
INK = "#1b1f24"

# Traffic-light colour and shape of each label (pilotage.application.views.executive.label): shape and words as
# well as colour.
LABEL_COLOURS = {"late": RAG["red"], "no forecast": RAG["red"], "at risk": RAG["amber"], "on track": RAG["green"],
                 "no target": RAG["no target"], "delivered": RAG["green"]}
LABEL_SYMBOLS = {"late": "✖", "no forecast": "?", "at risk": "▲", "on track": "✔", "no target": "○",
                 "delivered": "★"}

TEAM_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

# Effort categories (metrics.flow's allocation), in the order they are stacked.
CATEGORY_COLOURS = {"features": "#0072B2", "tech debt": "#E69F00", "bugs & incidents": "#D55E00",
                    "run / KTLO": "#999999"}

# Markers of the roadmap timeline (pages and pack): Plotly symbol, size and colour.
BASELINE_MARKER = {"symbol": "diamond-open", "size": 13, "color": INK}
TARGET_MARKER = {"symbol": "triangle-down", "size": 13, "color": INK}
DELIVERED_MARKER = {"symbol": "star", "size": 16, "color": RAG["green"]}


def team_colours(teams: Iterable[str]) -> dict[str, str]:
    """A colour per team, fixed by name: teams are given palette colours in alphabetical order of all the teams
    of the workspace (pass them all, also when one team is shown), so a team keeps its colour on every page, with
    any filter, and in the pack."""
    return {name: TEAM_PALETTE[i % len(TEAM_PALETTE)] for i, name in enumerate(sorted(set(teams), key=str.casefold))}
