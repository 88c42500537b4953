"""The workspace file: one typed loader shared by the CLI and the dashboard.

Every key is declared once in `SETTINGS` (section, key, type, default, help, and for numbers their bounds); the
loader checks types and bounds, reports one clear message per problem naming the key
(`teams[1].weekly_cost: expected a number, got "30k"`), and returns a frozen `Workspace`. `docs/workspace.md` is generated from the same declarations (a test keeps it in sync).

Secrets never live in the file: it names environment variables (`token_env = "JIRA_TOKEN"`), read by `secret()`
from the environment or, failing that, from `.streamlit/secrets.toml`.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pilotage.core.errors import WorkspaceError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_WORKSPACE = Path(__file__).resolve().parent / "demo.toml"
STAGES = ("todo", "in_progress", "done")
MAX_TRIALS = 100_000
CATEGORIES = ("features", "tech debt", "bugs & incidents", "run / KTLO")


@dataclass(frozen=True)
class Setting:
    key: str
    type: str  # str | int | number | bool | str_list | date | choice:a,b | str_map | stage_map | category_map
    default: Any
    help: str
    required: bool = False
    # Bounds of a number (of each lag_weeks for `depends`): every value a metric can compute with without overflow
    at_least: float | None = None
    above: float | None = None  # strictly
    at_most: float | None = None

    def bounds_text(self) -> str:
        """The accepted range, for the docs (`≥ 1, ≤ 520`, `> 0, ≤ 600`)."""
        low = (f"≥ {_num(self.at_least)}" if self.at_least is not None
               else f"> {_num(self.above)}" if self.above is not None else "")
        high = f"≤ {_num(self.at_most)}" if self.at_most is not None else ""
        return ", ".join(x for x in (low, high) if x)

    def out_of_bounds(self, value: float) -> str | None:
        """Why `value` is refused, or None."""
        if self.at_least is not None and value < self.at_least:
            return f"expected at least {_num(self.at_least)}, got {_num(value)}"
        if self.above is not None and value <= self.above:
            return f"expected more than {_num(self.above)}, got {_num(value)}"
        if self.at_most is not None and value > self.at_most:
            return f"expected at most {_num(self.at_most)}, got {_num(value)}"
        return None


def _num(value: float) -> str:
    """A bound or a value in a message: whole numbers with thousands separators, others as short as exact."""
    if isinstance(value, int):
        return f"{value:,}"
    return f"{int(value):,}" if value.is_integer() and abs(value) < 1e15 else f"{value:g}"


MAX_MONEY = 1e12  # per week, in any currency: sums over years of weeks stay exact enough and finite
MAX_WEEKS = 520  # ten years: the forecast horizon
MAX_INT = 2**63 - 1  # what the store and numpy hold


# section → settings. "teams[]" and "roadmap[]" are arrays of tables.
SETTINGS: dict[str, tuple[Setting, ...]] = {
    "workspace": (
        Setting("name", "str", "Workspace", "Company or workspace name shown in the dashboard."),
        Setting("currency", "str", "EUR", "ISO currency code of team costs and costs of delay."),
        Setting("language", "choice:en,fr", "en", "Default language of the dashboard and statements."),
        Setting(
            "store",
            "str",
            "sqlite:///data/pilotage.db",
            "Store URL: `sqlite:///relative/or/absolute.db` (relative to this file) or "
            "`postgresql://user@host:5432/db`. Put a password in the environment, not here (see `store_password_env`).",
        ),
        Setting("store_password_env", "str", "", "Environment variable holding the PostgreSQL password, if any."),
        Setting("demo", "bool", False, "Marks the built-in demo company (labelled as demo data everywhere)."),
    ),
    "jira": (
        Setting("url", "str", None, "Jira site, e.g. `https://acme.atlassian.net`.", required=True),
        Setting("user_env", "str", "", "Cloud: variable holding the account e-mail. Leave out for a Data Center PAT."),
        Setting("token_env", "str", "JIRA_TOKEN", "Variable holding the API token (Cloud) or personal access token."),
        Setting("projects", "str_list", [], "Project keys to read.", required=True),
        Setting("jql", "str", "", "Optional extra JQL filter, AND-ed with the projects."),
        Setting("story_points_field", "str", "", "Story points field name or id; found by name when empty."),
        Setting("target", "date_source", "due_date", "Where a roadmap item's target date comes from: `due_date`, `fix_version`, or a date field by name or id, `field:Target end`."),
        Setting("baseline_field", "date_source", "", "A date field holding the committed date (`field:Baseline end`); empty: the first target ever set."),
        Setting("roadmap_types", "str_list", ["Epic"], "Issue types that are roadmap items, not work items."),
        Setting("work_types", "str_list", [], "Issue types counted as work items (empty: all but roadmap types and sub-tasks)."),
        Setting("timeout_seconds", "number", 20, "Timeout of one HTTP request.", above=0, at_most=600),
        Setting("max_retries", "int", 3, "Retries of a failed request (429/5xx) before the run fails.", at_least=0,
                at_most=20),
    ),
    "github": (
        Setting("url", "str", "https://api.github.com", "API root; GitHub Enterprise: `https://ghe.example.com/api/v3`."),
        Setting("token_env", "str", "GITHUB_TOKEN", "Variable holding the token."),
        Setting("repos", "str_list", [], "Repositories as `owner/name`.", required=True),
        Setting("production", "str", "^prod", "Regular expression (case-insensitive) of production environments."),
        Setting("incident_label", "str", "incident", "Label of GitHub issues that are incidents."),
        Setting("first_commit", "bool", True, "Fetch each merged PR's first commit (one request per PR) for lead time."),
        Setting("pr_sizes", "bool", False, "Fetch each PR's additions/deletions (one request per PR; no metric uses them)."),
        Setting("commits", "bool", True, "Read the default branch's commits, so changes pushed without a PR get a lead time."),
        Setting("deploy_workflows", "str_list", [], "GitHub Actions workflows whose successful runs are deployments: file names (`deploy.yml`) or name patterns (`Deploy*`)."),
        Setting("deploy_branches", "str_list", [], "Branch patterns a deploy run must run on (empty: the repository's default branch)."),
        Setting("deploy_job", "str", "", "Job name pattern: when set, a run deploys when a matching job succeeds (one request per run)."),
        Setting("timeout_seconds", "number", 20, "Timeout of one HTTP request.", above=0, at_most=600),
        Setting("max_retries", "int", 3, "Retries of a failed request before the run fails.", at_least=0, at_most=20),
    ),
    "metrics": (
        Setting("window_weeks", "int", 12, "Complete ISO weeks in the metrics window.", at_least=1, at_most=MAX_WEEKS),
        Setting("green_threshold", "number", 0.85, "On-time probability at or above which an item is green.",
                at_least=0, at_most=1),
        Setting("amber_threshold", "number", 0.5, "On-time probability at or above which an item is amber.",
                at_least=0, at_most=1),
        Setting("points_rule", "number", 0.8, "Share of committed items estimated for a sprint to count in points.",
                at_least=0, at_most=1),
        Setting("velocity_sprints", "int", 6, "Closed sprints in the velocity stability.", at_least=1, at_most=100),
        # trials × items × weeks are held in memory at once
        Setting("forecast_trials", "int", 10000, "Monte Carlo trials per forecast.", at_least=1, at_most=MAX_TRIALS),
        Setting("seed", "int", 20240601, "Seed of the forecasts (recorded with every result).", at_least=0,
                at_most=MAX_INT),
        Setting("status_stages", "stage_map", {}, "Per status name: `todo`, `in_progress` or `done`, overriding Jira's category."),
        Setting("exclude_resolutions", "str_list", [], "Resolutions not counted as done in throughput (e.g. `Won't Do`)."),
        Setting("exclude_statuses", "str_list", [], "Done statuses not counted in throughput."),
        Setting("incident_types", "str_list", ["Incident"], "Jira issue types that are incidents."),
        Setting("incident_labels", "str_list", ["incident"], "Jira labels that make an issue an incident."),
    ),
    "allocation": (
        Setting("bug_types", "str_list", ["Bug", "Incident"], "Issue types counted as bugs & incidents."),
        Setting("tech_debt_labels", "str_list", ["tech-debt"], "Labels counted as tech debt."),
        Setting("run_labels", "str_list", [], "Labels counted as run / KTLO."),
        Setting("epics", "category_map", {}, "Per epic key, the category of all its children."),
    ),
    "teams[]": (
        Setting("name", "str", None, "Team name (teams, never people).", required=True),
        Setting("jira_projects", "str_list", [], "Jira projects whose issues belong to the team."),
        Setting("board", "int", None, "Jira agile board of the team's sprints.", at_least=1, at_most=MAX_INT),
        Setting("repos", "str_list", [], "Repositories the team owns (`owner/name`)."),
        Setting("weekly_cost", "number", 0, "Loaded cost of the team per week, in the workspace currency.", at_least=0,
                at_most=MAX_MONEY),
        Setting("sprint_weeks", "int", 2, "Sprint length in weeks.", at_least=1, at_most=8),
    ),
    "roadmap[]": (
        Setting("key", "str", None, "Jira epic key, or your own key for an item not in Jira.", required=True),
        Setting("name", "str", "", "Business name shown to the COMEX."),
        Setting("team", "str", "", "Owning team (default: the team of the epic's project)."),
        Setting("cost_of_delay_per_week", "number", 0, "Revenue or savings lost per week of delay.", at_least=0,
                at_most=MAX_MONEY),
        Setting("depends_on", "depends", [], "Items this one waits for: `[{ key = \"PLAT-200\", lag_weeks = 2 }]`.",
                at_least=0, at_most=MAX_WEEKS),
        Setting("baseline", "date", None, "Committed date, overriding the first due date from Jira."),
        Setting("target", "date", None, "Current target date, overriding Jira."),
        Setting("team_shares", "number_map", {}, "Per team, its share of the cost (default: from completed children).",
                at_least=0, at_most=MAX_MONEY),
        Setting("key_item", "bool", True, "Shown as a key item on the executive summary."),
    ),
}


@dataclass(frozen=True)
class JiraConfig:
    url: str
    projects: tuple[str, ...]
    user_env: str = ""
    token_env: str = "JIRA_TOKEN"
    jql: str = ""
    story_points_field: str = ""
    target: str = "due_date"
    baseline_field: str = ""
    roadmap_types: tuple[str, ...] = ("Epic",)
    work_types: tuple[str, ...] = ()
    timeout_seconds: float = 20
    max_retries: int = 3

    @property
    def target_field(self) -> str:
        """The custom date field named by `target = "field:…"` (name or id), else ""."""
        return _field_of(self.target)

    @property
    def baseline_date_field(self) -> str:
        """The custom date field named by `baseline_field = "field:…"` (name or id), else ""."""
        return _field_of(self.baseline_field)


def _field_of(source: str) -> str:
    return source[len("field:"):].strip() if source.startswith("field:") else ""


@dataclass(frozen=True)
class GitHubConfig:
    repos: tuple[str, ...]
    url: str = "https://api.github.com"
    token_env: str = "GITHUB_TOKEN"
    production: str = "^prod"
    incident_label: str = "incident"
    first_commit: bool = True
    pr_sizes: bool = False
    commits: bool = True
    deploy_workflows: tuple[str, ...] = ()
    deploy_branches: tuple[str, ...] = ()
    deploy_job: str = ""
    timeout_seconds: float = 20
    max_retries: int = 3


@dataclass(frozen=True)
class MetricsConfig:
    window_weeks: int = 12
    green_threshold: float = 0.85
    amber_threshold: float = 0.5
    points_rule: float = 0.8
    velocity_sprints: int = 6
    forecast_trials: int = 10000
    seed: int = 20240601
    status_stages: dict[str, str] = field(default_factory=dict)
    exclude_resolutions: tuple[str, ...] = ()
    exclude_statuses: tuple[str, ...] = ()
    incident_types: tuple[str, ...] = ("Incident",)
    incident_labels: tuple[str, ...] = ("incident",)


@dataclass(frozen=True)
class AllocationConfig:
    bug_types: tuple[str, ...] = ("Bug", "Incident")
    tech_debt_labels: tuple[str, ...] = ("tech-debt",)
    run_labels: tuple[str, ...] = ()
    epics: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Team:
    name: str
    jira_projects: tuple[str, ...] = ()
    board: int | None = None
    repos: tuple[str, ...] = ()
    weekly_cost: float = 0
    sprint_weeks: int = 2


@dataclass(frozen=True)
class Dependency:
    key: str
    lag_weeks: float = 0


@dataclass(frozen=True)
class RoadmapDecl:
    key: str
    name: str = ""
    team: str = ""
    cost_of_delay_per_week: float = 0
    depends_on: tuple[Dependency, ...] = ()
    baseline: date | None = None
    target: date | None = None
    team_shares: dict[str, float] = field(default_factory=dict)
    key_item: bool = True


@dataclass(frozen=True)
class Workspace:
    name: str
    path: Path | None
    store: str  # resolved SQLAlchemy URL (no password)
    currency: str = "EUR"
    language: str = "en"
    store_password_env: str = ""
    demo: bool = False
    jira: JiraConfig | None = None
    github: GitHubConfig | None = None
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    allocation: AllocationConfig = field(default_factory=AllocationConfig)
    teams: tuple[Team, ...] = ()
    roadmap: tuple[RoadmapDecl, ...] = ()

    @property
    def slug(self) -> str:
        """Short stable name of the workspace, used in links and cache keys."""
        base = self.path.stem if self.path else self.name
        return re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-") or "workspace"

    def team_of_project(self) -> dict[str, str]:
        return {p: t.name for t in self.teams for p in t.jira_projects}

    def team_of_repo(self) -> dict[str, str]:
        return {r: t.name for t in self.teams for r in t.repos}

    def team_of_board(self) -> dict[int, str]:
        return {t.board: t.name for t in self.teams if t.board is not None}

    def secret_values(self) -> list[str]:
        """Values of every configured secret that is set, so exports can be scanned for them."""
        names = [self.store_password_env]
        if self.jira:
            names += [self.jira.user_env, self.jira.token_env]
        if self.github:
            names.append(self.github.token_env)
        return [v for v in (secret(n) for n in names if n) if v]


def fingerprint(ws: Workspace) -> str:
    """A stable hash of the parsed settings: the same settings give the same value whatever the file's layout,
    comments or location; any changed setting (a team's weekly cost, a cost of delay, a mapping) gives another.

    Caches of computed figures are keyed on it, so a saved edit shows at the next rerun, and snapshots record it.
    Only settings are hashed: the workspace names the variables holding secrets, never their values, and where
    the file and the store live is left out (the same settings give the same figures wherever they are kept;
    caches are keyed on the store's address beside it).
    """
    settings = dataclasses.asdict(ws)
    for where in ("path", "store", "store_password_env"):
        settings.pop(where)
    text = json.dumps(settings, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------------------------------- loading


def load_workspace(path: str | os.PathLike | None = None) -> Workspace:
    """Load and check a workspace file; with no path, the built-in demo workspace (whose store
    `PILOTAGE_DEMO_STORE` can move, e.g. for tests or a read-only deployment).

    Raises WorkspaceError listing every problem found.
    """
    if path is None:
        ws = load_workspace(DEMO_WORKSPACE)
        override = os.environ.get("PILOTAGE_DEMO_STORE")
        return dataclasses.replace(ws, store=override) if override else ws
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise WorkspaceError([f"file not found: {p}"], path=str(p)) from None
    except OSError as e:
        raise WorkspaceError([f"cannot read the file: {e.strerror}"], path=str(p)) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise WorkspaceError([f"the file is not UTF-8 text (byte {e.start})"], path=str(p)) from None
    except tomllib.TOMLDecodeError as e:
        raise WorkspaceError([f"not valid TOML: {e}"], path=str(p)) from None
    return parse_workspace(data, path=p.resolve())


def parse_workspace(data: dict, *, path: Path | None = None) -> Workspace:
    """Check a parsed TOML document and build the Workspace (see load_workspace)."""
    problems: list[str] = []
    known = {"workspace", "jira", "github", "metrics", "allocation", "teams", "roadmap"}
    for k in data:
        if k not in known:
            problems.append(_unknown(k, known))

    def section(name: str) -> dict | None:
        value = data.get(name)
        if value is None:
            return None
        if not isinstance(value, dict):
            problems.append(f"{name}: expected a table [{name}], got {_show(value)}")
            return None
        return _read(name, value, SETTINGS[name], problems)

    ws = section("workspace") or _read("workspace", {}, SETTINGS["workspace"], problems)
    jira = section("jira")
    github = section("github")
    metrics = section("metrics") or _read("metrics", {}, SETTINGS["metrics"], problems)
    allocation = section("allocation") or _read("allocation", {}, SETTINGS["allocation"], problems)
    teams = [_read(f"teams[{i}]", t, SETTINGS["teams[]"], problems) for i, t in enumerate(_array(data, "teams", problems))]
    roadmap = [
        _read(f"roadmap[{i}]", r, SETTINGS["roadmap[]"], problems) for i, r in enumerate(_array(data, "roadmap", problems))
    ]

    _check_consistency(ws, jira, github, metrics, teams, roadmap, problems)
    if problems:
        raise WorkspaceError(problems, path=str(path) if path else None)

    base = path.parent if path else Path.cwd()
    return Workspace(
        name=ws["name"],
        path=path,
        store=resolve_store_url(ws["store"], base),
        currency=ws["currency"].upper(),
        language=ws["language"],
        store_password_env=ws["store_password_env"],
        demo=ws["demo"],
        jira=JiraConfig(**_tuples(jira)) if jira else None,
        github=GitHubConfig(**_tuples(github)) if github else None,
        metrics=MetricsConfig(**_tuples(metrics)),
        allocation=AllocationConfig(**_tuples(allocation)),
        teams=tuple(Team(**_tuples(t)) for t in teams),
        roadmap=tuple(
            RoadmapDecl(**{**_tuples(r), "depends_on": tuple(Dependency(**d) for d in r["depends_on"])}) for r in roadmap
        ),
    )


def _array(data: dict, name: str, problems: list[str]) -> list[dict]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.append(f"{name}: expected an array of tables [[{name}]], got {_show(value)}")
        return []
    return value


def _read(where: str, values: dict, settings: tuple[Setting, ...], problems: list[str]) -> dict:
    """Typed values of one table, defaults filled in; problems appended, one per bad key."""
    by_key = {s.key: s for s in settings}
    out: dict[str, Any] = {}
    for k in values:
        if k not in by_key:
            problems.append(_unknown(f"{where}.{k}", by_key, prefix=f"{where}."))
    for s in settings:
        name = f"{where}.{s.key}"
        if s.key not in values:
            if s.required:
                problems.append(f"{name}: required, missing")
            out[s.key] = _copy_default(s.default)
            continue
        try:
            out[s.key] = _convert(values[s.key], s.type, s)
        except _Bad as e:
            problems.append(f"{name}: {e}")
            out[s.key] = _copy_default(s.default)
    return out


class _Bad(Exception):
    pass


def _convert(v: Any, typ: str, setting: Setting) -> Any:
    value = _convert_type(v, typ)
    if typ in ("int", "number") and value is not None and (why := setting.out_of_bounds(value)):
        raise _Bad(why)
    if typ == "number_map":
        for k, x in value.items():
            if why := setting.out_of_bounds(x):
                raise _Bad(f"{k}: {why}")
    if typ == "depends":
        for i, d in enumerate(value):
            if why := setting.out_of_bounds(d["lag_weeks"]):
                raise _Bad(f"[{i}].lag_weeks: {why}")
    return value


def _convert_type(v: Any, typ: str) -> Any:
    if typ == "str":
        if not isinstance(v, str):
            raise _Bad(f"expected text, got {_show(v)}")
        return v
    if typ == "int":
        if isinstance(v, bool) or not isinstance(v, int):
            raise _Bad(f"expected a whole number, got {_show(v)}")
        return v
    if typ == "number":
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise _Bad(f"expected a number, got {_show(v)}")
        if v != v or v in (float("inf"), float("-inf")):
            raise _Bad(f"expected a finite number, got {v}")
        return float(v)
    if typ == "bool":
        if not isinstance(v, bool):
            raise _Bad(f"expected true or false, got {_show(v)}")
        return v
    if typ == "str_list":
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise _Bad(f"expected a list of texts, got {_show(v)}")
        return list(v)
    if typ == "date":
        if isinstance(v, date) and not hasattr(v, "hour"):
            return v
        if isinstance(v, str):
            try:
                return date.fromisoformat(v)
            except ValueError:
                pass
        raise _Bad(f"expected a date (YYYY-MM-DD), got {_show(v)}")
    if typ == "date_source":
        if not isinstance(v, str) or not (v in ("", "due_date", "fix_version") or
                                          (v.startswith("field:") and v[len("field:"):].strip())):
            raise _Bad(f"expected due_date, fix_version or field:<name or id> (e.g. \"field:Target end\"), got {_show(v)}")
        return v
    if typ.startswith("choice:"):
        choices = typ.split(":", 1)[1].split(",")
        if v not in choices:
            raise _Bad(f"expected one of {', '.join(choices)}, got {_show(v)}")
        return v
    if typ in ("stage_map", "category_map", "number_map"):
        if not isinstance(v, dict):
            raise _Bad(f"expected a table of name = value, got {_show(v)}")
        allowed = {"stage_map": STAGES, "category_map": CATEGORIES}.get(typ)
        for k, x in v.items():
            if typ == "number_map":
                if isinstance(x, bool) or not isinstance(x, (int, float)):
                    raise _Bad(f"{k}: expected a number, got {_show(x)}")
            elif x not in allowed:
                raise _Bad(f"{k}: expected one of {', '.join(allowed)}, got {_show(x)}")
        return {k: (float(x) if typ == "number_map" else x) for k, x in v.items()}
    if typ == "depends":
        if not isinstance(v, list):
            raise _Bad(f"expected a list like [{{ key = \"PLAT-200\", lag_weeks = 2 }}], got {_show(v)}")
        out = []
        for i, d in enumerate(v):
            if not isinstance(d, dict) or not isinstance(d.get("key"), str):
                raise _Bad(f"[{i}]: expected {{ key = \"…\", lag_weeks = N }}, got {_show(d)}")
            extra = set(d) - {"key", "lag_weeks"}
            if extra:
                raise _Bad(f"[{i}]: unknown key {sorted(extra)[0]!r} (allowed: key, lag_weeks)")
            lag = d.get("lag_weeks", 0)
            if isinstance(lag, bool) or not isinstance(lag, (int, float)) or lag != lag:
                raise _Bad(f"[{i}].lag_weeks: expected a number, got {_show(lag)}")
            out.append({"key": d["key"], "lag_weeks": float(lag)})
        return out
    raise AssertionError(typ)


def _check_consistency(ws, jira, github, metrics, teams, roadmap, problems: list[str]) -> None:
    if not ws["name"].strip():
        problems.append("workspace.name: must not be empty")
    if not re.fullmatch(r"[A-Za-z]{3}", ws["currency"]):
        problems.append(f"workspace.currency: expected a 3-letter currency code, got {_show(ws['currency'])}")
    if not ws["store"].startswith(("sqlite:///", "postgresql://", "postgresql+psycopg://")):
        problems.append(f"workspace.store: expected sqlite:///path or postgresql://…, got {_show(ws['store'])}")
    elif re.match(r"postgresql(\+psycopg)?://[^/@]*:[^/@]*@", ws["store"]):
        problems.append("workspace.store: contains a password; put it in an environment variable named by store_password_env")
    elif ws["store"] == "sqlite:///":
        problems.append("workspace.store: expected a file after sqlite:/// (an empty path is a store in memory, "
                        "which keeps nothing)")
    elif ws["store"].startswith("postgresql") and (port := _bad_port(ws["store"])):
        problems.append(f"workspace.store: the port must be a number from 1 to 65535, got {_show(port)}")
    if github:
        try:
            re.compile(github["production"])
        except re.error as e:
            problems.append(f"github.production: not a valid regular expression ({e})")
        for r in github["repos"]:
            if not re.fullmatch(r"[\w.-]+/[\w.-]+", r):
                problems.append(f"github.repos: expected owner/name, got {_show(r)}")
    if jira and jira["url"] is not None and not re.match(r"https?://", jira["url"]):
        problems.append(f"jira.url: expected an http(s) URL, got {_show(jira['url'])}")
    for name, source in (("jira", jira), ("github", github)):
        if source and source["url"] and _has_credentials(source["url"]):  # they would be printed and stored
            problems.append(f"{name}.url: contains a user name or password; remove it and put the credential in "
                            f"the variable named by {name}.token_env")
    if not metrics["amber_threshold"] <= metrics["green_threshold"]:
        problems.append("metrics: expected 0 ≤ amber_threshold ≤ green_threshold ≤ 1")
    names = [t["name"] for t in teams]
    for i, t in enumerate(teams):
        if names.count(t["name"]) > 1 and names.index(t["name"]) != i:
            problems.append(f"teams[{i}].name: duplicate team {_show(t['name'])}")
    keys = [r["key"] for r in roadmap]
    for i, r in enumerate(roadmap):
        if keys.count(r["key"]) > 1 and keys.index(r["key"]) != i:
            problems.append(f"roadmap[{i}].key: duplicate item {_show(r['key'])}")
        if r["team"] and r["team"] not in names:
            problems.append(f"roadmap[{i}].team: unknown team {_show(r['team'])} (teams: {', '.join(names) or 'none'})")
        for t in r["team_shares"]:
            if t not in names:
                problems.append(f"roadmap[{i}].team_shares: unknown team {_show(t)}")
        for j, d in enumerate(r["depends_on"]):
            if d["key"] == r["key"]:
                problems.append(f"roadmap[{i}].depends_on[{j}]: an item cannot depend on itself")
    cycle = _dependency_cycle({r["key"]: [d["key"] for d in r["depends_on"]] for r in roadmap})
    if cycle:
        problems.append("roadmap: dependency cycle " + " → ".join(cycle))


def _has_credentials(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return "@" in url
    return bool(parts.username or parts.password)


def _bad_port(url: str) -> str | None:
    """The port text of a database URL when it is not a port number, else None."""
    netloc = urlsplit(url).netloc.rsplit("@", 1)[-1]
    port = netloc.rsplit("]", 1)[-1].rpartition(":")[2] if ":" in netloc.rsplit("]", 1)[-1] else ""
    return None if not port or (port.isdigit() and 1 <= int(port) <= 65535) else port


def _dependency_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in graph.get(n, []):
            if state.get(m) == 1:
                return stack[stack.index(m) :] + [m]
            if m not in state and (found := visit(m)):
                return found
        stack.pop()
        state[n] = 2
        return None

    for n in graph:
        if n not in state and (found := visit(n)):
            return found
    return None


def _unknown(name: str, known, prefix: str = "") -> str:
    leaf = name[len(prefix) :] if prefix else name
    close = difflib.get_close_matches(leaf, list(known), n=1)
    hint = f" (did you mean {prefix}{close[0]}?)" if close else ""
    return f"{name}: unknown key{hint}"


def _show(v: Any) -> str:
    if isinstance(v, str):
        return '"' + (v if len(v) <= 60 else v[:57] + "…") + '"'
    if isinstance(v, dict):
        return "a table"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, bool):
        return "true" if v else "false"
    return repr(v)


def _copy_default(v: Any) -> Any:
    return list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v


def _tuples(d: dict) -> dict:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in d.items()}


def resolve_store_url(url: str, base: Path) -> str:
    """Make a relative SQLite path relative to the workspace file's folder."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        rel = url[len("sqlite:///") :]
        if rel and rel != ":memory:":
            return "sqlite:///" + str((base / rel).resolve())
    return url


# --------------------------------------------------------------------------------------------------- secrets


def secret(name: str) -> str | None:
    """A secret by variable name: the environment first, then `.streamlit/secrets.toml` (cwd, then project)."""
    if not name:
        return None
    if os.environ.get(name):
        return os.environ[name]
    for folder in (Path.cwd(), PROJECT_ROOT):
        f = folder / ".streamlit" / "secrets.toml"
        if f.is_file():
            try:
                value = tomllib.loads(f.read_text("utf-8")).get(name)
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
            if isinstance(value, str) and value:
                return value
    return None


def workspace_files(folder: str | os.PathLike) -> list[Path]:
    """The workspace files of a folder (for a CTO serving several companies), sorted by name."""
    return sorted(Path(folder).glob("*.toml"))


# --------------------------------------------------------------------------------------------------- docs


def settings_markdown() -> str:
    """The workspace reference, generated from SETTINGS (written to docs/workspace.md)."""
    lines = [
        "# Workspace file reference",
        "",
        "Generated from `pilotage/core/workspace.py` (`python -m pilotage docs`); a test keeps it in sync.",
        "Array indexes in error messages count from 0 (`teams[0]` is the first team).",
        "",
    ]
    for sec, settings in SETTINGS.items():
        title = f"[[{sec[:-2]}]]" if sec.endswith("[]") else f"[{sec}]"
        lines += [f"## `{title}`", "", "| key | type | default | meaning |", "|---|---|---|---|"]
        for s in settings:
            default = "required" if s.required else f"`{s.default!r}`" if s.default not in (None, "") else "—"
            bounds = s.bounds_text() and ("lag_weeks " if s.type == "depends" else "") + s.bounds_text()
            typ = s.type.replace("choice:", "one of ").replace(",", ", ") + (f", {bounds}" if bounds else "")
            lines.append(f"| `{s.key}` | {typ} | {default} | {s.help} |")
        lines.append("")
    return "\n".join(lines)
