"""Pilotage dashboard: `streamlit run dashboard.py`.

The router: loads the workspace (the built-in demo when none is configured), reads the filters from the URL,
draws the shared sidebar, and runs the chosen page. Pages live in pages/ and only render cached results.
"""

from __future__ import annotations

import streamlit as st

from pilotage.errors import PilotageError, WorkspaceError
from pilotage.service import default_as_of
from ui import i18n
from ui.context import Context, set_context
from ui.state import get_dataset, get_store, get_workspace, read_filters, workspace_choices, write_filters

st.set_page_config(page_title="Pilotage", page_icon=":material/explore:", layout="wide")

PAGES = [
    ("pages/executive.py", "nav.executive", ":material/flag:", "executive"),
    ("pages/data.py", "nav.data", ":material/database:", "data"),
]


def main() -> None:
    choices = workspace_choices()
    first_lang = st.query_params.get("lang", "en")
    i18n.set_language(first_lang)
    filters = read_filters(default_lang=first_lang)
    slug = filters.ws if filters.ws in choices else next(iter(choices))
    try:
        ws = get_workspace(choices[slug])
    except WorkspaceError as e:
        st.error(i18n.t("error.workspace"))
        st.code("\n".join(e.problems), language=None)
        st.stop()
    if "lang" not in st.query_params and "lang" not in st.session_state.get("filters", {}):
        filters.lang = ws.language
    filters.ws = slug if len(choices) > 1 else ""

    with st.sidebar:
        filters.lang = st.radio(
            i18n.t("side.language"), i18n.LANGUAGES, index=i18n.LANGUAGES.index(filters.lang),
            format_func=lambda code: {"en": "English", "fr": "Français"}[code], horizontal=True, key="lang_radio",
        )
        i18n.set_language(filters.lang)
        if len(choices) > 1:
            slug = st.selectbox(i18n.t("side.workspace"), list(choices), index=list(choices).index(slug))
            filters.ws = slug
    try:
        with st.spinner("…"):
            store = get_store(ws)
            data = get_dataset(ws)
            fallback = default_as_of(ws, store)
    except PilotageError as e:
        st.error(i18n.t("error.store", message=str(e)))
        st.stop()

    with st.sidebar:
        teams = [""] + [t.name for t in ws.teams]
        filters.team = st.selectbox(
            i18n.t("side.team"), teams, index=teams.index(filters.team) if filters.team in teams else 0,
            format_func=lambda name: name or i18n.t("side.all_teams"),
        )
        chosen = st.date_input(i18n.t("side.as_of"), value=filters.as_of or fallback, max_value=fallback,
                               format="YYYY-MM-DD")
        filters.as_of = chosen if chosen != fallback else None
        st.caption(i18n.t("side.link_hint"))
    write_filters(filters)
    set_context(Context(ws=ws, filters=filters, store=store, data=data, as_of=filters.as_of or fallback,
                        default_as_of=fallback))
    if ws.demo:
        st.info(i18n.t("demo.banner"), icon=":material/science:")

    pages = [st.Page(path, title=i18n.t(title), icon=icon, url_path=url, default=i == 0)
             for i, (path, title, icon, url) in enumerate(PAGES)]
    st.navigation(pages).run()


main()
