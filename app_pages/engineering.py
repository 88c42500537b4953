"""Engineering: the DORA four keys per team and repository, against the 2024 benchmark (views["engineering"]).
Teams and repositories only: nothing here names a person."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from presentation import charts_delivery as charts
from presentation.charts import md_text
from presentation.charts_delivery import fmt_days, fmt_hours, fmt_number, fmt_pct
from presentation.i18n import band_words, fmt_date, fmt_int, label, language, t, tn
from presentation.trend import Change
from ui.context import ctx

ALL = "*"
BADGE = {"elite": "green", "high": "blue", "medium": "orange", "low": "red", None: "gray"}

c = ctx()
view, meta = c.views["engineering"], c.views["meta"]
lang = language()
definitions = {d["id"]: d for d in c.views["definitions"]}
weeks = meta["weeks"]
team = c.filters.team or ALL


def day(iso: str | None) -> str:
    return fmt_date(date.fromisoformat(iso[:10])) if iso else "—"


def help_of(metric_id: str) -> str | None:
    return definitions[metric_id]["definition"][lang] if metric_id in definitions else None


def table(rows: list[dict], columns: dict[str, str], links: dict[str, str]) -> None:
    frame = pd.DataFrame(rows, columns=[*columns, *links])
    config = {k: st.column_config.TextColumn(label) for k, label in columns.items()}
    config |= {k: st.column_config.LinkColumn(label, display_text="↗", width="small") for k, label in links.items()}
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config)


def confidence_note(block: dict | None, key: str) -> bool:
    """Say what the figure rests on; warn when below 50% (returns True: show the figure greyed)."""
    if not block or block.get("ratio") is None:
        return False
    values = {"ratio": fmt_pct(block["ratio"]), "numerator": fmt_int(block["numerator"]),
              "denominator": fmt_int(block["denominator"])}
    if block.get("low"):
        st.warning(t("delivery.conf.low", **values), icon=":material/warning:")
        return True
    st.caption(t(key, **values))
    return False


# ------------------------------------------------------------------------------------------ scope
if team not in view["teams"]:
    st.warning(t("eng.unknown", name=md_text(team)))
    st.stop()
team_block = view["teams"][team]
repos = team_block["repos"]
options = ["", *repos]
wanted = st.query_params.get("repo", "")
title_slot = st.empty()
caption_slot = st.empty()
repo = st.selectbox(
    t("eng.repo"), options, index=options.index(wanted) if wanted in options else 0, key=f"eng_repo_{team}",
    format_func=lambda r: r or (t("eng.all_repos", team=team) if team != ALL else t("eng.all_repos_all")),
)
if repo:
    st.query_params["repo"] = repo
elif "repo" in st.query_params:
    del st.query_params["repo"]
block = view["repos"][repo] if repo else team_block
scope_label = repo or (team if team != ALL else t("eng.all_teams"))
figures, bands = block["figures"], block["bands"]

title_slot.title(t("eng.title", scope=md_text(scope_label)))
caption_slot.caption(t("eng.window", as_of=day(meta["as_of"]), weeks=weeks, start=day(meta["window_start"]),
             end=day(meta["window_end"])))

if not repos:
    st.info(t("eng.no_repos", team=md_text(team)) if team != ALL else t("eng.no_repos_all"))

# ------------------------------------------------------------------------------------------ opening sentences
lead = []
frequency = bands.get("deployment_frequency", {})
whole = team == ALL and not repo  # the sentence speaks of the teams together
if figures["deployments"]:
    lead.append(t("eng.lead.releases_all" if whole else "eng.lead.releases", scope=md_text(scope_label),
                  deployments=fmt_int(figures["deployments"]), weeks=weeks,
                  days=fmt_number(figures["deploy_days_per_week_median"]), band=band_words(frequency.get("band"))))
    if figures["lead_time_p50_hours"] is not None:
        lead.append(t("eng.lead.lead_time", p50=fmt_hours(figures["lead_time_p50_hours"]),
                      p85=fmt_hours(figures["lead_time_p85_hours"])))
    lead.append(t("eng.lead.cfr", cfr=fmt_pct(figures["change_failure_rate"]),
                  failed=fmt_int(figures["failed_deployments"]), deployments=fmt_int(figures["deployments"])))
else:
    lead.append(t("eng.lead.no_releases_all" if whole else "eng.lead.no_releases", scope=md_text(scope_label),
                  weeks=weeks))
if figures["time_to_restore_count"]:
    lead.append(t("eng.lead.restore", ttr=fmt_hours(figures["time_to_restore_p50_hours"])))
elif not figures["open_incidents"]:
    lead.append(t("eng.lead.no_incidents"))
if figures["open_incidents"]:
    lead.append(tn("eng.lead.open", figures["open_incidents"], open=fmt_int(figures["open_incidents"])))
if figures["undeployed_prs"]:
    lead.append(tn("eng.lead.undeployed", figures["undeployed_prs"], count=fmt_int(figures["undeployed_prs"])))
st.markdown(" ".join(lead))

for name in block["repos"]:
    source = view["sources"].get(name, {"kind": "none", "environments": [], "workflows": [], "releases": 0})
    if source["kind"] == "releases":
        st.info(t("eng.source.releases", repo=md_text(name), count=fmt_int(source["releases"])),
                icon=":material/new_releases:")
    elif source["kind"] == "no_production":
        st.warning(t("eng.source.no_production", repo=md_text(name), pattern=view["production"],
                     environments=", ".join(md_text(e) for e in source["environments"])))
    elif source["kind"] == "none":
        st.warning(t("eng.source.none", repo=md_text(name)))
    elif source["kind"] == "workflow":
        st.info(t("sources.workflow_note", repo=md_text(name),
                  workflows=", ".join(md_text(w) for w in source["workflows"])), icon=":material/rocket_launch:")
if figures.get("direct_commits"):  # .get: snapshots taken before commits were read lack the key
    st.caption(t("sources.direct_commits", count=fmt_int(figures["direct_commits"]),
                 undeployed=fmt_int(figures["undeployed_commits"])))

# ------------------------------------------------------------------------------------------ the four keys


def trend_delta(key: str, diff_text: str) -> tuple[str | None, str, str]:
    """(delta text, colour, arrow) for st.metric: the sign of the change, then better / worse in words; the arrow
    means better (↑) or worse (↓), as everywhere (presentation.trend)."""
    b = bands.get(key, {})
    if not b.get("trend") or b.get("value") is None or b.get("previous") is None:
        return None, "off", "off"
    words = t(f"eng.trend.{b['trend']}", weeks=weeks)
    sign = "-" if b["value"] < b["previous"] else "+"
    delta = Change(b["trend"], "" if b["trend"] == "same" else sign + diff_text).metric_delta(words)
    return delta["delta"], delta["delta_color"], delta["delta_arrow"]


def next_band(key: str) -> str:
    b = bands.get(key, {})
    if not b.get("band"):
        return ""
    if not b.get("next_band"):
        return t("eng.band.top")
    measure, gap, target = b["measure"], b["gap"], b["target"]
    values = {"band": band_words(b["next_band"]), "direction": t(f"eng.direction.{b['direction']}")
              if b["direction"] in ("below", "at_most") else ""}
    if measure == "deploy_days_per_week_median":
        values |= {"gap": fmt_number(gap), "target": fmt_number(target)}
    elif measure == "deployments_per_week":
        values |= {"gap": fmt_number(gap, 2), "target": fmt_number(target, 2)}
    elif measure == "change_failure_rate":
        values |= {"gap": fmt_number(gap * 100), "target": fmt_pct(target, 1)}
    else:
        values |= {"gap": fmt_hours(gap), "target": fmt_hours(target)}
    return t(f"eng.next.{measure}", **values)


def previous(key: str, formatter) -> str:
    b = bands.get(key, {})
    if b.get("previous") is None:
        return ""
    return t("eng.previous", weeks=weeks, value=formatter(b["previous"]), band=band_words(b.get("previous_band")))


def tile(column, key: str, metric_id: str, value: str, diff, formatter, detail: str) -> None:
    b = bands.get(key, {})
    delta, colour, arrow = trend_delta(key, diff(b) if b.get("previous") is not None and b.get("value") is not None
                                       else "")
    column.metric(label(metric_id), value, delta=delta, delta_color=colour, delta_arrow=arrow,
                  help=help_of(metric_id))
    column.markdown(f":{BADGE[b.get('band')]}-badge[{t('band.against', band=band_words(b.get('band')))}]")
    column.caption(detail)
    column.caption(" ".join(x for x in (next_band(key), previous(key, formatter)) if x))


def per_week(x: float | None) -> str:
    return t("eng.kpi.per_week", n=fmt_number(x))


k1, k2 = st.columns(2)
k3, k4 = st.columns(2)
tile(k1, "deployment_frequency", "deployment_frequency", per_week(figures["deployments_per_week"]),
     lambda b: fmt_number(abs(b["value"] - b["previous"])), per_week,
     tn("eng.kpi.deploy_days", figures["deploy_days_per_week_median"], days=fmt_number(figures["deploy_days_per_week_median"]),
       deployments=fmt_int(figures["deployments"]), weeks=weeks))
tile(k2, "lead_time", "lead_time_for_changes", fmt_hours(figures["lead_time_p50_hours"]),
     lambda b: fmt_hours(abs(b["value"] - b["previous"])), fmt_hours,
     t("eng.kpi.lead_detail", p85=fmt_hours(figures["lead_time_p85_hours"]), count=fmt_int(figures["lead_time_count"])))
with k2:
    if figures["missing_first_commit"]:
        st.caption(tn("eng.kpi.missing_first_commit", figures["missing_first_commit"], count=fmt_int(figures["missing_first_commit"])))
    lead_muted = confidence_note(block["confidence"].get("prs_deployed"), "eng.conf.prs_deployed")
tile(k3, "change_failure_rate", "change_failure_rate", fmt_pct(figures["change_failure_rate"]),
     lambda b: t("eng.points", n=fmt_number(abs(b["value"] - b["previous"]) * 100)), fmt_pct,
     t("eng.kpi.cfr_detail", failed=fmt_int(figures["failed_deployments"]),
       deployments=fmt_int(figures["deployments"])))
with k3:
    confidence_note(block["confidence"].get("incidents_linked"), "eng.conf.incidents_linked")
tile(k4, "time_to_restore", "time_to_restore", fmt_hours(figures["time_to_restore_p50_hours"]),
     lambda b: fmt_hours(abs(b["value"] - b["previous"])), fmt_hours,
     tn("eng.kpi.ttr_detail", figures["time_to_restore_count"], count=fmt_int(figures["time_to_restore_count"]), open=fmt_int(figures["open_incidents"])))

# ------------------------------------------------------------------------------------------ releases per week
st.subheader(t("eng.deploys.title"))
st.caption(t("eng.deploys.help"))
st.plotly_chart(charts.deploy_chart(block["weekly"]), width="stretch")

# ------------------------------------------------------------------------------------------ lead-time breakdown
st.subheader(t("eng.breakdown.title"))
if block["breakdown"]:
    st.caption(t("eng.breakdown.help", count=fmt_int(block["prs_count"]), weeks=weeks,
                 total=fmt_hours(figures["lead_time_p50_hours"])))
    labelled = [r | {"label": t("eng.all_repos_all") if r["label"] == ALL else r["label"]} for r in block["breakdown"]]
    st.plotly_chart(charts.breakdown_chart(labelled, muted=lead_muted), width="stretch")
    with st.expander(t("eng.prs.evidence", count=fmt_int(block["prs_count"]))):
        table([{"repo": r["repo"], "number": str(r["number"]), "title": r["title"] or "",
                "first_commit": day(r["first_commit_at"]), "opened": day(r["opened_at"]), "merged": day(r["merged_at"]),
                "deployed": day(r["deployed_at"]), "lead_time": fmt_hours(r["lead_time_hours"]), "url": r["url"]}
               for r in block["prs"]],
              {k: t(f"eng.col.{k}") for k in ("repo", "number", "title", "first_commit", "opened", "merged",
                                               "deployed")} | {"lead_time": label("lead_time_for_changes")},
              {"url": t("eng.col.link")})
        if len(block["prs"]) < block["prs_count"]:
            st.caption(t("eng.capped", shown=fmt_int(len(block["prs"])), count=fmt_int(block["prs_count"])))
else:
    st.info(t("eng.breakdown.none", weeks=weeks))

# ------------------------------------------------------------------------------------------ not yet live
st.subheader(t("eng.undeployed.title"))
if block["undeployed"]:
    st.caption(t("eng.undeployed.help", weeks=weeks))
    table([{"repo": r["repo"], "number": str(r["number"]), "title": r["title"] or "", "merged": day(r["merged_at"]),
            "waiting": fmt_days(r["waiting_days"]), "url": r["url"]} for r in block["undeployed"]],
          {k: t(f"eng.col.{k}") for k in ("repo", "number", "title", "merged", "waiting")}, {"url": t("eng.col.link")})
    if len(block["undeployed"]) < block["undeployed_count"]:
        st.caption(t("eng.capped", shown=fmt_int(len(block["undeployed"])), count=fmt_int(block["undeployed_count"])))
else:
    st.success(t("eng.undeployed.none", weeks=weeks))

# ------------------------------------------------------------------------------------------ incidents
st.subheader(t("eng.incidents.title"))
if block["incidents"]:
    st.caption(t("eng.incidents.help", weeks=weeks))
    team_of_project = {p: m["name"] for m in meta["teams"] for p in m["jira_projects"]}  # "MOB" means nothing
    table([{
        "title": r["title"] or "", "created": day(r["created_at"]),
        "where": r["repo"] or team_of_project.get(r["project"], r["project"]) or "",
        "restored": day(r["resolved_at"]) if r["resolved_at"] else t("eng.still_open"),
        "duration": fmt_hours(r["restore_hours"]),
        "release": f"{r['deployment_repo']} · {day(r['deployed_at'])}" if r["deployment_id"] else
        t("eng.no_release_before"),
        "url": r["url"], "release_url": r["deployment_url"],
    } for r in block["incidents"]],
        {k: t(f"eng.col.{k}") for k in ("title", "where", "created", "restored")}
        | {"duration": label("time_to_restore"), "release": t("eng.col.release")},
        {"url": t("eng.col.link"), "release_url": t("eng.col.release_link")})
    if len(block["incidents"]) < block["incidents_count"]:
        st.caption(t("eng.capped", shown=fmt_int(len(block["incidents"])), count=fmt_int(block["incidents_count"])))
else:
    st.success(t("eng.incidents.none", weeks=weeks))
