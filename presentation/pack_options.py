"""The board pack's options page: the total at stake and its change since the last board, what the last board
decided and what happened since, then each item that needs a decision with its options (date, chance, € effect,
who else moves) — the same options as the executive page (presentation.decisions).

`options_context(page)` builds the section's context for `pack/options.html.j2` from a presentation.board_pack page
builder (its frozen views, formats, previous board and decisions); None for a snapshot frozen before the options
existed. The template escapes every text.
"""

from __future__ import annotations

import pandas as pd

from pilotage.application.export import at_stake_of
from presentation.cards import item_status
from presentation.decisions import at_stake_change, follow_ups, option_view
from presentation.i18n import t
from presentation.models import Cell, Table


def options_context(page) -> dict | None:
    """The options section of a board pack (see the module doc); None when the snapshot holds no options."""
    metrics = page.metrics
    total = at_stake_of(metrics)
    if total is None or "portfolio" not in metrics:
        return None  # frozen before options existed
    change, decided = "", []
    before = page.pack.previous
    if before is not None:
        then = at_stake_of(before.payload["views"].get("metrics") or {})
        change = at_stake_change(None if then is None else total - then, page.currency, board=before.title,
                                 as_of=before.as_of.isoformat()) or ""
        chosen = [d for d in page.pack.previous_decisions if d.get("option")]
        if chosen:
            decided = follow_ups(pd.DataFrame(chosen), before.payload["views"], page.views)
    items = []
    for key, x in page.items.items():
        if not x.get("options"):
            continue
        rows = []
        for option in x["options"]:
            view = option_view(option, page.currency)
            title = Cell(view.title)
            rows.append((title, view.when, view.chance, view.effect, view.moves) if view.feasible
                        else (title, view.when, "", view.statement, ""))
        items.append({"status": item_status(x), "name": x.get("name") or key,
                      "table": Table((t("decide.col.option"), t("decide.col.date"), t("decide.col.chance"),
                                      t("decide.col.effect"), t("decide.col.moves")), tuple(rows), "compact options")})
    return {"id": "options", "title": t("pack.options"), "intro": t("pack.options.intro"),
            "at_stake": f"{t('decide.at_stake')}: {page.money(total)}", "change": change,
            "decided_title": t("pack.decided_last_time"), "decided": decided, "items": items,
            "none": t("pack.options.none")}
