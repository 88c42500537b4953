"""The glossary: for every metric of the registry (metrics.registry), its short label, whether a higher value is
better, worse or neither, and its synonyms (the words a reader may search for: MTTR, say/do, DORA…), in English
and French.

The label is the one name a figure carries on every page, in the board pack and in docs/export-schema.md (the
registry's `name` stays the heading of its published definition, hashed into the definitions version, so wording
here never changes `definitions_version`). `direction` decides what an arrow means (better or worse, never just
up or down). `search` is the Definitions page's search: names, labels, synonyms and ids in both languages and the
definition in the reader's language, ignoring case and accents ("delai" finds "Délai", "cout" finds "coût").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

HIGHER = "higher"  # a higher value is better
LOWER = "lower"  # a lower value is better
NEUTRAL = "neutral"  # neither: context, not a goal


@dataclass(frozen=True)
class Term:
    id: str  # the metric's id in the registry
    direction: str  # HIGHER, LOWER or NEUTRAL
    label: dict[str, str]  # short label per language
    synonyms: dict[str, tuple[str, ...]]  # per language

    def verdict(self, change: float | None) -> str:
        """"better", "worse" or "same" for a change of this figure (same: no change, or a neutral figure)."""
        if not change or self.direction == NEUTRAL:
            return "same"
        return "better" if (change > 0) == (self.direction == HIGHER) else "worse"


# The DORA 2024 performance bands, best first, in words.
BANDS: dict[str, dict[str, str]] = {
    "elite": {"en": "elite", "fr": "élite"},
    "high": {"en": "high", "fr": "élevé"},
    "medium": {"en": "medium", "fr": "moyen"},
    "low": {"en": "low", "fr": "faible"},
}

TERMS: tuple[Term, ...] = (
    Term('throughput', HIGHER,
         {"en": 'Items finished per week', "fr": 'Tâches terminées par semaine'},
         {"en": ('throughput', 'items per week', 'pace'),
          "fr": ('débit', 'rythme')}),
    Term('cycle_time', LOWER,
         {"en": 'Time from start to finish', "fr": 'Temps du démarrage à la fin'},
         {"en": ('cycle time', 'start to finish'),
          "fr": ('temps de cycle', 'temps de réalisation', 'délai de réalisation')}),
    Term('lead_time', LOWER,
         {"en": 'Time from request to finish', "fr": 'Temps de la demande à la fin'},
         {"en": ('lead time', 'request to finish'),
          "fr": ('délai total', 'délai de livraison')}),
    Term('wip', NEUTRAL,
         {"en": 'Work in progress', "fr": 'Travail en cours'},
         {"en": ('WIP', 'in progress'),
          "fr": ('en cours', 'encours')}),
    Term('ageing_wip', LOWER,
         {"en": 'Work older than usual', "fr": "Travail plus ancien que d'habitude"},
         {"en": ('ageing work', 'aging WIP', 'stuck work', 'older than usual'),
          "fr": ('travail qui vieillit', 'travail bloqué')}),
    Term('cumulative_flow', NEUTRAL,
         {"en": 'Cumulative flow', "fr": 'Flux cumulé'},
         {"en": ('CFD', 'cumulative flow diagram'),
          "fr": ('diagramme de flux cumulé',)}),
    Term('sprint_committed', NEUTRAL,
         {"en": 'Committed', "fr": 'Engagé'},
         {"en": ('commitment', 'planned'),
          "fr": ('engagement', 'prévu')}),
    Term('sprint_added', NEUTRAL,
         {"en": 'Added during the sprint', "fr": 'Ajouté en cours de sprint'},
         {"en": ('added', 'scope added'),
          "fr": ('ajouté',)}),
    Term('sprint_removed', NEUTRAL,
         {"en": 'Removed during the sprint', "fr": 'Retiré en cours de sprint'},
         {"en": ('removed',),
          "fr": ('retiré',)}),
    Term('sprint_completed', HIGHER,
         {"en": 'Completed (all)', "fr": 'Terminé (tout)'},
         {"en": ('completed', 'done'),
          "fr": ('terminé', 'fini')}),
    Term('sprint_completed_committed', HIGHER,
         {"en": 'Completed as planned', "fr": 'Terminé comme prévu'},
         {"en": ('completed committed', 'done as planned'),
          "fr": ('engagé et terminé',)}),
    Term('planning_accuracy', HIGHER,
         {"en": 'Planned work finished in the sprint', "fr": 'Travail prévu terminé dans le sprint'},
         {"en": ('planning accuracy', 'say/do', 'say-do ratio', 'predictability', 'sprint predictability'),
          "fr": ('fiabilité des engagements', 'prévisibilité', 'dire/faire')}),
    Term('capacity_accuracy', NEUTRAL,
         {"en": 'Capacity accuracy', "fr": 'Justesse de la capacité'},
         {"en": ('capacity', 'velocity accuracy'),
          "fr": ('capacité',)}),
    Term('velocity', NEUTRAL,
         {"en": 'Velocity', "fr": 'Vélocité'},
         {"en": ('story points per sprint', 'output per sprint'),
          "fr": ('points par sprint', 'production par sprint')}),
    Term('velocity_stability', LOWER,
         {"en": 'Delivery regularity (variation)', "fr": 'Régularité de livraison (variation)'},
         {"en": ('velocity stability', 'velocity variation', 'coefficient of variation', 'regularity'),
          "fr": ('stabilité de la vélocité', 'variation', 'régularité')}),
    Term('carry_over', LOWER,
         {"en": 'Carried over', "fr": 'Reporté'},
         {"en": ('carry-over', 'spillover', 'rollover'),
          "fr": ('report', 'reliquat')}),
    Term('scope_change', LOWER,
         {"en": 'Scope change', "fr": 'Changement de périmètre'},
         {"en": ('scope creep', 'scope churn'),
          "fr": ('dérive du périmètre',)}),
    Term('deployments', HIGHER,
         {"en": 'Releases to customers', "fr": 'Mises en production'},
         {"en": ('deployments', 'deploys', 'releases'),
          "fr": ('déploiements', 'livraisons')}),
    Term('deployment_frequency', HIGHER,
         {"en": 'Releases per week', "fr": 'Mises en production par semaine'},
         {"en": ('deployment frequency', 'deploy frequency', 'DORA'),
          "fr": ('fréquence de déploiement', 'fréquence de mise en production', 'DORA')}),
    Term('deploy_days', HIGHER,
         {"en": 'Release days per week', "fr": 'Jours de mise en production par semaine'},
         {"en": ('deployment days', 'deploy days', 'DORA'),
          "fr": ('jours de déploiement', 'DORA')}),
    Term('lead_time_for_changes', LOWER,
         {"en": 'Time to customers', "fr": "Délai jusqu'aux clients"},
         {"en": ('lead time for changes', 'change lead time', 'DORA'),
          "fr": ('délai des changements', 'délai de mise en production', 'DORA')}),
    Term('undeployed_prs', LOWER,
         {"en": 'Finished changes not yet live', "fr": 'Changements terminés pas encore en service'},
         {"en": ('undeployed PRs', 'undeployed pull requests', 'waiting changes'),
          "fr": ('PR non déployées', 'changements en attente')}),
    Term('change_failure_rate', LOWER,
         {"en": 'Releases causing an incident', "fr": 'Mises en production avec incident'},
         {"en": ('change failure rate', 'change failure', 'CFR', 'failed deployments', 'DORA'),
          "fr": ("taux d'échec des changements", 'échec des changements', 'DORA')}),
    Term('time_to_restore', LOWER,
         {"en": 'Time to restore service', "fr": 'Temps de rétablissement du service'},
         {"en": ('MTTR', 'time to recover', 'mean time to recovery', 'mean time to restore', 'failed deployment recovery time', 'DORA'),
          "fr": ('délai de rétablissement', 'temps de rétablissement', 'temps moyen de rétablissement', 'DORA')}),
    Term('dora_bands', HIGHER,
         {"en": 'Industry benchmark (DORA)', "fr": 'Référence du secteur (DORA)'},
         {"en": ('DORA', 'DORA bands', 'elite', 'benchmark'),
          "fr": ('DORA', 'élite', 'référence')}),
    Term('allocation', NEUTRAL,
         {"en": 'Where the effort goes', "fr": "Où va l'effort"},
         {"en": ('allocation', 'investment', 'effort split', 'tech debt', 'KTLO', 'keeping things running'),
          "fr": ('répartition', 'investissement', 'dette technique', 'maintien en fonctionnement')}),
    Term('estimated_items', HIGHER,
         {"en": 'Work sized in advance', "fr": "Travail estimé à l'avance"},
         {"en": ('estimated items', 'estimates', 'story points coverage'),
          "fr": ('éléments estimés', 'estimations')}),
    Term('items_with_start', HIGHER,
         {"en": 'Work with a recorded start', "fr": 'Travail avec un démarrage enregistré'},
         {"en": ('items with start', 'start date'),
          "fr": ('date de démarrage', 'date de début')}),
    Term('epics_with_target', HIGHER,
         {"en": 'Roadmap items with a date', "fr": 'Éléments de feuille de route datés'},
         {"en": ('epics with target', 'target dates'),
          "fr": ('épopées datées', 'dates cibles')}),
    Term('prs_deployed', HIGHER,
         {"en": 'Changes traced to a release', "fr": 'Changements reliés à une mise en production'},
         {"en": ('PRs deployed', 'traced pull requests'),
          "fr": ('PR déployées',)}),
    Term('incidents_linked', HIGHER,
         {"en": 'Incidents traced to a release', "fr": 'Incidents reliés à une mise en production'},
         {"en": ('linked incidents', 'incident traceability'),
          "fr": ('incidents rattachés',)}),
    Term('roadmap_forecast', LOWER,
         {"en": 'Forecast date (50% / 85%)', "fr": 'Date prévue (50 % / 85 %)'},
         {"en": ('forecast', 'landing date', 'P50', 'P85', 'Monte Carlo'),
          "fr": ('prévision', "date d'arrivée", 'P50', 'P85', 'Monte-Carlo')}),
    Term('forecast_trail', NEUTRAL,
         {"en": 'How the forecast moved', "fr": 'Historique de la prévision'},
         {"en": ('forecast trail', 'forecast history', 'trend of the forecast'),
          "fr": ('historique des prévisions', 'évolution de la prévision')}),
    Term('decision_options', NEUTRAL,
         {"en": 'Options for a decision', "fr": 'Options de décision'},
         {"en": ('options', 'decisions', 'choices', 'move target', 'cut scope', 'add capacity', 'unblock'),
          "fr": ('options', 'décisions', 'choix', 'réduire le périmètre', 'ajouter de la capacité')}),
    Term('at_stake', LOWER,
         {"en": 'Total at stake', "fr": 'Total en jeu'},
         {"en": ('at stake', 'money at stake', 'portfolio'),
          "fr": ('en jeu', 'montant en jeu', 'portefeuille')}),
    Term('forecast_change', LOWER,
         {"en": 'Why the forecast moved', "fr": 'Pourquoi la prévision a bougé'},
         {"en": ('forecast change', 'causes', 'explanation', 'what changed'),
          "fr": ('causes', 'explication', 'changement de prévision')}),
    Term('on_time_probability', HIGHER,
         {"en": 'Chance of meeting the target', "fr": 'Chances de tenir la date cible'},
         {"en": ('on-time probability', 'probability', 'chance on time'),
          "fr": ('probabilité de tenir la date', 'probabilité')}),
    Term('roadmap_drift', LOWER,
         {"en": 'Drift', "fr": 'Dérive'},
         {"en": ('delay', 'slippage', 'lateness', 'behind schedule'),
          "fr": ('retard', 'glissement')}),
    Term('roadmap_slips', LOWER,
         {"en": 'Slips', "fr": 'Reports'},
         {"en": ('target changes', 'date changes', 'slipped dates'),
          "fr": ('changements de date', 'glissements')}),
    Term('roadmap_scope', LOWER,
         {"en": 'Work left and scope growth', "fr": 'Reste à faire et croissance du périmètre'},
         {"en": ('remaining work', 'scope growth', 'backlog'),
          "fr": ('travail restant', 'croissance du périmètre')}),
    Term('extra_cost', LOWER,
         {"en": 'Extra team cost', "fr": "Surcoût d'équipe"},
         {"en": ('extra cost', 'cost of the delay', 'overrun'),
          "fr": ('surcoût', 'coût du retard', 'dépassement')}),
    Term('cost_of_delay', LOWER,
         {"en": 'Benefits delayed', "fr": 'Bénéfices retardés'},
         {"en": ('cost of delay', 'CoD', 'delayed benefits', 'lost revenue'),
          "fr": ('coût du retard', 'coût du délai', 'bénéfices reportés')}),
    Term('roadmap_statement', NEUTRAL,
         {"en": 'What it means', "fr": 'Ce que cela veut dire'},
         {"en": ('statement', 'business translation', 'summary'),
          "fr": ('traduction métier', 'résumé')}),
)
GLOSSARY: dict[str, Term] = {term.id: term for term in TERMS}


def term(metric_id: str) -> Term:
    """The glossary entry of a metric (KeyError naming the id when absent)."""
    try:
        return GLOSSARY[metric_id]
    except KeyError:
        raise KeyError(f"metric {metric_id!r} has no glossary entry in metrics/glossary.py") from None


def label(metric_id: str, lang: str) -> str:
    return term(metric_id).label[lang]


def in_sentence(metric_id: str, lang: str) -> str:
    """The label inside a sentence: its first letter in lower case ("time to restore service")."""
    text = label(metric_id, lang)
    return text[:1].lower() + text[1:]


def fold(text: str) -> str:
    """Text for matching: lower case, accents removed, apostrophes and spaces made plain ("Délai" → "delai")."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _terms(definition: Mapping) -> list[str]:
    """What a definition is called: its id, names, labels and synonyms, in both languages."""
    parts = [definition["id"], *definition["name"].values()]
    entry = GLOSSARY.get(definition["id"])
    if entry:
        parts += [*entry.label.values(), *(s for words in entry.synonyms.values() for s in words)]
    return parts


