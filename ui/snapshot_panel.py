"""The board snapshots section of the Data & sources page: freeze the figures before a board, list the
snapshots, download the board pack (HTML, PDF), record the decisions taken, and copy a signed read-only link.

Live only for everything that writes or reveals other snapshots: someone who opened a shared snapshot link sees
that snapshot's downloads and decisions, never the list of the others nor a way to create links.
"""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import urlsplit

import streamlit as st

from metrics.registry import definitions_version
from pilotage.application.decisions import offered
from pilotage.application.snapshots import (
    Snapshot,
    create,
    expiry_in_days,
    history,
    link_secret,
    ordered_rows,
    signed_url,
)
from pilotage.core.errors import PilotageError
from pilotage.core.formatting import month_name
from presentation.board_pack import chromium_path, pack_bytes
from presentation.decisions import option_label
from presentation.i18n import fmt_date, language, t
from ui.context import Context
from ui.since_last_board import safe_md
from ui.state import get_snapshot

DEFAULT_LINK_DAYS = 30


def snapshot_panel(c: Context) -> None:
    st.subheader(t("snapshots.title"))
    st.caption(t("snapshots.intro"))
    if not c.live:
        _frozen(c, c.snapshot)
        return
    _create_form(c)
    rows = ordered_rows(c.store).iloc[::-1]  # newest first
    if rows.empty:
        st.info(t("snapshots.none"))
        return
    current = definitions_version()
    refused = _refused(c.ws.store, tuple(rows["id"]), c.store)
    rows = rows.assign(title=["—" if i in refused else title for i, title in zip(rows["id"], rows["title"])])
    listing = rows.assign(
        created=rows["created_at"].dt.tz_convert(None),
        note=[t("snapshots.refused") if i in refused else t("snapshots.older") if v != current else ""
              for i, v in zip(rows["id"], rows["definitions_version"])],
    )[["title", "as_of", "created", "id", "note"]]
    st.dataframe(listing, hide_index=True, width="stretch", column_config={
        "title": st.column_config.TextColumn(t("snapshots.col.title")),
        "as_of": st.column_config.TextColumn(t("snapshots.col.as_of")),
        "created": st.column_config.DatetimeColumn(t("snapshots.col.created"), format="YYYY-MM-DD HH:mm"),
        "id": st.column_config.TextColumn(t("snapshots.col.id")),
        "note": st.column_config.TextColumn(t("snapshots.col.note")),
    })
    titles = dict(zip(rows["id"], rows["title"]))
    as_ofs = dict(zip(rows["id"], rows["as_of"]))
    if st.session_state.get("snapshot_chosen") not in titles:  # first view, or the chosen one was deleted
        st.session_state["snapshot_chosen"] = rows["id"].iloc[0]
    chosen = st.selectbox(t("snapshots.choose"), list(rows["id"]), key="snapshot_chosen",
                          format_func=lambda i: t("snapshots.option", title=titles[i], as_of=as_ofs[i], id=i))
    try:
        snapshot = get_snapshot(c.ws, chosen)  # verified once, then cached (snapshots never change)
    except PilotageError as e:
        st.error(t("snapshots.error", message=safe_md(e)))
        return
    _downloads(c, snapshot)
    _link(c, snapshot)
    _decisions(c, snapshot, editable=True)


def _frozen(c: Context, snapshot: Snapshot) -> None:
    """Read-only view: this snapshot's fingerprint, downloads and decisions."""
    st.markdown(t("snapshots.frozen", title=safe_md(snapshot.title), id=snapshot.id))
    st.caption(f"SHA-256 {snapshot.sha256}")
    _downloads(c, snapshot)
    _decisions(c, snapshot, editable=False)


def _default_title(as_of: date) -> str:
    return t("snapshots.default_title", month=month_name(as_of.month, language()), year=as_of.year)


def _create_form(c: Context) -> None:
    with st.form("snapshot_create", clear_on_submit=False):
        st.markdown(f"**{safe_md(t('snapshots.create'))}**")
        left, right = st.columns([3, 1])
        title = left.text_input(t("snapshots.title_input"), value=_default_title(c.as_of), max_chars=120)
        as_of = right.date_input(t("snapshots.as_of_input"), value=c.as_of, max_value=c.default_as_of,
                                 format="YYYY-MM-DD")
        submitted = st.form_submit_button(t("snapshots.create_button"), type="primary")
    if not submitted:
        return
    try:
        with st.spinner(t("snapshots.creating")):
            # the figures on screen are frozen as they are when the date is the one shown
            same = as_of == c.as_of
            snapshot = create(c.ws, c.store, as_of=as_of, title=title, views=c.views if same else None,
                              data_version=c.data.data_version if same else None)
    except PilotageError as e:
        st.error(t("snapshots.error", message=safe_md(e)))
        return
    st.session_state["snapshot_chosen"] = snapshot.id  # the picker and the downloads below move to the new one
    st.success(t("snapshots.created", title=safe_md(snapshot.title), id=snapshot.id, as_of=fmt_date(snapshot.as_of)))


def _file_name(c: Context, snapshot: Snapshot, ext: str) -> str:
    return f"pilotage-{c.ws.slug}-{snapshot.as_of.isoformat()}-{snapshot.id}.{ext}"


@st.cache_data(show_spinner=False, max_entries=16)
def _pack(url: str, snapshot_id: str, contents: str, fmt: str, lang: str, _store, _secrets: tuple[str, ...]) -> bytes:
    """The board pack file, built once per snapshot, language and `contents`: what else the pack shows (the
    snapshots before it and the decisions recorded), so a new decision builds it again."""
    return pack_bytes(_store, snapshot_id, fmt=fmt, lang=lang, secrets=_secrets)


