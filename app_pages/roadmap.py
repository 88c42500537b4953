"""Roadmap: the CTO's view of every roadmap item, down to the evidence.

A timeline (first committed date, current target, likely landing range, today), the table of items, then for the
chosen item (`?item=KEY`, kept in the address): its statement and figures, the forecast distribution, its trail
over the last week-ends and why it moved since the previous one, the target date history, its dependencies, the work left and the pace used, and what-if controls (live data only) that
recompute the forecast without changing stored data. Renders from the views document (pilotage.application.views.roadmap and
views["metrics"]["roadmap"]); item names and work-item titles are untrusted text, escaped everywhere.
"""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
import streamlit as st

from metrics.translate import format_duration, format_probability, probability_floor
from metrics.whatif import AddThroughput, RemoveScope, SetDependency, entry_figures, what_if
from pilotage.application.views import ViewInputs
from pilotage.application.views.executive import label
from pilotage.core.errors import WorkspaceError
from pilotage.core.workspace import Workspace, fingerprint
from presentation import charts
from presentation.charts_roadmap import (
    STYLE,
    badge,
    day,
    distribution,
    money,
    statement_html,
    status_text,
    timeline,
    to_date,
)
from presentation.charts_trail import change_sentence, trail_chart
from presentation.i18n import fmt_int, language, t, tn
from ui.context import ctx
from ui.results import live_inputs
from ui.state import write_filters

c = ctx()
views = c.views
lang = language()
team = c.filters.team

st.title(t("roadmap.title"))
section = views.get("roadmap")
if section is None:  # a snapshot frozen before this section existed
    st.info(t("roadmap.old_snapshot"))
    st.stop()
st.html(STYLE)
roadmap = views["metrics"]["roadmap"]
currency = views["meta"]["currency"]
weeks = views["meta"]["weeks"]
trials = fmt_int(views["meta"]["trials"])
st.markdown(t("roadmap.intro", trials=trials))

records = [r for r in section["items"] if not team or roadmap[r["key"]]["team"] == team]
if not section["items"]:
    st.info(t("roadmap.none"))
    st.stop()
if not records:
    st.info(t("roadmap.team_none", team=team))
    st.stop()
by_key = {r["key"]: r for r in records}


def signed_days(days: int | None) -> str:
    return t("roadmap.no_value") if days is None else tn("roadmap.days", days, days=f"{days:+d}")


def change_text(h: dict) -> str:
    """A target_history entry in words: "moved later by 14 days, to 18 Dec 2026"."""
    if h["kind"] == "cleared":
        return t("roadmap.kind.cleared")
    if h["kind"] not in ("later", "earlier"):
        return t(f"roadmap.kind.{h['kind']}", date=day(to_date(h["date"])))
    days = abs(h["change_days"]) if h["change_days"] is not None else 0
    return tn(f"roadmap.kind.{h['kind']}", days, date=day(to_date(h["date"])), days=days)


def lag_text(lag_weeks: float) -> str:
    return format_duration(round(lag_weeks * 7), lang) if lag_weeks else t("roadmap.deps.no_lag")


# ------------------------------------------------------------------------------------------- timeline and table
st.subheader(t("roadmap.timeline"))
rows = []
for r in records:
    e = roadmap[r["key"]]
    rows.append({"key": r["key"], "name": e["name"], "label": r["label"], "baseline": to_date(e["baseline_date"]),
                 "target": to_date(e["target_date"]), "p50": to_date(e["forecast"]["p50"]),
                 "p85": to_date(e["forecast"]["p85"]), "done": to_date(r["done_date"])})
st.plotly_chart(timeline(rows, as_of=c.as_of), width="stretch", config={"displayModeBar": False})
st.caption(t("roadmap.legend"))

