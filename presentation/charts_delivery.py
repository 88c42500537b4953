"""Plotly figures and number formats of the Delivery and Engineering pages (no Streamlit: the board pack reuses them).

Every builder takes rows of the views document (`views["delivery"]`, `views["engineering"]`, JSON values: ISO
dates and instants) and returns a figure with localised labels and hover texts. Item and pull-request titles go
through `presentation.charts.plain` before they reach a label: Plotly renders a subset of HTML there, and a title is text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from pilotage.core.formatting import round_half_up
from presentation.charts import _layout, plain
from presentation.i18n import fmt_date, fmt_number, fmt_pct, t, tn
from presentation.palette import PRIMARY, RAG, team_colours

COMMITTED = "#b7c7d9"
SECOND = "#CC79A7"  # Okabe–Ito reddish purple: a second line that is not a status colour
SKY = "#56B4E9"
LABEL_BACKGROUND = "rgba(255, 255, 255, 0.85)"
MUTED = 0.35  # opacity of a figure resting on too little data (below 50% coverage)

# --------------------------------------------------------------------------------------------------- formats


def fmt_days(days: float | None) -> str:
    """`6.8 days` / `6,8 jours`, `1 day` (the plural of the number as shown)."""
    if days is None or pd.isna(days):
        return "—"
    n = fmt_number(days)
    return tn("delivery.fmt.days", round_half_up(days, 1), n=n)


def fmt_hours(hours: float | None) -> str:
    """A duration from hours: `45 min` under an hour, `5.2 h` under two days, else days (`4.1 days`)."""
    if hours is None or pd.isna(hours):
        return "—"
    if hours < 1:
        return t("delivery.fmt.minutes", n=fmt_number(hours * 60, 0))
    if hours < 48:
        return t("delivery.fmt.hours", n=fmt_number(hours))
    return fmt_days(hours / 24)


def _day(iso: str) -> date:
    return date.fromisoformat(iso[:10])


def _when(iso: str | None) -> str:
    return fmt_date(_day(iso)) if iso else "—"


def _title(items: Mapping[str, Mapping], key: str) -> str:
    return plain(items.get(key, {}).get("title") or "")


def _legend(fig: go.Figure) -> go.Figure:
    fig.update_layout(showlegend=True, legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
                      margin={"l": 10, "r": 10, "t": 40, "b": 10})
    return fig


def _date_axis(fig: go.Figure, weeks: Sequence[str]) -> go.Figure:
    """Localised ticks on a date x axis: one tick every other window week."""
    ticks = [pd.Timestamp(w, tz="UTC") for w in weeks[::2]]
    fig.update_xaxes(tickvals=ticks, ticktext=[fmt_date(x.date(), year=False) for x in ticks])
    return fig


def _percent_axis(fig: go.Figure, top: float, **kwargs) -> None:
    steps = [x / 4 for x in range(int(top * 4) + 1)]
    fig.update_layout(yaxis2={"overlaying": "y", "side": "right", "range": [0, top], "tickvals": steps,
                              "ticktext": [fmt_pct(s) for s in steps], "showgrid": False, **kwargs})


# --------------------------------------------------------------------------------------------------- delivery


def sprint_chart(sprints: Sequence[Mapping], unit: str, *, muted: bool = False) -> go.Figure:
    """Committed and completed per sprint (bars, in `unit`: the team's sprints all in points, else items) with
    planning and capacity accuracy (lines, right axis, each sprint's own figures)."""
    size = "in_points" if unit == "points" else "in_items"
    names = [plain(s["name"]) for s in sprints]
    unit_label = t(f"delivery.unit.{unit}")
    dates = [f"{_when(s['start'])} – {_when(s['end'])}" for s in sprints]
    opacity = MUTED if muted else 1.0
    fig = go.Figure()
    for key, colour in (("committed", COMMITTED), ("completed", PRIMARY)):
        fig.add_bar(
            x=names, y=[s[size][key] for s in sprints], name=t(f"delivery.chart.{key}", unit=unit_label),
            marker_color=colour, opacity=opacity, customdata=dates,
            hovertemplate=f"%{{x}} (%{{customdata}})<br>{t(f'delivery.chart.{key}', unit=unit_label)}: "
                          "%{y}<extra></extra>",
        )
    top = max([1.2, *[s["capacity_accuracy"] or 0 for s in sprints]]) + 0.05
    for key, colour, dash in (("planning_accuracy", RAG["amber"], "solid"), ("capacity_accuracy", SECOND, "dot")):
        label = t(f"delivery.chart.{key}")
        fig.add_scatter(
            x=names, y=[s[key] for s in sprints], name=label, yaxis="y2", mode="lines+markers",
            line={"color": colour, "dash": dash, "width": 3}, opacity=opacity,
            customdata=[fmt_pct(s[key]) for s in sprints],
            hovertemplate=f"%{{x}}<br>{label}: %{{customdata}}<extra></extra>",
        )
    _layout(fig, height=360)
    _percent_axis(fig, top)
    fig.update_layout(barmode="group", yaxis_title=unit_label)
    return _legend(fig)


def accuracy_by_team(sprints: Sequence[Mapping], teams: Sequence[str], weeks: Sequence[str]) -> go.Figure:
    """Planning accuracy of every team's sprints (one line per team, at each sprint's end)."""
    fig = go.Figure()
    label = t("delivery.chart.planning_accuracy")
    colours = team_colours(teams)
    for team in teams:
        rows = [s for s in sprints if s["team"] == team]
        fig.add_scatter(
            x=[pd.Timestamp(s["end"]) for s in rows], y=[s["planning_accuracy"] for s in rows], name=plain(team),
            mode="lines+markers", line={"color": colours[team], "width": 3},
            customdata=[[plain(s["name"]), _when(s["end"]), fmt_pct(s["planning_accuracy"])] for s in rows],
            hovertemplate=f"{plain(team)} · %{{customdata[0]}} ({t('delivery.chart.ended')} %{{customdata[1]}})"
                          f"<br>{label}: %{{customdata[2]}}<extra></extra>",
        )
    _layout(fig, height=340)
    steps = [x / 4 for x in range(6)]
    fig.update_yaxes(range=[0, 1.25], tickvals=steps, ticktext=[fmt_pct(s) for s in steps], title=label)
    return _legend(_date_axis(fig, weeks))


def throughput_chart(weeks: Sequence[Mapping], median: float | None) -> go.Figure:
    """Finished items per week (bars) with the median week (dashed line)."""
    labels = [fmt_date(_day(w["week"]), year=False) for w in weeks]
    finished = t("delivery.chart.finished")
    fig = go.Figure(go.Bar(
        x=labels, y=[w["items"] for w in weeks], marker_color=PRIMARY, name=finished,
        customdata=[fmt_date(_day(w["week"])) for w in weeks],
        hovertemplate=f"{t('delivery.chart.week_of')} %{{customdata}}<br>{finished}: %{{y}}<extra></extra>",
    ))
    if median is not None:
        fig.add_hline(y=median, line={"color": RAG["amber"], "dash": "dash", "width": 2},
                      annotation_text=t("delivery.chart.median_week", n=fmt_number(median)),
                      annotation_position="top left", annotation_font_color="#7a5200",
                      annotation_bgcolor=LABEL_BACKGROUND)
    _layout(fig)
    fig.update_yaxes(title=t("delivery.chart.finished_axis"))
    return fig


def cycle_scatter(rows: Sequence[Mapping], items: Mapping[str, Mapping], percentiles: Mapping,
                  weeks: Sequence[str], *, muted: bool = False) -> go.Figure:
    """Each finished item with a start: done time × cycle time in days, with the p50 / p85 / p95 lines."""
    shown = [r for r in rows if r["cycle_days"] is not None]
    fig = go.Figure(go.Scatter(
        x=[pd.Timestamp(r["done_at"]) for r in shown], y=[r["cycle_days"] for r in shown], mode="markers",
        marker={"color": PRIMARY, "size": 7, "opacity": MUTED if muted else 0.65},
        hovertext=[f"<b>{plain(r['key'])}</b> {_title(items, r['key'])}<br>"
                   f"{t('delivery.chart.done_on', date=_when(r['done_at']))} · {fmt_days(r['cycle_days'])}"
                   for r in shown],
        hoverinfo="text", name=t("delivery.chart.finished"),
    ))
    for key, colour, dash in (("p50", RAG["green"], "solid"), ("p85", RAG["amber"], "dash"),
                              ("p95", RAG["red"], "dot")):
        value = percentiles.get(key)
        if value is not None:
            fig.add_hline(y=value, line={"color": colour, "dash": dash, "width": 2},
                          annotation_text=t(f"delivery.chart.{key}", days=fmt_days(value)),
                          annotation_position="top right", annotation_font_color=colour,
                          annotation_bgcolor=LABEL_BACKGROUND)
    _layout(fig, height=380)
    fig.update_yaxes(title=t("delivery.chart.cycle_days"))
    return _date_axis(fig, weeks)


def ageing_chart(rows: Sequence[Mapping], items: Mapping[str, Mapping], *, by_team: bool) -> go.Figure:
    """Items in progress by age in days, one column per status (a team) or per team (all teams); orange when
    older than the team's cycle-time p85, whose level is drawn as a line (one short line per team)."""
    column = "team" if by_team else "status"
    columns = sorted({str(r[column] or "—") for r in rows})
    fig = go.Figure()
    for flagged, colour in ((False, PRIMARY), (True, RAG["red"])):
        chosen = [(i, r) for i, r in enumerate(rows) if bool(r["over_p85"]) == flagged]
        fig.add_scatter(
            x=[columns.index(str(r[column] or "—")) + ((i % 9) - 4) * 0.05 for i, r in chosen],
            y=[r["age_days"] for _, r in chosen], mode="markers",
            marker={"color": colour, "size": 9, "symbol": "diamond" if flagged else "circle"},
            name=t("delivery.chart.ageing_over" if flagged else "delivery.chart.ageing_ok"),
            hovertext=[f"<b>{plain(r['key'])}</b> {_title(items, r['key'])}<br>{plain(r['status'])}"
                       f" · {t('delivery.chart.age', days=fmt_days(r['age_days']))}" for _, r in chosen],
            hoverinfo="text",
        )
    limits = {}
    for r in rows:
        if r["p85"] is not None:
            limits[str(r[column] or "—") if by_team else "all"] = r["p85"]
    label = t("delivery.chart.usual_limit")
    if by_team:
        for name, value in limits.items():
            x = columns.index(name)
            fig.add_scatter(x=[x - 0.35, x + 0.35], y=[value, value], mode="lines", showlegend=False,
                            line={"color": RAG["amber"], "dash": "dash", "width": 2},
                            hovertemplate=f"{label}: {fmt_days(value)}<extra></extra>")
    elif limits:
        fig.add_hline(y=limits["all"], line={"color": RAG["amber"], "dash": "dash", "width": 2},
                      annotation_text=f"{label}: {fmt_days(limits['all'])}", annotation_position="top right",
                      annotation_font_color="#7a5200", annotation_bgcolor=LABEL_BACKGROUND)
    _layout(fig, height=360)
    fig.update_xaxes(tickvals=list(range(len(columns))), ticktext=[plain(c) for c in columns],
                     range=[-0.6, len(columns) - 0.4])
    fig.update_yaxes(title=t("delivery.chart.age_axis"))
    return _legend(fig)


def cfd_chart(rows: Sequence[Mapping]) -> go.Figure:
    """Items waiting, in progress and finished at the end of each week (stacked); finished work counts from the
    end of the first week shown, so the other bands stay readable."""
    if not rows:
        return _layout(go.Figure())
    labels = [fmt_date(_day(r["week"]), year=False) for r in rows]  # by Monday, as every weekly chart
    base = rows[0]["done"]
    first_end = fmt_date(_day(rows[0]["week"]) + timedelta(days=6), year=False)
    series = (
        ("done", [r["done"] - base for r in rows], RAG["green"], t("delivery.chart.cfd_done", date=first_end)),
        ("in_progress", [r["in_progress"] for r in rows], RAG["amber"], t("delivery.stage.in_progress")),
        ("todo", [r["todo"] for r in rows], COMMITTED, t("delivery.stage.todo")),
    )
    fig = go.Figure()
    for _, values, colour, name in series:
        fig.add_scatter(x=labels, y=values, name=name, stackgroup="cfd", mode="lines",
                        line={"color": colour, "width": 1}, fillcolor=colour,
                        hovertemplate=f"{t('delivery.chart.week_end_of')} %{{x}}<br>{name}: %{{y}}<extra></extra>")
    _layout(fig, height=340)
    fig.update_yaxes(title=t("delivery.chart.items_axis"))
    return _legend(fig)


# --------------------------------------------------------------------------------------------------- engineering


def deploy_chart(weekly: Sequence[Mapping]) -> go.Figure:
    """Production releases per week (bars) and the days with at least one release (dots)."""
    labels = [fmt_date(_day(w["week"]), year=False) for w in weekly]
    full = [fmt_date(_day(w["week"])) for w in weekly]
    releases, days = t("eng.chart.deployments"), t("eng.chart.deploy_days")
    fig = go.Figure()
    fig.add_bar(x=labels, y=[w["deployments"] for w in weekly], name=releases, marker_color=PRIMARY,
                customdata=full,
                hovertemplate=f"{t('delivery.chart.week_of')} %{{customdata}}<br>{releases}: %{{y}}<extra></extra>")
    fig.add_scatter(x=labels, y=[w["deploy_days"] for w in weekly], name=days, mode="markers",
                    marker={"color": RAG["amber"], "size": 11, "symbol": "diamond"}, customdata=full,
                    hovertemplate=f"{t('delivery.chart.week_of')} %{{customdata}}<br>{days}: %{{y}}<extra></extra>")
    _layout(fig, height=300)
    top = max([w["deployments"] for w in weekly] or [0])
    fig.update_yaxes(dtick=max(1, math.ceil(top / 5)), title=t("eng.chart.deploy_axis"))  # whole releases
    return _legend(fig)


def breakdown_chart(rows: Sequence[Mapping], *, muted: bool = False) -> go.Figure:
    """The median time first commit → live per repository (stacked horizontal bars, hours or days), split
    between the stages in proportion to the time changes spent in each (`split`), so the bar ends on the median
    total (the diamond); the hover also gives each stage's own median. Snapshots frozen before `split` existed
    stack the stage medians."""
    parts = [r.get("split") or {s: r[s] for s in ("coding", "review", "deploy")} for r in rows]
    longest = max([max(sum(p[s] or 0 for s in p), r["lead_time"] or 0) for r, p in zip(rows, parts)] or [0])
    in_days = longest > 72
    scale = 24 if in_days else 1
    labels = [plain(r["label"]) for r in rows]
    fig = go.Figure()
    for stage, colour in (("coding", SKY), ("review", PRIMARY), ("deploy", RAG["amber"])):
        name = t(f"eng.stage.{stage}")
        fig.add_bar(
            y=labels, x=[(p[stage] or 0) / scale for p in parts], orientation="h", name=name, marker_color=colour,
            opacity=MUTED if muted else 1.0, customdata=[[fmt_hours(p[stage]), fmt_hours(r[stage])]
                                                         for r, p in zip(rows, parts)],
            hovertemplate=f"%{{y}}<br>{name}: %{{customdata[0]}} "
                          f"({t('eng.chart.stage_median')}: %{{customdata[1]}})<extra></extra>",
        )
    total = t("eng.chart.total")
    fig.add_scatter(
        y=labels, x=[(r["lead_time"] or 0) / scale for r in rows], mode="markers", name=total,
        marker={"color": "#000000", "symbol": "diamond", "size": 12},
        customdata=[fmt_hours(r["lead_time"]) for r in rows],
        hovertemplate=f"%{{y}}<br>{total}: %{{customdata}}<extra></extra>",
    )
    _layout(fig, height=120 + 55 * len(rows))
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=t("eng.chart.days_axis" if in_days else "eng.chart.hours_axis"), rangemode="tozero",
                     gridcolor="#e5e8ec")
    return _legend(fig)
