"""Plotly figures of the board pack (presentation.board_pack), drawn from a views document only (no Streamlit here).

Texts come from presentation.i18n in the current language (the exporter sets it). Names from Jira/GitHub are HTML-escaped
before they reach Plotly, because Plotly reads a few HTML tags in labels (`<b>`, `<br>`, `<a>`): an item called
`<b>x</b>` must show those characters, not bold text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

import plotly.graph_objects as go

from presentation.charts import RAG, _layout
from presentation.i18n import MONTHS, fmt_date, language, t

TEAM_COLOURS = ("#0072B2", "#E69F00", "#CC79A7", "#56B4E9", "#009E73", "#D55E00", "#F0E442", "#000000")
CATEGORY_COLOURS = {"features": "#0072B2", "tech debt": "#E69F00", "bugs & incidents": "#D55E00",
                    "run / KTLO": "#999999"}


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso[:10]) if iso else None


def percent(ratio: float) -> str:
    """`66%` / `66 %` (Plotly's own percent format is English only)."""
    n = int(ratio * 100 + 0.5)
    return f"{n}%" if language() == "en" else f"{n}\u00a0%"


def _percent_ticks(top: float) -> dict:
    steps = [i / 5 for i in range(int(top * 5) + 1)]
    return {"tickvals": steps, "ticktext": [percent(x) for x in steps]}


def _done(entry: Mapping) -> str | None:
    return ((entry.get("forecast") or {}).get("inputs") or {}).get("done_date")


def month_ticks(first: date, last: date) -> tuple[list[str], list[str]]:
    """Tick positions (the 1st of each month within `first` … `last`) and their labels in the current language
    (`Dec`, `Jan 2027`: the year on the first tick and on each January), since Plotly only speaks English."""
    values, labels = [], []
    d = date(first.year, first.month, 1)
    if d < first:  # start inside the data's range, so the first label shown carries the year
        d = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    while d <= last:
        values.append(d.isoformat())
        name = MONTHS[language()][d.month - 1]
        labels.append(f"{name} {d.year}" if not labels or d.month == 1 else name)
        d = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return values, labels


def roadmap_timeline(items: Sequence[tuple[str, Mapping]], as_of: date) -> go.Figure | None:
    """One row per roadmap item (key, views entry), top-down in the given order: the P50–P85 forecast range
    (coloured by status), the baseline (open diamond), the current target (black tick), the delivery day of a
    finished item (green star) and the as_of line. None when no item has a forecast or a target."""
    rows = [(key, e) for key, e in items if (e.get("forecast") or {}).get("p85") or e.get("target_date")]
    if not rows:
        return None
    names = [escape(e.get("name") or key) for key, e in rows][::-1]
    rows = rows[::-1]  # Plotly draws the first category at the bottom: keep the roadmap order top-down
    fig = go.Figure()
    for status, colour in RAG.items():
        chosen = [(n, e) for n, (_, e) in zip(names, rows)
                  if e.get("status") == status and e["forecast"].get("p85") and not _done(e)]
        if not chosen:
            continue
        p50 = [_day(e["forecast"]["p50"]) for _, e in chosen]
        p85 = [_day(e["forecast"]["p85"]) for _, e in chosen]
        fig.add_trace(go.Bar(
            y=[n for n, _ in chosen], base=[d.isoformat() for d in p50], orientation="h",
            x=[max((b - a).days, 2) * 86_400_000 for a, b in zip(p50, p85)],  # ms on a date axis; 2 days minimum
            marker_color=colour, name=t(f"pack.status.{status}"), width=0.5,
            customdata=[[fmt_date(a), fmt_date(b)] for a, b in zip(p50, p85)],
            hovertemplate="%{y}<br>" + t("pack.forecast_range") + ": %{customdata[0]} – %{customdata[1]}<extra></extra>",
        ))
    for field, symbol, colour, label in (("baseline_date", "diamond-open", "#444444", "pack.baseline"),
                                         ("target_date", "line-ns-open", "#000000", "pack.target")):
        points = [(n, _day(e.get(field))) for n, (_, e) in zip(names, rows) if e.get(field)]
        if points:
            fig.add_trace(go.Scatter(
                y=[n for n, _ in points], x=[d.isoformat() for _, d in points], mode="markers", name=t(label),
                marker={"symbol": symbol, "size": 14, "color": colour, "line": {"width": 2.5, "color": colour}},
                customdata=[fmt_date(d) for _, d in points],
                hovertemplate="%{y}<br>" + t(label) + ": %{customdata}<extra></extra>",
            ))
    finished = [(n, _day(_done(e))) for n, (_, e) in zip(names, rows) if _done(e)]
    if finished:
        fig.add_trace(go.Scatter(
            y=[n for n, _ in finished], x=[d.isoformat() for _, d in finished], mode="markers",
            name=t("pack.delivered"), marker={"symbol": "star", "size": 15, "color": RAG["green"]},
            customdata=[fmt_date(d) for _, d in finished],
            hovertemplate="%{y}<br>" + t("pack.delivered") + ": %{customdata}<extra></extra>",
        ))
    fig.add_vline(x=as_of.isoformat(), line_dash="dot", line_color="#666666")
    fig.add_annotation(x=as_of.isoformat(), y=1.0, yref="paper", yanchor="bottom", xanchor="left", xshift=4,
                       text=escape(t("pack.today", date=fmt_date(as_of))), showarrow=False,
                       font={"size": 11, "color": "#444444"})
    _layout(fig, height=110 + 26 * len(rows))
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.1, "yanchor": "top"}, barmode="overlay",
                      margin={"l": 10, "r": 10, "t": 24, "b": 10})
    shown = [d for _, e in rows for d in (_day(e.get("baseline_date")), _day(e.get("target_date")),
                                          _day((e.get("forecast") or {}).get("p50")),
                                          _day((e.get("forecast") or {}).get("p85"))) if d] + [as_of]
    values, labels = month_ticks(min(shown), max(shown))
    fig.update_xaxes(type="date", gridcolor="#e5e8ec", tickvals=values, ticktext=labels)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=names, rangemode=None)
    return fig


