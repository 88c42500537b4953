"""Definitions: every metric of the registry in plain words, grouped, in the chosen language.

Renders `views["definitions"]`, so a snapshot shows the wording frozen with it. The group of a metric is its
metrics module in today's registry; a frozen metric the registry no longer has goes to "other".
"""

from __future__ import annotations

import streamlit as st

from metrics.registry import metrics
from presentation.charts import md_text
from presentation.i18n import TEXTS, language, t
from presentation.sources import source_lines
from ui.context import ctx

GROUPS = ("flow", "sprints", "dora", "allocation", "confidence", "roadmap", "other")
GROUP_OF_MODULE = {"flow": "flow", "sprints": "sprints", "dora": "dora", "allocation": "allocation",
                   "confidence": "confidence", "roadmap": "roadmap", "forecast": "roadmap", "translate": "roadmap",
                   "moves": "roadmap"}

c = ctx()
lang = language()
definitions = c.views["definitions"]
version = c.views["meta"]["definitions_version"]
group_of = {m.id: GROUP_OF_MODULE.get(m.function.split(".")[1], "other") for m in metrics()}


def unit_text(unit: str) -> str:
    key = f"definitions.unit.{unit}"
    return t(key) if key in TEXTS else unit


def needs_text(tables: list[str]) -> str:
    return ", ".join(t(f"table.{name}") if f"table.{name}" in TEXTS else name for name in tables)


st.title(t("definitions.title"))
st.markdown(t("definitions.intro"))
st.caption(t("definitions.version", version=version, count=len(definitions)))
if not c.live:
    st.info(t("definitions.frozen", version=version), icon=":material/lock:")

query = st.text_input(t("definitions.search"), key="definitions_search").strip().lower()
shown = [d for d in definitions
         if not query or query in f"{d['id']} {d['name'][lang]} {d['definition'][lang]}".lower()]
if not shown:
    st.info(t("definitions.no_match", query=md_text(query)))

for group in GROUPS:
    members = [d for d in shown if group_of.get(d["id"], "other") == group]
    if not members:
        continue
    st.subheader(t(f"definitions.group.{group}"))
    st.caption(t(f"definitions.group.{group}.intro"))
    columns = st.columns(2)
    for i, d in enumerate(members):
        with columns[i % 2].container(border=True):
            st.markdown(f"**{md_text(d['name'][lang])}**")
            st.markdown(md_text(d["definition"][lang]))
            st.caption(t("definitions.facts", unit=unit_text(d["unit"]), needs=needs_text(d["needs"]), id=d["id"]))
    sources = c.views.get("engineering", {}).get("sources", {})
    if group == "dora" and sources and not query:
        with st.container(border=True):
            st.markdown(f"**{t('sources.title')}**")
            st.caption(t("sources.intro"))
            st.markdown("\n".join(f"- {line}" for line in source_lines(sources)))
