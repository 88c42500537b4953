"""Executive summary: what a COMEX member must see in ten seconds.

First the portfolio line, one line per key item at risk (status, delay, money at stake: the first screen, on a
phone too) and the items that need a decision, in business language; then one card per key roadmap item (traffic
light, landing range, chance of meeting the target, drift, money at stake) linking to the roadmap page; then
delivery predictability, production stability and what the finished work went to, each linking to the page that
explains it, with the completeness of the data under them. Renders only from the views document
(pilotage.application.views.executive and views["metrics"]). Item names are untrusted text: every one is HTML-escaped.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from metrics.translate import probability_floor
from presentation.cards import item_card
from presentation.charts_delivery import fmt_hours
from presentation.charts_executive import allocation_html, percent
from presentation.charts_roadmap import STYLE, statement_html, status_text, to_date
from presentation.glance import glance_html
from presentation.i18n import band_words, fmt_date, fmt_int, fmt_number, label, language, t
from presentation.render import card_html
from presentation.trend import change
from ui.context import ctx
from ui.decision_options import at_stake_block, options_row
from ui.since_last_board import since_last_board

c = ctx()
views = c.views
lang = language()
currency = views["meta"]["currency"]
weeks = views["meta"]["weeks"]
team = c.filters.team
scope = team or "*"

st.title(t("exec.title", company=c.ws.name))
st.caption(t("exec.as_of", date=fmt_date(c.as_of)))
section = views.get("executive")
if section is None:  # a snapshot frozen before this section existed
    st.info(t("exec.old_snapshot"))
    st.stop()
st.html(STYLE)
roadmap = views["metrics"]["roadmap"]
confidence = views["metrics"]["confidence"]
ratios = confidence["teams"].get(team, confidence["overall"]) if team else confidence["overall"]
if team:
    st.caption(t("exec.team_scope", team=team))


def link_query(**changes: str) -> dict[str, str]:
    """The current filters (language, workspace, team, date, snapshot) with some changed: links keep the view."""
    return {**c.filters.query(), **changes}


def low(ratio_id: str) -> bool:
    return bool(ratios.get(ratio_id, {}).get("low"))


def confidence_warning(ratio_id: str) -> None:
    """The warning beside a figure whose data is less than half complete (METRICS.md, Data confidence)."""
    r = ratios.get(ratio_id)
    if r and r["low"]:
        st.warning(t("exec.confidence.low", ratio=percent(r["ratio"]), what=t(f"exec.ratio.{ratio_id}")),
                   icon=":material/warning:")


# ------------------------------------------------------------------------------------------- the roadmap first
items = [r for r in section["items"] if not team or r["team"] == team]
key_items = [r for r in items if r["key_item"]]
portfolio = section["portfolio"].get(scope, section["portfolio"]["*"])
at_stake_block(c, team)  # the money first: the total at stake and its trend since the last board
st.html(f'<div class="pl-portfolio">{html.escape(portfolio[lang])}</div>')
if glance := glance_html([r for r in key_items if r["group"] == "risk"], roadmap, currency):
    st.html(glance)  # what is late, by how much, at what cost: the first screen, on a phone too

if not section["items"]:
    st.info(t("exec.no_items"))
elif not key_items:
    st.info(t("exec.no_team_items", team=team) if team else t("exec.no_key_items"))

risks = [r for r in key_items if r["group"] == "risk"]
if key_items:
    st.subheader(t("exec.decisions"))
    if not risks:
        st.success(t("exec.decisions.none"), icon=":material/check_circle:")
    for r in risks:
        st.html(statement_html(r["label"], roadmap[r["key"]]["statement"][lang], name=r["name"]))
        options_row(r["key"], roadmap[r["key"]], currency)  # the choices, side by side

    st.subheader(t("exec.key_items"))
    confidence_warning("epics_with_target")
    with st.container(key="low-confidence-cards" if low("epics_with_target") else "cards"):
        per_row = 3
        for start in range(0, len(key_items), per_row):
            columns = st.columns(per_row)
            for column, record in zip(columns, key_items[start:start + per_row]):
                with column.container(border=True):
                    st.html(card_html(item_card(record["key"], roadmap[record["key"]], currency=currency)))
                    st.page_link("app_pages/roadmap.py", label=t("exec.card.link"), icon=":material/arrow_forward:",
                                 query_params=link_query(item=record["key"]))

    with st.expander(t("exec.evidence")):
        st.caption(t("exec.evidence.help", weeks=weeks, trials=fmt_int(views["meta"]["trials"])))
        entries = [roadmap[r["key"]] for r in key_items]
        st.dataframe(
            pd.DataFrame({
                "item": [r["name"] for r in key_items],
                "team": [r["team"] for r in key_items],
                "status": [status_text(r["label"]) for r in key_items],
                "remaining": [e["remaining"] for e in entries],
                "pace": [t(f"exec.pace.{e['forecast']['inputs']['source']}") if e["forecast"]["inputs"]["source"]
                         else "" for e in entries],
                "baseline": [to_date(e["baseline_date"]) for e in entries],
                "target": [to_date(e["target_date"]) for e in entries],
                "likely": [to_date(e["forecast"]["p50"]) for e in entries],
                "confident": [to_date(e["forecast"]["p85"]) for e in entries],
                "chance": [probability_floor(e["forecast"]["on_time_probability"]) for e in entries],
                "drift": [e["drift_days"] for e in entries],
                "extra_cost": [e["extra_cost"] for e in entries],
                "cost_of_delay": [e["cost_of_delay"] for e in entries],
                "link": [r["url"] for r in key_items],
            }),
            hide_index=True, width="stretch",
            column_config={
                "item": t("exec.col.item"), "team": t("exec.col.team"), "status": t("exec.col.status"),
                "remaining": st.column_config.NumberColumn(t("exec.col.remaining")),
                "pace": t("exec.col.pace"),
                "baseline": st.column_config.DateColumn(t("exec.col.baseline"), format="YYYY-MM-DD"),
                "target": st.column_config.DateColumn(t("exec.col.target"), format="YYYY-MM-DD"),
                "likely": st.column_config.DateColumn(t("exec.col.likely"), format="YYYY-MM-DD"),
                "confident": st.column_config.DateColumn(t("exec.col.confident"), format="YYYY-MM-DD"),
                "chance": st.column_config.NumberColumn(t("exec.col.chance"), format="percent"),
                "drift": st.column_config.NumberColumn(t("exec.col.drift")),
                "extra_cost": st.column_config.NumberColumn(t("exec.col.extra_cost"), format="localized"),
                "cost_of_delay": st.column_config.NumberColumn(t("exec.col.cost_of_delay"), format="localized"),
                "link": st.column_config.LinkColumn(t("exec.col.link"), display_text="↗"),
            },
        )

since_last_board(c)  # moves against the latest board snapshot, decisions taken then, forecast calibration

delivered = [r for r in items if r["group"] == "delivered"]
if delivered:
    st.markdown(f"**{t('exec.delivered')}**")
    for r in delivered:
        st.html(statement_html("delivered", roadmap[r["key"]]["statement"][lang], name=r["name"]))
others = [r for r in items if not r["key_item"] and r["group"] == "risk"]
if others:
    with st.expander(t("exec.others", count=len(others))):
        for r in others:
            st.html(statement_html(r["label"], roadmap[r["key"]]["statement"][lang], name=r["name"]))
            st.page_link("app_pages/roadmap.py", label=t("exec.card.link"), icon=":material/arrow_forward:",
                         query_params=link_query(item=r["key"]))

# ------------------------------------------------------------------------------------------- delivery health
st.divider()
st.subheader(t("exec.health"))


left, right = st.columns([1, 2], gap="large")
with left:
    st.markdown(f"#### {t('exec.predictability')}")
    p = section["predictability"].get(scope)
    if not p or p["recent"] is None:
        board = next((m["board"] for m in views["meta"]["teams"] if m["name"] == team), None)
        st.info(t("exec.predictability.none_team", team=team, weeks=weeks, board=board) if team
                else t("exec.predictability.none", weeks=weeks))
    else:
        count = p["recent_count"]
        moved = change("planning_accuracy", p["previous"], p["recent"], lambda x: fmt_number(x * 100, 0))
        delta = moved.metric_delta() if moved else {}
        if moved and moved.text:
            delta["delta"] = t("exec.predictability.delta", points=moved.text, count=count)
        with st.container(key="low-confidence-predictability" if low("estimated_items") else "predictability"):
            st.metric(label("planning_accuracy"), percent(p["recent"]), **delta,
                      help=t("exec.predictability.help", count=count))
        subject = t("exec.predictability.team", team=team) if team else t("exec.predictability.teams")
        st.caption(t("exec.predictability.sentence", count=count, recent=percent(p["recent"]), subject=subject,
                     previous=percent(p["previous"])) if p["previous"] is not None
                   else t("exec.predictability.sentence_new", recent=percent(p["recent"]), subject=subject))
        confidence_warning("estimated_items")
        with st.expander(t("exec.predictability.evidence")):
            sprints = pd.DataFrame(p["sprints"])
            sprints["end"] = pd.to_datetime(sprints["end"]).dt.date
            sprints["period"] = [t(f"exec.period.{x}") for x in sprints["period"]]
            sprints["unit"] = [t(f"exec.unit.{x}") for x in sprints["unit"]]
            st.dataframe(
                sprints[["team", "name", "end", "period", "unit", "committed", "completed_committed",
                         "planning_accuracy"]],
                hide_index=True, width="stretch",
                column_config={
                    "team": t("exec.col.team"), "name": t("exec.col.sprint"),
                    "end": st.column_config.DateColumn(t("exec.col.sprint_end"), format="YYYY-MM-DD"),
                    "period": t("exec.col.period"), "unit": t("exec.col.unit"),
                    "committed": st.column_config.NumberColumn(t("exec.col.committed")),
                    "completed_committed": st.column_config.NumberColumn(t("exec.col.completed_committed")),
                    "planning_accuracy": st.column_config.NumberColumn(t("exec.col.accuracy"), format="percent"),
                },
            )
    st.page_link("app_pages/delivery.py", label=t("exec.predictability.link"), icon=":material/arrow_forward:",
                 query_params=link_query())

with right:
    st.markdown(f"#### {t('exec.stability')}")
    s = section["stability"].get(scope, {"repos": [], "has_deploy_data": False, "deployments": 0, "bands": {}})
    if not s["repos"]:
        st.info(t("exec.stability.no_repos", scope=team or t("exec.stability.all_teams")))
    elif not s["deployments"]:
        st.info(t("exec.stability.none", weeks=weeks, repos=", ".join(s["repos"])))
    else:
        bands = s["bands"]

        def band_caption(key: str) -> None:
            band = bands.get(key, {}).get("band")
            st.caption(t("band.against", band=band_words(band)), help=t("band.help"))

        def delta(key: str, metric_id: str, value: float | None, formatter) -> dict:
            """st.metric's delta against the previous window: ↑ better, ↓ worse, no arrow when unchanged."""
            moved = change(metric_id, bands.get(key, {}).get("previous"), value, formatter)
            return moved.metric_delta() if moved else {}

        a, b, d = st.columns(3)
        with a:
            st.metric(label("deployment_frequency"), fmt_number(s["deployments_per_week"]),
                      **delta("deployment_frequency", "deployment_frequency", s["deployments_per_week"], fmt_number))
            band_caption("deployment_frequency")
        with b:
            cfr = s["change_failure_rate"]
            with st.container(key="low-confidence-cfr" if low("incidents_linked") else "cfr"):
                st.metric(label("change_failure_rate"), percent(cfr) if cfr is not None else "—",
                          **delta("change_failure_rate", "change_failure_rate", cfr,
                                  lambda x: t("exec.points", n=fmt_number(x * 100, 0))))
            band_caption("change_failure_rate")
        with d:
            ttr = s["time_to_restore_hours"]
            st.metric(label("time_to_restore"), fmt_hours(ttr),
                      **delta("time_to_restore", "time_to_restore", ttr, fmt_hours))
            band_caption("time_to_restore")
            if s["open_incidents"]:
                st.caption(t("exec.ttr.open" if s["open_incidents"] == 1 else "exec.ttr.open_many",
                             count=s["open_incidents"]))
        st.caption(t("exec.delta.previous", weeks=weeks))
        confidence_warning("incidents_linked")
        confidence_warning("prs_deployed")
    st.page_link("app_pages/engineering.py", label=t("exec.stability.link"), icon=":material/arrow_forward:",
                 query_params=link_query())

