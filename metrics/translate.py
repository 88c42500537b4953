"""Business translation: costs of a delay, money and dates in words, the statements and the portfolio line
(METRICS.md "Business translation"), in English and French.

Every sentence is generated from numbers through the templates below; a delay is never rounded away (3 days is
"under a week", never "0 sprints"). French text uses a no-break space (U+00A0) where French typography puts a
space before a unit or sign (`120 k€`, `85 %`, `: `), so a line never breaks inside "120 k€".
The choices are explained in docs/roadmap-decisions.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

LANGUAGES = ("en", "fr")
NBSP = "\u00a0"
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}
MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
}

# --------------------------------------------------------------------------------------------------- costs


def cost_shares(
    completed_by_team: Mapping[str, int], declared: Mapping[str, float], owning_team: str
) -> dict[str, float]:
    """Share of each team's weekly cost carried by a roadmap item.

    Declared shares are used as written (0.5 = half of that team's cost). Otherwise each team's share is
    proportional to the item's children it completed in the window (shares sum to 1); with none completed, the
    owning team alone (1.0); with no owning team either, nothing ({}).
    """
    if declared:
        return dict(declared)
    counted = {t: n for t, n in completed_by_team.items() if t and n > 0}
    total = sum(counted.values())
    if total:
        return {t: n / total for t, n in sorted(counted.items())}
    return {owning_team: 1.0} if owning_team else {}


def weekly_cost(shares: Mapping[str, float], team_costs: Mapping[str, float]) -> float:
    """Weekly cost of the teams working on an item: Σ share × the team's loaded weekly cost."""
    return float(sum(share * team_costs.get(team, 0.0) for team, share in shares.items()))


def delay_cost(drift_days: float | None, per_week: float) -> float | None:
    """Drift in weeks (days ÷ 7, never below 0) × a cost per week; None when the drift is unknown.

    Extra cost: per_week = weekly_cost(shares, …). Cost of delay: per_week = the item's declared cost of delay.
    """
    if drift_days is None:
        return None
    return max(drift_days, 0) / 7 * per_week


# --------------------------------------------------------------------------------------------------- formats


def _round_half_up(x: float, places: int = 0) -> Decimal:
    return Decimal(str(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _number(value: Decimal, lang: str) -> str:
    text = format(value.normalize(), "f")
    return text.replace(".", ",") if lang == "fr" else text


def format_money(amount: float, currency: str = "EUR", lang: str = "en") -> str:
    """A rounded amount for a sentence: `€120k` / `120 k€`, `€4.5k`, `€1.2M` / `1,2 M€`, `$950` / `950 $`.

    Three significant figures at most (one decimal below 10 of a unit). Currencies without a common symbol are
    written with their code: `CHF 120k` / `120 k CHF`. A positive amount is never shown as 0.
    """
    code = currency.upper()
    symbol = SYMBOLS.get(code)
    sign = "-" if amount < 0 else ""
    x = abs(float(amount))
    value, unit = _scaled(x)
    if 0 < x and value == 0:
        value = Decimal(1)
    number = _number(value, lang)
    if lang == "fr":
        suffix = {"": "", "k": "k", "M": "M", "bn": "Md"}[unit]
        sep = NBSP if not symbol else ""
        return f"{sign}{number}{NBSP}{suffix}{sep if suffix else ''}{symbol or code}"
    if symbol:
        return f"{sign}{symbol}{number}{unit}"
    return f"{sign}{code}{NBSP}{number}{unit}"


def _scaled(x: float) -> tuple[Decimal, str]:
    for unit, size in (("bn", 1e9), ("M", 1e6), ("k", 1e3)):
        if x >= size * 0.9995:  # 999,600 reads "1M", not "1000k"
            v = x / size
            return _round_half_up(v, 1 if v < 9.95 else 0), unit
    return _round_half_up(x), ""


def format_date(d: date, lang: str = "en", *, ref: date | None = None) -> str:
    """`26 Feb` / `26 févr.` (`1er mars` in French); the year is added when it differs from `ref`'s."""
    day = "1er" if lang == "fr" and d.day == 1 else str(d.day)
    text = f"{day} {MONTHS[lang][d.month - 1]}"
    if ref is not None and d.year != ref.year:
        text += f" {d.year}"
    return text


def format_probability(p: float, lang: str = "en") -> str:
    """A probability as a whole percentage, rounded down so it never looks better than it is (84.9 % → 84 %).

    Between 0 and 1 %, "under 1%" / "moins de 1 %".
    """
    pct = math.floor(round(p * 100, 9))
    if 0 < p < 0.01:
        return "under 1%" if lang == "en" else f"moins de 1{NBSP}%"
    return f"{pct}%" if lang == "en" else f"{pct}{NBSP}%"


def probability_floor(p: float | None) -> float | None:
    """A probability rounded down to a whole percent, as a ratio (0.9863 → 0.98), for tables that format it as a
    percentage themselves: the same figure a card or a sentence shows (format_probability)."""
    return None if p is None else math.floor(round(p * 100, 9)) / 100


def _plural(n: float, one: str, many: str) -> str:
    """French rule (singular below 2); English callers only pass whole numbers, where both rules agree."""
    return one if n < 2 else many


def format_duration(days: int, lang: str = "en") -> str:
    """A delay or a shift: `3 days`, `6 weeks`, `about 3 weeks` (whole weeks, rounded half up; "about" unless
    exact) — never "0 weeks"."""
    if days < 7:
        unit = _plural(days, "day", "days") if lang == "en" else _plural(days, "jour", "jours")
        return f"{days} {unit}"
    weeks = max(1, int(_round_half_up(days / 7)))
    exact = days % 7 == 0
    if lang == "en":
        return f"{'' if exact else 'about '}{weeks} {_plural(weeks, 'week', 'weeks')}"
    return f"{'' if exact else 'environ '}{weeks} {_plural(weeks, 'semaine', 'semaines')}"


def format_lateness(days: int, sprint_weeks: int, lang: str = "en") -> str:
    """A delay in sprints for the statement: `under a week`, `about half a sprint (1 week)`, `3 sprints (6 weeks)`.

    Sprints = days ÷ (sprint_weeks × 7), rounded half up to the nearest half sprint and never below half a sprint
    once the delay reaches a week; the weeks in brackets are rounded half up. "about" unless both are exact.
    With one-week sprints the brackets are left out (they would repeat the number).
    """
    if days < 7:
        return "under a week" if lang == "en" else "moins d'une semaine"
    sprint_days = sprint_weeks * 7
    halves = max(1, int(_round_half_up(2 * days / sprint_days)))
    weeks = max(1, int(_round_half_up(days / 7)))
    exact = days % 7 == 0 and (2 * days) % sprint_days == 0
    if lang == "en":
        if halves == 1:
            sprints = "half a sprint"
        else:
            n = Decimal(halves) / 2
            sprints = f"{_number(n, 'en')} {'sprint' if n == 1 else 'sprints'}"  # English: 1.5 sprints
        about = "" if exact else "about "
        bracket = f" ({weeks} {_plural(weeks, 'week', 'weeks')})" if sprint_weeks > 1 else ""
    else:
        if halves == 1:
            sprints = "un demi-sprint"
        else:
            n = Decimal(halves) / 2
            sprints = f"{_number(n, 'fr')} {_plural(n, 'sprint', 'sprints')}"
        about = "" if exact else "environ "
        bracket = f" ({weeks} {_plural(weeks, 'semaine', 'semaines')})" if sprint_weeks > 1 else ""
    return f"{about}{sprints}{bracket}"


# --------------------------------------------------------------------------------------------------- reasons

REASONS: dict[str, tuple[str, str]] = {
    "no_throughput": (
        "no recent throughput (nothing done in the last {weeks} weeks by {source})",
        "aucun débit récent (rien de terminé ces {weeks} dernières semaines par {source})",
    ),
    "no_children": (
        "no work items under it yet, so its scope is unknown: break it down in Jira",
        "aucun ticket rattaché pour l'instant, le périmètre est inconnu{nb}: découpez l'epic dans Jira",
    ),
    "not_in_jira": (
        "no Jira epic {key} in the synced data: check the key in the workspace file, or sync Jira",
        "aucune epic Jira {key} dans les données synchronisées{nb}: vérifiez la clé dans le fichier workspace "
        "ou synchronisez Jira",
    ),
    "no_team": (
        "fewer than 3 of its items were done in the last {weeks} weeks and no team owns it to take a pace from: "
        "set `team` in its [[roadmap]] entry or map project {project} to a team",
        "moins de 3 de ses tickets terminés ces {weeks} dernières semaines et aucune équipe propriétaire dont "
        "prendre le rythme{nb}: renseignez `team` dans son entrée [[roadmap]] ou rattachez le projet {project} "
        "à une équipe",
    ),
    "dependency_unknown": (
        "it depends on {dependency}, which is neither a Jira epic in the data nor declared in the workspace: "
        "fix the key in its depends_on",
        "cet élément dépend de {dependency}, qui n'est ni une epic Jira des données ni déclaré dans le workspace{nb}: "
        "corrigez la clé dans son depends_on",
    ),
    "dependency_no_forecast": (
        "it waits for {dependency}, which has no forecast",
        "cet élément attend {dependency}, qui n'a pas de prévision",
    ),
    "beyond_horizon": (
        "at the current pace it would take more than {years} years",
        "au rythme actuel, il faudrait plus de {years} ans",
    ),
}
SOURCES = {"own children": ("its own items", "ses propres tickets"), "team share": ("its team", "son équipe")}


@dataclass(frozen=True)
class Reason:
    """Why an item has no forecast: a code of REASONS and its parameters."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        params = dict(self.params)
        if "source" in params:
            params["source"] = SOURCES.get(str(params["source"]), (params["source"],) * 2)[LANGUAGES.index(lang)]
        return REASONS[self.code][LANGUAGES.index(lang)].format(nb=NBSP, **params)


# --------------------------------------------------------------------------------------------------- statements


@dataclass(frozen=True)
class ItemFacts:
    """The numbers a statement is made of (dates as `date`, money in the workspace currency)."""

    name: str
    status: str  # green / amber / red / no target
    as_of: date
    baseline: date | None = None
    target: date | None = None
    p85: date | None = None
    probability: float | None = None  # on-time probability, None without target or forecast
    drift_days: int | None = None
    done_date: date | None = None  # every child done: when the last one was
    sprint_weeks: int = 2
    extra_cost: float | None = None
    cost_of_delay: float | None = None
    currency: str = "EUR"
    reason: Reason | None = None  # why there is no forecast
    dependants: Sequence[tuple[str, int]] = ()  # (name, days its P85 moves because of this item's delay), > 0
    causes: Sequence[tuple[str, int]] = ()  # (dependency name, days of this item's P85 due to its delay), > 0


def statement_kind(f: ItemFacts) -> str:
    """Which template describes the item (see TEMPLATES in docs/roadmap-decisions.md)."""
    late = (f.drift_days or 0) > 0
    if f.done_date is not None:
        if late:
            return "done_late"
        return "done_after_target" if f.target and f.done_date > f.target else "delivered"
    if f.status == "no target":
        return "no_target"
    if f.p85 is None:
        return "no_forecast"
    if late:
        return "revised" if f.status == "green" else "late"
    return {"green": "on_track", "amber": "at_risk"}.get(f.status, "likely_miss")


def statement(f: ItemFacts, lang: str = "en") -> str:
    """One or two sentences for the COMEX, from the item's numbers."""
    kind = statement_kind(f)
    return (_english if lang == "en" else _french)(kind, f)


def _date(d: date | None, lang: str, f: ItemFacts) -> str:
    return format_date(d, lang, ref=f.as_of) if d else ""


def _join(parts: Sequence[str], lang: str) -> str:
    """a, b and c — with a comma before the last "and" when a part already holds one (a, b and c, and d)."""
    if len(parts) <= 1:
        return "".join(parts)
    word = " and " if lang == "en" else " et "
    last = ("," + word) if any(word in p for p in parts[:-1]) else word
    return ", ".join(parts[:-1]) + last + parts[-1]


def _sentences(*parts: str) -> str:
    """Sentences joined by spaces, each ending with one full stop (a date like "20 sept." already has it)."""
    return " ".join(p if p.endswith(".") else p + "." for p in parts if p)


def _of(name: str) -> str:
    """French "de" with elision before a vowel."""
    return f"d'{name}" if name[:1].lower() in "aeiouyéèêàâîô" else f"de {name}"


def _impact(f: ItemFacts, lang: str) -> str:
    """The consequences, as a trailing clause: dependants moved, extra cost, cost of delay ("" when none)."""
    en = lang == "en"
    parts: list[str] = []
    deps = sorted(f.dependants, key=lambda d: (-d[1], d[0]))
    if deps:
        phrases = []
        for i, (name, days) in enumerate(deps[:2]):
            if en:
                phrases.append(f"{'the launch ' if i == 0 else ''}of {name} by {format_duration(days, 'en')}")
            else:
                head = "le lancement " if i == 0 else "celui "
                phrases.append(f"{head}{_of(name)} {_of(format_duration(days, 'fr'))}")
        more = len(deps) - 2
        if more > 0:
            phrases.append(
                f"of {more} other {_plural(more, 'item', 'items')}"
                if en
                else "celui d'un autre élément" if more == 1 else f"celui de {more} autres éléments"
            )
        parts.append(("moving " if en else "décale ") + _join(phrases, lang))
    if f.extra_cost:
        money = format_money(f.extra_cost, f.currency, lang)
        parts.append(f"costing about {money} more" if en else f"coûte environ {money} de plus")
    if f.cost_of_delay:
        money = format_money(f.cost_of_delay, f.currency, lang)
        parts.append(
            f"delaying about {money} of expected benefits" if en else f"retarde environ {money} de bénéfices attendus"
        )
    if not parts:
        return ""
    return (", " if en else ", ce qui ") + _join(parts, lang)


def _cause(f: ItemFacts, lang: str) -> str:
    """" (5 weeks of it caused by the delay of Cloud migration)": the part of the drift due to late dependencies
    (each capped at the drift itself), "" when none."""
    drift = f.drift_days or 0
    causes = sorted(((name, min(days, drift)) for name, days in f.causes if days > 0), key=lambda c: (-c[1], c[0]))
    if drift <= 0 or not causes:
        return ""
    parts = []
    for i, (name, days) in enumerate(causes[:2]):
        duration = format_duration(days, lang)
        if lang == "en":
            parts.append(f"{duration} of it caused by the delay of {name}" if i == 0 else f"{duration} by {name}")
        else:
            adjective = "imputable" if duration.endswith(("semaine", "jour")) else "imputables"
            parts.append(f"dont {duration} {adjective} au retard {_of(name)}" if i == 0
                         else f"{duration} à celui {_of(name)}")
    return " (" + _join(parts, lang) + ")"


def _english(kind: str, f: ItemFacts) -> str:
    d = lambda x: _date(x, "en", f)  # noqa: E731
    prob = format_probability(f.probability, "en") if f.probability is not None else ""
    pace = f"At the current pace it lands around {d(f.p85)} (85% confidence)"
    late = format_lateness(f.drift_days or 0, f.sprint_weeks, "en")
    impact, cause = _impact(f, "en"), _cause(f, "en")
    reason = f.reason.text("en") if f.reason else "not enough data"
    if kind == "delivered":
        on_time = f.baseline is not None and f.status in ("green", "no target")
        return _sentences(f"{f.name} was delivered on {d(f.done_date)}"
                          + (", on or before its committed date" if on_time else ""))
    if kind == "done_late":
        return _sentences(f"{f.name} was delivered on {d(f.done_date)}, {late} after its committed date{cause}{impact}")
    if kind == "done_after_target":
        over = format_duration((f.done_date - f.target).days, "en")
        return _sentences(f"{f.name} was delivered on {d(f.done_date)}, {over} after its {d(f.target)} target")
    if kind == "no_target":
        return _sentences(
            f"{f.name} has no target date: no delivery date is committed",
            pace if f.p85 is not None else f"There is no forecast either: {reason}",
            f"That is {late} later than the date first committed ({d(f.baseline)}){cause}{impact}"
            if (f.drift_days or 0) > 0 else "",
        )
    if kind == "no_forecast":
        return _sentences(f"{f.name} has no forecast: {reason}",
                          f"Its target is {d(f.target)}: treat it as at risk until this is fixed")
    if kind == "late":
        return _sentences(f"{f.name} is {late} behind its committed date{cause}", f"{pace}{impact}",
                          f"Chance of meeting the {d(f.target)} target: {prob}")
    if kind == "revised":
        return _sentences(f"{f.name} should meet its revised target of {d(f.target)} ({prob} chance); at the current "
                          f"pace it lands around {d(f.p85)} (85% confidence), {late} later than the committed "
                          f"{d(f.baseline)}"
                          f"{cause}{impact}")
    if kind == "on_track":
        return _sentences(f"{f.name} is on track: at the current pace it lands around {d(f.p85)} (85% confidence), "
                          f"no later than its {d(f.target)} target")
    if kind == "at_risk":
        return _sentences(f"{f.name} is at risk: {prob} chance of meeting its {d(f.target)} target", pace)
    return _sentences(f"{f.name} is likely to miss its {d(f.target)} target: only {prob} chance of meeting it", pace)


def _french(kind: str, f: ItemFacts) -> str:
    d = lambda x: _date(x, "fr", f)  # noqa: E731
    prob = format_probability(f.probability, "fr") if f.probability is not None else ""
    pace = f"Au rythme actuel, la livraison est prévue vers le {d(f.p85)} (confiance 85{NBSP}%)"
    late = format_lateness(f.drift_days or 0, f.sprint_weeks, "fr")
    impact, cause = _impact(f, "fr"), _cause(f, "fr")
    reason = f.reason.text("fr") if f.reason else "pas assez de données"
    colon = f"{NBSP}:"
    last_ticket = f"Le dernier ticket {_of(f.name)} a été terminé le {d(f.done_date)}"
    if kind == "delivered":
        on_time = f.baseline is not None and f.status in ("green", "no target")
        return _sentences(last_ticket + (", à la date engagée ou avant" if on_time else ""))
    if kind == "done_late":
        return _sentences(f"{last_ticket}, {late} après la date engagée{cause}{impact}")
    if kind == "done_after_target":
        over = format_duration((f.done_date - f.target).days, "fr")
        return _sentences(f"{last_ticket}, {over} après sa date cible du {d(f.target)}")
    if kind == "no_target":
        return _sentences(
            f"{f.name} n'a pas de date cible{colon} aucune date de livraison n'est engagée",
            pace if f.p85 is not None else f"Pas de prévision non plus{colon} {reason}",
            f"C'est {late} de plus que la date engagée au départ ({d(f.baseline)}){cause}{impact}"
            if (f.drift_days or 0) > 0 else "",
        )
    if kind == "no_forecast":
        return _sentences(f"{f.name} n'a pas de prévision{colon} {reason}",
                          f"Sa date cible est le {d(f.target)}{colon} à considérer comme à risque tant que ce n'est "
                          "pas corrigé")
    if kind == "late":
        return _sentences(f"{f.name} a {late} de retard sur sa date engagée{cause}", f"{pace}{impact}",
                          f"Probabilité de tenir la date cible du {d(f.target)}{colon} {prob}")
    if kind == "revised":
        return _sentences(f"{f.name} devrait tenir sa date cible révisée du {d(f.target)} ({prob} de chances){NBSP}; "
                          f"au rythme actuel, la livraison est prévue vers le {d(f.p85)} (confiance 85{NBSP}%), soit "
                          f"{late} après la date engagée du {d(f.baseline)}{cause}{impact}")
    if kind == "on_track":
        return _sentences(f"{f.name} est en bonne voie{colon} au rythme actuel, la livraison est prévue vers le "
                          f"{d(f.p85)} (confiance 85{NBSP}%), au plus tard à sa date cible du {d(f.target)}")
    if kind == "at_risk":
        return _sentences(f"{f.name} est à risque{colon} {prob} de chances de tenir sa date cible du {d(f.target)}",
                          pace)
    return _sentences(f"{f.name} risque fort de manquer sa date cible du {d(f.target)}{colon} seulement {prob} de "
                      "chances de la tenir", pace)


# --------------------------------------------------------------------------------------------------- portfolio

PORTFOLIO_GROUPS = ("on track", "at risk", "late", "no forecast", "no target")


def portfolio_group(status: str, has_forecast: bool) -> str:
    """Group of an item in the portfolio line: green → on track, amber → at risk, red → late (or no forecast
    when red for lack of a forecast), no target → no target."""
    if status == "green":
        return "on track"
    if status == "amber":
        return "at risk"
    if status == "red":
        return "late" if has_forecast else "no forecast"
    return "no target"


def portfolio_line(counts: Mapping[str, int], lang: str = "en", *, moved: int = 0) -> str:
    """`5 of 7 key items on track (2 after moving their date); 1 at risk; 1 late.` and its French version.

    `counts`: key items per PORTFOLIO_GROUPS group; `moved`: on-track items whose forecast is later than their
    baseline (on track only for a moved date). Empty groups are left out, except "on track".
    """
    total = sum(counts.values())
    on_track = counts.get("on track", 0)
    if total == 0:
        return "No key roadmap items." if lang == "en" else "Aucun élément clé de feuille de route."
    semi = ";" if lang == "en" else f"{NBSP};"
    if lang == "en":
        head = f"{on_track} of {total} key {_plural(total, 'item', 'items')} on track"
        if moved:
            head += f" ({moved} after moving {_plural(moved, 'its', 'their')} date)"
        words = {"at risk": "at risk", "late": "late", "no forecast": "with no forecast",
                 "no target": "with no target date"}
    else:
        head = f"{on_track} {_plural(on_track, 'élément clé', 'éléments clés')} sur {total} dans les temps"
        if moved:
            head += f" (dont {moved} après report de {_plural(moved, 'sa', 'leur')} date)"
        words = {"at risk": "à risque", "late": "en retard", "no forecast": "sans prévision",
                 "no target": "sans date cible"}
    rest = [f"{counts[g]} {words[g]}" for g in PORTFOLIO_GROUPS[1:] if counts.get(g, 0)]
    return f"{semi} ".join([head, *rest]) + "."
