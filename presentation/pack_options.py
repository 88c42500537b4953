"""The board pack's options page: the total at stake and its change since the last board, what the last board
decided and what happened since, then each item that needs a decision with its options (date, chance, € effect,
who else moves) — the same options as the executive page (presentation.decisions).

`options_page(page)` builds the section from a presentation.board_pack page builder (its frozen views, formats,
previous board and decisions); it is empty for a snapshot frozen before the options existed. Every text is
escaped here.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from pilotage.application.export import at_stake_of
from presentation.decisions import at_stake_change, follow_ups, option_view
from presentation.i18n import t


def _e(value) -> str:
    return escape("" if value is None else str(value), quote=True)


def options_page(page) -> str:
    """The options section of a board pack (see the module doc); "" when the snapshot holds no options."""
    metrics = page.metrics
    with_options = [(k, x) for k, x in page.items.items() if x.get("options")]
    total = at_stake_of(metrics)
    if total is None or "portfolio" not in metrics:
        return ""  # frozen before options existed
    parts = [f'<p class="portfolio">{_e(t("decide.at_stake"))}: {_e(page.money(total))}']
    before = page.pack.previous
    if before is not None:
        then = at_stake_of(before.payload["views"].get("metrics") or {})
        change = at_stake_change(None if then is None else total - then, page.currency, board=before.title,
                                 as_of=before.as_of.isoformat())
        if change:
            parts.append(f" ({_e(change)})")
        parts.append("</p>")
        decided = [d for d in page.pack.previous_decisions if d.get("option")]
        if decided:
            lines = follow_ups(pd.DataFrame(decided), before.payload["views"], page.views)
            parts.append(f'<div class="decided"><b>{_e(t("pack.decided_last_time"))}</b><ul>'
                         + "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul></div>")
    else:
        parts.append("</p>")
    if not with_options:
        parts.append(f"<p>{_e(t('pack.options.none'))}</p>")
    for key, x in with_options:
        parts.append(f'<h3 class="sub">{page.chip(x.get("status"))} {_e(x.get("name") or key)}</h3>')
        rows = []
        for option in x["options"]:
            view = option_view(option, page.currency)
            if view.feasible:
                rows.append([f"<b>{_e(view.title)}</b>", _e(view.when), _e(view.chance), _e(view.effect),
                             _e(view.moves)])
            else:
                rows.append([f"<b>{_e(view.title)}</b>", _e(view.when), "", _e(view.statement), ""])
        parts.append(page.table([t("decide.col.option"), t("decide.col.date"), t("decide.col.chance"),
                                 t("decide.col.effect"), t("decide.col.moves")], rows, "compact options"))
    return page.section("options", t("pack.options"), "".join(parts), t("pack.options.intro"))
