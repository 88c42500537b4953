"""Plotly figures of the executive page (no streamlit here: the board pack reuses them)."""

from __future__ import annotations

import plotly.graph_objects as go

from presentation.charts import PRIMARY, _layout
from presentation.i18n import fmt_int, language, t


def percent(ratio: float) -> str:
    """`65%` / `65 %` (no-break space in French), rounded to the nearest whole percent."""
    value = round(ratio * 100)
    return f"{value}\u00a0%" if language() == "fr" else f"{value}%"


def allocation_bars(rows: list[dict]) -> go.Figure:
    """One horizontal bar per investment category with finished work: its share of the finished work items,
    labelled in percent (a category with none is left out: an empty 0% bar says nothing).

    `rows`: the executive section's allocation records (category, items, items_share), in display order.
    """
    rows = [r for r in rows if r["items"]]
    labels = [t(f"exec.cat.{r['category']}") for r in rows]
    shares = [(r["items_share"] or 0.0) * 100 for r in rows]
    fig = go.Figure(
        go.Bar(
            x=shares, y=labels, orientation="h", marker_color=PRIMARY,
            text=[percent(s / 100) for s in shares], textposition="outside", cliponaxis=False,
            customdata=[fmt_int(r["items"]) for r in rows],
            hovertemplate=f"%{{y}}: %{{text}}<br>{t('exec.items_count')}: %{{customdata}}<extra></extra>",
        )
    )
    fig = _layout(fig, height=60 + 38 * len(rows))
    fig.update_xaxes(visible=False, range=[0, max([*shares, 1]) * 1.25])
    fig.update_yaxes(autorange="reversed", gridcolor="rgba(0,0,0,0)")
    return fig
