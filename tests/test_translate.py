"""Business translation (METRICS.md "Business translation"): costs, money and dates in words, every statement
template in both languages, and the rule that a late item is never described as on time."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from metrics.translate import (
    NBSP,
    PORTFOLIO_GROUPS,
    ItemFacts,
    Reason,
    cost_shares,
    delay_cost,
    format_date,
    format_duration,
    format_lateness,
    format_money,
    format_probability,
    portfolio_group,
    portfolio_line,
    statement,
    statement_kind,
    weekly_cost,
)

AS_OF = date(2026, 11, 22)


def fr(text: str) -> str:
    """Write French expectations with plain spaces where the output has no-break spaces."""
    return text.replace(" k€", f"{NBSP}k€").replace(" M€", f"{NBSP}M€").replace(" €", f"{NBSP}€").replace(
        " %", f"{NBSP}%").replace(" :", f"{NBSP}:").replace(" ;", f"{NBSP};").replace(" k$", f"{NBSP}k$").replace(
        " k CHF", f"{NBSP}k{NBSP}CHF").replace(" CHF", f"{NBSP}CHF").replace(" Md€", f"{NBSP}Md€")


# --------------------------------------------------------------------------------------------------- costs


def test_cost_shares_from_completed_children_declared_or_owner():
    assert cost_shares({"Payments": 3, "Platform": 1, "": 5}, {}, "Payments") == {"Payments": 0.75, "Platform": 0.25}
    assert cost_shares({"Payments": 3}, {"Platform": 0.5}, "Payments") == {"Platform": 0.5}  # as declared
    assert cost_shares({}, {}, "Payments") == {"Payments": 1.0}
    assert cost_shares({}, {}, "") == {}


def test_extra_cost_and_cost_of_delay_hand_case():
    # 21 days late; Payments 40k/week carries 3/4, Platform 30k/week 1/4 → 37.5k/week × 3 weeks
    shares = cost_shares({"Payments": 3, "Platform": 1}, {}, "Payments")
    per_week = weekly_cost(shares, {"Payments": 40_000, "Platform": 30_000})
    assert per_week == 37_500
    assert delay_cost(21, per_week) == pytest.approx(112_500)
    assert delay_cost(10, 7_000) == pytest.approx(10_000)  # cost of delay 7k/week, 10 days
    assert delay_cost(-14, per_week) == 0  # early: never a negative cost
    assert delay_cost(None, per_week) is None


# --------------------------------------------------------------------------------------------------- formats


@pytest.mark.parametrize(
    ("amount", "currency", "en", "fr_"),
    [
        (120_000, "EUR", "€120k", "120 k€"),
        (4_500, "EUR", "€4.5k", "4,5 k€"),
        (9_960, "EUR", "€10k", "10 k€"),
        (950, "EUR", "€950", "950 €"),
        (999.6, "EUR", "€1k", "1 k€"),
        (999_600, "EUR", "€1M", "1 M€"),
        (1_234_567, "EUR", "€1.2M", "1,2 M€"),
        (2.5e9, "EUR", "€2.5bn", "2,5 Md€"),
        (0.3, "EUR", "€1", "1 €"),  # a positive amount is never shown as 0
        (0, "EUR", "€0", "0 €"),
        (120_000, "USD", "$120k", "120 k$"),
        (120_000, "CHF", f"CHF{NBSP}120k", "120 k CHF"),
    ],
)
def test_format_money(amount, currency, en, fr_):
    assert format_money(amount, currency, "en") == en
    assert format_money(amount, currency, "fr") == fr(fr_)


def test_format_date():
    assert format_date(date(2027, 2, 26), "en", year=False) == "26 Feb"
    assert format_date(date(2027, 2, 26), "fr", year=False) == "26 févr."
    assert format_date(date(2027, 3, 1), "fr", year=False) == "1er mars"
    assert format_date(date(2027, 2, 26), "en") == "26 Feb 2027"  # no reference year: the year is always shown
    assert format_date(date(2027, 2, 26), "en", ref=AS_OF) == "26 Feb 2027"
    assert format_date(date(2026, 12, 4), "fr", ref=AS_OF) == "4 déc."


def test_format_probability_never_rounds_up():
    assert format_probability(0.849, "en") == "84%"
    assert format_probability(0.29, "en") == "29%"
    assert format_probability(0.004, "en") == "under 1%"
    assert format_probability(0.0, "fr") == fr("0 %")
    assert format_probability(1.0, "fr") == fr("100 %")


@pytest.mark.parametrize(
    ("days", "sprint_weeks", "en", "fr_"),
    [
        (3, 2, "under a week", "moins d'une semaine"),  # never "0 sprints"
        (8, 2, "about half a sprint (1 week)", "environ un demi-sprint (1 semaine)"),
        (14, 2, "1 sprint (2 weeks)", "1 sprint (2 semaines)"),
        (20, 2, "about 1.5 sprints (3 weeks)", "environ 1,5 sprint (3 semaines)"),
        (42, 2, "3 sprints (6 weeks)", "3 sprints (6 semaines)"),
        (44, 2, "about 3 sprints (6 weeks)", "environ 3 sprints (6 semaines)"),
        (21, 1, "3 sprints", "3 sprints"),
        (7, 3, "about half a sprint (1 week)", "environ un demi-sprint (1 semaine)"),  # 1/3 sprint → half
    ],
)
def test_format_lateness_is_honest(days, sprint_weeks, en, fr_):
    assert format_lateness(days, sprint_weeks, "en") == en
    assert format_lateness(days, sprint_weeks, "fr") == fr_


@pytest.mark.parametrize(
    ("days", "en", "fr_"),
    [(1, "1 day", "1 jour"), (4, "4 days", "4 jours"), (42, "6 weeks", "6 semaines"),
     (10, "about 1 week", "environ 1 semaine")],
)
def test_format_duration(days, en, fr_):
    assert format_duration(days, "en") == en
    assert format_duration(days, "fr") == fr_


# --------------------------------------------------------------------------------------------------- statements

BASE = {"name": "Cloud migration", "as_of": AS_OF, "sprint_weeks": 2, "currency": "EUR"}
THROUGHPUT = Reason("no_throughput", {"weeks": 12, "source": "own children"})

TEMPLATES = {
    "late": (
        ItemFacts(status="red", baseline=date(2026, 12, 4), target=date(2026, 12, 31), p85=date(2027, 1, 17),
                  probability=0.12, drift_days=44, extra_cost=251_428.57, dependants=(("New checkout", 42),), **BASE),
        "Cloud migration is about 3 sprints (6 weeks) behind its committed date. At the current pace it lands around "
        "17 Jan 2027 (85% confidence), moving the launch of New checkout by 6 weeks and costing about €251k more. "
        "Chance of meeting the 31 Dec target: 12%.",
        "Cloud migration a environ 3 sprints (6 semaines) de retard sur sa date engagée. Au rythme actuel, la "
        "livraison est prévue vers le 17 janv. 2027 (confiance 85 %), ce qui décale le lancement de New checkout de "
        "6 semaines et coûte environ 251 k€ de plus. Probabilité de tenir la date cible du 31 déc. : 12 %.",
    ),
    "revised": (
        ItemFacts(status="green", baseline=date(2026, 12, 4), target=date(2027, 1, 31), p85=date(2027, 1, 17),
                  probability=0.91, drift_days=44, extra_cost=251_428.57, cost_of_delay=60_000, **BASE),
        "Cloud migration should meet its revised target of 31 Jan 2027 (91% chance); at the current pace it lands "
        "around 17 Jan 2027 (85% confidence), about 3 sprints (6 weeks) later than the committed 4 Dec, costing about "
        "€251k more and delaying about €60k of expected benefits.",
        "Cloud migration devrait tenir sa date cible révisée du 31 janv. 2027 (91 % de chances) ; au rythme actuel, la "
        "livraison est prévue vers le 17 janv. 2027 (confiance 85 %), soit environ 3 sprints (6 semaines) après la "
        "date engagée du 4 déc., ce qui coûte environ 251 k€ de plus et retarde environ 60 k€ de bénéfices attendus.",
    ),
    "on_track": (
        ItemFacts(status="green", baseline=date(2026, 12, 31), target=date(2026, 12, 31), p85=date(2026, 12, 20),
                  probability=0.97, drift_days=-11, **BASE),
        "Cloud migration is on track: at the current pace it lands around 20 Dec (85% confidence), no later than "
        "its 31 Dec target.",
        "Cloud migration est en bonne voie : au rythme actuel, la livraison est prévue vers le 20 déc. "
        "(confiance 85 %), au plus tard à sa date cible du 31 déc.",
    ),
    "at_risk": (
        ItemFacts(status="amber", baseline=date(2027, 1, 31), target=date(2026, 12, 31), p85=date(2027, 1, 3),
                  probability=0.65, drift_days=-28, **BASE),
        "Cloud migration is at risk: 65% chance of meeting its 31 Dec target. At the current pace it lands around "
        "3 Jan 2027 (85% confidence).",
        "Cloud migration est à risque : 65 % de chances de tenir sa date cible du 31 déc. Au rythme actuel, la "
        "livraison est prévue vers le 3 janv. 2027 (confiance 85 %).",
    ),
    "likely_miss": (
        ItemFacts(status="red", baseline=date(2027, 1, 31), target=date(2026, 12, 31), p85=date(2027, 1, 17),
                  probability=0.2, drift_days=-14, **BASE),
        "Cloud migration is likely to miss its 31 Dec target: only 20% chance of meeting it. At the current pace "
        "it lands around 17 Jan 2027 (85% confidence).",
        "Cloud migration risque fort de manquer sa date cible du 31 déc. : seulement 20 % de chances de la tenir. "
        "Au rythme actuel, la livraison est prévue vers le 17 janv. 2027 (confiance 85 %).",
    ),
    "no_forecast": (
        ItemFacts(status="red", baseline=date(2026, 12, 4), target=date(2026, 12, 31), reason=THROUGHPUT, **BASE),
        "Cloud migration has no forecast: no recent throughput (nothing done in the last 12 weeks by its own "
        "items). Its target is 31 Dec: treat it as at risk until this is fixed.",
        "Cloud migration n'a pas de prévision : aucun débit récent (rien de terminé ces 12 dernières semaines par "
        "ses propres tickets). Sa date cible est le 31 déc. : à considérer comme à risque tant que ce n'est pas "
        "corrigé.",
    ),
    "no_target": (
        ItemFacts(status="no target", baseline=date(2026, 12, 4), p85=date(2027, 1, 17), drift_days=44,
                  extra_cost=250_000, **BASE),
        "Cloud migration has no target date: no delivery date is committed. At the current pace it lands around "
        "17 Jan 2027 (85% confidence). That is about 3 sprints (6 weeks) later than the date first committed "
        "(4 Dec), costing about €250k more.",
        "Cloud migration n'a pas de date cible : aucune date de livraison n'est engagée. Au rythme actuel, la "
        "livraison est prévue vers le 17 janv. 2027 (confiance 85 %). C'est environ 3 sprints (6 semaines) de plus "
        "que la date engagée au départ (4 déc.), ce qui coûte environ 250 k€ de plus.",
    ),
    "delivered": (
        ItemFacts(status="green", baseline=date(2026, 10, 15), target=date(2026, 10, 15), done_date=date(2026, 10, 1),
                  p85=date(2026, 10, 1), probability=1.0, drift_days=-14, **BASE),
        "Cloud migration was delivered on 1 Oct, on or before its committed date.",
        "Le dernier ticket de Cloud migration a été terminé le 1er oct., à la date engagée ou avant.",
    ),
    "done_late": (
        ItemFacts(status="red", baseline=date(2026, 9, 1), target=date(2026, 9, 1), done_date=date(2026, 10, 1),
                  p85=date(2026, 10, 1), probability=0.0, drift_days=30, extra_cost=171_428.57, **BASE),
        "Cloud migration was delivered on 1 Oct, about 2 sprints (4 weeks) after its committed date, costing about "
        "€171k more.",
        "Le dernier ticket de Cloud migration a été terminé le 1er oct., environ 2 sprints (4 semaines) après la date "
        "engagée, ce qui coûte environ 171 k€ de plus.",
    ),
    "done_after_target": (
        ItemFacts(status="red", baseline=date(2026, 10, 15), target=date(2026, 9, 20), done_date=date(2026, 10, 1),
                  p85=date(2026, 10, 1), probability=0.0, drift_days=-14, **BASE),
        "Cloud migration was delivered on 1 Oct, about 2 weeks after its 20 Sep target.",
        "Le dernier ticket de Cloud migration a été terminé le 1er oct., environ 2 semaines après sa date cible du "
        "20 sept.",
    ),
}


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_every_statement_template_in_both_languages(kind):
    facts, en, fr_ = TEMPLATES[kind]
    assert statement_kind(facts) == kind
    assert statement(facts, "en") == en
    assert statement(facts, "fr") == fr(fr_)


def test_no_target_without_forecast_and_several_dependants():
    facts = ItemFacts(status="no target", reason=Reason("no_children"), **BASE)
    assert statement(facts, "en") == (
        "Cloud migration has no target date: no delivery date is committed. There is no forecast either: no work "
        "items under it yet, so its scope is unknown: break it down in Jira."
    )
    late = ItemFacts(status="amber", baseline=date(2026, 12, 31), target=date(2026, 12, 31), p85=date(2027, 1, 3),
                     probability=0.65, drift_days=3, extra_cost=17_142.86,
                     dependants=(("Offline mode", 3), ("Atlas", 10), ("Billing", 7)), **BASE)
    assert statement(late, "en") == (
        "Cloud migration is under a week behind its committed date. At the current pace it lands around 3 Jan 2027 "
        "(85% confidence), moving the launch of Atlas by about 1 week, of Billing by 1 week and of 1 other item, and "
        "costing about €17k more. Chance of meeting the 31 Dec target: 65%."
    )
    assert statement(late, "fr") == fr(
        "Cloud migration a moins d'une semaine de retard sur sa date engagée. Au rythme actuel, la livraison est "
        "prévue vers le 3 janv. 2027 (confiance 85 %), ce qui décale le lancement d'Atlas d'environ 1 semaine, celui "
        "de Billing de 1 semaine et celui d'un autre élément, et coûte environ 17 k€ de plus. Probabilité de tenir la "
        "date cible du 31 déc. : 65 %."
    )


def test_the_part_of_a_delay_caused_by_dependencies():
    facts = ItemFacts(status="red", baseline=date(2026, 12, 18), target=date(2027, 1, 15), p85=date(2027, 1, 31),
                      probability=0.12, drift_days=44, causes=(("Cloud migration", 35), ("Vendor contract", 60)),
                      **{**BASE, "name": "New checkout"})
    # a cause is never shown as larger than the delay itself (60 days → capped at the 44 days of drift)
    assert statement(facts, "en").startswith(
        "New checkout is about 3 sprints (6 weeks) behind its committed date (about 6 weeks of it caused by the delay "
        "of Vendor contract and 5 weeks by Cloud migration). At the current pace"
    )
    assert statement(facts, "fr").startswith(fr(
        "New checkout a environ 3 sprints (6 semaines) de retard sur sa date engagée (dont environ 6 semaines "
        "imputables au retard de Vendor contract et 5 semaines à celui de Cloud migration). Au rythme actuel"
    ))


ON_TIME_WORDS = {
    "en": ("on track", "on time", "on or before", "no later than"),
    "fr": ("en bonne voie", "dans les temps", "ou avant", "au plus tard"),
}
LATE_WORDS = {
    "en": ("behind", "later than", "after its", "at risk", "likely to miss", "no forecast"),
    "fr": ("retard", "de plus que", "après", "à risque", "manquer", "pas de prévision"),
}


def test_a_late_item_is_never_described_as_on_time():
    """Property over many random facts: drift > 0 or amber/red → no on-time wording, and the delay or risk is said."""
    rnd = random.Random(11)
    reasons = [Reason("no_throughput", {"weeks": 12, "source": "team share"}), Reason("no_children"),
               Reason("not_in_jira", {"key": "X-1"}), Reason("beyond_horizon", {"years": 10})]
    checked = 0
    for _ in range(3000):
        day = lambda: AS_OF + timedelta(days=rnd.randint(-120, 200))  # noqa: E731
        status = rnd.choice(["green", "amber", "red", "no target"])
        has_forecast = rnd.random() < 0.8
        target = None if status == "no target" else day()
        done_date = day() if has_forecast and rnd.random() < 0.15 else None
        if done_date and target:  # a finished item is certain: on time (green) or not (red, amber when red is off)
            status = "green" if done_date <= target else rnd.choice(["red", "amber"])
        facts = ItemFacts(
            name="Item", status=status, as_of=AS_OF,
            baseline=day() if rnd.random() < 0.9 else None,
            target=target,
            p85=done_date or (day() if has_forecast else None),
            probability=rnd.random() if has_forecast and status != "no target" else None,
            drift_days=rnd.randint(-60, 90) if has_forecast else None,
            done_date=done_date,
            sprint_weeks=rnd.choice([1, 2, 3]),
            extra_cost=rnd.choice([0, 1_000, 85_000]), cost_of_delay=rnd.choice([0, 50_000]),
            reason=None if has_forecast else rnd.choice(reasons),
            dependants=tuple(("Dep", rnd.randint(1, 40)) for _ in range(rnd.randint(0, 3))),
        )
        late = (facts.drift_days or 0) > 0 or status in ("amber", "red")
        if not late:
            continue
        checked += 1
        for lang in ("en", "fr"):
            text = statement(facts, lang)
            assert not any(w in text for w in ON_TIME_WORDS[lang]), text
            assert any(w in text for w in LATE_WORDS[lang]), text
    assert checked > 1500


# --------------------------------------------------------------------------------------------------- portfolio


def test_portfolio_line_both_languages():
    counts = {"on track": 5, "at risk": 1, "late": 1}
    assert portfolio_line(counts, "en") == "5 of 7 key items on track; 1 at risk; 1 late."
    assert portfolio_line(counts, "fr") == fr("5 éléments clés sur 7 dans les temps ; 1 à risque ; 1 en retard.")
    counts = {"on track": 2, "no forecast": 1, "no target": 2}
    assert portfolio_line(counts, "en", moved=1) == (
        "2 of 5 key items on track (1 after moving its date); 1 with no forecast; 2 with no target date."
    )
    assert portfolio_line(counts, "fr", moved=2) == fr(
        "2 éléments clés sur 5 dans les temps (dont 2 après report de leur date) ; 1 sans prévision ; "
        "2 sans date cible."
    )
    assert portfolio_line({"on track": 1}, "fr") == "1 élément clé sur 1 dans les temps."
    assert portfolio_line({}, "en") == "No key roadmap items."


def test_portfolio_groups():
    assert [portfolio_group(s, True) for s in ("green", "amber", "red", "no target")] == [
        "on track", "at risk", "late", "no target"]
    assert portfolio_group("red", False) == "no forecast"
    assert set(PORTFOLIO_GROUPS) == {"on track", "at risk", "late", "no forecast", "no target"}
