"""Placeholder until this page is built (issue 7)."""

from __future__ import annotations

import streamlit as st

from ui.i18n import t

st.info(t("page.coming"))
