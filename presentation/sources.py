"""Where a repository's deployments come from, in words (Engineering and Definitions pages, board pack)."""

from __future__ import annotations

from presentation.charts import md_text
from presentation.i18n import fmt_int, t


def source_text(source: dict) -> str:
    """One repository's source (a `sources` entry of the engineering view: kind, environments, workflows,
    releases) as a phrase in the current language, Markdown-safe."""
    kind = source.get("kind", "none")
    if kind == "deployments":
        environments = source.get("production_environments", source["environments"])  # older snapshots: all
        return t("sources.kind.deployments", environments=", ".join(md_text(e) for e in environments))
    if kind == "workflow":
        return t("sources.kind.workflow", workflows=", ".join(md_text(w) for w in source["workflows"]))
    if kind == "releases":
        return t("sources.kind.releases", count=fmt_int(source["releases"]))
    return t(f"sources.kind.{'no_production' if kind == 'no_production' else 'none'}")


def source_lines(sources: dict[str, dict]) -> list[str]:
    """"repo: source" for every repository, in the view's order."""
    return [t("sources.line", repo=md_text(repo), source=source_text(s)) for repo, s in sources.items()]