with st.expander(t("roadmap.table")):
    entries = [roadmap[r["key"]] for r in records]
    st.dataframe(
        pd.DataFrame({
            "item": [e["name"] for e in entries],
            "key": [r["key"] for r in records],
            "team": [e["team"] for e in entries],
            "status": [status_text(r["label"]) for r in records],
            "baseline": [to_date(e["baseline_date"]) for e in entries],
            "target": [to_date(e["target_date"]) for e in entries],
            "p50": [to_date(e["forecast"]["p50"]) for e in entries],
            "p85": [to_date(e["forecast"]["p85"]) for e in entries],
            "chance": [probability_floor(e["forecast"]["on_time_probability"]) for e in entries],
            "drift": [e["drift_days"] for e in entries],
            "slips": [e["slips"] for e in entries],
            "remaining": [e["remaining"] for e in entries],
            "extra_cost": [e["extra_cost"] for e in entries],
            "cost_of_delay": [e["cost_of_delay"] for e in entries],
            "link": [r["url"] for r in records],
        }),
        hide_index=True, width="stretch",
        column_config={
            "item": t("roadmap.col.item"), "key": t("roadmap.col.key"), "team": t("roadmap.col.team"),
            "status": t("roadmap.col.status"),
            "baseline": st.column_config.DateColumn(t("roadmap.col.baseline"), format="YYYY-MM-DD"),
            "target": st.column_config.DateColumn(t("roadmap.col.target"), format="YYYY-MM-DD"),
            "p50": st.column_config.DateColumn(t("roadmap.col.p50"), format="YYYY-MM-DD"),
            "p85": st.column_config.DateColumn(t("roadmap.col.p85"), format="YYYY-MM-DD"),
            "chance": st.column_config.NumberColumn(t("roadmap.col.chance"), format="percent"),
            "drift": st.column_config.NumberColumn(t("roadmap.col.drift")),
            "slips": st.column_config.NumberColumn(t("roadmap.col.slips")),
            "remaining": st.column_config.NumberColumn(t("roadmap.col.remaining")),
            "extra_cost": st.column_config.NumberColumn(t("roadmap.col.extra_cost"), format="localized"),
            "cost_of_delay": st.column_config.NumberColumn(t("roadmap.col.cost_of_delay"), format="localized"),
            "link": st.column_config.LinkColumn(t("roadmap.col.link"), display_text="↗"),
        },
    )

# ------------------------------------------------------------------------------------------- the chosen item
st.divider()
keys = list(by_key)
chosen = c.filters.item if c.filters.item in by_key else keys[0]


def pick() -> None:
    """The user chose another item: put it in the address (and the session) so the view can be shared."""
    c.filters.item = st.session_state["roadmap_item"]
    write_filters(c.filters)


if st.session_state.get("roadmap_item") != chosen:  # the address changed (deep link, back button, other page)
    st.session_state["roadmap_item"] = chosen
key = st.selectbox(t("roadmap.pick"), keys, key="roadmap_item", on_change=pick, help=t("roadmap.pick.help"),
                   format_func=lambda k: f"{roadmap[k]['name']} ({k})")
record, entry = by_key[key], roadmap[key]
forecast = entry["forecast"]
st.html(f'<div class="pl-name">{badge(record["label"])}{html.escape(entry["name"])}</div>')
st.html(statement_html(record["label"], entry["statement"][lang], name=entry["name"], with_badge=False))

figures = [*st.columns(3), *st.columns(3)]
delivered = record["label"] == "delivered"
p50, p85, target = to_date(forecast["p50"]), to_date(forecast["p85"]), to_date(entry["target_date"])
none = t("roadmap.no_value")
if delivered:
    figures[0].metric(t("roadmap.metric.delivered"), day(to_date(record["done_date"])))
else:
    figures[0].metric(t("roadmap.metric.p50"), day(p50) if p50 else none)
    figures[1].metric(t("roadmap.metric.p85"), day(p85) if p85 else none)
    figures[2].metric(t("roadmap.metric.chance"), format_probability(forecast["on_time_probability"], lang)
                      if forecast["on_time_probability"] is not None else none)
