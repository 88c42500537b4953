"""The executive page's first lines: one per key item that needs attention, in the order of the decisions below.

Each line answers, before any scrolling (a phone's first screen included): what is late (traffic light and
name), by how much (behind the committed date), what it costs (extra team cost plus benefits delayed). The
decisions follow on the page. HTML with every item name escaped; the styles are charts_roadmap.STYLE's.
"""

from __future__ import annotations

import html

from metrics.translate import format_duration
from presentation.charts_roadmap import badge, money
from presentation.i18n import language, t


def glance_line(record: dict, entry: dict, currency: str) -> str:
    """`[✖ Late] Cloud migration · about 6 weeks behind its committed date · €239k at stake`."""
    drift = entry["drift_days"]
    delay = t("exec.glance.late", duration=format_duration(drift, language())) if drift and drift > 0 \
        else t("exec.glance.no_drift")
    stake = (entry["extra_cost"] or 0.0) + (entry["cost_of_delay"] or 0.0)
    parts = [f"<b>{html.escape(record['name'])}</b>", html.escape(delay)]
    if stake > 0:
        parts.append(f"<b>{html.escape(t('exec.glance.at_stake', amount=money(stake, currency)))}</b>")
    return f'<div class="pl-glance">{badge(record["label"])} {" · ".join(parts)}</div>'


def glance_html(risks: list[dict], roadmap: dict, currency: str) -> str:
    """The lines of the key items at risk (`risks`: executive section records; `roadmap`: entries by key)."""
    return "".join(glance_line(r, roadmap[r["key"]], currency) for r in risks)
