"""Texts about what was set aside to keep the figures honest: values a sync dropped while keeping their item (data
confidence block of the Data & sources page) and snapshots refused because they were modified after freezing."""

TEXTS: dict[str, dict[str, str]] = {
    "dropped.title": {
        "en": "The last sync dropped {count} unusable value(s) and kept their items: the figures that need them "
              "rest on less data.",
        "fr": "La dernière synchronisation a écarté {count} valeur(s) inutilisable(s) en gardant leurs éléments : "
              "les chiffres qui en dépendent reposent sur moins de données.",
    },
    "dropped.col.source": {"en": "Source", "fr": "Source"},
    "dropped.col.reason": {"en": "What was dropped", "fr": "Ce qui a été écarté"},
    "dropped.col.count": {"en": "How many", "fr": "Combien"},
    "dropped.story_points_not_a_number": {
        "en": "Story points that are not a number (the estimate is left empty)",
        "fr": "Points d'estimation qui ne sont pas un nombre (estimation laissée vide)",
    },
    "dropped.story_points_negative": {
        "en": "Negative story points (the estimate is left empty)",
        "fr": "Points d'estimation négatifs (estimation laissée vide)",
    },
    "dropped.labels_not_a_list": {
        "en": "Labels given as one text instead of a list (no label kept)",
        "fr": "Étiquettes données en un seul texte au lieu d'une liste (aucune étiquette gardée)",
    },
    "dropped.sprint_without_dates": {
        "en": "Sprints without start or end date (kept, but left out of sprint figures)",
        "fr": "Sprints sans date de début ou de fin (gardés, mais hors des chiffres de sprint)",
    },
    "snapshots.refused": {
        "en": "modified after freezing: refused, left out of comparisons",
        "fr": "modifié après le gel : refusé, exclu des comparaisons",
    },
}
