"""Page-wide layout rules the pages share, injected once per run by the router.

On a phone (390 px wide) Streamlit's defaults spend the first screen on margins, a three-line title and the demo
banner: tighter spacing and a smaller title leave room for the answers (the executive page's first lines). Nothing
changes on a laptop.
"""

from __future__ import annotations

import streamlit as st

PHONE_CSS = """<style>
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] {padding-top: 3.75rem; padding-left: 0.8rem; padding-right: 0.8rem;}
  [data-testid="stMain"] h1 {font-size: 1.45rem; line-height: 1.25; padding-bottom: 0.2rem;}
  [data-testid="stMain"] h2, [data-testid="stMain"] h3 {font-size: 1.15rem;}
  [data-testid="stMain"] [data-testid="stAlertContainer"] {padding: 0.4rem 0.6rem;}
  [data-testid="stMain"] [data-testid="stAlertContainer"] p {font-size: 0.82rem; line-height: 1.35;}
  .pl-portfolio {font-size: 1.05rem;}
  .pl-glance {font-size: 0.92rem;}
}
</style>"""


def apply_layout() -> None:
    st.html(PHONE_CSS)
