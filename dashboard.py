"""Pilotage dashboard: `streamlit run dashboard.py`.

The router: loads the workspace (the built-in demo when none is configured), reads the filters from the URL,
draws the shared sidebar, and runs the chosen page. Pages live in app_pages/ and only render cached results
(not `pages/`: Streamlit runs a folder of that name as a legacy multipage app, page scripts without this router,
which broke a deep link as the first request of a fresh server).
"""

from __future__ import annotations

import streamlit as st

from metrics.registry import definitions_version
from pilotage.application.service import default_as_of
from pilotage.application.snapshots import link_secret, verify
from pilotage.core.errors import PilotageError, SnapshotError, WorkspaceError
from presentation import i18n
from presentation.charts import md_text
from ui.auth import access_granted, login_screen, reading_by_link
from ui.context import Context, set_context
from ui.freshness import show_freshness
from ui.layout import apply_layout
from ui.results import live_views
from ui.state import (
    get_dataset,
    get_snapshot,
    get_store,
    get_workspace,
    read_filters,
    workspace_choices,
    write_filters,
)

st.set_page_config(page_title="Pilotage", page_icon=":material/explore:", layout="wide")

PAGES = [
    ("app_pages/executive.py", "nav.executive", ":material/flag:", "executive"),
    ("app_pages/roadmap.py", "nav.roadmap", ":material/timeline:", "roadmap"),
    ("app_pages/delivery.py", "nav.delivery", ":material/local_shipping:", "delivery"),
    ("app_pages/engineering.py", "nav.engineering", ":material/rocket_launch:", "engineering"),
    ("app_pages/data.py", "nav.data", ":material/database:", "data"),
    ("app_pages/definitions.py", "nav.definitions", ":material/menu_book:", "definitions"),
]


def open_snapshot(ws, filters):
    """The verified snapshot named in the link, or stop with the reason (nothing of it is shown)."""
    refusal = verify(filters.query(), link_secret(), workspace=ws.slug)
    if refusal:
        st.error(i18n.t("snap.refused", reason=i18n.t(f"snap.reason.{refusal}")))
        st.stop()
    try:
        snapshot = get_snapshot(ws, filters.snapshot)
    except SnapshotError as e:  # the message quotes the id from the address: shown as text, never as Markdown
        st.error(i18n.t("snap.error", message=md_text(str(e))))
        st.stop()
    st.warning(i18n.t("snap.banner", title=md_text(snapshot.title), as_of=i18n.fmt_date(snapshot.as_of),
                      created=i18n.fmt_date(snapshot.created_at.date())), icon=":material/lock:")
    if snapshot.definitions_version != definitions_version():
        st.caption(i18n.t("snap.older_definitions", version=snapshot.definitions_version))
    return snapshot


def choice(key: str, options, wanted):
    """Put a keyed widget's session value in step before it is drawn: the user's last choice when still one of
    the options, else `wanted` (from the address or the defaults), else the first option."""
    current = st.session_state.get(key, wanted)
    st.session_state[key] = current if current in options else wanted if wanted in options else options[0]
    return st.session_state[key]


def main() -> None:
    choices = workspace_choices()
    first_lang = st.query_params.get("lang", "en")
    i18n.set_language(first_lang if first_lang in i18n.LANGUAGES else "en")
    filters = read_filters(default_lang=first_lang)
    slug = choice("side_ws", list(choices), filters.ws)
    try:
        ws = get_workspace(choices[slug])
    except WorkspaceError as e:
        st.error(i18n.t("error.workspace"))
        st.code("\n".join(e.problems), language=None)
        st.stop()
    if "lang" not in st.query_params and "lang" not in st.session_state.get("filters", {}):
        filters.lang = ws.language
    filters.lang = choice("side_lang", i18n.LANGUAGES, filters.lang)  # a click on the radio wins this run
    filters.ws = slug if len(choices) > 1 else ""
    i18n.set_language(filters.lang)
    # Navigation is declared before anything slow, so the first paint already shows the real menu.
    if not access_granted(filters.query(), ws.slug):  # PILOTAGE_REQUIRE_LOGIN=1, not logged in: the login page only
        st.navigation([st.Page(login_screen, title="Pilotage", url_path="login")], position="hidden").run()
        return
    if reading_by_link(filters.query(), ws.slug):  # a board member's link: this company only, nothing of others
        choices = {slug: choices[slug]}
    page = st.navigation([st.Page(path, title=i18n.t(title), icon=icon, url_path=url, default=i == 0)
                          for i, (path, title, icon, url) in enumerate(PAGES)])

    with st.sidebar:
        st.radio(i18n.t("side.language"), i18n.LANGUAGES, format_func={"en": "English", "fr": "Français"}.get,
                 horizontal=True, key="side_lang")
        if len(choices) > 1:
            st.selectbox(i18n.t("side.workspace"), list(choices), key="side_ws")
    try:
        with st.spinner(i18n.t("spinner.data")):
            store = get_store(ws)
            data = get_dataset(ws)
            fallback = default_as_of(ws, store)
    except PilotageError as e:
        st.error(i18n.t("error.store", message=str(e)))
        st.stop()

    with st.sidebar:
        teams = {"": i18n.t("side.all_teams")} | {t.name: t.name for t in ws.teams}  # labels fixed in this run
        choice("side_team", list(teams), filters.team)
        filters.team = st.selectbox(i18n.t("side.team"), list(teams), format_func=teams.__getitem__, key="side_team")
        shown = st.session_state.get("side_as_of") or filters.as_of or fallback
        st.session_state["side_as_of"] = min(shown, fallback)
        chosen = st.date_input(i18n.t("side.as_of"), max_value=fallback, format="YYYY-MM-DD", key="side_as_of")
        filters.as_of = chosen if chosen and chosen != fallback else None
        st.caption(i18n.t("side.link_hint"))
    write_filters(filters)
    snapshot = open_snapshot(ws, filters) if filters.snapshot else None
    as_of = snapshot.as_of if snapshot else filters.as_of or fallback
    with st.spinner(i18n.t("spinner.figures", date=i18n.fmt_date(as_of)), show_time=True):
        views = snapshot.payload["views"] if snapshot else live_views(ws, data, as_of)
    set_context(Context(ws=ws, filters=filters, store=store, data=data, as_of=as_of, default_as_of=fallback,
                        views=views, snapshot=snapshot))
    apply_layout()
    if ws.demo:
        st.info(i18n.t("demo.banner"), icon=":material/science:")
    elif not snapshot:
        show_freshness(ws, store)
    page.run()


main()
