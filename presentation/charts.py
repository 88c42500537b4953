"""Plotly figures in the dashboard's look: localised dates and hover texts, colour-blind-safe status colours."""

from __future__ import annotations

import html
import re

import pandas as pd
import plotly.graph_objects as go

from presentation.i18n import fmt_date, t
from presentation.palette import PRIMARY

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:])")


def plain(text: object) -> str:
    """Text from Jira, GitHub or the workspace file for a Plotly label: Plotly reads a few tags (`<b>`, `<br>`)
    and draws `&lt;`, `&gt;`, `&amp;` as characters, so escaping keeps a title exactly as typed."""
    return html.escape(str(text), quote=False)


# GitHub-flavoured Markdown turns bare `http://…`, `www.…` and `name@host` into links after escapes are resolved:
# an invisible word joiner (U+2060) after the scheme, the `www` or before the `@` stops it.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|www)(?=\\[:.])|(?=@)")


def md_text(text: object) -> str:
    """The same text made safe for `st.markdown`: HTML escaped, Markdown punctuation backslash-escaped and bare
    addresses kept from becoming links, so `<script>`, `**x**` or `http://evil.example` show as typed."""
    return _AUTOLINK.sub("\\g<0>\u2060", _MARKDOWN_SPECIAL.sub(r"\\\1", plain(text)))




def _layout(fig: go.Figure, height: int = 320) -> go.Figure:
    fig.update_layout(
        height=height, margin={"l": 10, "r": 10, "t": 10, "b": 10}, plot_bgcolor="white",
        showlegend=False, font={"size": 13},
    )
    fig.update_yaxes(gridcolor="#e5e8ec", rangemode="tozero")
    return fig


def weekly_bars(series: pd.Series, value_label: str) -> go.Figure:
    """One bar per week (index = week start), labelled with localised dates."""
    labels = [fmt_date(d.date(), year=False) for d in series.index]
    fig = go.Figure(
        go.Bar(
            x=labels, y=series.to_numpy(), marker_color=PRIMARY,
            customdata=[fmt_date(d.date()) for d in series.index],
            hovertemplate=f"{t('exec.week_of')} %{{customdata}}<br>{value_label}: %{{y}}<extra></extra>",
        )
    )
    return _layout(fig)
