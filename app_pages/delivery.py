"""Delivery: does each team deliver what it plans, how does work flow, what is stuck (views["delivery"])."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from presentation import charts_delivery as charts
from presentation.charts import md_text
from presentation.charts_delivery import fmt_days, fmt_number, fmt_pct
from presentation.i18n import fmt_date, fmt_int, label, language, t
from ui.context import ctx

ALL = "*"

c = ctx()
view, meta = c.views["delivery"], c.views["meta"]
lang = language()
definitions = {d["id"]: d for d in c.views["definitions"]}
weeks = meta["weeks"]
window_weeks = [w["week"] for w in view["scopes"][ALL]["throughput"]]
team = c.filters.team or ALL


def day(iso: str | None) -> str:
    return fmt_date(date.fromisoformat(iso[:10])) if iso else "—"


def help_of(metric_id: str) -> str | None:
    d = definitions.get(metric_id)
    return d["definition"][lang] if d else None


def confidence_note(block: dict | None, key: str) -> bool:
    """Say what the figure rests on; warn when below 50%. Returns True when the figure must be shown greyed."""
    if not block or block.get("ratio") is None:
        return False
    values = {"ratio": fmt_pct(block["ratio"]), "numerator": fmt_int(block["numerator"]),
              "denominator": fmt_int(block["denominator"])}
    if block.get("low"):
        st.warning(t("delivery.conf.low", **values), icon=":material/warning:")
        return True
    st.caption(t(key, **values))
    return False


def table(rows: list[dict], columns: dict[str, str], links: dict[str, str] | None = None, *,
          more: dict[str, str] | None = None) -> None:
    """A read-only table: `columns` maps row keys to translated labels (text columns), `links` to link columns.
    `more`: further columns, for the CTO, shown with all the others in an expander below (so the table on the
    page fits its width)."""
    frame = pd.DataFrame(rows, columns=[*columns, *(more or {}), *(links or {})])
    config = {k: st.column_config.TextColumn(label) for k, label in (columns | (more or {})).items()}
    config |= {k: st.column_config.LinkColumn(label, display_text="↗", width="small")
               for k, label in (links or {}).items()}
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config,
                 column_order=[*columns, *(links or {})])
    if more:
        with st.expander(t("delivery.table.all_columns")):
            st.dataframe(frame, hide_index=True, width="stretch", column_config=config)


s = view["scopes"].get(team)
if s is None:
    st.warning(t("delivery.unknown_team", team=md_text(team)))
    st.stop()
team_label = team if team != ALL else t("delivery.all_teams")
team_column = {"team": t("delivery.col.team")} if team == ALL else {}  # evidence tables name the team when mixed
items = view["items"]
summary = s["summary"]

st.title(t("delivery.title", team=md_text(team_label)))
st.caption(t("delivery.window", as_of=day(meta["as_of"]), weeks=weeks, start=day(meta["window_start"]),
             end=day(meta["window_end"])))

# ------------------------------------------------------------------------------------------ opening sentences
lead = []
if team == ALL:
    rows = [r for r in s["teams"] if r["planning_accuracy"] is not None]
    if rows:
        low, high = min(rows, key=lambda r: r["planning_accuracy"]), max(rows, key=lambda r: r["planning_accuracy"])
        lead.append(t("delivery.lead.all_sprints", teams=len(s["teams"]),
                      accuracy=fmt_pct(summary["planning_accuracy"]), weeks=weeks,
                      low=fmt_pct(low["planning_accuracy"]), low_team=md_text(low["team"]),
                      high=fmt_pct(high["planning_accuracy"]), high_team=md_text(high["team"])))
    irregular = [md_text(r["team"]) for r in s["teams"] if r["pace"] == "irregular"]
    if irregular:
        lead.append(t("delivery.lead.irregular", teams=", ".join(irregular)))
elif summary["sprints"]:
    values = {"team": md_text(team), "accuracy": fmt_pct(summary["planning_accuracy"]), "sprints": summary["sprints"]}
    if summary["pace"]:
        lead.append(t("delivery.lead.sprints", pace=t(f"delivery.pace.{summary['pace']}"), **values))
    else:
        lead.append(t("delivery.lead.sprints_no_pace", **values))
else:
    lead.append(t("delivery.lead.no_sprints", team=md_text(team), weeks=weeks))
finished, cycle = s["finished"]["count"], s["cycle_time"]
if finished:
    lead.append(t("delivery.lead.all_flow" if team == ALL else "delivery.lead.flow", finished=fmt_int(finished),
                  weeks=weeks, per_week=fmt_number(s["throughput_median"]), p50=fmt_days(cycle["p50"]),
                  p85=fmt_days(cycle["p85"])))
else:
    lead.append(t("delivery.lead.no_flow", weeks=weeks))
if s["ageing"]["over"]:
    lead.append(t("delivery.lead.wip", wip=fmt_int(s["wip"]), over=fmt_int(s["ageing"]["over"])))
else:
    lead.append(t("delivery.lead.wip_ok", wip=fmt_int(s["wip"])))
st.markdown("  \n".join(lead))  # one line per sentence: predictability, flow, work in progress

k1, k2, k3 = st.columns(3)
k4, k5, k6 = st.columns(3)
k1.metric(t("delivery.kpi.planning"), fmt_pct(summary["planning_accuracy"]), help=help_of("planning_accuracy"))
k2.metric(t("delivery.kpi.capacity"), fmt_pct(summary["capacity_accuracy"]), help=help_of("capacity_accuracy"))
if team == ALL:
    irregular_count = sum(r["pace"] == "irregular" for r in s["teams"])
    k3.metric(t("delivery.kpi.irregular"), t("delivery.kpi.of", n=irregular_count, total=len(s["teams"])),
              help=help_of("velocity_stability"))
else:
    k3.metric(label("velocity_stability"), fmt_pct(summary["velocity_stability"]),
              help=help_of("velocity_stability"))
if summary["pace"]:
    k3.caption(t("delivery.kpi.stability_caption", pace=t(f"delivery.pace.{summary['pace']}"),
                 sprints=summary["stability_sprints"], unit=t(f"delivery.unit.{summary['stability_unit']}")))
k4.metric(t("delivery.kpi.finished", weeks=weeks), fmt_int(finished), help=help_of("throughput"))
k5.metric(t("delivery.kpi.cycle"), f"{fmt_number(cycle['p50'])} / {fmt_days(cycle['p85'])}", help=help_of("cycle_time"))
k6.metric(t("delivery.kpi.wip"), f"{fmt_int(s['wip'])} ({fmt_int(s['ageing']['over'])})", help=help_of("ageing_wip"))

# ------------------------------------------------------------------------------------------ sprints
sprints = s["sprints"]
sprint_columns = {  # the ratios first, so they show without scrolling; the sizes behind them in "all columns"
    "name": t("delivery.col.sprint"), "ended": t("delivery.col.ended"), "planning": t("delivery.col.planning"),
    "capacity": t("delivery.col.capacity"), "committed": t("delivery.col.committed"),
    "completed": t("delivery.col.completed"),
}
sprint_details = {k: t(f"delivery.col.{k}") for k in (
    "scope_change", "completed_committed", "added", "removed", "carry_over", "unit", "estimated")}


def sprint_rows(rows: list[dict]) -> list[dict]:
    return [{
        "team": r["team"], "name": r["name"], "ended": day(r["end"]), "unit": t(f"delivery.unit.{r['unit']}"),
        **{k: fmt_number(r[k]) for k in ("committed", "added", "removed", "completed_committed", "completed",
                                         "carry_over")},
        "planning": fmt_pct(r["planning_accuracy"]), "capacity": fmt_pct(r["capacity_accuracy"]),
        "scope_change": fmt_pct(r["scope_change"]),
        "estimated": t("delivery.estimated_cell", estimated=r["estimated_committed"], committed=r["committed_items"],
                       share=fmt_pct(r["estimated_share"])) if r["committed_items"] else "—",
        "url": r["url"],
    } for r in rows]


if team == ALL:
    st.subheader(t("delivery.sprints.all_title"))
    if sprints:
        st.caption(t("delivery.sprints.all_help", weeks=weeks))
        st.plotly_chart(charts.accuracy_by_team(sprints, [r["team"] for r in s["teams"]], window_weeks),
                        width="stretch")
    else:
        st.info(t("delivery.no_sprints_all", weeks=weeks))
    comparison = [{
        "team": r["team"], "sprints": str(r["sprints"]), "planning": fmt_pct(r["planning_accuracy"]),
        "capacity": fmt_pct(r["capacity_accuracy"]), "scope_change": fmt_pct(r["scope_change"]),
        "regularity": fmt_pct(r["velocity_stability"]),
        "pace": t(f"delivery.pace.{r['pace']}") if r["pace"] else "—", "finished": fmt_int(r["finished"]),
        "cycle_p50": fmt_days(r["cycle_p50"]), "wip": fmt_int(r["wip"]), "ageing_over": fmt_int(r["ageing_over"]),
    } for r in s["teams"]]
    st.markdown(f"**{t('delivery.table.teams', weeks=weeks)}**")
    table(comparison, {k: t(f"delivery.col.{k}") for k in (
        "team", "planning", "scope_change", "pace", "finished", "cycle_p50", "wip")},
          more={k: t(f"delivery.col.{k}") for k in ("sprints", "capacity", "regularity", "ageing_over")})
else:
    st.subheader(t("delivery.sprints.title"))
    if not sprints:
        board = s["board"]
        st.info(t("delivery.no_board", team=md_text(team)) if board is None else
                t("delivery.no_sprints", team=md_text(team), weeks=weeks, board=board))
    else:
        st.caption(t("delivery.sprints.help"))
        rule = fmt_pct(view["points_rule"])
        in_items = [r for r in sprints if r["unit"] == "items"]
        if in_items:
            named = ", ".join(t("delivery.unit.sprint_estimated", sprint=md_text(r["name"]),
                                estimated=r["estimated_committed"], committed=r["committed_items"],
                                share=fmt_pct(r["estimated_share"])) for r in in_items)
            st.caption(t("delivery.unit.some_items", sprints=named, rule=rule))
        else:
            st.caption(t("delivery.unit.all_points", rule=rule))
        muted = confidence_note(s["confidence"].get("estimated_items"), "delivery.conf.estimated_items")
        st.plotly_chart(charts.sprint_chart(sprints, s["chart_unit"], muted=muted), width="stretch")
        st.caption(t("delivery.sprints.summary", sprints=summary["sprints"], scope=fmt_pct(summary["scope_change"]),
                     carry=fmt_int(summary["carry_over_items"])))

if sprints:
    st.markdown(f"**{t('delivery.table.sprints')}**")
    table(sprint_rows(sprints), team_column | sprint_columns, {"url": t("delivery.col.link")}, more=sprint_details)
    with st.expander(t("delivery.sprints.evidence")):
        by_id = {r["id"]: r for r in sprints}
        chosen = st.selectbox(t("delivery.sprints.pick"), list(reversed(list(by_id))), key="delivery_sprint",
                              format_func=lambda i: f"{by_id[i]['name']} · {day(by_id[i]['end'])}")
        members = view["sprint_members"].get(chosen, [])
        yes = t("delivery.yes")
        table([{"key": m["key"], "title": items.get(m["key"], {}).get("title") or "",
                **{k: yes if m[k] else "" for k in ("committed", "added", "removed", "completed", "carry_over")},
                "points": fmt_number(m["points"]), "url": items.get(m["key"], {}).get("url")} for m in members],
              {"key": t("delivery.col.key"), "title": t("delivery.col.title"),
               "committed": t("delivery.col.committed"), "added": t("delivery.col.added"),
               "removed": t("delivery.col.removed"), "completed": t("delivery.col.completed"),
               "carry_over": t("delivery.col.carry_over"), "points": t("delivery.col.points")},
              {"url": t("delivery.col.link")})
        total = by_id[chosen]["in_items"]["committed"] + by_id[chosen]["in_items"]["added"]
        if total > len(members):
            st.caption(t("delivery.sprints.capped", shown=len(members), count=total))

# ------------------------------------------------------------------------------------------ flow
st.subheader(t("delivery.throughput.title"))
if finished:
    st.caption(t("delivery.throughput.help", median=fmt_number(s["throughput_median"])))
    st.plotly_chart(charts.throughput_chart(s["throughput"], s["throughput_median"]), width="stretch")
else:
    st.info(t("delivery.no_finished", weeks=weeks, team=md_text(team_label)))

st.subheader(t("delivery.cycle.title"))
if cycle["count"]:
    st.caption(t("delivery.cycle.help", weeks=weeks, p50=fmt_days(cycle["p50"]), p85=fmt_days(cycle["p85"]),
                 p95=fmt_days(cycle["p95"]), count=fmt_int(cycle["count"])))
    muted = confidence_note(s["confidence"].get("items_with_start"), "delivery.conf.items_with_start")
    st.plotly_chart(charts.cycle_scatter(s["finished"]["rows"], items, cycle, window_weeks, muted=muted),
                    width="stretch")
    if s["finished"]["shown"] < finished:
        st.caption(t("delivery.cycle.thinned", shown=fmt_int(s["finished"]["shown"]), count=fmt_int(finished)))
    lead_time = s["lead_time"]
    st.caption(t("delivery.lead_time", p50=fmt_days(lead_time["p50"]), p85=fmt_days(lead_time["p85"])))
elif finished:
    st.info(t("delivery.cycle.none"))
if finished:
    with st.expander(t("delivery.finished.evidence")):
        rows = sorted(s["finished"]["rows"], key=lambda r: r["done_at"], reverse=True)
        table([{"key": r["key"], "title": items.get(r["key"], {}).get("title") or "", "team": r["team"],
                "done": day(r["done_at"]), "cycle_days": fmt_days(r["cycle_days"]),
                "lead_days": fmt_days(r["lead_days"]), "url": items.get(r["key"], {}).get("url")} for r in rows],
              {"key": t("delivery.col.key"), "title": t("delivery.col.title"), **team_column,
               "done": t("delivery.col.done"), "cycle_days": t("delivery.col.cycle_days"),
               "lead_days": t("delivery.col.lead_days")}, {"url": t("delivery.col.link")})
        if s["finished"]["shown"] < finished:
            st.caption(t("delivery.cycle.thinned", shown=fmt_int(s["finished"]["shown"]), count=fmt_int(finished)))

# ------------------------------------------------------------------------------------------ ageing work
st.subheader(t("delivery.ageing.title"))
ageing = s["ageing"]
if ageing["count"]:
    st.caption(t("delivery.ageing.help", as_of=day(meta["as_of"])))
    st.plotly_chart(charts.ageing_chart(ageing["rows"], items, by_team=team == ALL), width="stretch")
    st.markdown(f"**{t('delivery.table.in_progress')}**")
    table([{"key": r["key"], "title": items.get(r["key"], {}).get("title") or "", "team": r["team"],
            "status": r["status"], "started": day(r["started_at"]), "age": fmt_days(r["age_days"]),
            "over": t("delivery.yes") if r["over_p85"] else "", "url": items.get(r["key"], {}).get("url")}
           for r in ageing["rows"]],
          {"key": t("delivery.col.key"), "title": t("delivery.col.title"), **team_column,
           "status": t("delivery.col.status"), "started": t("delivery.col.started"), "age": t("delivery.col.age"),
           "over": t("delivery.col.ageing_over")}, {"url": t("delivery.col.link")})
    if ageing["shown"] < ageing["count"]:
        st.caption(t("delivery.ageing.capped", shown=ageing["shown"], count=ageing["count"]))
else:
    st.info(t("delivery.ageing.none", as_of=day(meta["as_of"])))

# ------------------------------------------------------------------------------------------ cumulative flow
st.subheader(t("delivery.cfd.title"))
st.caption(t("delivery.cfd.help"))
st.plotly_chart(charts.cfd_chart(s["cfd"]), width="stretch")