def _pack_contents(c: Context, snapshot: Snapshot) -> str:
    """Everything besides the frozen snapshot that the pack shows: the boards up to it and the decisions of it
    and of the board before it (presentation.board_pack.gather)."""
    ids = list(ordered_rows(c.store)["id"])
    upto = ids[: ids.index(snapshot.id) + 1] if snapshot.id in ids else [snapshot.id]
    decided = [c.store.decisions(i).to_json() for i in upto[-2:]]
    return json.dumps([upto, decided])


def _downloads(c: Context, snapshot: Snapshot) -> None:
    """Both files are built before the buttons are drawn, under a spinner: a click then downloads at once (a file
    built on the click itself leaves the user seconds with no sign of work). Meanwhile the buttons show disabled,
    never the previous run's buttons, which would download the snapshot chosen before."""
    lang, secrets, has_browser = language(), tuple(c.ws.secret_values()), chromium_path() is not None
    buttons = {"html": (t("snapshots.download_html"), ":material/html:", "text/html"),
               "pdf": (t("snapshots.download_pdf"), ":material/picture_as_pdf:", "application/pdf")}
    slots = dict(zip(buttons, (column.empty() for column in st.columns(2))))
    for fmt, (label, icon, _) in buttons.items():
        slots[fmt].button(label, icon=icon, disabled=True, key=f"dl_wait_{fmt}")
    contents, files = _pack_contents(c, snapshot), {}
    with st.spinner(t("snapshots.preparing")):
        for fmt in buttons if has_browser else ("html",):
            try:
                files[fmt] = _pack(c.ws.store, snapshot.id, contents, fmt, lang, c.store, secrets)
            except Exception as e:  # noqa: BLE001 - one failing writer leaves the other file, and says why
                st.error(t("snapshots.error", message=safe_md(e)))
    for fmt, (label, icon, mime) in buttons.items():
        slots[fmt].download_button(label, key=f"dl_{fmt}_{snapshot.id}", icon=icon, data=files.get(fmt, b""),
                                   file_name=_file_name(c, snapshot, fmt), mime=mime, on_click="ignore",
                                   disabled=fmt not in files)
    if not has_browser:
        st.caption(t("snapshots.no_chromium"))


@st.cache_resource(show_spinner=False, max_entries=16)
def _refused(url: str, snapshot_ids: tuple[str, ...], _store) -> frozenset[str]:
    """Snapshots whose row no longer matches its hash (their title and dates cannot be trusted); snapshots are
    insert-only, so the answer changes only with the list of ids."""
    return frozenset(history(_store)[1])


def _base_url() -> str:
    """The dashboard's root address as the browser sees it (the page path dropped)."""
    url = st.context.url or "http://localhost:8501"
    parts = urlsplit(url)
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"{parts.scheme}://{parts.netloc}" + (f"/{prefix}" if prefix else "")


def _link(c: Context, snapshot: Snapshot) -> None:
    st.markdown(f"**{safe_md(t('snapshots.link'))}**")
    secret = link_secret()
    days = st.number_input(t("snapshots.link_days"), min_value=0, max_value=3650, value=DEFAULT_LINK_DAYS, step=1,
                           key=f"link_days_{snapshot.id}", help=t("snapshots.link_days_help"),
                           disabled=not secret)
    extra = {k: v for k, v in (("ws", c.filters.ws), ("lang", language())) if v}
    expires = expiry_in_days(days) if secret and days else None
    st.code(signed_url(_base_url(), snapshot.id, secret, workspace=c.ws.slug, expires_at=expires,
                       extra=extra), language=None)
    if secret:
        validity = t("snapshots.link_until", date=fmt_date(date.fromtimestamp(expires))) if expires \
            else t("snapshots.link_never")
        st.caption(t("snapshots.link_signed", validity=validity))
    else:
        st.warning(t("snapshots.link_unsigned"))


def _decisions(c: Context, snapshot: Snapshot, *, editable: bool) -> None:
    st.markdown(f"**{safe_md(t('snapshots.decisions'))}**")
    if editable:
        choices = offered(snapshot.payload["views"])  # the options this board was shown
        with st.form(f"decision_{snapshot.id}", clear_on_submit=True):
            chosen = st.selectbox(t("decide.record.option"), [None, *range(len(choices))],
                                  format_func=lambda i: t("decide.record.none") if i is None else
                                  option_label(choices[i][1], choices[i][2]))
            what = st.text_input(t("snapshots.decision_what"), max_chars=300)
            left, right = st.columns(2)
            owner = left.text_input(t("snapshots.decision_owner"), max_chars=80)
            due = right.date_input(t("snapshots.decision_due"), value=None, format="YYYY-MM-DD")
            if st.form_submit_button(t("snapshots.decision_add")):
                key, _, option = choices[chosen] if chosen is not None else (None, None, None)
                what = what.strip() or (option["statement"][language()] if option else "")
                if what and owner.strip():
                    c.store.add_decision(snapshot.id, what, owner.strip(), due.isoformat() if due else None,
                                         item_key=key, option=option["kind"] if option else None)
                    st.success(t("snapshots.decision_added"))
                else:
                    st.error(t("snapshots.decision_missing"))
    decided = c.store.decisions(snapshot.id)
    if decided.empty:
        st.caption(t("snapshots.no_decisions"))
        return
    st.dataframe(decided, hide_index=True, width="stretch", column_config={
        "what": st.column_config.TextColumn(t("pack.col.what")),
        "owner": st.column_config.TextColumn(t("pack.col.owner")),
        "due": st.column_config.TextColumn(t("pack.col.due")),
    })
