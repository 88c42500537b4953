"""Texts of the Delivery page (and the number formats shared with the Engineering page), English and French."""

TEXTS: dict[str, dict[str, str]] = {
    "delivery.title": {
        "en": "Delivery — {team}",
        "fr": "Livraison — {team}",
    },
    "delivery.all_teams": {
        "en": "all teams",
        "fr": "toutes les équipes",
    },
    "delivery.window": {
        "en": "Figures as of {as_of} · the last {weeks} full weeks ({start} – {end}) · Jira",
        "fr": "Chiffres au {as_of} · les {weeks} dernières semaines complètes ({start} – {end}) · Jira",
    },
    "delivery.unknown_team": {
        "en": "The team “{team}” is not in this workspace: pick one in the sidebar.",
        "fr": "L'équipe « {team} » n'existe pas dans cet espace de travail : choisissez-en une dans la barre latérale.",
    },
    # opening sentences
    "delivery.lead.sprints": {
        "en": "**{team}** finished **{accuracy}** of what it committed to, on average over its last {sprints} sprints; its pace is **{pace}**.",
        "fr": "**{team}** a terminé **{accuracy}** de ce qu'elle s'était engagée à faire, en moyenne sur ses {sprints} derniers sprints ; son rythme est **{pace}**.",
    },
    "delivery.lead.sprints_no_pace": {
        "en": "**{team}** finished **{accuracy}** of what it committed to, on average over its last {sprints} sprints.",
        "fr": "**{team}** a terminé **{accuracy}** de ce qu'elle s'était engagée à faire, en moyenne sur ses {sprints} derniers sprints.",
    },
    "delivery.lead.no_sprints": {
        "en": "**{team}** closed no sprint in the last {weeks} weeks, so its commitments cannot be measured.",
        "fr": "**{team}** n'a clôturé aucun sprint ces {weeks} dernières semaines : ses engagements ne peuvent pas être mesurés.",
    },
    "delivery.lead.all_sprints": {
        "en": "Across the {teams} teams, **{accuracy}** of sprint commitments were finished on average over the last {weeks} weeks (from **{low}** for {low_team} to **{high}** for {high_team}).",
        "fr": "Sur les {teams} équipes, **{accuracy}** des engagements de sprint ont été tenus en moyenne ces {weeks} dernières semaines (de **{low}** pour {low_team} à **{high}** pour {high_team}).",
    },
    "delivery.lead.irregular": {
        "en": "The pace of {teams} is irregular: hard to plan on.",
        "fr": "Le rythme de {teams} est irrégulier : difficile de s'y fier pour planifier.",
    },
    "delivery.lead.flow": {
        "en": "It finished **{finished}** pieces of work in the last {weeks} weeks, typically **{per_week}** a week; half took under **{p50}** from start to finish (85 in 100 under {p85}).",
        "fr": "Elle a terminé **{finished}** tâches ces {weeks} dernières semaines, typiquement **{per_week}** par semaine ; la moitié ont pris moins de **{p50}** du démarrage à la fin (85 sur 100 moins de {p85}).",
    },
    "delivery.lead.all_flow": {
        "en": "The teams finished **{finished}** pieces of work in the last {weeks} weeks, typically **{per_week}** a week; half took under **{p50}** from start to finish (85 in 100 under {p85}).",
        "fr": "Les équipes ont terminé **{finished}** tâches ces {weeks} dernières semaines, typiquement **{per_week}** par semaine ; la moitié ont pris moins de **{p50}** du démarrage à la fin (85 sur 100 moins de {p85}).",
    },
    "delivery.lead.no_flow": {
        "en": "No piece of work was finished in the last {weeks} weeks.",
        "fr": "Aucune tâche n'a été terminée ces {weeks} dernières semaines.",
    },
    "delivery.lead.wip": {
        "en": "**{wip}** pieces of work are in progress; **{over}** of them have been going on longer than 85 in 100 of recently finished work: look at those first.",
        "fr": "**{wip}** tâches sont en cours ; **{over}** d'entre elles durent déjà plus longtemps que 85 sur 100 des tâches récemment terminées : à regarder en premier.",
    },
    "delivery.lead.wip_ok": {
        "en": "**{wip}** pieces of work are in progress, none older than usual.",
        "fr": "**{wip}** tâches sont en cours, aucune plus ancienne que d'habitude.",
    },
    "delivery.pace.steady": {
        "en": "steady",
        "fr": "régulier",
    },
    "delivery.pace.fairly steady": {
        "en": "fairly steady",
        "fr": "plutôt régulier",
    },
    "delivery.pace.irregular": {
        "en": "irregular (hard to plan on)",
        "fr": "irrégulier (difficile de s'y fier pour planifier)",
    },
    # headline figures
    "delivery.kpi.planning": {
        "en": "Planning accuracy (average)",
        "fr": "Fiabilité des engagements (moyenne)",
    },
    "delivery.kpi.capacity": {
        "en": "Capacity accuracy (average)",
        "fr": "Justesse de la capacité (moyenne)",
    },
    "delivery.kpi.irregular": {
        "en": "Teams with an irregular pace",
        "fr": "Équipes au rythme irrégulier",
    },
    "delivery.kpi.of": {
        "en": "{n} of {total}",
        "fr": "{n} sur {total}",
    },
    "delivery.kpi.finished": {
        "en": "Finished in {weeks} weeks",
        "fr": "Terminé en {weeks} semaines",
    },
    "delivery.kpi.cycle": {
        "en": "Start to finish (half / 85 in 100)",
        "fr": "Du démarrage à la fin (moitié / 85 sur 100)",
    },
    "delivery.kpi.wip": {
        "en": "In progress (older than usual)",
        "fr": "En cours (plus anciennes que d'habitude)",
    },
    "delivery.kpi.stability_caption": {
        "en": "{pace}, over {sprints} sprints in {unit} (0 = perfectly regular; above 0.3, hard to plan on)",
        "fr": "{pace}, sur {sprints} sprints en {unit} (0 = parfaitement régulier ; au-delà de 0,3, difficile de s'y fier)",
    },
    # sprints
    "delivery.sprints.title": {
        "en": "Sprints: committed and completed",
        "fr": "Sprints : engagé et terminé",
    },
    "delivery.sprints.all_title": {
        "en": "Sprint commitments kept, by team",
        "fr": "Engagements de sprint tenus, par équipe",
    },
    "delivery.sprints.help": {
        "en": "Bars: what the team committed to on the sprint's first day and what it finished by its end (planned or added). Lines: planning accuracy (committed work finished) and capacity accuracy (everything finished ÷ committed; above 100%, the team did more than it planned).",
        "fr": "Barres : ce que l'équipe s'était engagée à faire le premier jour du sprint et ce qu'elle a terminé à sa fin (prévu ou ajouté). Lignes : fiabilité des engagements (travail engagé terminé) et justesse de la capacité (tout le terminé ÷ l'engagé ; au-dessus de 100 %, l'équipe a fait plus que prévu).",
    },
    "delivery.sprints.all_help": {
        "en": "Each dot is a closed sprint: the share of what the team committed to on the first day that was finished by the end. The table compares the teams over the last {weeks} weeks.",
        "fr": "Chaque point est un sprint clôturé : la part de ce que l'équipe s'était engagée à faire le premier jour qui était terminée à la fin. Le tableau compare les équipes sur les {weeks} dernières semaines.",
    },
    "delivery.unit.all_points": {
        "en": "Counted in story points: in each of these sprints at least {rule} of the committed items were estimated on the first day.",
        "fr": "Compté en points : dans chacun de ces sprints, au moins {rule} des éléments engagés étaient estimés le premier jour.",
    },
    "delivery.unit.some_items": {
        "en": "Bars counted in items: {sprints} counted in items because fewer than {rule} of the committed items were estimated on the first day. Each sprint's ratios use its own unit (table).",
        "fr": "Barres comptées en éléments : {sprints} compté(s) en éléments car moins de {rule} des éléments engagés étaient estimés le premier jour. Les ratios de chaque sprint utilisent sa propre unité (tableau).",
    },
    "delivery.unit.sprint_estimated": {
        "en": "{sprint} ({estimated} of {committed} estimated, {share})",
        "fr": "{sprint} ({estimated} sur {committed} estimés, {share})",
    },
    "delivery.estimated_cell": {
        "en": "{estimated} of {committed} ({share})",
        "fr": "{estimated} sur {committed} ({share})",
    },
    "delivery.unit.points": {
        "en": "points",
        "fr": "points",
    },
    "delivery.unit.items": {
        "en": "items",
        "fr": "éléments",
    },
    "delivery.sprints.summary": {
        "en": "Over these {sprints} sprints: the plan changed by {scope} on average during a sprint (work added or removed); {carry} unfinished items were carried over to a later sprint.",
        "fr": "Sur ces {sprints} sprints : le plan a changé de {scope} en moyenne pendant un sprint (travail ajouté ou retiré) ; {carry} éléments non terminés ont été reportés à un sprint suivant.",
    },
    "delivery.no_board": {
        "en": "{team} has no Jira board in the workspace file, so its sprints cannot be read: add `board = <board id>` to its `[[teams]]` entry.",
        "fr": "{team} n'a pas de tableau Jira dans le fichier d'espace de travail : ses sprints ne peuvent pas être lus. Ajoutez `board = <id du tableau>` à son entrée `[[teams]]`.",
    },
    "delivery.no_sprints": {
        "en": "No closed sprints for {team} in the last {weeks} weeks: is board {board} right? Sprints come from the Jira board set for the team in the workspace file; only sprints closed in the window count.",
        "fr": "Aucun sprint clôturé pour {team} ces {weeks} dernières semaines : le tableau {board} est-il le bon ? Les sprints viennent du tableau Jira indiqué pour l'équipe dans le fichier d'espace de travail ; seuls les sprints clôturés dans la période comptent.",
    },
    "delivery.no_sprints_all": {
        "en": "No team closed a sprint in the last {weeks} weeks: check the teams' `board` ids in the workspace file (or the teams do not work in sprints).",
        "fr": "Aucune équipe n'a clôturé de sprint ces {weeks} dernières semaines : vérifiez les identifiants `board` des équipes dans le fichier d'espace de travail (ou les équipes ne travaillent pas en sprints).",
    },
    "delivery.sprints.evidence": {
        "en": "Items behind a sprint",
        "fr": "Éléments derrière un sprint",
    },
    "delivery.sprints.pick": {
        "en": "Sprint",
        "fr": "Sprint",
    },
    "delivery.sprints.capped": {
        "en": "Showing the first {shown} of {count} items.",
        "fr": "Affichage des {shown} premiers éléments sur {count}.",
    },
    # flow
    "delivery.throughput.title": {
        "en": "Finished work per week",
        "fr": "Travail terminé par semaine",
    },
    "delivery.throughput.help": {
        "en": "Pieces of work finished each week (Monday to Sunday, UTC). The dashed line is the median week: {median} items.",
        "fr": "Tâches terminées chaque semaine (du lundi au dimanche, UTC). La ligne pointillée est la semaine médiane : {median} éléments.",
    },
    "delivery.no_finished": {
        "en": "Nothing finished in the last {weeks} weeks for {team}. If work was done, check that its Jira statuses map to the done stage (workspace file, `status_stages`).",
        "fr": "Rien de terminé ces {weeks} dernières semaines pour {team}. Si du travail a été fait, vérifiez que ses statuts Jira correspondent à l'étape terminée (fichier d'espace de travail, `status_stages`).",
    },
    "delivery.cycle.title": {
        "en": "Time from start to finish",
        "fr": "Temps du démarrage à la fin",
    },
    "delivery.cycle.help": {
        "en": "Each dot is a piece of work finished in the last {weeks} weeks: when it was finished and how many days it took from start. Lines: half took less than {p50}, 85 in 100 less than {p85}, 95 in 100 less than {p95} ({count} items with a recorded start).",
        "fr": "Chaque point est une tâche terminée ces {weeks} dernières semaines : quand elle a été terminée et combien de jours elle a pris depuis son démarrage. Lignes : la moitié ont pris moins de {p50}, 85 sur 100 moins de {p85}, 95 sur 100 moins de {p95} ({count} éléments avec un démarrage enregistré).",
    },
    "delivery.cycle.thinned": {
        "en": "The chart shows {shown} of the {count} finished items, spread evenly over the period; the lines use all of them.",
        "fr": "Le graphique montre {shown} des {count} éléments terminés, répartis sur toute la période ; les lignes les utilisent tous.",
    },
    "delivery.cycle.none": {
        "en": "No finished item has a recorded start, so the time from start to finish cannot be measured: do items move through an in-progress status in Jira?",
        "fr": "Aucun élément terminé n'a de démarrage enregistré : le temps du démarrage à la fin ne peut pas être mesuré. Les éléments passent-ils par un statut « en cours » dans Jira ?",
    },
    "delivery.finished.evidence": {
        "en": "Finished work behind these figures",
        "fr": "Travail terminé derrière ces chiffres",
    },
    "delivery.lead_time": {
        "en": "From request to finish (waiting included): half under {p50}, 85 in 100 under {p85}.",
        "fr": "De la demande à la fin (attente comprise) : la moitié en moins de {p50}, 85 sur 100 en moins de {p85}.",
    },
    "delivery.ageing.title": {
        "en": "Work in progress, by age",
        "fr": "Travail en cours, par ancienneté",
    },
    "delivery.ageing.help": {
        "en": "Each dot is a piece of work in progress on {as_of}, by days since it started. Orange diamonds have been going on longer than 85 in 100 of the team's recently finished work (dashed line): the likeliest to be stuck.",
        "fr": "Chaque point est une tâche en cours au {as_of}, selon le nombre de jours depuis son démarrage. Les losanges orange durent déjà plus longtemps que 85 sur 100 des tâches récemment terminées par l'équipe (ligne pointillée) : les plus susceptibles d'être bloquées.",
    },
    "delivery.ageing.none": {
        "en": "Nothing in progress on {as_of}.",
        "fr": "Rien en cours au {as_of}.",
    },
    "delivery.ageing.capped": {
        "en": "Showing the {shown} oldest of {count} items in progress.",
        "fr": "Affichage des {shown} plus anciennes tâches en cours sur {count}.",
    },
    "delivery.cfd.title": {
        "en": "Cumulative flow",
        "fr": "Flux cumulé",
    },
    "delivery.cfd.help": {
        "en": "At the end of each week (labelled by its Monday, like the other charts), how many pieces of work were waiting, in progress and finished. A widening middle band means work piles up; finished work counts from the end of the first week shown.",
        "fr": "À la fin de chaque semaine (désignée par son lundi, comme dans les autres graphiques), le nombre de tâches en attente, en cours et terminées. Une bande du milieu qui s'élargit signifie que le travail s'accumule ; le terminé est compté depuis la fin de la première semaine affichée.",
    },
    "delivery.stage.todo": {
        "en": "Waiting",
        "fr": "En attente",
    },
    "delivery.stage.in_progress": {
        "en": "In progress",
        "fr": "En cours",
    },
    # confidence
    "delivery.conf.estimated_items": {
        "en": "Sizes rest on {ratio} of recently finished work having an estimate ({numerator} of {denominator}).",
        "fr": "Les tailles reposent sur {ratio} du travail récemment terminé ayant une estimation ({numerator} sur {denominator}).",
    },
    "delivery.conf.items_with_start": {
        "en": "Rests on {ratio} of finished work having a recorded start ({numerator} of {denominator}).",
        "fr": "Repose sur {ratio} du travail terminé ayant un démarrage enregistré ({numerator} sur {denominator}).",
    },
    "delivery.conf.low": {
        "en": "Low data confidence: only {ratio} of the data this figure needs is there ({numerator} of {denominator}). Read it with care; the Data & sources page says what is missing.",
        "fr": "Confiance faible dans les données : seulement {ratio} des données nécessaires à ce chiffre sont présentes ({numerator} sur {denominator}). À lire avec prudence ; la page Données et sources dit ce qui manque.",
    },
    # charts
    "delivery.chart.committed": {
        "en": "Committed ({unit})",
        "fr": "Engagé ({unit})",
    },
    "delivery.chart.completed": {
        "en": "Completed ({unit})",
        "fr": "Terminé ({unit})",
    },
    "delivery.chart.planning_accuracy": {
        "en": "Planning accuracy",
        "fr": "Fiabilité des engagements",
    },
    "delivery.chart.capacity_accuracy": {
        "en": "Capacity accuracy",
        "fr": "Justesse de la capacité",
    },
    "delivery.chart.ended": {
        "en": "ended",
        "fr": "terminé le",
    },
    "delivery.chart.finished": {
        "en": "Finished",
        "fr": "Terminées",
    },
    "delivery.chart.week_of": {
        "en": "Week of",
        "fr": "Semaine du",
    },
    "delivery.chart.median_week": {
        "en": "median week: {n}",
        "fr": "semaine médiane : {n}",
    },
    "delivery.chart.done_on": {
        "en": "finished {date}",
        "fr": "terminé le {date}",
    },
    "delivery.chart.cycle_days": {
        "en": "Days from start to finish",
        "fr": "Jours du démarrage à la fin",
    },
    "delivery.chart.p50": {
        "en": "half: {days}",
        "fr": "la moitié : {days}",
    },
    "delivery.chart.p85": {
        "en": "85 in 100: {days}",
        "fr": "85 sur 100 : {days}",
    },
    "delivery.chart.p95": {
        "en": "95 in 100: {days}",
        "fr": "95 sur 100 : {days}",
    },
    "delivery.chart.ageing_ok": {
        "en": "Within the usual time",
        "fr": "Dans le temps habituel",
    },
    "delivery.chart.ageing_over": {
        "en": "Older than usual",
        "fr": "Plus ancienne que d'habitude",
    },
    "delivery.chart.age": {
        "en": "in progress for {days}",
        "fr": "en cours depuis {days}",
    },
    "delivery.chart.usual_limit": {
        "en": "85 in 100 finish within",
        "fr": "85 sur 100 finies en",
    },
    "delivery.chart.age_axis": {
        "en": "Days since started",
        "fr": "Jours depuis le démarrage",
    },
    "delivery.chart.cfd_done": {
        "en": "Finished since {date}",
        "fr": "Terminé depuis le {date}",
    },
    "delivery.chart.finished_axis": {
        "en": "Pieces of work finished",
        "fr": "Tâches terminées",
    },
    "delivery.chart.week_end_of": {
        "en": "End of the week of",
        "fr": "Fin de la semaine du",
    },
    "delivery.chart.items_axis": {
        "en": "Pieces of work",
        "fr": "Tâches",
    },
    # table columns
    "delivery.col.sprint": {
        "en": "Sprint",
        "fr": "Sprint",
    },
    "delivery.col.team": {
        "en": "Team",
        "fr": "Équipe",
    },
    "delivery.col.ended": {
        "en": "Ended",
        "fr": "Fin",
    },
    "delivery.col.unit": {
        "en": "Unit",
        "fr": "Unité",
    },
    "delivery.col.committed": {
        "en": "Committed",
        "fr": "Engagé",
    },
    "delivery.col.added": {
        "en": "Added",
        "fr": "Ajouté",
    },
    "delivery.col.removed": {
        "en": "Removed",
        "fr": "Retiré",
    },
    "delivery.col.completed_committed": {
        "en": "Completed as planned",
        "fr": "Terminé comme prévu",
    },
    "delivery.col.completed": {
        "en": "Completed (all)",
        "fr": "Terminé (tout)",
    },
    "delivery.col.carry_over": {
        "en": "Carried over",
        "fr": "Reporté",
    },
    "delivery.col.planning": {
        "en": "Planning accuracy",
        "fr": "Fiabilité des engagements",
    },
    "delivery.col.capacity": {
        "en": "Capacity accuracy",
        "fr": "Justesse de la capacité",
    },
    "delivery.col.scope_change": {
        "en": "Scope change",
        "fr": "Changement de périmètre",
    },
    "delivery.col.estimated": {
        "en": "Estimated on day 1",
        "fr": "Estimé le 1er jour",
    },
    "delivery.col.sprints": {
        "en": "Sprints",
        "fr": "Sprints",
    },
    "delivery.col.regularity": {
        "en": "Variation (0% = regular)",
        "fr": "Variation (0 % = régulier)",
    },
    "delivery.col.pace": {
        "en": "Pace",
        "fr": "Rythme",
    },
    "delivery.col.finished": {
        "en": "Finished",
        "fr": "Terminé",
    },
    "delivery.col.cycle_p50": {
        "en": "Start to finish (half)",
        "fr": "Démarrage à fin (moitié)",
    },
    "delivery.col.wip": {
        "en": "In progress",
        "fr": "En cours",
    },
    "delivery.col.ageing_over": {
        "en": "Older than usual",
        "fr": "Plus anciennes que d'habitude",
    },
    "delivery.col.key": {
        "en": "Key",
        "fr": "Clé",
    },
    "delivery.col.title": {
        "en": "Title",
        "fr": "Titre",
    },
    "delivery.col.points": {
        "en": "Points at entry",
        "fr": "Points à l'entrée",
    },
    "delivery.col.done": {
        "en": "Finished on",
        "fr": "Terminé le",
    },
    "delivery.col.cycle_days": {
        "en": "Start to finish",
        "fr": "Démarrage à fin",
    },
    "delivery.col.lead_days": {
        "en": "Request to finish",
        "fr": "Demande à fin",
    },
    "delivery.col.status": {
        "en": "Status",
        "fr": "Statut",
    },
    "delivery.col.started": {
        "en": "Started on",
        "fr": "Démarré le",
    },
    "delivery.col.age": {
        "en": "In progress for",
        "fr": "En cours depuis",
    },
    "delivery.col.link": {
        "en": "Jira",
        "fr": "Jira",
    },
    # number formats shared with the Engineering page
    "delivery.fmt.days.one": {
        "en": "{n} day",
        "fr": "{n} jour",
    },
    "delivery.fmt.days.other": {
        "en": "{n} days",
        "fr": "{n} jours",
    },
    "delivery.fmt.hours": {
        "en": "{n} h",
        "fr": "{n} h",
    },
    "delivery.fmt.minutes": {
        "en": "{n} min",
        "fr": "{n} min",
    },
    "delivery.yes": {
        "en": "yes",
        "fr": "oui",
    },
    "delivery.table.teams": {
        "en": "The teams compared over the last {weeks} weeks",
        "fr": "Les équipes comparées sur les {weeks} dernières semaines",
    },
    "delivery.table.sprints": {
        "en": "Sprint by sprint",
        "fr": "Sprint par sprint",
    },
    "delivery.table.in_progress": {
        "en": "Work in progress, oldest first",
        "fr": "Travail en cours, le plus ancien d'abord",
    },
    "delivery.table.all_columns": {
        "en": "All columns of this table",
        "fr": "Toutes les colonnes de ce tableau",
    },
}