def search(query: str, definitions: Iterable[Mapping], lang: str) -> list[Mapping]:
    """The definitions a reader looks for (case and accents ignored): those called by the query (it appears in an
    id, name, label or synonym, either language); failing that, those holding every word of the query in what
    they are called or in their definition in `lang`. All of them for an empty query.
    `definitions`: entries of the views document's `definitions` (id, name, definition per language)."""
    definitions = list(definitions)
    phrase = fold(query)
    if not phrase:
        return definitions
    called = [d for d in definitions if phrase in fold(" | ".join(_terms(d)))]
    if called:
        return called
    words = phrase.split()
    return [d for d in definitions
            if all(w in fold(" | ".join([*_terms(d), d["definition"].get(lang, "")])) for w in words)]


GLOSSARY_START = "<!-- glossary: generated by metrics.glossary.glossary_markdown(), do not edit by hand -->"
GLOSSARY_END = "<!-- end of glossary -->"
DIRECTION_TEXT = {HIGHER: "higher is better", LOWER: "lower is better", NEUTRAL: "neither"}


def glossary_markdown() -> str:
    """The glossary as the Markdown table of docs/export-schema.md, between its markers (a test keeps them equal;
    `python -m metrics.glossary` prints it)."""
    from metrics.registry import metrics

    rows = [GLOSSARY_START, "", "| metric | label (en) | label (fr) | unit | direction | also called |", "|---|---|---|---|---|---|"]
    for m in metrics():
        entry = term(m.id)
        words = "; ".join([*entry.synonyms["en"], *entry.synonyms["fr"]])
        rows.append(f"| `{m.id}` | {entry.label['en']} | {entry.label['fr']} | {m.unit} | "
                    f"{DIRECTION_TEXT[entry.direction]} | {words} |")
    return "\n".join([*rows, "", GLOSSARY_END])


if __name__ == "__main__":
    print(glossary_markdown())
