"""A roadmap item's card and traffic light, built from its entry in the views document's roadmap
(views["metrics"]["roadmap"][key], frozen in snapshots): one model for the executive page and the board pack."""

from __future__ import annotations

from collections.abc import Mapping

from metrics.translate import format_duration, format_probability
from pilotage.application.views.executive import label
from presentation.charts_roadmap import day, landing, money, to_date
from presentation.i18n import language, t
from presentation.models import ItemCard, Status


def done_date(entry: Mapping) -> str | None:
    """The day a roadmap entry finished (every piece of its work done), else None."""
    return ((entry.get("forecast") or {}).get("inputs") or {}).get("done_date")


def item_status(entry: Mapping) -> Status:
    forecast = entry.get("forecast") or {}
    return Status(label(entry.get("status"), bool(forecast.get("p85")), bool(done_date(entry))))


def item_card(key: str, entry: Mapping, *, currency: str) -> ItemCard:
    """Traffic light, name, team, landing range, chance of meeting the target, drift, money at stake."""
    lang = language()
    forecast = entry.get("forecast") or {}
    status = item_status(entry)
    p50, p85 = to_date(forecast.get("p50")), to_date(forecast.get("p85"))
    target, baseline = to_date(entry.get("target_date")), to_date(entry.get("baseline_date"))
    lines: list[str] = []
    if status.label == "delivered":
        headline = t("exec.card.delivered", date=day(to_date(done_date(entry))))
    elif p50 and p85:
        headline = landing(p50, p85)
    else:
        reason = forecast["reason"][lang] if forecast.get("reason") else ""
        headline = t("exec.card.no_forecast", reason=reason)
    if target is None:
        lines.append(t("exec.card.no_target"))
    elif forecast.get("on_time_probability") is not None and status.label != "delivered":
        lines.append(t("exec.card.chance", probability=format_probability(forecast["on_time_probability"], lang),
                       target=day(target)))
    else:
        lines.append(t("exec.card.target", target=day(target)))
    drift = entry.get("drift_days")
    if drift is not None and baseline is not None:
        if drift > 0:
            lines.append(t("exec.card.drift_late", duration=format_duration(drift, lang), baseline=day(baseline)))
        elif drift < 0:
            lines.append(t("exec.card.drift_early", duration=format_duration(-drift, lang), baseline=day(baseline)))
        else:
            lines.append(t("exec.card.drift_none", baseline=day(baseline)))
    extra, delay = entry.get("extra_cost") or 0.0, entry.get("cost_of_delay") or 0.0
    if extra + delay > 0:
        lines.append(t("exec.card.impact", total=money(extra + delay, currency), extra=money(extra, currency),
                       delay=money(delay, currency)))
    else:
        lines.append(t("exec.card.no_impact"))
    return ItemCard(key=key, name=entry.get("name") or key, team=entry.get("team") or "", status=status,
                    headline=headline, headline_help=t("exec.card.range_help"), lines=tuple(lines))
