"""Figures of the executive page (no streamlit here)."""

from __future__ import annotations

import html

from presentation.i18n import fmt_int, fmt_pct, t


def percent(ratio: float) -> str:
    """`65%` / `65 %` (no-break space in French), rounded half up to the whole percent."""
    return fmt_pct(ratio)


def allocation_html(rows: list[dict]) -> str:
    """One horizontal bar per investment category with finished work: its share of the finished work items,
    labelled in percent (a category with none is left out: an empty 0% bar says nothing).

    Plain HTML (STYLE's `pl-alloc` rules), not a Plotly figure: the executive page is the first one opened, often
    on a phone, and its only chart made the browser load and run plotly.js, which kept the page from answering
    a click for seconds. `rows`: the executive section's allocation records (category, items, items_share), in
    display order.
    """
    shown = [r for r in rows if r["items"]]
    lines = []
    for r in shown:
        share = r["items_share"] or 0.0
        label = html.escape(t(f"exec.cat.{r['category']}"))
        tip = html.escape(f"{t('exec.items_count')}: {fmt_int(r['items'])}", quote=True)
        lines.append(
            f'<div class="pl-alloc-row" title="{tip}"><span class="pl-alloc-label">{label}</span>'
            f'<span class="pl-alloc-track"><span class="pl-alloc-bar" data-share="{share:.6f}" '
            f'style="width:{share * 100:.1f}%"></span></span>'
            f'<span class="pl-alloc-value">{html.escape(percent(share))}</span></div>'
        )
    return f'<div class="pl-alloc">{"".join(lines)}</div>'
