"""The board pack's "How the forecasts moved" section (issue 13): for each open key item, its forecast trail over
the last week-ends against the target, and why its 85% date moved since the previous week-end. Built from the
pack's page object (presentation.board_pack._Page: `items`, `lang`, `figure`) and the frozen views; drawn by
presentation/templates/pack/trail.html.j2."""

from __future__ import annotations

from presentation.charts_trail import change_sentence, trail_chart
from presentation.i18n import t


def trail_context(page) -> dict | None:
    """The section's template context, or None when no key item carries a trail (a snapshot frozen before trails
    existed)."""
    trails = []
    for key, item in page.items.items():
        inputs = (item.get("forecast") or {}).get("inputs") or {}
        if not item.get("key_item") or not item.get("trail") or inputs.get("done_date"):
            continue
        why = change_sentence(item.get("change"), page.lang)
        trails.append({"name": item.get("name") or key, "chart": page.figure(trail_chart(item["trail"], height=200)),
                       "why": why})
    if not trails:
        return None
    return {"id": "trail", "title": t("pack.trail.title"), "intro": t("pack.trail.intro"), "trails": trails}
