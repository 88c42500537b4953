"""Plotly figures of the roadmap (timeline, forecast distribution), and the wording and HTML fragments (dates,
money, traffic-light badges) they share with the roadmap and executive pages. No streamlit here: the board pack
reuses them.

Item names come from Jira or the workspace file: they are escaped before Plotly sees them (Plotly reads a few
HTML tags in its texts).
"""

from __future__ import annotations

import textwrap
from datetime import date, timedelta

import plotly.graph_objects as go

from pilotage.core.formatting import format_date, format_money, format_probability, month_name
from presentation import render
from presentation.charts import _layout, plain
from presentation.i18n import language, t
from presentation.models import Status
from presentation.palette import BASELINE_MARKER, DELIVERED_MARKER, INK, LABEL_COLOURS, TARGET_MARKER
from presentation.render import badge_html, stylesheet


def to_date(iso: str | None) -> date | None:
    return date.fromisoformat(iso[:10]) if iso else None


def day(d: date, *, year: bool = True) -> str:
    """`17 Jan 2027` / `17 janv. 2027` (`1er` in French)."""
    return format_date(d, language(), year=year)


def money(amount: float | None, currency: str) -> str:
    return format_money(amount or 0.0, currency, language())


def landing(p50: date, p85: date) -> str:
    """"Lands between 10 Jan and 17 Jan 2027" (the year once when both share it), or "Lands around …"."""
    if p50 == p85:
        return t("exec.card.lands_on", date=day(p85))
    return t("exec.card.lands", start=day(p50, year=p50.year != p85.year), end=day(p85))


def status_text(label: str) -> str:
    """The traffic light in words, with its shape: `✖ Late`."""
    return Status(label).text


def badge(label: str) -> str:
    """The traffic light as an HTML badge: colour, shape and words (STYLE's `pl-badge`)."""
    return badge_html(Status(label))


def statement_html(label: str, text: str, *, name: str = "", with_badge: bool = True) -> str:
    """A statement (escaped) with a left border in the status colour, behind its traffic light badge; the item's
    `name` in bold when the sentence starts with it (the eye finds the item first)."""
    return render.statement_html(Status(label), text, name, with_badge)


STYLE = f"<style>{stylesheet()}</style>"  # the components' CSS (presentation/templates/components.css)


def month_ticks(first: date, last: date) -> tuple[list[str], list[str]]:
    """Month starts between two dates, labelled in the page's language."""
    lang = language()
    d = date(first.year, first.month, 1)
    values, texts = [], []
    while d <= last:
        values.append(d.isoformat())
        texts.append(f"{month_name(d.month, lang)} {d.year}" if d.month == 1 or not texts
                     else month_name(d.month, lang))
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return values, texts


def wrapped(name: str, width: int = 18) -> str:
    """An axis label on lines of at most `width` characters (words kept whole): long item names would otherwise
    take half a phone's width from the timeline."""
    return "<br>".join(textwrap.wrap(name, width, break_long_words=False, break_on_hyphens=False)) or name


def timeline(rows: list[dict], *, as_of: date) -> go.Figure:
    """One line per roadmap item (first row on top): the forecast range (50% to 85% confidence) as a thick bar in
    its status colour, the first committed date (open diamond), the current target (black triangle), the delivery
    date of finished items (star), and a dashed line at the date of the figures (as_of, not today).

    `rows`: key, name, label, baseline, target, p50, p85, done (dates or None).
    """
    fig = go.Figure()
    keys = [r["key"] for r in rows]
    names = [plain(r["name"]) for r in rows]
    for label, colour in LABEL_COLOURS.items():
        mine = [r for r in rows if r["label"] == label and r["p50"] and r["p85"] and not r["done"]]
        if not mine:
            continue
        xs, ys, hover = [], [], []
        for r in mine:
            text = f"<b>{plain(r['name'])}</b><br>{landing(r['p50'], r['p85'])}"
            xs += [r["p50"].isoformat(), r["p85"].isoformat(), None]
            ys += [r["key"], r["key"], None]
            hover += [text, text, None]
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines+markers", name=status_text(label), line={"color": colour, "width": 14},
            marker={"color": colour, "size": 14, "symbol": "line-ns"}, hovertext=hover, hoverinfo="text",
        ))
    for field, marker, name in (
        ("baseline", BASELINE_MARKER, t("roadmap.chart.baseline")),
        ("target", TARGET_MARKER, t("roadmap.chart.target")),
        ("done", DELIVERED_MARKER, t("roadmap.chart.done")),
    ):
        mine = [r for r in rows if r[field]]
        if mine:
            fig.add_trace(go.Scatter(
                x=[r[field].isoformat() for r in mine], y=[r["key"] for r in mine], mode="markers", name=name,
                marker={**marker, "line": {"width": 2, "color": marker["color"]}},
                hovertext=[f"<b>{plain(r['name'])}</b><br>{name}: {day(r[field])}" for r in mine],
                hoverinfo="text",
            ))
    dates = [d for r in rows for d in (r["baseline"], r["target"], r["p50"], r["p85"], r["done"]) if d] + [as_of]
    first, last = min(dates) - timedelta(days=10), max(dates) + timedelta(days=10)
    values, texts = month_ticks(first, last)
    fig.add_vline(x=as_of.isoformat(), line_dash="dash", line_color="#6b7280")
    fig.add_annotation(x=as_of.isoformat(), y=1, yref="paper", yanchor="bottom", showarrow=False,
                       text=t("roadmap.chart.as_of", date=day(as_of)), font={"color": "#6b7280"})
    fig = _layout(fig, height=140 + 44 * len(rows))
    fig.update_layout(showlegend=True, hoverlabel={"align": "left"}, margin={"l": 10, "r": 10, "t": 30, "b": 40},
                      legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom"})
    fig.update_xaxes(type="date", range=[first.isoformat(), last.isoformat()], tickvals=values, ticktext=texts,
                     gridcolor="#e5e8ec")
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=keys[::-1], tickvals=keys,
                     ticktext=[wrapped(n) for n in names], rangemode="normal", gridcolor="#f1f3f5", tickfont={"size": 14, "color": INK})
    return fig


