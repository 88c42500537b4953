"""Texts of the Engineering page, English and French."""

TEXTS: dict[str, dict[str, str]] = {
    "eng.title": {
        "en": "Engineering — {scope}",
        "fr": "Ingénierie — {scope}",
    },
    "eng.window": {
        "en": "Figures as of {as_of} · the last {weeks} full weeks ({start} – {end}) · GitHub and Jira incidents · teams and repositories only, never a person",
        "fr": "Chiffres au {as_of} · les {weeks} dernières semaines complètes ({start} – {end}) · GitHub et incidents Jira · équipes et dépôts seulement, jamais une personne",
    },
    "eng.repo": {
        "en": "Repository",
        "fr": "Dépôt",
    },
    "eng.all_repos": {
        "en": "All repositories of {team}",
        "fr": "Tous les dépôts de {team}",
    },
    "eng.all_repos_all": {
        "en": "All repositories",
        "fr": "Tous les dépôts",
    },
    "eng.no_repos": {
        "en": "{team} has no repositories in the workspace file, so its engineering figures cannot be shown: add `repos = [\"owner/name\"]` to its `[[teams]]` entry.",
        "fr": "{team} n'a aucun dépôt dans le fichier d'espace de travail : ses chiffres d'ingénierie ne peuvent pas être affichés. Ajoutez `repos = [\"propriétaire/nom\"]` à son entrée `[[teams]]`.",
    },
    "eng.no_repos_all": {
        "en": "No repository is configured or synced: add `[github] repos = [...]` and the teams' `repos` to the workspace file, then sync.",
        "fr": "Aucun dépôt n'est configuré ni synchronisé : ajoutez `[github] repos = [...]` et les `repos` des équipes au fichier d'espace de travail, puis synchronisez.",
    },
    "eng.all_teams": {
        "en": "all teams",
        "fr": "toutes les équipes",
    },
    "eng.unknown": {
        "en": "“{name}” is not a team or repository of this workspace: pick one in the sidebar.",
        "fr": "« {name} » n'est ni une équipe ni un dépôt de cet espace de travail : choisissez-en un dans la barre latérale.",
    },
    # opening sentences
    "eng.lead.releases": {
        "en": "**{scope}** released to customers **{deployments}** times in the last {weeks} weeks, on **{days}** days in a typical week; against the industry: {band}.",
        "fr": "**{scope}** a mis en production **{deployments}** fois ces {weeks} dernières semaines, **{days}** jours dans une semaine typique ; face au secteur : {band}.",
    },
    "eng.lead.releases_all": {
        "en": "Together, the teams released to customers **{deployments}** times in the last {weeks} weeks, on **{days}** days in a typical week; against the industry: {band}.",
        "fr": "Ensemble, les équipes ont mis en production **{deployments}** fois ces {weeks} dernières semaines, **{days}** jours dans une semaine typique ; face au secteur : {band}.",
    },
    "eng.lead.no_releases_all": {
        "en": "No team released to customers in the last {weeks} weeks, or the releases are not recorded (see the notes below).",
        "fr": "Aucune équipe n'a mis en production ces {weeks} dernières semaines, ou les mises en production ne sont pas enregistrées (voir les notes ci-dessous).",
    },
    "eng.lead.no_releases": {
        "en": "**{scope}** did not release to customers in the last {weeks} weeks, or its releases are not recorded (see the note below).",
        "fr": "**{scope}** n'a pas mis en production ces {weeks} dernières semaines, ou ses mises en production ne sont pas enregistrées (voir la note ci-dessous).",
    },
    "eng.lead.lead_time": {
        "en": "A code change typically took **{p50}** from its first line to customers (slow case, 85 in 100: {p85}).",
        "fr": "Un changement de code a pris typiquement **{p50}** entre sa première ligne et les clients (cas lent, 85 sur 100 : {p85}).",
    },
    "eng.lead.cfr": {
        "en": "**{cfr}** of releases were followed by an incident ({failed} of {deployments}).",
        "fr": "**{cfr}** des mises en production ont été suivies d'un incident ({failed} sur {deployments}).",
    },
    "eng.lead.restore": {
        "en": "When something broke, service was typically restored in **{ttr}**.",
        "fr": "Quand quelque chose a cassé, le service a été rétabli typiquement en **{ttr}**.",
    },
    "eng.lead.no_incidents": {
        "en": "No incident was recorded in the period.",
        "fr": "Aucun incident n'a été enregistré sur la période.",
    },
    "eng.lead.open.one": {
        "en": "{open} incident still open.",
        "fr": "{open} incident encore ouvert.",
    },
    "eng.lead.open.other": {
        "en": "{open} incidents still open.",
        "fr": "{open} incidents encore ouverts.",
    },
    "eng.lead.undeployed.one": {
        "en": "{count} finished change is not live yet.",
        "fr": "{count} changement terminé n'est pas encore en service.",
    },
    "eng.lead.undeployed.other": {
        "en": "{count} finished changes are not live yet.",
        "fr": "{count} changements terminés ne sont pas encore en service.",
    },
    # bands and trends
    "eng.band.top": {
        "en": "Top band of the 2024 benchmark.",
        "fr": "Meilleur niveau de la référence 2024.",
    },
    "eng.next.deploy_days_per_week_median": {
        "en": "{gap} more release day(s) a week to reach {band}: at least {target}.",
        "fr": "{gap} jour(s) de mise en production de plus par semaine pour atteindre « {band} » : au moins {target}.",
    },
    "eng.next.deployments_per_week": {
        "en": "{gap} more release(s) a week to reach {band}: at least {target} a week, about once a month.",
        "fr": "{gap} mise(s) en production de plus par semaine pour atteindre « {band} » : au moins {target} par semaine, environ une par mois.",
    },
    "eng.next.lead_time_p50_hours": {
        "en": "{gap} faster (typical case) to reach {band}: {direction} {target}.",
        "fr": "{gap} plus rapide (cas typique) pour atteindre « {band} » : {direction} {target}.",
    },
    "eng.next.time_to_restore_p50_hours": {
        "en": "{gap} faster (typical case) to reach {band}: {direction} {target}.",
        "fr": "{gap} plus rapide (cas typique) pour atteindre « {band} » : {direction} {target}.",
    },
    "eng.next.change_failure_rate": {
        "en": "{gap} points lower to reach {band}: {target} or less.",
        "fr": "{gap} points de moins pour atteindre « {band} » : {target} ou moins.",
    },
    "eng.points": {
        "en": "{n} pts",
        "fr": "{n} pts",
    },
    "eng.direction.below": {
        "en": "under",
        "fr": "moins de",
    },
    "eng.direction.at_most": {
        "en": "at most",
        "fr": "au plus",
    },
    "eng.trend.better": {
        "en": "better than the previous {weeks} weeks",
        "fr": "mieux que les {weeks} semaines précédentes",
    },
    "eng.trend.worse": {
        "en": "worse than the previous {weeks} weeks",
        "fr": "moins bien que les {weeks} semaines précédentes",
    },
    "eng.trend.same": {
        "en": "same as the previous {weeks} weeks",
        "fr": "comme les {weeks} semaines précédentes",
    },
    "eng.previous": {
        "en": "Previous {weeks} weeks: {value}, {band}.",
        "fr": "{weeks} semaines précédentes : {value}, {band}.",
    },
    # the four keys
    "eng.kpi.per_week": {
        "en": "{n} a week",
        "fr": "{n} par semaine",
    },
    "eng.kpi.deploy_days.one": {
        "en": "{days} release day in a typical week · {deployments} releases in {weeks} weeks",
        "fr": "{days} jour de mise en production dans une semaine typique · {deployments} mises en production en {weeks} semaines",
    },
    "eng.kpi.deploy_days.other": {
        "en": "{days} release days in a typical week · {deployments} releases in {weeks} weeks",
        "fr": "{days} jours de mise en production dans une semaine typique · {deployments} mises en production en {weeks} semaines",
    },
    "eng.kpi.lead_detail": {
        "en": "Slow case (85 in 100): {p85} · {count} changes",
        "fr": "Cas lent (85 sur 100) : {p85} · {count} changements",
    },
    "eng.kpi.missing_first_commit.one": {
        "en": "{count} released change without a first-commit time is left out.",
        "fr": "{count} changement en service sans heure de premier commit est écarté.",
    },
    "eng.kpi.missing_first_commit.other": {
        "en": "{count} released changes without a first-commit time are left out.",
        "fr": "{count} changements en service sans heure de premier commit sont écartés.",
    },
    "eng.kpi.cfr_detail": {
        "en": "{failed} of {deployments} releases followed by an incident",
        "fr": "{failed} mises en production sur {deployments} suivies d'un incident",
    },
    "eng.kpi.ttr_detail.one": {
        "en": "{count} incident restored · {open} still open",
        "fr": "{count} incident résolu · {open} encore ouvert(s)",
    },
    "eng.kpi.ttr_detail.other": {
        "en": "{count} incidents restored · {open} still open",
        "fr": "{count} incidents résolus · {open} encore ouvert(s)",
    },
    # data notes
    "eng.source.releases": {
        "en": "{repo} has no deployments in GitHub: its {count} published releases count as releases to customers.",
        "fr": "{repo} n'a pas de déploiements dans GitHub : ses {count} versions publiées comptent comme mises en production.",
    },
    "eng.source.no_production": {
        "en": "DORA shows no releases for {repo}: its environments ({environments}) don't match the production pattern `{pattern}`. Set `github.production` in the workspace file.",
        "fr": "DORA ne montre aucune mise en production pour {repo} : ses environnements ({environments}) ne correspondent pas au motif de production `{pattern}`. Renseignez `github.production` dans le fichier d'espace de travail.",
    },
    "eng.source.none": {
        "en": "No deployments or releases found for {repo}: release frequency, time to customers and releases causing incidents cannot be measured for it. Is it synced (Data & sources page)?",
        "fr": "Aucun déploiement ni version trouvé pour {repo} : la fréquence de mise en production, le délai jusqu'aux clients et les mises en production à incident ne peuvent pas être mesurés. Est-il synchronisé (page Données et sources) ?",
    },
    "eng.conf.prs_deployed": {
        "en": "Time to customers rests on {ratio} of merged changes traced to a release ({numerator} of {denominator}).",
        "fr": "Le délai jusqu'aux clients repose sur {ratio} des changements fusionnés reliés à une mise en production ({numerator} sur {denominator}).",
    },
    "eng.conf.incidents_linked": {
        "en": "Releases causing incidents rests on {ratio} of incidents traced to a release ({numerator} of {denominator}).",
        "fr": "Les mises en production à incident reposent sur {ratio} des incidents reliés à une mise en production ({numerator} sur {denominator}).",
    },
    # sections
    "eng.deploys.title": {
        "en": "Releases per week",
        "fr": "Mises en production par semaine",
    },
    "eng.deploys.help": {
        "en": "Bars: successful releases to production each week. Diamonds: on how many days of that week at least one release happened (the benchmark counts days).",
        "fr": "Barres : mises en production réussies chaque semaine. Losanges : le nombre de jours de la semaine avec au moins une mise en production (la référence compte les jours).",
    },
    "eng.breakdown.title": {
        "en": "Where the time goes, from first line of code to customers",
        "fr": "Où passe le temps, de la première ligne de code aux clients",
    },
    "eng.breakdown.help": {
        "en": "Each bar is the typical (median) time from first commit to live ({total}, the diamond) of the {count} changes merged in the last {weeks} weeks and released since, split between the stages in proportion to the time these changes spent in each. Hover a stage for its own median.",
        "fr": "Chaque barre est le temps typique (médian) du premier commit à la mise en service ({total}, le losange) des {count} changements fusionnés ces {weeks} dernières semaines et mis en production depuis, réparti entre les étapes selon le temps que ces changements ont passé dans chacune. Survolez une étape pour sa propre médiane.",
    },
    "eng.breakdown.none": {
        "en": "No change merged in the last {weeks} weeks has reached customers yet, so there is nothing to break down.",
        "fr": "Aucun changement fusionné ces {weeks} dernières semaines n'a encore atteint les clients : rien à décomposer.",
    },
    "eng.prs.evidence": {
        "en": "Changes behind these figures ({count})",
        "fr": "Changements derrière ces chiffres ({count})",
    },
    "eng.capped": {
        "en": "Showing {shown} of {count}.",
        "fr": "Affichage de {shown} sur {count}.",
    },
    "eng.undeployed.title": {
        "en": "Finished changes not yet live",
        "fr": "Changements terminés pas encore en service",
    },
    "eng.undeployed.help": {
        "en": "Changes merged in the last {weeks} weeks that no release to production has carried yet: finished work customers do not have.",
        "fr": "Changements fusionnés ces {weeks} dernières semaines qu'aucune mise en production n'a encore emportés : du travail fini dont les clients ne disposent pas.",
    },
    "eng.undeployed.none": {
        "en": "Every change merged in the last {weeks} weeks is live.",
        "fr": "Tous les changements fusionnés ces {weeks} dernières semaines sont en service.",
    },
    "eng.incidents.title": {
        "en": "Incidents",
        "fr": "Incidents",
    },
    "eng.incidents.help": {
        "en": "Incidents opened in the last {weeks} weeks, newest first, with the release that came just before each (how releases causing incidents are counted).",
        "fr": "Incidents ouverts ces {weeks} dernières semaines, du plus récent au plus ancien, avec la mise en production qui a précédé chacun (c'est ainsi que les mises en production à incident sont comptées).",
    },
    "eng.incidents.none": {
        "en": "No incident opened in the last {weeks} weeks.",
        "fr": "Aucun incident ouvert ces {weeks} dernières semaines.",
    },
    "eng.still_open": {
        "en": "still open",
        "fr": "encore ouvert",
    },
    "eng.no_release_before": {
        "en": "none before it",
        "fr": "aucune avant",
    },
    # charts
    "eng.chart.stage_median": {
        "en": "median of this stage",
        "fr": "médiane de cette étape",
    },
    "eng.chart.deploy_axis": {
        "en": "Releases to production",
        "fr": "Mises en production",
    },
    "eng.chart.deployments": {
        "en": "Releases",
        "fr": "Mises en production",
    },
    "eng.chart.deploy_days": {
        "en": "Days with a release",
        "fr": "Jours avec mise en production",
    },
    "eng.stage.coding": {
        "en": "Writing (first commit → review asked)",
        "fr": "Écriture (premier commit → revue demandée)",
    },
    "eng.stage.review": {
        "en": "Review (asked → merged)",
        "fr": "Revue (demandée → fusionnée)",
    },
    "eng.stage.deploy": {
        "en": "Waiting for release (merged → live)",
        "fr": "Attente de mise en production (fusionné → en service)",
    },
    "eng.chart.total": {
        "en": "Typical total (first commit → live)",
        "fr": "Total typique (premier commit → en service)",
    },
    "eng.chart.hours_axis": {
        "en": "Hours (typical total, split by stage)",
        "fr": "Heures (total typique, réparti par étape)",
    },
    "eng.chart.days_axis": {
        "en": "Days (typical total, split by stage)",
        "fr": "Jours (total typique, réparti par étape)",
    },
    # table columns
    "eng.col.repo": {
        "en": "Repository",
        "fr": "Dépôt",
    },
    "eng.col.number": {
        "en": "#",
        "fr": "n°",
    },
    "eng.col.title": {
        "en": "Title",
        "fr": "Titre",
    },
    "eng.col.first_commit": {
        "en": "First commit",
        "fr": "Premier commit",
    },
    "eng.col.opened": {
        "en": "Review asked",
        "fr": "Revue demandée",
    },
    "eng.col.merged": {
        "en": "Merged",
        "fr": "Fusionné",
    },
    "eng.col.deployed": {
        "en": "Live",
        "fr": "En service",
    },
    "eng.col.waiting": {
        "en": "Waiting for",
        "fr": "En attente depuis",
    },
    "eng.col.where": {
        "en": "Where",
        "fr": "Où",
    },
    "eng.col.created": {
        "en": "Opened",
        "fr": "Ouvert",
    },
    "eng.col.restored": {
        "en": "Restored",
        "fr": "Rétabli",
    },
    "eng.col.release": {
        "en": "Release before it",
        "fr": "Mise en production précédente",
    },
    "eng.col.link": {
        "en": "Link",
        "fr": "Lien",
    },
    "eng.col.release_link": {
        "en": "Release",
        "fr": "Mise en prod.",
    },
}
