"""Draw a presentation table model (presentation.models.Table) on a page: the same rows as the board pack's."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from presentation.models import Table


def show_table(table: Table) -> None:
    if table.title:
        st.markdown(f"**{table.title}**")
    st.dataframe(pd.DataFrame(table.text_rows(), columns=list(table.headers)), hide_index=True, width="stretch")
