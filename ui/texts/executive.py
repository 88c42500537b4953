"""Texts of the executive page, English and French."""

TEXTS: dict[str, dict[str, str]] = {
    "exec.title": {
        "en": "{company} — delivery at a glance",
        "fr": "{company} — la livraison en un coup d'œil",
    },
    "exec.as_of": {
        "en": "Figures as of {date}.",
        "fr": "Chiffres au {date}.",
    },
    "exec.done_per_week": {
        "en": "Work finished per week",
        "fr": "Travail terminé par semaine",
    },
    "exec.done_per_week.help": {
        "en": "Work items finished each week over the last {weeks} complete weeks, all teams.",
        "fr": "Éléments de travail terminés chaque semaine sur les {weeks} dernières semaines complètes, toutes équipes.",
    },
    "exec.finished_window": {
        "en": "Finished in {weeks} weeks",
        "fr": "Terminés en {weeks} semaines",
    },
    "exec.in_progress": {
        "en": "In progress now",
        "fr": "En cours",
    },
    "exec.open_items": {
        "en": "Open roadmap items",
        "fr": "Chantiers de la feuille de route ouverts",
    },
    "exec.week_of": {
        "en": "Week of",
        "fr": "Semaine du",
    },
    "exec.items": {
        "en": "Items finished",
        "fr": "Éléments terminés",
    },
    "exec.epics_table": {
        "en": "Open roadmap items",
        "fr": "Chantiers ouverts",
    },
}
