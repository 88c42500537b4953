"""Texts of the operations features (freshness line and warnings, sync lock, Monday digest), English and French."""

TEXTS: dict[str, dict[str, str]] = {
    "fresh.line": {
        "en": "Data {parts}.",
        "fr": "Données {parts}.",
    },
    "fresh.part": {
        "en": "from {source} as of {when} ({age})",
        "fr": "de {source} au {when} ({age})",
    },
    "fresh.and": {
        "en": " and ",
        "fr": " et ",
    },
    "fresh.minutes": {
        "en": "{n} min ago",
        "fr": "il y a {n} min",
    },
    "fresh.hours": {
        "en": "{n} h ago",
        "fr": "il y a {n} h",
    },
    "fresh.days": {
        "en": "{n} days ago",
        "fr": "il y a {n} jours",
    },
    "fresh.just_now": {
        "en": "just now",
        "fr": "à l'instant",
    },
    "fresh.when": {
        "en": "{date} {time} UTC",
        "fr": "{date} à {time} UTC",
    },
    "fresh.warn.failing": {
        "en": "The figures may be out of date: {source} could not be read since {since} ({attempts} attempts failed). "
              "The figures shown are those of {last}.",
        "fr": "Les chiffres ne sont peut-être plus à jour : {source} n'a pas pu être lu depuis le {since} "
              "({attempts} tentatives échouées). Les chiffres affichés sont ceux du {last}.",
    },
    "fresh.warn.old": {
        "en": "The figures may be out of date: they were last refreshed from {source} {age} ({last}), "
              "and no refresh has run since.",
        "fr": "Les chiffres ne sont peut-être plus à jour : leur dernière mise à jour depuis {source} date "
              "du {last} ({age}), et aucune n'a eu lieu depuis.",
    },
    "fresh.warn.never": {
        "en": "No data has been read from {source} yet: the figures do not include it.",
        "fr": "Aucune donnée n'a encore été lue depuis {source} : les chiffres ne l'incluent pas.",
    },
    "fresh.warn.never_failing": {
        "en": "No data has been read from {source} yet: it could not be read since {since} ({attempts} attempts failed).",
        "fr": "Aucune donnée n'a encore été lue depuis {source} : il n'a pas pu être lu depuis le {since} "
              "({attempts} tentatives échouées).",
    },
    "data.sync_busy": {
        "en": "A sync of this workspace is already running ({holder}): the figures will update when it finishes.",
        "fr": "Une synchronisation de cet espace est déjà en cours ({holder}) : les chiffres seront mis à jour "
              "quand elle sera terminée.",
    },
    "fresh.pack": {
        "en": "Data behind these figures: {parts}.",
        "fr": "Données derrière ces chiffres : {parts}.",
    },
    "fresh.pack_part": {
        "en": "{source} as of {when}",
        "fr": "{source} au {when}",
    },
}
