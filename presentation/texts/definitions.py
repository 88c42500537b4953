"""Texts of the Definitions page, English and French."""

TEXTS: dict[str, dict[str, str]] = {
    "definitions.synonyms": {
        "en": "Also called: {words}",
        "fr": "Aussi appelé : {words}",
    },
    "definitions.title": {
        "en": "Definitions",
        "fr": "Définitions",
    },
    "definitions.intro": {
        "en": "How every figure of Pilotage is computed, in plain words. The same definitions drive the dashboard, the JSON export and the board snapshots.",
        "fr": "Comment chaque chiffre de Pilotage est calculé, en mots simples. Les mêmes définitions servent au tableau de bord, à l'export JSON et aux instantanés du conseil.",
    },
    "definitions.version": {
        "en": "Definitions version {version} · {count} metrics. An export or a snapshot records the version its figures follow.",
        "fr": "Version des définitions {version} · {count} indicateurs. Un export ou un instantané enregistre la version que suivent ses chiffres.",
    },
    "definitions.frozen": {
        "en": "You are reading a snapshot: these are the definitions frozen with it (version {version}).",
        "fr": "Vous consultez un instantané : voici les définitions figées avec lui (version {version}).",
    },
    "definitions.search": {
        "en": "Find a metric",
        "fr": "Trouver un indicateur",
    },
    "definitions.no_match": {
        "en": "No metric matches “{query}”.",
        "fr": "Aucun indicateur ne correspond à « {query} ».",
    },
    "definitions.facts": {
        "en": "Unit: {unit} · Needs: {needs} · Id: `{id}`",
        "fr": "Unité : {unit} · Nécessite : {needs} · Id : `{id}`",
    },
    "definitions.group.flow": {
        "en": "Flow of work",
        "fr": "Flux de travail",
    },
    "definitions.group.flow.intro": {
        "en": "How much work gets finished, how long it takes and what is waiting (Jira).",
        "fr": "Combien de travail est terminé, combien de temps cela prend et ce qui attend (Jira).",
    },
    "definitions.group.sprints": {
        "en": "Sprints",
        "fr": "Sprints",
    },
    "definitions.group.sprints.intro": {
        "en": "Whether teams deliver what they plan for each sprint (Jira boards).",
        "fr": "Si les équipes livrent ce qu'elles prévoient pour chaque sprint (tableaux Jira).",
    },
    "definitions.group.dora": {
        "en": "Releases and stability (DORA)",
        "fr": "Mises en production et stabilité (DORA)",
    },
    "definitions.group.dora.intro": {
        "en": "How often and how safely software reaches customers, compared with the 2024 industry survey (GitHub, incidents).",
        "fr": "À quelle fréquence et avec quelle sûreté le logiciel atteint les clients, comparé à l'enquête 2024 du secteur (GitHub, incidents).",
    },
    "definitions.group.allocation": {
        "en": "Where the effort goes",
        "fr": "Où va l'effort",
    },
    "definitions.group.allocation.intro": {
        "en": "How finished work splits between new features, technical debt, bugs and running the service.",
        "fr": "Comment le travail terminé se répartit entre nouvelles fonctionnalités, dette technique, anomalies et exploitation.",
    },
    "definitions.group.confidence": {
        "en": "Data confidence",
        "fr": "Confiance dans les données",
    },
    "definitions.group.confidence.intro": {
        "en": "How complete the data under each figure is. Below 50%, a figure is shown greyed with a warning.",
        "fr": "À quel point les données sous chaque chiffre sont complètes. Sous 50 %, un chiffre est affiché grisé avec un avertissement.",
    },
    "definitions.group.roadmap": {
        "en": "Roadmap and business impact",
        "fr": "Feuille de route et impact métier",
    },
    "definitions.group.roadmap.intro": {
        "en": "When key items will land, how likely they are to be on time, and what a delay costs.",
        "fr": "Quand les éléments clés aboutiront, leurs chances d'être à l'heure et ce que coûte un retard.",
    },
    "definitions.group.other": {
        "en": "Other figures",
        "fr": "Autres chiffres",
    },
    "definitions.group.other.intro": {
        "en": "Figures recorded with this snapshot that the current version no longer groups.",
        "fr": "Chiffres enregistrés avec cet instantané que la version actuelle ne classe plus.",
    },
    # units of the registry
    "definitions.unit.items per week": {
        "en": "items per week",
        "fr": "éléments par semaine",
    },
    "definitions.unit.days": {
        "en": "days",
        "fr": "jours",
    },
    "definitions.unit.items": {
        "en": "items",
        "fr": "éléments",
    },
    "definitions.unit.points or items": {
        "en": "story points, or items when too little is estimated",
        "fr": "points, ou éléments quand trop peu est estimé",
    },
    "definitions.unit.ratio": {
        "en": "ratio (0.71 = 71%)",
        "fr": "ratio (0,71 = 71 %)",
    },
    "definitions.unit.deployments": {
        "en": "releases",
        "fr": "mises en production",
    },
    "definitions.unit.deployments per week": {
        "en": "releases per week",
        "fr": "mises en production par semaine",
    },
    "definitions.unit.days per week": {
        "en": "days per week",
        "fr": "jours par semaine",
    },
    "definitions.unit.hours": {
        "en": "hours",
        "fr": "heures",
    },
    "definitions.unit.changes": {
        "en": "code changes",
        "fr": "changements de code",
    },
    "definitions.unit.band": {
        "en": "benchmark level (elite, high, medium, low)",
        "fr": "niveau de référence (élite, haut, moyen, bas)",
    },
    "definitions.unit.share": {
        "en": "share (percentage)",
        "fr": "part (pourcentage)",
    },
    "definitions.unit.date": {
        "en": "date",
        "fr": "date",
    },
    "definitions.unit.count": {
        "en": "count",
        "fr": "nombre",
    },
    "definitions.unit.currency": {
        "en": "amount in the workspace currency",
        "fr": "montant dans la devise de l'espace de travail",
    },
    "definitions.unit.text": {
        "en": "sentence",
        "fr": "phrase",
    },
}
