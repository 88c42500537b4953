"""Texts saying where each repository's deployments come from (Engineering and Definitions pages)."""

TEXTS = {
    "sources.title": {
        "en": "Where releases come from, per repository",
        "fr": "D'où viennent les mises en production, par dépôt",
    },
    "sources.intro": {
        "en": "One source per repository, in this order: GitHub deployments to a production environment; else the successful runs of the deploy workflows named in the workspace file; else published releases.",
        "fr": "Une source par dépôt, dans cet ordre : les déploiements GitHub vers un environnement de production ; sinon les exécutions réussies des workflows de déploiement nommés dans le fichier d'espace de travail ; sinon les versions publiées.",
    },
    "sources.line": {
        "en": "{repo}: {source}",
        "fr": "{repo} : {source}",
    },
    "sources.kind.deployments": {
        "en": "deployments to {environments}",
        "fr": "déploiements vers {environments}",
    },
    "sources.kind.workflow": {
        "en": "deployments from workflow {workflows}",
        "fr": "déploiements du workflow {workflows}",
    },
    "sources.kind.releases": {
        "en": "published releases ({count})",
        "fr": "versions publiées ({count})",
    },
    "sources.kind.no_production": {
        "en": "none: no environment matches the production pattern",
        "fr": "aucune : aucun environnement ne correspond au motif de production",
    },
    "sources.kind.none": {
        "en": "none found",
        "fr": "aucune trouvée",
    },
    "sources.workflow_note": {
        "en": "{repo}: releases to customers are the successful runs of workflow {workflows} (no production deployments in GitHub).",
        "fr": "{repo} : les mises en production sont les exécutions réussies du workflow {workflows} (pas de déploiement de production dans GitHub).",
    },
    "sources.direct_commits": {
        "en": "Time to customers also counts {count} change(s) pushed without a pull request ({undeployed} not live yet).",
        "fr": "Le délai jusqu'aux clients compte aussi {count} changement(s) poussé(s) sans pull request ({undeployed} pas encore en service).",
    },
}
