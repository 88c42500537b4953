"""Plotly figures of the board pack (presentation.board_pack), drawn from a views document only (no Streamlit here).

Texts come from presentation.i18n in the current language (the exporter sets it). Names from Jira/GitHub are HTML-escaped
before they reach Plotly, because Plotly reads a few HTML tags in labels (`<b>`, `<br>`, `<a>`): an item called
`<b>x</b>` must show those characters, not bold text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from html import escape

import plotly.graph_objects as go

from presentation.charts import _layout
from presentation.charts_roadmap import month_ticks, wrapped
from presentation.i18n import fmt_date, label, t
from presentation.i18n import fmt_pct as percent
from presentation.palette import CATEGORY_COLOURS, team_colours


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso[:10]) if iso else None


def _percent_ticks(top: float) -> dict:
    steps = [i / 5 for i in range(int(top * 5) + 1)]
    return {"tickvals": steps, "ticktext": [percent(x) for x in steps]}


def throughput_by_team(teams: Mapping[str, Mapping]) -> go.Figure | None:
    """Items finished per week, one stacked colour per team. None without weeks."""
    weeks = sorted({w["week"] for block in teams.values() for w in block.get("throughput") or []})
    if not weeks:
        return None
    fig = go.Figure()
    labels = [fmt_date(_day(w), year=False) for w in weeks]
    colours = team_colours(teams)
    for team, block in teams.items():
        counts = {w["week"]: w["items"] for w in block.get("throughput") or []}
        fig.add_trace(go.Bar(
            x=labels, y=[counts.get(w, 0) for w in weeks], name=escape(team),
            marker_color=colours[team], customdata=[fmt_date(_day(w)) for w in weeks],
            hovertemplate=escape(team) + "<br>" + t("exec.week_of") + " %{customdata}: %{y}<extra></extra>",
        ))
    _layout(fig, height=300)
    fig.update_layout(barmode="stack", showlegend=True, legend={"orientation": "h", "y": -0.15})
    fig.update_yaxes(title_text=wrapped(label("throughput"), 20))
    return fig


def planning_accuracy(teams: Mapping[str, Mapping]) -> go.Figure | None:
    """Planning accuracy of each closed sprint of the window, one line per team. None without sprints."""
    fig = go.Figure()
    colours = team_colours(teams)
    for team, block in teams.items():
        sprints = [s for s in block.get("sprints") or [] if s.get("planning_accuracy") is not None]
        if not sprints:
            continue
        ends = [_day(s["end"]) for s in sprints]
        fig.add_trace(go.Scatter(
            x=[d.isoformat() for d in ends], y=[s["planning_accuracy"] for s in sprints], name=escape(team),
            mode="lines+markers", line={"color": colours[team], "width": 2},
            customdata=[[escape(s.get("name") or ""), fmt_date(d), percent(s["planning_accuracy"])]
                        for s, d in zip(sprints, ends)],
            hovertemplate="%{customdata[0]} (%{customdata[1]}): %{customdata[2]}<extra></extra>",
        ))
    if not fig.data:
        return None
    _layout(fig, height=300)
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.15})
    # on two lines: the French label is longer than the printed chart is tall
    fig.update_yaxes(range=[0, 1.05], title_text=wrapped(label("planning_accuracy"), 24), **_percent_ticks(1.0))
    ends = [_day(x) for trace in fig.data for x in trace.x]
    values, labels = month_ticks(min(ends), max(ends))
    fig.update_xaxes(type="date", tickvals=values, ticktext=labels)
    return fig


def allocation(teams: Mapping[str, Mapping]) -> go.Figure | None:
    """Share of completed items per category, one horizontal 100% bar per team (categories with none left out).
    None without completed work."""
    names = [team for team, block in teams.items() if any(a.get("items") for a in block.get("allocation") or [])]
    if not names:
        return None
    fig = go.Figure()
    for category, colour in CATEGORY_COLOURS.items():
        shares = []
        for team in names:
            entry = next((a for a in teams[team]["allocation"] if a.get("category") == category), {})
            shares.append(entry.get("items_share") or 0.0)
        if not any(shares):  # a category no team finished anything in is left out, as on the executive page
            continue
        fig.add_trace(go.Bar(
            y=[escape(n) for n in names][::-1], x=shares[::-1], orientation="h", marker_color=colour,
            name=t(f"exec.cat.{category}"),
            text=[percent(s) if s >= 0.06 else "" for s in shares[::-1]], textposition="inside",
            customdata=[percent(s) for s in shares[::-1]],
            hovertemplate="%{y}: %{customdata}<extra>" + t(f"exec.cat.{category}") + "</extra>",
        ))
    _layout(fig, height=90 + 38 * len(names))
    fig.update_layout(barmode="stack", showlegend=True, legend={"orientation": "h", "y": -0.2},
                      margin={"l": 10, "r": 10, "t": 10, "b": 10})
    fig.update_xaxes(range=[0, 1], **_percent_ticks(1.0))
    fig.update_yaxes(rangemode=None)
    return fig