figures[3].metric(t("roadmap.metric.drift"), signed_days(entry["drift_days"]))
figures[4].metric(t("roadmap.metric.extra_cost"), money(entry["extra_cost"], currency))
figures[5].metric(t("roadmap.metric.cost_of_delay"), money(entry["cost_of_delay"], currency))

left, right = st.columns([3, 2], gap="large")
with left:
    st.markdown(f"#### {t('roadmap.dist')}")
    dist = section["distributions"].get(key)
    if delivered:
        st.info(t("roadmap.dist.delivered", date=day(to_date(record["done_date"]))))
    elif dist and p50:
        st.plotly_chart(distribution(dist, p50=p50, p85=p85, target=target), width="stretch",
                        config={"displayModeBar": False})
        st.caption(t("roadmap.dist.help", trials=trials))
        with st.expander(t("technical.details")):  # for the CTO: what makes the forecast reproducible
            st.caption(t("roadmap.dist.technical", trials=trials, seed=forecast["seed"]))
    else:
        st.warning(t("roadmap.dist.none", reason=forecast["reason"][lang] if forecast["reason"] else ""))
    if entry.get("trail"):  # absent from snapshots frozen before the trail existed
        st.markdown(f"#### {t('roadmap.trail')}")
        st.plotly_chart(trail_chart(entry["trail"]), width="stretch", config={"displayModeBar": False})
        st.caption(t("roadmap.trail.help", points=len(entry["trail"])))
        if why := change_sentence(entry.get("change"), lang):
            st.markdown(charts.md_text(why))

with right:
    st.markdown(f"#### {t('roadmap.ledger')}")
    if record["target_source"] == "workspace" or record["baseline_source"] == "workspace":
        st.caption(t("roadmap.ledger.workspace", baseline=day(to_date(entry["baseline_date"]))
                     if entry["baseline_date"] else none, target=day(target) if target else none))


    history = entry["target_history"]
    if history:
        st.dataframe(
            pd.DataFrame({
                "when": [day(pd.Timestamp(h["at"]).date()) for h in history],
                "change": [change_text(h) for h in history],
            }),
            hide_index=True, width="stretch",
            column_config={"when": t("roadmap.col.when"), "change": t("roadmap.col.change")},
        )
        sources = sorted({t(f"roadmap.source.{h['source']}") for h in history})
        st.caption(t("roadmap.ledger.source", source=", ".join(sources)))
    else:
        st.caption(t("roadmap.ledger.none"))

    st.markdown(f"#### {t('roadmap.deps')}")
    lines = []
    for d in section["dependencies"]:
        if d["key"] == key:
            on = html.escape(roadmap[d["on"]]["name"])
            lines.append(t("roadmap.deps.waits", on=on, lag=lag_text(d["lag_weeks"])))
            if d["shift_days"]:
                lines.append(t("roadmap.deps.shift", on=on, shift=format_duration(d["shift_days"], lang)))
        elif d["on"] == key:
            item = html.escape(roadmap[d["key"]]["name"])
            lines.append(t("roadmap.deps.waited_by", item=item, lag=lag_text(d["lag_weeks"])))
            if d["shift_days"]:
                lines.append(t("roadmap.deps.moves", item=item, shift=format_duration(d["shift_days"], lang)))
    st.html("".join(f'<div class="pl-line">{line}</div>' for line in lines) if lines
            else f'<div class="pl-line">{html.escape(t("roadmap.deps.none"))}</div>')