def throughput_by_team(teams: Mapping[str, Mapping]) -> go.Figure | None:
    """Items finished per week, one stacked colour per team. None without weeks."""
    weeks = sorted({w["week"] for block in teams.values() for w in block.get("throughput") or []})
    if not weeks:
        return None
    fig = go.Figure()
    labels = [fmt_date(_day(w), year=False) for w in weeks]
    for i, (team, block) in enumerate(teams.items()):
        counts = {w["week"]: w["items"] for w in block.get("throughput") or []}
        fig.add_trace(go.Bar(
            x=labels, y=[counts.get(w, 0) for w in weeks], name=escape(team),
            marker_color=TEAM_COLOURS[i % len(TEAM_COLOURS)], customdata=[fmt_date(_day(w)) for w in weeks],
            hovertemplate=escape(team) + "<br>" + t("exec.week_of") + " %{customdata}: %{y}<extra></extra>",
        ))
    _layout(fig, height=300)
    fig.update_layout(barmode="stack", showlegend=True, legend={"orientation": "h", "y": -0.15})
    fig.update_yaxes(title_text=t("pack.items_per_week"))
    return fig


def planning_accuracy(teams: Mapping[str, Mapping]) -> go.Figure | None:
    """Planning accuracy of each closed sprint of the window, one line per team. None without sprints."""
    fig = go.Figure()
    for i, (team, block) in enumerate(teams.items()):
        sprints = [s for s in block.get("sprints") or [] if s.get("planning_accuracy") is not None]
        if not sprints:
            continue
        ends = [_day(s["end"]) for s in sprints]
        fig.add_trace(go.Scatter(
            x=[d.isoformat() for d in ends], y=[s["planning_accuracy"] for s in sprints], name=escape(team),
            mode="lines+markers", line={"color": TEAM_COLOURS[i % len(TEAM_COLOURS)], "width": 2},
            customdata=[[escape(s.get("name") or ""), fmt_date(d), percent(s["planning_accuracy"])]
                        for s, d in zip(sprints, ends)],
            hovertemplate="%{customdata[0]} (%{customdata[1]}): %{customdata[2]}<extra></extra>",
        ))
    if not fig.data:
        return None
    _layout(fig, height=300)
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.15})
    fig.update_yaxes(range=[0, 1.05], title_text=t("pack.planning_accuracy"), **_percent_ticks(1.0))
    ends = [_day(x) for trace in fig.data for x in trace.x]
    values, labels = month_ticks(min(ends), max(ends))
    fig.update_xaxes(type="date", tickvals=values, ticktext=labels)
    return fig


def allocation(teams: Mapping[str, Mapping]) -> go.Figure | None:
    """Share of completed items per category, one horizontal 100% bar per team. None without completed work."""
    names = [team for team, block in teams.items() if any(a.get("items") for a in block.get("allocation") or [])]
    if not names:
        return None
    fig = go.Figure()
    for category, colour in CATEGORY_COLOURS.items():
        shares = []
        for team in names:
            entry = next((a for a in teams[team]["allocation"] if a.get("category") == category), {})
            shares.append(entry.get("items_share") or 0.0)
        fig.add_trace(go.Bar(
            y=[escape(n) for n in names][::-1], x=shares[::-1], orientation="h", marker_color=colour,
            name=t(f"pack.category.{category}"),
            text=[percent(s) if s >= 0.06 else "" for s in shares[::-1]], textposition="inside",
            customdata=[percent(s) for s in shares[::-1]],
            hovertemplate="%{y}: %{customdata}<extra>" + t(f"pack.category.{category}") + "</extra>",
        ))
    _layout(fig, height=90 + 38 * len(names))
    fig.update_layout(barmode="stack", showlegend=True, legend={"orientation": "h", "y": -0.2},
                      margin={"l": 10, "r": 10, "t": 10, "b": 10})
    fig.update_xaxes(range=[0, 1], **_percent_ticks(1.0))
    fig.update_yaxes(rangemode=None)
    return fig

