"""The board pack's "How the forecasts moved" section (issue 13): for each open key item, its forecast trail over
the last week-ends against the target, and why its 85% date moved since the previous week-end. Built by the
pack's page object (presentation.board_pack._Page: `items`, `lang`, `figure`, `section`) from the frozen views."""

from __future__ import annotations

from html import escape

from presentation.charts_trail import change_sentence, trail_chart
from presentation.i18n import t


def trail_section(page) -> str:
    """The section's HTML, or "" when no key item carries a trail (a snapshot frozen before trails existed)."""
    parts = []
    for key, item in page.items.items():
        inputs = (item.get("forecast") or {}).get("inputs") or {}
        if not item.get("key_item") or not item.get("trail") or inputs.get("done_date"):
            continue
        change = item.get("change")
        why = f"<p>{escape(change_sentence(change, page.lang))}</p>" \
            if change and change.get("p85_days") is not None else ""
        parts.append(f'<div class="trail" style="break-inside: avoid"><h3>{escape(item.get("name") or key)}</h3>'
                     f"{page.figure(trail_chart(item['trail'], height=200))}{why}</div>")
    if not parts:
        return ""
    return page.section("trail", t("pack.trail.title"), "".join(parts), t("pack.trail.intro"))