with st.expander(t("roadmap.evidence")):
    left, right = st.columns([3, 2], gap="large")
    with left:
        work = section["remaining"].get(key, {"count": 0, "rows": []})
        shown = len(work["rows"])
        st.caption(t("roadmap.evidence.capped", count=work["count"], shown=shown) if shown < work["count"]
                   else t("roadmap.evidence.remaining", count=work["count"]))
        if work["rows"]:
            frame = pd.DataFrame(work["rows"])
            frame["stage"] = [t(f"roadmap.stage.{s}") for s in frame["stage"]]
            st.dataframe(
                frame[["key", "title", "status", "stage", "url"]], hide_index=True, width="stretch",
                column_config={"key": t("roadmap.col.key"), "title": t("roadmap.col.title"),
                               "status": t("roadmap.col.jira_status"), "stage": t("roadmap.col.stage"),
                               "url": st.column_config.LinkColumn(t("roadmap.col.link"), display_text="↗")},
            )
        growth = entry["scope_growth"]
        st.caption(t("roadmap.evidence.scope", children=entry["children"],
                     growth=growth if growth is not None else none))
    with right:
        inputs = forecast["inputs"]
        if inputs["source"]:
            source = t("roadmap.evidence.own") if inputs["source"] == "own children" else \
                t("roadmap.evidence.team_share", count=inputs["team_items_in_progress"])
            st.caption(t("roadmap.evidence.pace", source=source, weeks=weeks))
            pace = pd.Series(inputs["block_samples"], index=pd.to_datetime(inputs["block_starts"]))
            st.plotly_chart(charts.weekly_bars(pace, t("roadmap.col.done")), width="stretch",
                            config={"displayModeBar": False})

with st.expander(t("roadmap.ledger.all")):
    ledger = [(roadmap[r["key"]]["name"], h) for r in records for h in roadmap[r["key"]]["target_history"]]
    if ledger:
        st.dataframe(
            pd.DataFrame({
                "item": [name for name, _ in ledger],
                "when": [day(pd.Timestamp(h["at"]).date()) for _, h in ledger],
                "change": [change_text(h) for _, h in ledger],
                "source": [t(f"roadmap.source.{h['source']}") for _, h in ledger],
            }, index=[h["at"] for _, h in ledger]).sort_index(kind="stable"),  # in time order, dates as words
            hide_index=True, width="stretch",
            column_config={"item": t("roadmap.col.item"), "when": t("roadmap.col.when"),
                           "change": t("roadmap.col.change"), "source": t("roadmap.col.source")},
        )
    else:
        st.caption(t("roadmap.ledger.none"))

# ------------------------------------------------------------------------------------------- what-if
st.divider()
st.subheader(t("roadmap.whatif"))


@st.cache_data(show_spinner=False, max_entries=256)
def what_if_result(url: str, version: int, settings: str, as_of: date, seed: int, key: str, remove: int,
                   lend: tuple, lags: tuple, _inputs: ViewInputs, _ws: Workspace) -> dict:
    """The item's roadmap entry before and after the changes, and the other items whose 85% date moves.

    `lend`: (team, share) or (); `lags`: ((dependency key, lag weeks or None to remove it), …). Cached on the data
    version, the workspace fingerprint (`settings`), the date, the item and the controls: the same question is never
    simulated twice, and an edited assumption is never answered from the old one.
    """
    changes = [RemoveScope(key, remove)] if remove else []
    if lend:
        changes.append(AddThroughput(key, lend[0], lend[1]))
    changes += [SetDependency(key, on, lag) for on, lag in lags]
    result = what_if(_inputs.roadmap.inputs, _ws, changes, before=_inputs.roadmap)
    others = [k for k in result.moved() if k != key]
    return {"item": result.item(key), "blocked_by": result.blocked_by(key),
            "moved": [{"key": k, **{side: v["forecast"]["p85"] for side, v in result.item(k).items()}}
                      for k in others]}


disabled = not c.live or delivered
if not c.live:
    st.info(t("roadmap.whatif.snapshot"), icon=":material/lock:")
elif delivered:
    st.info(t("roadmap.whatif.done"))
else:
    st.caption(t("roadmap.whatif.intro"))
controls = st.columns(3, gap="large")
with controls[0]:
    remove = st.slider(t("roadmap.whatif.remove", remaining=entry["remaining"]), 0, max(entry["remaining"], 1), 0,
                       key=f"whatif_remove_{key}", disabled=disabled or entry["remaining"] == 0)
