"""The executive page's decision blocks: the total € at stake with its change since the last board, and the options
of an item that needs a decision, side by side (date, chance, € effect, who else moves).

Renders from the views document only (`views["metrics"]`: its `portfolio` and each roadmap entry's `options`), so
a frozen snapshot shows the options it was frozen with; a snapshot older than the options shows none. Texts come
from presentation.decisions; names from Jira are escaped before they reach Markdown.
"""

from __future__ import annotations

import streamlit as st

from pilotage.application.export import at_stake_of
from pilotage.core.errors import SnapshotError
from presentation.charts import md_text as safe_md
from presentation.charts_roadmap import money
from presentation.decisions import at_stake_change, option_view
from presentation.i18n import t
from ui.context import Context
from ui.since_last_board import board_changes


def at_stake_block(c: Context, team: str | None) -> None:
    """The total at stake (of the team's items when a team is chosen) and its change since the last board."""
    metrics = c.views["metrics"]
    team = team or None
    total = at_stake_of(metrics, team)
    if total is None:
        return
    currency = c.views["meta"]["currency"]
    portfolio = metrics.get("portfolio") or {}
    try:
        changes = board_changes(c)
    except SnapshotError:
        changes = None  # the since-last-board block says why
    change = None
    if changes is not None:
        then = at_stake_of(changes.before.payload["views"]["metrics"], team)
        if then is not None:
            change = at_stake_change(total - then, currency, board=changes.before.title,
                                     as_of=changes.before.as_of.isoformat())
    with st.container(key="at-stake"):
        st.metric(t("decide.at_stake"), money(total, currency), delta=change,
                  delta_color="inverse",
                  help=t("decide.at_stake.help", extra=money(portfolio.get("extra_cost", 0), currency),
                         delay=money(portfolio.get("cost_of_delay", 0), currency)) if not team else None)
        if change is None:
            st.caption(t("decide.at_stake.first"))


def options_row(key: str, entry: dict, currency: str) -> None:
    """The item's options side by side; nothing for an entry frozen before options existed."""
    options = entry.get("options") or []
    if not options:
        return
    columns = st.columns(len(options))
    for column, option in zip(columns, options):
        view = option_view(option, currency)
        with column.container(border=True, key=f"option-{key}-{view.kind}"):
            st.markdown(f"**{safe_md(view.title)}**")
            if not view.feasible:
                st.caption(safe_md(view.statement))
                continue
            st.markdown("  \n".join(safe_md(line) for line in (view.when, view.chance, view.effect)))
            st.caption(safe_md(view.moves))
