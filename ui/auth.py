"""Optional login for the whole dashboard, with Streamlit's OIDC support (`st.login`, docs/sharing.md).

Off by default. With `PILOTAGE_REQUIRE_LOGIN=1` the router asks `access_granted` before drawing anything: a
visitor who is not logged in gets `login_screen` as the only page, a login button and nothing else. One exception: a valid signed read-only link
to a snapshot (PILOTAGE_LINK_SECRET set, signature and expiry checked) opens without an account, so board members
can read the frozen figures they were sent; it shows that snapshot only, read-only, in the workspace the link was
signed for, and nothing of the other companies (no workspace picker: `reading_by_link`).
"""

from __future__ import annotations

import os

import streamlit as st

from pilotage.application.snapshots import link_secret, verify
from presentation.i18n import t

REQUIRE_LOGIN_ENV = "PILOTAGE_REQUIRE_LOGIN"
PROVIDER_ENV = "PILOTAGE_LOGIN_PROVIDER"  # a named provider ([auth.NAME] in secrets.toml); default: [auth] itself


def login_required() -> bool:
    return os.environ.get(REQUIRE_LOGIN_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def signed_link_ok(params: dict[str, str], workspace: str) -> bool:
    """True for a snapshot link that a configured secret signs for `workspace` (and that has not expired)."""
    secret = link_secret()
    return bool(secret and params.get("snapshot") and verify(params, secret, workspace=workspace) is None)


def logged_in() -> bool:
    """Whether the visitor is logged in; False when no login is configured (`st.user` then has no is_logged_in)."""
    return bool(st.user.get("is_logged_in", False))


def reading_by_link(params: dict[str, str], workspace: str) -> bool:
    """True when the visitor sees the dashboard only because of a signed link: they get that one workspace."""
    return login_required() and not logged_in() and signed_link_ok(params, workspace)


def access_granted(params: dict[str, str], workspace: str) -> bool:
    """True when login is off, the visitor is logged in (their name and a logout button go in the sidebar), or
    `params` (the filters of the link) hold a valid snapshot link signed for `workspace` (its slug)."""
    if not login_required():
        return True
    if logged_in():
        with st.sidebar:
            who = st.user.get("name") or st.user.get("email") or ""
            st.caption(t("auth.signed_in", name=who))
            st.button(t("auth.logout"), on_click=st.logout, key="auth_logout")
        return True
    return signed_link_ok(params, workspace)


def login_screen() -> None:
    """The only page a visitor who must log in can see."""
    st.title("Pilotage")
    st.info(t("auth.intro"), icon=":material/lock:")
    if st.button(t("auth.login"), type="primary", key="auth_login"):
        try:
            st.login(os.environ.get(PROVIDER_ENV) or None)
        except Exception as e:  # Authlib missing or no [auth] section: say what to configure
            st.error(t("auth.not_configured", message=str(e)))
