"""The forecast trail chart (issue 13): where an item was forecast to land at each of the last week-ends, against
its target then. Shared by the roadmap page and the board pack (no Streamlit here)."""

from __future__ import annotations

from datetime import timedelta

import plotly.graph_objects as go

from metrics.moves import causes_text, on_time_text, signed_days, target_phrase
from metrics.translate import format_probability
from presentation.charts import _layout
from presentation.charts_roadmap import day, to_date
from presentation.i18n import language, t
from presentation.palette import INK, PRIMARY


def trail_chart(points: list[dict], *, height: int = 300) -> go.Figure:
    """The landing range (P50 to P85, shaded) at each trail point, over time, against the target line (a step: the
    target in force at each point). `points`: the export's `roadmap[key].trail` (as_of, p50, p85,
    on_time_probability, remaining, target_date; dates ISO, null without forecast or target). The hover gives the
    range, the chance of meeting the target (rounded down, as everywhere) and the work left."""
    lang = language()
    x = [p["as_of"] for p in points]
    p50 = [p["p50"] for p in points]
    p85 = [p["p85"] for p in points]
    hover = [t("roadmap.trail.hover", when=day(to_date(p["as_of"])),
               range=f"{day(to_date(p['p50']))} – {day(to_date(p['p85']))}" if p["p50"] and p["p85"]
               else t("roadmap.no_value"),
               chance=format_probability(p["on_time_probability"], lang)
               if p["on_time_probability"] is not None else t("roadmap.no_value"),
               remaining=p["remaining"]) for p in points]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=p50, mode="lines", line={"color": PRIMARY, "width": 1, "dash": "dot"},
                             name=t("roadmap.chart.p50"), hoverinfo="skip", connectgaps=False))
    fig.add_trace(go.Scatter(x=x, y=p85, mode="lines+markers", line={"color": PRIMARY, "width": 2},
                             fill="tonexty", fillcolor="rgba(31, 78, 121, 0.18)", name=t("roadmap.trail.range"),
                             customdata=hover, hovertemplate="%{customdata}<extra></extra>", connectgaps=False))
    fig.add_trace(go.Scatter(x=x, y=[p["target_date"] for p in points], mode="lines", line_shape="hv",
                             line={"color": INK, "width": 2, "dash": "dash"}, name=t("roadmap.chart.target"),
                             hoverinfo="skip"))
    fig = _layout(fig, height=height)
    dates = [to_date(v) for v in p50 + p85 + [p["target_date"] for p in points] if v]
    fig.update_layout(showlegend=True, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      legend={"orientation": "h", "y": -0.15, "yanchor": "top"})
    # half a week of room at each end, so the first and the latest week-end keep their labels
    ends = [to_date(x[0]) - timedelta(days=3), to_date(x[-1]) + timedelta(days=3)] if x else None
    fig.update_xaxes(type="date", tickvals=x, ticktext=[day(to_date(v), year=False) for v in x],
                     gridcolor="#f1f3f5", range=[d.isoformat() for d in ends] if ends else None)
    if dates:
        ticks = sorted({d.replace(day=1) for d in dates} | {max(dates).replace(day=1)})
        fig.update_yaxes(type="date", rangemode="normal", tickvals=[d.isoformat() for d in ticks],
                         ticktext=[day(d, year=d.month == 1 or d == ticks[0]) for d in ticks])
    return fig


CHANCE_WORTH_SAYING = 5  # points of on-time probability: smaller weekly moves are left to the chart's hover


def change_sentence(change: dict | None, lang: str) -> str:
    """"Since 15 Nov: 85% date +7 d: time passed +7 d, 1 item done or removed (−3 d), pace +3 d; its target
    moved from 18 Dec to 15 Jan on 13 Nov; chance of meeting the target 40% → 72% (new target +38 pts)" — the
    export's `roadmap[key].change` in words; "" without a change or a forecast on both sides (nothing to split)."""
    if not change or change["p85_days"] is None:
        return ""
    since = to_date(change["since"])
    days = change["p85_days"]
    text = t("roadmap.trail.moved", days=signed_days(days, lang)) if days else t("roadmap.trail.unchanged")
    causes = causes_text(change, lang)
    if causes:
        text += (": " if lang == "en" else "\u00a0: ") + causes
    target = next((c for c in change["causes"] if c["cause"] == "target"), None)
    if target:
        text += ("; " if lang == "en" else "\u00a0; ") + target_phrase(target["detail"], lang, ref=since)
    chance = on_time_text(change, lang, at_least=CHANCE_WORTH_SAYING)
    if chance:
        text += ("; " if lang == "en" else "\u00a0; ") + chance
    return t("roadmap.trail.why", since=day(since, year=False), text=text)