left, right = st.columns([1, 2], gap="large")
with left:
    st.markdown(f"#### {t('exec.allocation')}")
    rows = section["allocation"].get(scope, [])
    finished = sum(r["items"] for r in rows)
    if not finished:
        st.info(t("exec.allocation.none", weeks=weeks))
    else:
        st.caption(t("exec.allocation.help", count=finished, weeks=weeks))
        st.html(allocation_html(rows))
    st.page_link("app_pages/delivery.py", label=t("exec.allocation.link"), icon=":material/arrow_forward:",
                 query_params=link_query())

with right:
    st.markdown(f"#### {t('exec.confidence')}")
    chips = []
    for ratio_id, r in ratios.items():
        what = t(f"exec.ratio.{ratio_id}")
        if r["ratio"] is None:
            chips.append(f'<span class="pl-chip">{html.escape(t("exec.confidence.empty", what=what))}</span>')
        else:
            text = t("exec.confidence.badge", ratio=percent(r["ratio"]), what=what, numerator=r["numerator"],
                     denominator=r["denominator"])
            chips.append(f'<span class="pl-chip{" low" if r["low"] else ""}">'
                         f'{"⚠ " if r["low"] else ""}{html.escape(text)}</span>')
    st.html("".join(chips))
    st.page_link("app_pages/data.py", label=t("exec.confidence.link"), icon=":material/arrow_forward:",
                 query_params=link_query())
