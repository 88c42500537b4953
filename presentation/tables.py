"""Tables and the wording of their cells shared by the pages and the board pack: dates, drifts, moves and money
changes in words, and the "since last board" moves of each roadmap item (one `Table` model: the pack draws it
with its template, the executive page with st.dataframe through `Table.text_rows`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from pilotage.application.views.executive import label as status_label
from presentation.i18n import fmt_date, fmt_money, t, tn
from presentation.models import Cell, Status, Table

MISSING = "—"


def day_text(iso: str | None) -> str:
    """An ISO date or instant in words (`17 Jan 2027`); `—` when missing."""
    return fmt_date(date.fromisoformat(iso[:10])) if iso else MISSING


def drift_text(days: int | None) -> str:
    """`44 days late`, `3 days early`, `on time`."""
    if days is None:
        return MISSING
    if days == 0:
        return t("pack.on_time")
    return tn("pack.days_late", days, n=days) if days > 0 else tn("pack.days_early", -days, n=-days)


def move_text(days: int | None) -> str:
    """A move of a date: `24 days later`, `18 days earlier`, `no change`."""
    if days is None:
        return MISSING
    if days == 0:
        return t("pack.no_change")
    return tn("pack.days_later", days, n=days) if days > 0 else tn("pack.days_earlier", -days, n=-days)


def signed_money(amount: float | None, currency: str) -> str:
    """A change of an amount: `+€40k`, `−€86k`, `€0`."""
    if amount is None:
        return MISSING
    sign = "+" if amount > 0 else "−" if amount < 0 else ""
    return sign + fmt_money(abs(amount), currency)


def comparison_status(figures: Mapping) -> Status:
    """The traffic light of an item in a comparison row (its status, 85% date and done date then or now)."""
    return Status(status_label(figures.get("status"), bool(figures.get("p85")), bool(figures.get("done_date"))))


def moves_table(comparison: Mapping, currency: str) -> Table:
    """One row per roadmap item of a comparison (pilotage.application.compare), the most important first: its 85%
    date then and now, the move, the traffic light (then → now when it changed), the extra cost's change and now."""
    rows = []
    rank = {k: i for i, k in enumerate(comparison.get("ranked", []))}
    for r in sorted(comparison["items"], key=lambda r: rank.get(r["key"], len(rank))):
        old, new = r.get("old") or {}, r.get("new") or {}
        shift = t(f"pack.change.{r['change']}") if r["change"] in ("added", "removed") else move_text(r["p85_days"])
        if r.get("finished"):
            shift = t("pack.delivered_on", date=day_text(new["done_date"]))
        now = comparison_status(new or old)
        statuses = (comparison_status(old), now) if r.get("status_changed") else (now,)
        rows.append((r["name"], day_text(old.get("p85")), day_text(new.get("p85")), shift, Cell(statuses=statuses),
                     signed_money(r.get("extra_cost_change"), currency),
                     fmt_money(new.get("extra_cost"), currency) if new else MISSING))
    return Table((t("pack.col.item"), t("pack.col.p85_then"), t("pack.col.p85_now"), t("pack.col.move"),
                  t("pack.col.status"), t("pack.col.cost_change"), t("pack.col.cost_now")), tuple(rows))
