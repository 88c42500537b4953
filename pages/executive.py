"""Executive summary: what a COMEX member must see in ten seconds."""

from __future__ import annotations

import streamlit as st

from ui import charts
from ui.context import ctx
from ui.i18n import fmt_date, fmt_int, t
from ui.results import overview

c = ctx()
o = overview(c)
weeks = c.ws.metrics.window_weeks

st.title(t("exec.title", company=c.ws.name))
st.caption(t("exec.as_of", date=fmt_date(c.as_of)))

a, b, d = st.columns(3)
a.metric(t("exec.finished_window", weeks=weeks), fmt_int(o.finished_in_window))
b.metric(t("exec.in_progress"), fmt_int(o.in_progress))
d.metric(t("exec.open_items"), fmt_int(len(o.open_items)))

st.subheader(t("exec.done_per_week"))
st.caption(t("exec.done_per_week.help", weeks=weeks))
st.plotly_chart(charts.weekly_bars(o.weekly_done["all"], t("exec.items")), width="stretch")

st.subheader(t("exec.epics_table"))
st.dataframe(
    o.open_items.drop(columns=["key"]),
    hide_index=True,
    width="stretch",
    column_config={
        "name": st.column_config.TextColumn(t("col.item")),
        "team": st.column_config.TextColumn(t("col.team")),
        "target": st.column_config.DateColumn(t("col.target"), format="YYYY-MM-DD"),
        "children": st.column_config.NumberColumn(t("col.children")),
        "remaining": st.column_config.NumberColumn(t("col.remaining")),
        "url": st.column_config.LinkColumn(t("col.link"), display_text="↗"),
    },
)
