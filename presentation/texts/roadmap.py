"""Texts of the roadmap page, English and French."""

import re

TEXTS: dict[str, dict[str, str]] = {
    "roadmap.title": {
        "en": "Roadmap",
        "fr": "Feuille de route",
    },
    "roadmap.intro": {
        "en": "When each roadmap item is likely to land at the current pace, against the date committed. Each bar runs from the date reached in half of {trials} simulations of the coming weeks to the date reached with 85% confidence.",
        "fr": "Quand chaque chantier arrivera probablement au rythme actuel, face à la date engagée. Chaque barre va de la date atteinte dans la moitié de {trials} simulations des semaines à venir à la date atteinte avec 85 % de confiance.",
    },
    "roadmap.old_snapshot": {
        "en": "This snapshot was frozen before the roadmap page existed: it holds no roadmap view. Open the live dashboard or freeze a new snapshot.",
        "fr": "Cet instantané a été figé avant l'existence de la page feuille de route : il ne la contient pas. Ouvrez le tableau de bord en direct ou figez un nouvel instantané.",
    },
    "roadmap.none": {
        "en": "No roadmap items found. Declare them as [[roadmap]] entries in the workspace file, or check that the Jira projects have epics.",
        "fr": "Aucun chantier trouvé. Déclarez-les dans les entrées [[roadmap]] du fichier workspace, ou vérifiez que les projets Jira ont des epics.",
    },
    "roadmap.team_none": {
        "en": "The {team} team owns no roadmap item: choose “All teams” in the sidebar to see the others.",
        "fr": "L'équipe {team} ne porte aucun chantier : choisissez « Toutes les équipes » dans le panneau latéral pour voir les autres.",
    },
    "roadmap.trail": {
        "en": "How the forecast moved",
        "fr": "Comment la prévision a évolué",
    },
    "roadmap.trail.help": {
        "en": "At each of the last {points} week-ends, the forecast recomputed from the data as it was that day (same seed): the shaded band runs from the 50% date to the 85% date, the dashed line is the target then.",
        "fr": "À chacune des {points} dernières fins de semaine, la prévision recalculée à partir des données de ce jour-là (même graine) : la bande va de la date à 50 % à la date à 85 %, le trait pointillé est la date cible d'alors.",
    },
    "roadmap.trail.range": {
        "en": "Landing range (50%–85%)",
        "fr": "Arrivée prévue (50 %–85 %)",
    },
    "roadmap.trail.hover": {
        "en": "{when}: lands {range}<br>chance of meeting the target: {chance}<br>{remaining} items left",
        "fr": "{when} : arrivée {range}<br>probabilité de tenir la date : {chance}<br>{remaining} tâches restantes",
    },
    "roadmap.trail.why": {
        "en": "Since {since}: {text}",
        "fr": "Depuis le {since} : {text}",
    },
    "roadmap.trail.unchanged": {
        "en": "the 85% date did not move",
        "fr": "la date à 85 % n'a pas bougé",
    },
    "roadmap.trail.moved": {
        "en": "85% date {days}",
        "fr": "date à 85 % {days}",
    },
    "pack.trail.title": {
        "en": "How the forecasts moved",
        "fr": "Comment les prévisions ont évolué",
    },
    "pack.trail.intro": {
        "en": "For each open key item, where it was forecast to land at each of the last week-ends (from the 50% date to the 85% date), against the target then, and what moved it since the previous week-end.",
        "fr": "Pour chaque chantier clé en cours, où il devait arriver à chacune des dernières fins de semaine (de la date à 50 % à la date à 85 %), face à la date cible d'alors, et ce qui l'a fait bouger depuis la fin de semaine précédente.",
    },
    "roadmap.timeline": {
        "en": "Timeline",
        "fr": "Calendrier",
    },
    "roadmap.legend": {
        "en": "Bar: likely landing, from 50% to 85% confidence · ◇ date first committed · ▼ current target · ★ delivered · dashed line: the date of the figures.",
        "fr": "Barre : arrivée probable, de 50 % à 85 % de confiance · ◇ date engagée au départ · ▼ date cible actuelle · ★ livré · pointillés : la date des chiffres.",
    },
    "roadmap.table": {
        "en": "All roadmap items",
        "fr": "Tous les chantiers",
    },
    "roadmap.col.item": {
        "en": "Item",
        "fr": "Chantier",
    },
    "roadmap.col.key": {
        "en": "Key",
        "fr": "Clé",
    },
    "roadmap.col.team": {
        "en": "Team",
        "fr": "Équipe",
    },
    "roadmap.col.status": {
        "en": "Status",
        "fr": "État",
    },
    "roadmap.col.baseline": {
        "en": "First committed",
        "fr": "Engagé au départ",
    },
    "roadmap.col.target": {
        "en": "Current target",
        "fr": "Date cible actuelle",
    },
    "roadmap.col.p50": {
        "en": "Likely (50%)",
        "fr": "Probable (50 %)",
    },
    "roadmap.col.p85": {
        "en": "85% confidence",
        "fr": "Confiance 85 %",
    },
    "roadmap.col.chance": {
        "en": "Chance on time",
        "fr": "Chances à l'heure",
    },
    "roadmap.col.drift": {
        "en": "Drift (days)",
        "fr": "Dérive (jours)",
    },
    "roadmap.col.slips": {
        "en": "Times moved later",
        "fr": "Reports",
    },
    "roadmap.col.remaining": {
        "en": "Work left",
        "fr": "Reste à faire",
    },
    "roadmap.col.extra_cost": {
        "en": "Extra team cost",
        "fr": "Surcoût d'équipe",
    },
    "roadmap.col.cost_of_delay": {
        "en": "Benefits delayed",
        "fr": "Bénéfices retardés",
    },
    "roadmap.col.link": {
        "en": "Jira",
        "fr": "Jira",
    },
    "roadmap.col.when": {
        "en": "Changed on",
        "fr": "Modifié le",
    },
    "roadmap.col.change": {
        "en": "Change",
        "fr": "Changement",
    },
    "roadmap.col.source": {
        "en": "Taken from",
        "fr": "Source",
    },
    "roadmap.col.title": {
        "en": "Work item",
        "fr": "Élément de travail",
    },
    "roadmap.col.jira_status": {
        "en": "Status in Jira",
        "fr": "Statut dans Jira",
    },
    "roadmap.col.stage": {
        "en": "Stage",
        "fr": "Étape",
    },
    "roadmap.col.done": {
        "en": "Finished",
        "fr": "Terminés",
    },
    "roadmap.pick": {
        "en": "Roadmap item",
        "fr": "Chantier",
    },
    "roadmap.pick.help": {
        "en": "The address of the page keeps the chosen item: copy it to share this view.",
        "fr": "L'adresse de la page garde le chantier choisi : copiez-la pour partager cette vue.",
    },
    "roadmap.metric.p50": {
        "en": "Likely (50% confidence)",
        "fr": "Probable (confiance 50 %)",
    },
    "roadmap.metric.p85": {
        "en": "85% confidence",
        "fr": "Confiance 85 %",
    },
    "roadmap.metric.chance": {
        "en": "Chance of meeting the target",
        "fr": "Chances de tenir la date cible",
    },
    "roadmap.metric.drift": {
        "en": "Drift vs first commitment",
        "fr": "Dérive / engagement initial",
    },
    "roadmap.metric.extra_cost": {
        "en": "Extra team cost",
        "fr": "Surcoût d'équipe",
    },
    "roadmap.metric.cost_of_delay": {
        "en": "Benefits delayed",
        "fr": "Bénéfices retardés",
    },
    "roadmap.metric.delivered": {
        "en": "Delivered on",
        "fr": "Livré le",
    },
    "roadmap.days.one": {
        "en": "{days} day",
        "fr": "{days} jour",
    },
    "roadmap.days.other": {
        "en": "{days} days",
        "fr": "{days} jours",
    },
    "roadmap.no_value": {
        "en": "—",
        "fr": "—",
    },
    "roadmap.dist": {
        "en": "When it could land",
        "fr": "Quand il peut arriver",
    },
    "roadmap.dist.help": {
        "en": "Bars: share of the {trials} simulations finishing that day. Line: share finished by that date.",
        "fr": "Barres : part des {trials} simulations qui se terminent ce jour-là. Courbe : part terminée à cette date.",
    },
    "roadmap.whatif.computing": {
        "en": "Simulating the change…",
        "fr": "Simulation du changement…",
    },
    "roadmap.dist.technical": {
        "en": "Monte Carlo forecast, {trials} trials with seed {seed}: the same data and seed always give the same dates.",
        "fr": "Prévision Monte-Carlo, {trials} tirages avec la graine {seed} : les mêmes données et la même graine donnent toujours les mêmes dates.",
    },
    "roadmap.dist.none": {
        "en": "No forecast for this item: {reason}",
        "fr": "Pas de prévision pour ce chantier : {reason}",
    },
    "roadmap.dist.delivered": {
        "en": "Delivered on {date}: every piece of its work is finished.",
        "fr": "Livré le {date} : tout son travail est terminé.",
    },
    "roadmap.chart.share": {
        "en": "Simulations finishing that day",
        "fr": "Simulations finies ce jour-là",
    },
    "roadmap.chart.cumulative": {
        "en": "Finished by that date",
        "fr": "Finies à cette date",
    },
    "roadmap.chart.share_axis": {
        "en": "Finishing that day",
        "fr": "Finies ce jour-là",
    },
    "roadmap.chart.cumulative_axis": {
        "en": "Finished by then",
        "fr": "Finies à cette date",
    },
    "roadmap.chart.p50": {
        "en": "50%",
        "fr": "50 %",
    },
    "roadmap.chart.p85": {
        "en": "85%",
        "fr": "85 %",
    },
    "roadmap.chart.target": {
        "en": "Target",
        "fr": "Date cible",
    },
    "roadmap.chart.baseline": {
        "en": "First committed",
        "fr": "Engagé au départ",
    },
    "roadmap.chart.done": {
        "en": "Delivered",
        "fr": "Livré",
    },
    "roadmap.chart.as_of": {
        "en": "Figures as of {date}",
        "fr": "Chiffres au {date}",
    },
    "roadmap.ledger": {
        "en": "Target date history",
        "fr": "Historique de la date cible",
    },
    "roadmap.ledger.none": {
        "en": "No target date was ever set in Jira for this item.",
        "fr": "Aucune date cible n'a jamais été saisie dans Jira pour ce chantier.",
    },
    "roadmap.ledger.workspace": {
        "en": "The workspace file sets this item's dates (first committed {baseline}, target {target}); they win over Jira's.",
        "fr": "Le fichier workspace fixe les dates de ce chantier (engagé au départ {baseline}, cible {target}) ; elles l'emportent sur celles de Jira.",
    },
    "roadmap.ledger.source": {
        "en": "Dates read from the {source}.",
        "fr": "Dates lues dans le champ {source}.",
    },
    "roadmap.ledger.all": {
        "en": "Every target date change, all items",
        "fr": "Tous les changements de date cible, tous chantiers",
    },
    "roadmap.kind.set": {
        "en": "set to {date}",
        "fr": "fixée au {date}",
    },
    "roadmap.kind.later.one": {
        "en": "moved later by {days} day, to {date}",
        "fr": "repoussée de {days} jour, au {date}",
    },
    "roadmap.kind.later.other": {
        "en": "moved later by {days} days, to {date}",
        "fr": "repoussée de {days} jours, au {date}",
    },
    "roadmap.kind.earlier.one": {
        "en": "moved earlier by {days} day, to {date}",
        "fr": "avancée de {days} jour, au {date}",
    },
    "roadmap.kind.earlier.other": {
        "en": "moved earlier by {days} days, to {date}",
        "fr": "avancée de {days} jours, au {date}",
    },
    "roadmap.kind.cleared": {
        "en": "cleared",
        "fr": "effacée",
    },
    "roadmap.source.due date": {
        "en": "Jira due date",
        "fr": "échéance Jira",
    },
    "roadmap.source.fix version": {
        "en": "Jira fix version",
        "fr": "version corrective Jira",
    },
    "roadmap.deps": {
        "en": "Dependencies",
        "fr": "Dépendances",
    },
    "roadmap.deps.waits": {
        "en": "Waits for {on}, then {lag} more.",
        "fr": "Attend {on}, puis {lag} de plus.",
    },
    "roadmap.deps.shift": {
        "en": "The delay of {on} moves this item by {shift}.",
        "fr": "Le retard de {on} décale ce chantier de {shift}.",
    },
    "roadmap.deps.waited_by": {
        "en": "{item} waits for this item, then {lag} more.",
        "fr": "{item} attend ce chantier, puis {lag} de plus.",
    },
    "roadmap.deps.moves": {
        "en": "This item's delay moves {item} by {shift}.",
        "fr": "Le retard de ce chantier décale {item} de {shift}.",
    },
    "roadmap.deps.none": {
        "en": "This item waits for no other roadmap item, and none waits for it.",
        "fr": "Ce chantier n'attend aucun autre chantier, et aucun ne l'attend.",
    },
    "roadmap.deps.no_lag": {
        "en": "no extra time",
        "fr": "sans délai",
    },
    "roadmap.evidence": {
        "en": "Evidence: the work left and the pace used",
        "fr": "Preuves : le reste à faire et le rythme utilisé",
    },
    "roadmap.evidence.remaining": {
        "en": "{count} pieces of work left.",
        "fr": "{count} éléments de travail restants.",
    },
    "roadmap.evidence.capped": {
        "en": "{count} pieces of work left; the first {shown} are listed.",
        "fr": "{count} éléments de travail restants ; les {shown} premiers sont listés.",
    },
    "roadmap.evidence.pace": {
        "en": "Pace the simulations draw from, per 7 days (the 7-day periods ending on the figures' date): {source}, last {weeks} weeks.",
        "fr": "Rythme tiré au sort par les simulations, par période de 7 jours (se terminant à la date des chiffres) : {source}, {weeks} dernières semaines.",
    },
    "roadmap.evidence.team_share": {
        "en": "its team's finished work divided by the {count} items the team works on",
        "fr": "le travail terminé de son équipe divisé par les {count} chantiers en cours de l'équipe",
    },
    "roadmap.evidence.own": {
        "en": "its own finished work",
        "fr": "son propre travail terminé",
    },
    "roadmap.evidence.scope": {
        "en": "{children} pieces of work in all; {growth} added since the date was first committed.",
        "fr": "{children} éléments de travail en tout ; {growth} ajoutés depuis l'engagement de la date.",
    },
    "roadmap.stage.todo": {
        "en": "To do",
        "fr": "À faire",
    },
    "roadmap.stage.in_progress": {
        "en": "In progress",
        "fr": "En cours",
    },
    "roadmap.whatif": {
        "en": "What if…",
        "fr": "Et si…",
    },
    "roadmap.whatif.intro": {
        "en": "Try a decision and see the forecast move. Nothing is saved: the data stays as it is.",
        "fr": "Essayez une décision et voyez la prévision bouger. Rien n'est enregistré : les données restent telles quelles.",
    },
    "roadmap.whatif.snapshot": {
        "en": "What-if is off in a frozen snapshot: its figures cannot change. Open the live dashboard to try decisions.",
        "fr": "Le « et si » est désactivé dans un instantané figé : ses chiffres ne peuvent pas changer. Ouvrez le tableau de bord en direct pour essayer des décisions.",
    },
    "roadmap.whatif.done": {
        "en": "This item is delivered: there is nothing left to change.",
        "fr": "Ce chantier est livré : il n'y a plus rien à changer.",
    },
    "roadmap.whatif.remove": {
        "en": "Drop pieces of the remaining work (out of {remaining})",
        "fr": "Retirer des éléments du reste à faire (sur {remaining})",
    },
    "roadmap.whatif.team": {
        "en": "Lend part of a team's pace",
        "fr": "Prêter une part du rythme d'une équipe",
    },
    "roadmap.whatif.nobody": {
        "en": "No team",
        "fr": "Aucune équipe",
    },
    "roadmap.whatif.share": {
        "en": "Share of that team's weekly pace (%)",
        "fr": "Part du rythme hebdomadaire de cette équipe (%)",
    },
    "roadmap.whatif.no_dependency": {
        "en": "This item waits for no other item: no dependency to change.",
        "fr": "Ce chantier n'attend aucun autre chantier : aucune dépendance à modifier.",
    },
    "roadmap.whatif.lag": {
        "en": "Weeks it waits after {on} finishes",
        "fr": "Semaines d'attente après la fin de {on}",
    },
    "roadmap.whatif.drop": {
        "en": "Remove the dependency on {on}",
        "fr": "Supprimer la dépendance à {on}",
    },
    "roadmap.whatif.before": {
        "en": "Now",
        "fr": "Aujourd'hui",
    },
    "roadmap.whatif.after": {
        "en": "With these changes",
        "fr": "Avec ces changements",
    },
    "roadmap.whatif.figure": {
        "en": "Figure",
        "fr": "Indicateur",
    },
    "roadmap.whatif.statement": {
        "en": "With these changes:",
        "fr": "Avec ces changements :",
    },
    "roadmap.whatif.moved": {
        "en": "Also moves {item}: 85% confidence date {before} → {after}.",
        "fr": "Décale aussi {item} : date à 85 % de confiance {before} → {after}.",
    },
    "roadmap.whatif.blocked": {
        "en": "No effect: this item waits for {names}, which sets its date. Change that item first.",
        "fr": "Aucun effet : ce chantier attend {names}, qui fixe sa date. Agissez d'abord sur ce chantier-là.",
    },
    "roadmap.whatif.no_effect": {
        "en": "No effect: these changes do not move this item's dates, chance or costs.",
        "fr": "Aucun effet : ces changements ne modifient ni les dates, ni la probabilité, ni les coûts du chantier.",
    },
    "roadmap.whatif.unchanged": {
        "en": "Move a control to see the effect.",
        "fr": "Modifiez un réglage pour voir l'effet.",
    },
    "roadmap.whatif.error": {
        "en": "These changes cannot be evaluated: {message}",
        "fr": "Ces changements ne peuvent pas être évalués : {message}",
    },
}

# French typography: a no-break space before ":", ";", "?", "!" and "%" keeps the sign on its word's line.
for _texts in TEXTS.values():
    _texts["fr"] = re.sub(r" ([:;?!%])", "\u00a0\\1", _texts["fr"])
