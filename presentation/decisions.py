"""Decision options and the money at stake in words, for the executive page and the board pack (no Streamlit).

`option_view(option, currency)` turns one option of the export (metrics.options) into the lines a CEO reads in
ten seconds: what to do, the date, the chance, the € effect, who else moves. `at_stake_change` says how the
total at stake moved since the last board. `follow_up_line` says what a board decided and what happened since. Texts in
the current language (presentation.i18n), from presentation/texts/decisions.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from metrics.translate import format_duration, format_probability
from pilotage.application.decisions import follow_up
from presentation.charts_roadmap import day, money, to_date
from presentation.i18n import language, t


@dataclass(frozen=True)
class OptionView:
    """One option as plain text lines (escape them where they become HTML)."""

    kind: str
    feasible: bool
    title: str
    when: str  # the date it lands by
    chance: str
    effect: str  # € effect
    moves: str  # who else moves
    statement: str  # the whole option in one or two sentences


def option_view(option: dict, currency: str) -> OptionView:
    lang = language()
    title = t(f"decide.kind.{option['kind']}")
    statement = option["statement"][lang]
    if not option["feasible"]:
        return OptionView(option["kind"], False, title, t("decide.not_possible"), "", "", "", statement)
    forecast = option["forecast"]
    if option["kind"] == "unblock":
        when = t("decide.lands_around", date=day(to_date(forecast["p85"])))
    else:
        when = t("decide.lands_by", date=day(to_date(option["target_date"])))
    chance = t("decide.chance", chance=format_probability(forecast["on_time_probability"], lang),
               date=day(to_date(option["target_date"])))
    saving = option["saving"] or 0
    if option["kind"] == "move_target":
        effect = t("decide.effect.delay", amount=money(option["extra_cost"] + option["cost_of_delay"], currency))
    elif saving >= 1:
        effect = t("decide.effect.saves", amount=money(saving, currency))
    elif saving <= -1:
        effect = t("decide.effect.costs", amount=money(-saving, currency))
    else:
        effect = t("decide.effect.none")
    if option["kind"] == "add_capacity":
        effect += " " + t("decide.effect.pace", increase=round(option["pace_increase"] * 100),
                          amount=money(option["capacity_cost_per_week"], currency))
    effects = list(option["effects"]) + (option.get("lender") or {}).get("effects", [])
    moves = t("decide.moves", items=", ".join(_move(e, lang) for e in effects)) if effects else t("decide.moves.none")
    if option.get("lender"):
        moves = t("decide.lender", team=option["lender"]["team"]) + " " + moves
    return OptionView(option["kind"], True, title, when, chance, effect, moves, statement)


def _move(effect: dict, lang: str) -> str:
    days = effect["p85_days"]
    key = "decide.move.later" if days > 0 else "decide.move.earlier"
    return t(key, name=effect["name"], duration=format_duration(abs(days), lang))


def at_stake_change(change: float | None, currency: str, *, board: str, as_of: str) -> str | None:
    """`+€40k since "Board Q3" (20 Nov 2026)`; None without an earlier board."""
    if change is None:
        return None
    if abs(change) < 1:
        return t("decide.at_stake.same", board=board, date=day(to_date(as_of)))
    sign = "+" if change > 0 else "−"
    return t("decide.at_stake.change", change=sign + money(abs(change), currency), board=board,
             date=day(to_date(as_of)))


def follow_up_line(follow: dict, currency: str) -> str:
    """"Decided 20 Nov: cut 2 pieces of work on Cloud migration (owner: CPO). Since: 1 piece of work cut, forecast
    9 Dec, on track." from pilotage.application.decisions.follow_up."""
    option = follow["option"]
    decided = t("decide.followup.head", date=day(to_date(follow["decided_on"])),
                what=_decided_what(option, follow["name"], currency), owner=follow["owner"])
    if follow.get("due"):
        decided += " " + t("decide.followup.due", date=day(to_date(follow["due"])))
    now = follow["now"]
    if now is None:
        return decided + " " + t("decide.followup.gone")
    parts = []
    if option["kind"] == "cut_scope":
        count = follow["cut_since"]
        parts.append(t("decide.followup.cut_one") if count == 1 else t("decide.followup.cut", count=count))
    if option["kind"] == "move_target":
        key = "decide.followup.target_set" if now["target_date"] == option["target_date"] else \
            "decide.followup.target_not_set"
        parts.append(t(key, date=day(to_date(option["target_date"]))))
    if now["p85"]:
        parts.append(t("decide.followup.forecast", date=day(to_date(now["p85"]))))
    parts.append(t(f"decide.followup.status.{now['status']}"))
    return decided + " " + t("decide.followup.since", facts=", ".join(parts))


def _decided_what(option: dict, name: str, currency: str) -> str:
    kind = option["kind"]
    if kind == "cut_scope":
        count = option["remove_items"]
        return t("decide.what.cut_scope_one", name=name) if count == 1 else \
            t("decide.what.cut_scope", count=count, name=name)
    if kind == "add_capacity":
        return t("decide.what.add_capacity", increase=round(option["pace_increase"] * 100), name=name)
    if kind == "move_target":
        return t("decide.what.move_target", name=name, date=day(to_date(option["target_date"])))
    return t("decide.what.unblock", name=name, upstream=", ".join(u["name"] for u in option["upstream"]))


def option_label(name: str, option: dict) -> str:
    """How an option is listed where a decision is recorded: `Cloud migration — Cut scope: Cut 5 of …`."""
    return f"{name} — {t('decide.kind.' + option['kind'])}: {option['statement'][language()]}"


def follow_ups(decided: pd.DataFrame, then: Mapping, now: Mapping) -> list[str]:
    """The follow-up sentence of every decision of `decided` (Store.decisions(…, with_options=True)) that chose an
    option, taken on the views `then` and followed in the views `now`."""
    currency = now.get("meta", {}).get("currency", "EUR")
    lines = []
    for row in decided.to_dict("records"):
        follow = follow_up({k: (None if pd.isna(v) else v) for k, v in row.items()}, then, now)
        if follow:
            lines.append(follow_up_line(follow, currency))
    return lines