def distribution(dist: dict, *, p50: date | None, p85: date | None, target: date | None) -> go.Figure:
    """The item's forecast: bars = share of the simulations finishing each day, line = share finished by that
    date (right axis), with the 50%, 85% confidence and target dates as vertical lines.

    `dist`: the roadmap section's distribution record (date, trials, share, cumulative: parallel lists).
    """
    dates = [to_date(d) for d in dist["date"]]
    labels = [day(d) for d in dates]
    share = [s * 100 for s in dist["share"]]
    cumulative = [c * 100 for c in dist["cumulative"]]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=[d.isoformat() for d in dates], y=share, name=t("roadmap.chart.share"), marker_color="#8fb3d9",
        customdata=labels, hovertemplate=f"%{{customdata}}<br>{t('roadmap.chart.share')}: %{{y:.1f}}%<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=[d.isoformat() for d in dates], y=cumulative, yaxis="y2", mode="lines+markers", line={"color": "#1f4e79"},
        name=t("roadmap.chart.cumulative"),
        # a chance of being done by that date: rounded down, like every probability shown
        customdata=[[label, format_probability(c, language())] for label, c in zip(labels, dist["cumulative"])],
        hovertemplate=f"%{{customdata[0]}}<br>{t('roadmap.chart.cumulative')}: %{{customdata[1]}}<extra></extra>",
    ))
    # labels side by side: the 50% one left of its line, the 85% one right of its, the target's above both
    for when, colour, dash, text, anchor, shift in (
        (p50, "#1f4e79", "dot", t("roadmap.chart.p50"), "right", 0),
        (p85, "#1f4e79", "dash", t("roadmap.chart.p85"), "left", 0),
        (target, INK, "solid", t("roadmap.chart.target"), "center", 18),
    ):
        if when:
            fig.add_vline(x=when.isoformat(), line_dash=dash, line_color=colour)
            fig.add_annotation(x=when.isoformat(), y=1, yref="paper", yanchor="bottom", xanchor=anchor, yshift=shift,
                               showarrow=False, text=f"{text} · {day(when, year=False)}",
                               font={"color": colour, "size": 12})
    everything = dates + [d for d in (p50, p85, target) if d]
    values, texts = month_ticks(min(everything) - timedelta(days=7), max(everything) + timedelta(days=7))
    fig = _layout(fig, height=360)
    fig.update_layout(
        margin={"l": 10, "r": 10, "t": 70, "b": 10}, showlegend=True,
        legend={"orientation": "h", "y": -0.12, "yanchor": "top"}, bargap=0.15,
        yaxis={"title": {"text": t("roadmap.chart.share_axis"), "font": {"size": 12}}, "ticksuffix": "%"},
        yaxis2={"overlaying": "y", "side": "right", "range": [0, 105], "showgrid": False,
                "tickvals": [0, 25, 50, 75, 100], "ticktext": [f"{v}%" for v in (0, 25, 50, 75, 100)],
                "title": {"text": t("roadmap.chart.cumulative_axis"), "font": {"size": 12}}},
    )
    fig.update_xaxes(type="date", tickvals=values, ticktext=texts,
                     range=[(min(everything) - timedelta(days=7)).isoformat(),
                            (max(everything) + timedelta(days=7)).isoformat()])
    return fig
