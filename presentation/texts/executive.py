"""Texts of the executive page, English and French (plain business language: no "WIP", "story points", "P85")."""

import re

TEXTS: dict[str, dict[str, str]] = {
    "exec.title": {
        "en": "{company} — delivery at a glance",
        "fr": "{company} — la livraison en un coup d'œil",
    },
    "exec.as_of": {
        "en": "Figures as of {date}.",
        "fr": "Chiffres au {date}.",
    },
    "exec.team_scope": {
        "en": "Showing the {team} team only: its roadmap items and its figures.",
        "fr": "Équipe {team} seulement : ses chantiers et ses chiffres.",
    },
    "exec.old_snapshot": {
        "en": "This snapshot was frozen before this page existed: it holds no executive summary. Open the live dashboard or freeze a new snapshot.",
        "fr": "Cet instantané a été figé avant l'existence de cette page : il ne contient pas de synthèse. Ouvrez le tableau de bord en direct ou figez un nouvel instantané.",
    },
    "exec.week_of": {
        "en": "Week of",
        "fr": "Semaine du",
    },
    # ---------------------------------------------------------------- roadmap: decisions and cards
    "exec.decisions": {
        "en": "Needs a decision",
        "fr": "À arbitrer",
    },
    "exec.decisions.none": {
        "en": "No key roadmap item is late or at risk.",
        "fr": "Aucun chantier clé n'est en retard ni à risque.",
    },
    "exec.key_items": {
        "en": "Key roadmap items",
        "fr": "Chantiers clés",
    },
    "exec.no_items": {
        "en": "No roadmap items found. Declare them as [[roadmap]] entries in the workspace file, or check that the Jira projects have epics.",
        "fr": "Aucun chantier trouvé. Déclarez-les dans les entrées [[roadmap]] du fichier workspace, ou vérifiez que les projets Jira ont des epics.",
    },
    "exec.no_key_items": {
        "en": "None of these roadmap items is marked as key: set `key_item = true` in the workspace's [[roadmap]] entries the executive committee follows.",
        "fr": "Aucun de ces chantiers n'est marqué comme clé : indiquez `key_item = true` dans les entrées [[roadmap]] du workspace suivies par le comité de direction.",
    },
    "exec.no_team_items": {
        "en": "The {team} team owns no key roadmap item.",
        "fr": "L'équipe {team} ne porte aucun chantier clé.",
    },
    "exec.label.late": {
        "en": "Late",
        "fr": "En retard",
    },
    "exec.label.no forecast": {
        "en": "No forecast",
        "fr": "Sans prévision",
    },
    "exec.label.at risk": {
        "en": "At risk",
        "fr": "À risque",
    },
    "exec.label.no target": {
        "en": "No target date",
        "fr": "Sans date cible",
    },
    "exec.label.on track": {
        "en": "On track",
        "fr": "Dans les temps",
    },
    "exec.label.delivered": {
        "en": "Delivered",
        "fr": "Livré",
    },
    "exec.card.lands": {
        "en": "Lands between {start} and {end}",
        "fr": "Arrivée prévue entre le {start} et le {end}",
    },
    "exec.card.lands_on": {
        "en": "Lands around {date}",
        "fr": "Arrivée prévue vers le {date}",
    },
    "exec.card.range_help": {
        "en": "Half of the simulations finish by the first date, 85% by the second (85% confidence).",
        "fr": "La moitié des simulations se terminent à la première date, 85 % à la seconde (confiance 85 %).",
    },
    "exec.card.delivered": {
        "en": "Delivered on {date}",
        "fr": "Livré le {date}",
    },
    "exec.card.no_forecast": {
        "en": "No forecast: {reason}",
        "fr": "Pas de prévision : {reason}",
    },
    "exec.card.chance": {
        "en": "{probability} chance of meeting the {target} target",
        "fr": "{probability} de chances de tenir la date cible du {target}",
    },
    "exec.card.target": {
        "en": "Target: {target}",
        "fr": "Date cible : {target}",
    },
    "exec.card.no_target": {
        "en": "No target date committed",
        "fr": "Aucune date cible engagée",
    },
    "exec.card.drift_late": {
        "en": "{duration} later than first committed ({baseline})",
        "fr": "{duration} après la date engagée au départ ({baseline})",
    },
    "exec.card.drift_early": {
        "en": "{duration} ahead of the date first committed ({baseline})",
        "fr": "{duration} d'avance sur la date engagée au départ ({baseline})",
    },
    "exec.card.drift_none": {
        "en": "On the date first committed ({baseline})",
        "fr": "À la date engagée au départ ({baseline})",
    },
    "exec.card.impact": {
        "en": "{total} at stake: {extra} extra team cost, {delay} of benefits delayed",
        "fr": "{total} en jeu : {extra} de surcoût d'équipe, {delay} de bénéfices retardés",
    },
    "exec.card.no_impact": {
        "en": "No extra cost",
        "fr": "Pas de surcoût",
    },
    "exec.card.link": {
        "en": "Details on the roadmap",
        "fr": "Détails dans la feuille de route",
    },
    "exec.delivered": {
        "en": "Delivered",
        "fr": "Livrés",
    },
    "exec.others": {
        "en": "Other roadmap items to watch ({count})",
        "fr": "Autres chantiers à surveiller ({count})",
    },
    "exec.evidence": {
        "en": "Where these dates and amounts come from",
        "fr": "D'où viennent ces dates et ces montants",
    },
    "exec.evidence.help": {
        "en": "Each forecast replays the pace of the last {weeks} weeks {trials} times. Extra team cost = weeks of delay × the weekly cost of the teams on the item; benefits delayed = weeks of delay × the value of one week declared for the item.",
        "fr": "Chaque prévision rejoue {trials} fois le rythme des {weeks} dernières semaines. Surcoût d'équipe = semaines de retard × coût hebdomadaire des équipes du chantier ; bénéfices retardés = semaines de retard × valeur d'une semaine déclarée pour le chantier.",
    },
    "exec.col.item": {
        "en": "Item",
        "fr": "Chantier",
    },
    "exec.col.team": {
        "en": "Team",
        "fr": "Équipe",
    },
    "exec.col.status": {
        "en": "Status",
        "fr": "État",
    },
    "exec.col.remaining": {
        "en": "Work left",
        "fr": "Reste à faire",
    },
    "exec.col.pace": {
        "en": "Pace taken from",
        "fr": "Rythme tiré de",
    },
    "exec.col.baseline": {
        "en": "First committed",
        "fr": "Engagé au départ",
    },
    "exec.col.target": {
        "en": "Current target",
        "fr": "Date cible actuelle",
    },
    "exec.col.likely": {
        "en": "Likely (50%)",
        "fr": "Probable (50 %)",
    },
    "exec.col.confident": {
        "en": "85% confidence",
        "fr": "Confiance 85 %",
    },
    "exec.col.chance": {
        "en": "Chance on time",
        "fr": "Chances à l'heure",
    },
    "exec.col.drift": {
        "en": "Drift (days)",
        "fr": "Dérive (jours)",
    },
    "exec.col.extra_cost": {
        "en": "Extra team cost",
        "fr": "Surcoût d'équipe",
    },
    "exec.col.cost_of_delay": {
        "en": "Benefits delayed",
        "fr": "Bénéfices retardés",
    },
    "exec.col.link": {
        "en": "Jira",
        "fr": "Jira",
    },
    "exec.pace.own children": {
        "en": "its own finished work",
        "fr": "son propre travail terminé",
    },
    "exec.pace.team share": {
        "en": "a share of its team's pace",
        "fr": "une part du rythme de son équipe",
    },
    # ---------------------------------------------------------------- delivery health
    "exec.health": {
        "en": "How the teams deliver",
        "fr": "Comment les équipes livrent",
    },
    "exec.predictability": {
        "en": "Delivery predictability",
        "fr": "Prévisibilité de la livraison",
    },
    "exec.predictability.help": {
        "en": "For each sprint: the work committed at its start that was finished by its end. Averaged over each team's last {count} sprints.",
        "fr": "Pour chaque sprint : le travail engagé au début et terminé à la fin. Moyenne des {count} derniers sprints de chaque équipe.",
    },
    "exec.points": {
        "en": "{n} pts",
        "fr": "{n} pts",
    },
    "exec.predictability.delta": {
        "en": "{points} pts vs the {count} sprints before",
        "fr": "{points} pts par rapport aux {count} sprints précédents",
    },
    "exec.predictability.sentence": {
        "en": "In the last {count} sprints, {subject} finished {recent} of the work planned at the start, against {previous} in the {count} sprints before.",
        "fr": "Sur les {count} derniers sprints, {subject} terminé {recent} du travail prévu au départ, contre {previous} sur les {count} sprints précédents.",
    },
    "exec.predictability.sentence_new": {
        "en": "In the last sprints, {subject} finished {recent} of the work planned at the start.",
        "fr": "Sur les derniers sprints, {subject} terminé {recent} du travail prévu au départ.",
    },
    "exec.predictability.teams": {
        "en": "the teams",
        "fr": "les équipes ont",
    },
    "exec.predictability.team": {
        "en": "{team}",
        "fr": "{team} a",
    },
    "exec.predictability.none": {
        "en": "No closed sprints in the last {weeks} weeks on any team's board: check the boards in the workspace file.",
        "fr": "Aucun sprint clos ces {weeks} dernières semaines sur les tableaux des équipes : vérifiez les tableaux dans le fichier workspace.",
    },
    "exec.predictability.none_team": {
        "en": "No closed sprints found for {team} in the last {weeks} weeks: is board {board} right?",
        "fr": "Aucun sprint clos trouvé pour {team} ces {weeks} dernières semaines : le tableau {board} est-il le bon ?",
    },
    "exec.predictability.link": {
        "en": "Sprint by sprint on the Delivery page",
        "fr": "Sprint par sprint sur la page Livraison",
    },
    "exec.predictability.evidence": {
        "en": "Sprints behind this figure",
        "fr": "Sprints derrière ce chiffre",
    },
    "exec.col.sprint": {
        "en": "Sprint",
        "fr": "Sprint",
    },
    "exec.col.sprint_end": {
        "en": "Ended",
        "fr": "Fin",
    },
    "exec.col.period": {
        "en": "Period",
        "fr": "Période",
    },
    "exec.col.committed": {
        "en": "Committed",
        "fr": "Engagé",
    },
    "exec.col.completed_committed": {
        "en": "Committed and finished",
        "fr": "Engagé et terminé",
    },
    "exec.col.accuracy": {
        "en": "Finished as planned",
        "fr": "Terminé comme prévu",
    },
    "exec.col.unit": {
        "en": "Counted in",
        "fr": "Compté en",
    },
    "exec.period.recent": {
        "en": "recent",
        "fr": "récents",
    },
    "exec.period.previous": {
        "en": "before",
        "fr": "précédents",
    },
    "exec.unit.points": {
        "en": "estimate points",
        "fr": "points d'estimation",
    },
    "exec.unit.items": {
        "en": "work items",
        "fr": "éléments de travail",
    },
    "exec.stability": {
        "en": "Production stability",
        "fr": "Stabilité de la production",
    },
    "exec.ttr.open": {
        "en": "{count} incident still open.",
        "fr": "{count} incident encore ouvert.",
    },
    "exec.ttr.open_many": {
        "en": "{count} incidents still open.",
        "fr": "{count} incidents encore ouverts.",
    },
    "exec.delta.previous": {
        "en": "Arrows: change against the {weeks} weeks before.",
        "fr": "Flèches : évolution par rapport aux {weeks} semaines d'avant.",
    },
    "exec.stability.none": {
        "en": "No production releases found in the last {weeks} weeks for {repos}: check the repositories and the production environment pattern in the workspace file.",
        "fr": "Aucune mise en production trouvée ces {weeks} dernières semaines pour {repos} : vérifiez les dépôts et le motif de l'environnement de production dans le fichier workspace.",
    },
    "exec.stability.no_repos": {
        "en": "No GitHub repositories are configured for {scope}: add them to the team's `repos` in the workspace file.",
        "fr": "Aucun dépôt GitHub n'est configuré pour {scope} : ajoutez-les aux `repos` de l'équipe dans le fichier workspace.",
    },
    "exec.stability.all_teams": {
        "en": "the teams",
        "fr": "les équipes",
    },
    "exec.stability.link": {
        "en": "Details on the Engineering page",
        "fr": "Détails sur la page Ingénierie",
    },
    "exec.allocation": {
        "en": "What the finished work went to",
        "fr": "À quoi est allé le travail terminé",
    },
    "exec.allocation.help": {
        "en": "Share of the {count} pieces of work finished in the last {weeks} weeks, counted in pieces, not in effort: a small fix counts as much as a large feature.",
        "fr": "Part des {count} tâches terminées ces {weeks} dernières semaines, comptées en nombre et non en effort : un petit correctif compte autant qu'une grande fonctionnalité.",
    },
    "exec.allocation.none": {
        "en": "No work finished in the last {weeks} weeks: nothing to split.",
        "fr": "Aucun travail terminé ces {weeks} dernières semaines : rien à répartir.",
    },
    "exec.allocation.link": {
        "en": "Flow of work on the Delivery page",
        "fr": "Flux de travail sur la page Livraison",
    },
    "exec.cat.features": {
        "en": "New features",
        "fr": "Nouvelles fonctionnalités",
    },
    "exec.cat.tech debt": {
        "en": "Technical debt",
        "fr": "Dette technique",
    },
    "exec.cat.bugs & incidents": {
        "en": "Bugs & incidents",
        "fr": "Bugs et incidents",
    },
    "exec.cat.run / KTLO": {
        "en": "Keeping things running",
        "fr": "Maintien en fonctionnement",
    },
    "exec.items_count": {
        "en": "Work items",
        "fr": "Éléments de travail",
    },
    # ---------------------------------------------------------------- data confidence
    "exec.confidence": {
        "en": "How complete the data is",
        "fr": "Complétude des données",
    },
    "exec.confidence.badge": {
        "en": "{ratio} of {what} ({numerator} of {denominator})",
        "fr": "{ratio} des {what} ({numerator} sur {denominator})",
    },
    "exec.confidence.empty": {
        "en": "{what}: no data yet",
        "fr": "{what} : pas encore de données",
    },
    "exec.confidence.low": {
        "en": "Only {ratio} of {what}: the figures here that rely on it are uncertain. See Data & sources to fix it.",
        "fr": "Seulement {ratio} des {what} : les chiffres qui en dépendent ici sont incertains. Voir Données et sources pour corriger.",
    },
    "exec.confidence.link": {
        "en": "Data & sources",
        "fr": "Données et sources",
    },
    "exec.ratio.estimated_items": {
        "en": "finished work items estimated",
        "fr": "éléments de travail terminés estimés",
    },
    "exec.ratio.items_with_start": {
        "en": "finished work items with a start date",
        "fr": "éléments de travail terminés avec une date de début",
    },
    "exec.ratio.epics_with_target": {
        "en": "open roadmap items with a target date",
        "fr": "chantiers ouverts avec une date cible",
    },
    "exec.ratio.prs_deployed": {
        "en": "merged code changes traced to a release",
        "fr": "modifications de code fusionnées rattachées à une mise en production",
    },
    "exec.ratio.incidents_linked": {
        "en": "incidents traced to a release",
        "fr": "incidents rattachés à une mise en production",
    },
    "exec.glance.late": {
        "en": "{duration} behind its committed date",
        "fr": "{duration} de retard sur la date engagée",
    },
    "exec.glance.no_drift": {
        "en": "on its committed date",
        "fr": "à sa date engagée",
    },
    "exec.glance.at_stake": {
        "en": "{amount} at stake",
        "fr": "{amount} en jeu",
    },
}

# French typography: a no-break space before ":", ";", "?", "!" and "%" keeps the sign on its word's line.
for _texts in TEXTS.values():
    _texts["fr"] = re.sub(r" ([:;?!%])", "\u00a0\\1", _texts["fr"])