with controls[1]:
    lenders = {"": t("roadmap.whatif.nobody")} | {m["name"]: m["name"] for m in views["meta"]["teams"]}
    lender = st.selectbox(t("roadmap.whatif.team"), list(lenders), key=f"whatif_team_{key}", disabled=disabled,
                          format_func=lenders.get)
    share = st.slider(t("roadmap.whatif.share"), 5, 100, 25, step=5, key=f"whatif_share_{key}",
                      disabled=disabled or not lender)
with controls[2]:
    lags = []
    if not forecast["inputs"]["dependencies"]:
        st.caption(t("roadmap.whatif.no_dependency"))
    for dep in forecast["inputs"]["dependencies"]:
        on = roadmap[dep["key"]]["name"] if dep["key"] in roadmap else dep["key"]  # business names, not Jira keys
        lag = st.number_input(t("roadmap.whatif.lag", on=on), 0.0, 26.0, float(dep["lag_weeks"]), step=0.5,
                              format="%.1f",
                              key=f"whatif_lag_{key}_{dep['key']}", disabled=disabled)
        drop = st.checkbox(t("roadmap.whatif.drop", on=on), key=f"whatif_drop_{key}_{dep['key']}",
                           disabled=disabled)
        if drop:
            lags.append((dep["key"], None))
        elif lag != dep["lag_weeks"]:
            lags.append((dep["key"], lag))

if not disabled:
    lend = (lender, share / 100) if lender else ()
    if not (remove or lend or lags):
        st.caption(t("roadmap.whatif.unchanged"))
    else:
        try:
            with st.spinner(t("roadmap.whatif.computing")):
                result = what_if_result(c.ws.store, c.data.data_version, fingerprint(c.ws), c.as_of,
                                        views["meta"]["seed"], key, remove, lend, tuple(lags),
                                        live_inputs(c.ws, c.data, c.as_of), c.ws)
        except WorkspaceError as e:
            st.error(t("roadmap.whatif.error", message="; ".join(e.problems)))
        else:
            before, after = result["item"]["before"], result["item"]["after"]

            def figure_values(e: dict) -> list[str]:
                f = e["forecast"]
                return [day(to_date(f["p50"])) if f["p50"] else none, day(to_date(f["p85"])) if f["p85"] else none,
                        format_probability(f["on_time_probability"], lang) if f["on_time_probability"] is not None
                        else none, signed_days(e["drift_days"]), money(e["extra_cost"], currency),
                        money(e["cost_of_delay"], currency)]

            st.dataframe(
                pd.DataFrame({
                    "figure": [t(f"roadmap.metric.{m}") for m in ("p50", "p85", "chance", "drift", "extra_cost",
                                                                   "cost_of_delay")],
                    "before": figure_values(before), "after": figure_values(after),
                }),
                hide_index=True, width="stretch",
                column_config={"figure": t("roadmap.whatif.figure"), "before": t("roadmap.whatif.before"),
                               "after": t("roadmap.whatif.after")},
            )
            if entry_figures(before) == entry_figures(after):  # say why nothing moved
                blockers = result["blocked_by"]
                st.info(t("roadmap.whatif.blocked", names=", ".join(blockers)) if blockers
                        else t("roadmap.whatif.no_effect"), icon=":material/block:")
            st.markdown(f"**{t('roadmap.whatif.statement')}**")
            st.html(statement_html(label(after["status"], bool(after["forecast"]["p85"]), False),
                                   after["statement"][lang]))
            for m in result["moved"]:
                moved = t("roadmap.whatif.moved", item=roadmap[m["key"]]["name"],
                          before=day(to_date(m["before"])) if m["before"] else none,
                          after=day(to_date(m["after"])) if m["after"] else none)
                st.html(f'<div class="pl-line">{html.escape(moved)}</div>')
