"""Texts of the data page, English and French."""

TEXTS: dict[str, dict[str, str]] = {
    "data.title": {
        "en": "Data & sources",
        "fr": "Données et sources",
    },
    "data.intro": {
        "en": "Where the figures come from, how fresh they are, and what could not be read.",
        "fr": "D'où viennent les chiffres, leur fraîcheur, et ce qui n'a pas pu être lu.",
    },
    "data.sources": {
        "en": "Sources",
        "fr": "Sources",
    },
    "data.source_jira": {
        "en": "Jira: {url}, projects {projects}",
        "fr": "Jira : {url}, projets {projects}",
    },
    "data.source_github": {
        "en": "GitHub: {url}, {count} repositories",
        "fr": "GitHub : {url}, {count} dépôts",
    },
    "data.demo_source": {
        "en": "Generated demo company (no live source). Rebuild it with `python -m pilotage demo`.",
        "fr": "Entreprise de démonstration générée (aucune source réelle). Reconstruisez-la avec `python -m pilotage demo`.",
    },
    "data.store": {
        "en": "Store: {url} · data version {version}",
        "fr": "Base : {url} · version des données {version}",
    },
    "data.last_sync": {
        "en": "Sync history",
        "fr": "Historique des synchronisations",
    },
    "data.no_runs": {
        "en": "No sync has run yet.",
        "fr": "Aucune synchronisation pour l'instant.",
    },
    "data.sync_button": {
        "en": "Sync now",
        "fr": "Synchroniser maintenant",
    },
    "data.sync_full": {
        "en": "Fetch everything again (full sync)",
        "fr": "Tout récupérer à nouveau (synchronisation complète)",
    },
    "data.sync_done": {
        "en": "{source}: synced in {seconds} s, data version {version}.",
        "fr": "{source} : synchronisé en {seconds} s, version des données {version}.",
    },
    "data.sync_failed": {
        "en": "{source}: the sync failed and the data is unchanged. {message}",
        "fr": "{source} : la synchronisation a échoué, les données sont inchangées. {message}",
    },
    "data.counts": {
        "en": "What the store holds",
        "fr": "Contenu de la base",
    },
    "data.quarantine": {
        "en": "Records set aside",
        "fr": "Enregistrements mis de côté",
    },
    "data.quarantine.help": {
        "en": "Records a sync could not read, kept with the reason instead of stopping the sync.",
        "fr": "Enregistrements illisibles lors d'une synchronisation, gardés avec la raison au lieu d'arrêter la synchronisation.",
    },
    "data.no_quarantine": {
        "en": "Nothing was set aside.",
        "fr": "Rien n'a été mis de côté.",
    },
    "data.guide.title": {
        "en": "Connect your own Jira and GitHub",
        "fr": "Connecter vos propres Jira et GitHub",
    },
    "data.guide": {
        "en": "1. Copy `workspace.example.toml` to `my-company.toml` and fill in your Jira site, projects, GitHub repositories and teams.\n2. Put the tokens in the environment: `JIRA_USER`, `JIRA_TOKEN`, `GITHUB_TOKEN` (never in the file).\n3. `python -m pilotage check --workspace my-company.toml`\n4. `PILOTAGE_WORKSPACE=my-company.toml streamlit run dashboard.py`, then press Sync now here.",
        "fr": "1. Copiez `workspace.example.toml` en `mon-entreprise.toml` et renseignez votre site Jira, vos projets, vos dépôts GitHub et vos équipes.\n2. Mettez les jetons dans l'environnement : `JIRA_USER`, `JIRA_TOKEN`, `GITHUB_TOKEN` (jamais dans le fichier).\n3. `python -m pilotage check --workspace mon-entreprise.toml`\n4. `PILOTAGE_WORKSPACE=mon-entreprise.toml streamlit run dashboard.py`, puis cliquez ici sur Synchroniser maintenant.",
    },
    "table.issues": {
        "en": "Jira issues",
        "fr": "Tickets Jira",
    },
    "table.status_changes": {
        "en": "Status changes",
        "fr": "Changements de statut",
    },
    "table.field_changes": {
        "en": "Field changes",
        "fr": "Changements de champs",
    },
    "table.statuses": {
        "en": "Statuses",
        "fr": "Statuts",
    },
    "table.versions": {
        "en": "Fix versions",
        "fr": "Versions",
    },
    "table.sprints": {
        "en": "Sprints",
        "fr": "Sprints",
    },
    "table.repositories": {
        "en": "Repositories",
        "fr": "Dépôts",
    },
    "table.pull_requests": {
        "en": "Pull requests",
        "fr": "Pull requests",
    },
    "table.deployments": {
        "en": "Deployments",
        "fr": "Déploiements",
    },
    "table.deployment_statuses": {
        "en": "Deployment statuses",
        "fr": "Statuts de déploiement",
    },
    "table.releases": {
        "en": "Releases",
        "fr": "Releases",
    },
    "table.incidents": {
        "en": "Incidents",
        "fr": "Incidents",
    },
    "table.workflow_runs": {
        "en": "Deploy workflow runs",
        "fr": "Exécutions des workflows de déploiement",
    },
    "table.commits": {
        "en": "Commits on the default branch",
        "fr": "Commits de la branche principale",
    },
    "table.pull_request_commits": {
        "en": "Commits of pull requests",
        "fr": "Commits des pull requests",
    },
    "data.conf.title": {"en": "How complete the data is", "fr": "Complétude des données"},
    "data.conf.help": {
        "en": "Each figure rests on part of the data: these shares say how much. Below 50% the figure is shown greyed with a warning.",
        "fr": "Chaque chiffre repose sur une partie des données : ces parts disent laquelle. Sous 50 %, le chiffre est grisé avec un avertissement.",
    },
    "data.conf.empty": {"en": "No data to measure yet.", "fr": "Pas encore de données à mesurer."},
    "data.conf.low_count": {
        "en": "{count} figure(s) rest on less than half of the data they need: see the rows marked “too little”.",
        "fr": "{count} chiffre(s) reposent sur moins de la moitié des données nécessaires : voir les lignes « trop peu ».",
    },
    "data.conf.overall": {"en": "All teams", "fr": "Toutes les équipes"},
    "data.conf.estimated_items": {"en": "Finished work items with an estimate", "fr": "Éléments terminés estimés"},
    "data.conf.items_with_start": {
        "en": "Finished work items with a start date",
        "fr": "Éléments terminés avec une date de début",
    },
    "data.conf.epics_with_target": {
        "en": "Open roadmap items with a target date",
        "fr": "Chantiers ouverts avec une date cible",
    },
    "data.conf.prs_deployed": {
        "en": "Merged code changes traced to a release",
        "fr": "Changements de code fusionnés reliés à une mise en production",
    },
    "data.conf.incidents_linked": {
        "en": "Incidents traced to a release",
        "fr": "Incidents reliés à une mise en production",
    },
    "data.conf.ok": {"en": "enough", "fr": "suffisant"},
    "data.conf.low": {"en": "too little", "fr": "trop peu"},
    "data.conf.none": {"en": "no data", "fr": "pas de données"},
    "data.conf.col.scope": {"en": "Team or repository", "fr": "Équipe ou dépôt"},
    "data.conf.col.measure": {"en": "What is measured", "fr": "Ce qui est mesuré"},
    "data.conf.col.share": {"en": "Share", "fr": "Part"},
    "data.conf.col.basis": {"en": "Count", "fr": "Nombre"},
    "data.conf.col.state": {"en": "Enough to trust?", "fr": "Suffisant ?"},
}
