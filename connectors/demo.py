"""The built-in demo company, "Nordwind": a deterministic, seeded generator of canonical frames.

`generate(seed=7, items=None, anchor=DEMO_ANCHOR)` returns `{"jira": Batch, "github": Batch}` (full batches) whose
frames are exactly the tables of `pilotage/core/model.py`, typed by `model.to_frame` and sorted by primary key (as
`Store.load()` returns them); it writes nothing. `pilotage.application.service.build_demo_store(store)` writes both into a store as sync runs started at the end
of the anchor day, so the dashboard's default as_of is the anchor. The same generator scaled up
(`items=100_000`: ~1M changelog rows, ~20,000 pull requests) feeds the benchmarks; everything is vectorised.

The company: four teams (Payments/PAY, Platform/PLAT, Mobile/MOB, Data/DATA), each with a Jira board of two-week
sprints and its GitHub repositories, 52 weeks of history ending on the anchor (a Sunday; nothing happens after
its end). Jira side: statuses with custom names and categories, Story/Task/Bug work items (plus a few Incidents)
with complete status changelogs (reworks, QA failures, blocked spells, reopenings, items done without being in
progress, items created in progress, "Won't Do", ageing work and a backlog), sprint membership history (committed, added,
removed, carried over), story points (the Data team only started estimating this year), fix versions, and eight
epics with due-date histories. GitHub side: pull requests linked to the items they implement, staging and
production deployments of merged commits (some failing, then redeployed), releases for the one repository that
does not deploy (`nordwind/data-pipeline`), and incidents opened after production deployments.

The roadmap story is scripted, the rest is random: the epics' children are generated with fixed weekly
completions over the 12 ISO weeks before the anchor and a fixed number of children left, so the forecasts of
METRICS.md ("Roadmap items, drift and forecast") come out the same for every seed and size:
- PLAT-412 "Cloud migration": 20 children done in the window, 11 left; P85 ≈ as_of + 8 weeks, about six weeks
  (three sprints) after its first committed date (2026-12-04); its current date (2026-12-31) is earlier: red.
- PAY-1201 "New checkout": its own work finishes within 5 weeks but it depends on the migration (lag 2 weeks,
  declared in `pilotage/demo.toml`), baseline 2026-12-18 (the Christmas peak): red once the dependency counts.
- MOB-640 "Offline mode": amber (on-time probability ≈ 65%). PAY-1202, PLAT-413, DATA-211: green.
  DATA-210 has no due date. MOB-641 was done in August.

Frames and conventions are model.py's. Choices the model leaves open, made as the Jira connector makes them:
- `field_changes.seq` is 0 for a creation row and counts changes from 1 (a field first set after creation has no
  row 0); sprint values list namespaced ids in ascending order, "" once an item leaves every sprint.
- Work items are Story, Task, Bug and Incident; about half the stories outside the Data team also have 2–5
  `Sub-task` issues (is_subtask, parent = the story, created in the story's sprints), and the epics come on top:
  `items` counts work items only. Statuses add a "Blocked" (indeterminate) detour to the seven of the brief.
- Pull request numbers and incident issue numbers share each repository's sequence; deployments count from
  5,000,001 in creation order; every deployment has three statuses (queued, in_progress, success or failure).

Time is generated on a business-hours axis: `b` = working days since the Monday 52 weeks before the anchor week
ends, the fraction spanning 07:00–17:00 UTC (so Jira activity happens on weekdays, in working hours). Incidents
and their resolution use the plain calendar.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from pilotage.core.model import TABLES, Batch, to_frame

DEMO_ANCHOR = date(2026, 11, 22)  # a Sunday: the demo's "today"
DEFAULT_ITEMS = 3000
MIN_ITEMS = 500
PULL_REQUESTS_PER_ITEM = 0.2
JIRA_SITE = "https://nordwind.atlassian.net"
GITHUB_SITE = "https://github.com"

_HOUR_MS = 3_600_000
_DAY_MS = 24 * _HOUR_MS
_YEAR_BUSINESS_DAYS = 260.0  # 52 weeks × 5 working days; b = 260 is the Monday after the anchor
_WINDOW_START_B = 200.0  # Monday of the first of the 12 ISO weeks before the anchor


# ----------------------------------------------------------------------------------------------- the company


@dataclass(frozen=True)
class DemoTeam:
    name: str
    project: str
    board: int
    repos: tuple[str, ...]
    weekly_cost: float
    sprint_phase: int  # business day of the first sprint start (2 or 7: Wednesdays, boards staggered by a week)
    first_key: int  # Jira numbering before the demo year: the team's epics take the first numbers
    first_sprint: int  # number in the name of the team's first sprint of the year
    share: float  # share of the background work items
    type_mix: tuple[float, float, float]  # Story, Task, Bug
    estimated: tuple[float, float]  # share of items estimated at the start and at the end of the year
    has_qa: bool  # the Data team's workflow has no QA status
    fix_versions: bool


TEAMS = (
    DemoTeam("Payments", "PAY", 1, ("nordwind/payments-api", "nordwind/checkout-web"), 40_000, 2, 1201, 31, 0.32,
             (0.48, 0.27, 0.25), (0.97, 0.97), True, True),
    DemoTeam("Platform", "PLAT", 2, ("nordwind/platform",), 32_000, 7, 412, 18, 0.24,
             (0.40, 0.38, 0.22), (0.96, 0.96), True, True),
    DemoTeam("Mobile", "MOB", 3, ("nordwind/mobile-app",), 28_000, 2, 640, 44, 0.24,
             (0.50, 0.22, 0.28), (0.96, 0.96), True, True),
    DemoTeam("Data", "DATA", 4, ("nordwind/data-pipeline",), 24_000, 7, 210, 9, 0.20,
             (0.35, 0.45, 0.20), (0.35, 0.92), False, False),
)
REPOS = tuple(r for t in TEAMS for r in t.repos)
RELEASING_REPO = "nordwind/data-pipeline"  # no deployments at all: releases only
_REPO_FIRST_NUMBER = (1840, 960, 2210, 1315, 402)
# production trains per deploying repository: (weekday, hour UTC)
_PRODUCTION_SLOTS = (
    ((0, 10), (0, 15), (1, 10), (1, 15), (2, 10), (2, 15), (3, 10), (3, 15), (4, 10)),
    ((0, 14), (1, 14), (2, 14), (3, 14), (4, 11)),
    ((1, 13), (3, 13)),
    ((3, 9),),
)


@dataclass(frozen=True)
class DemoEpic:
    key: str
    summary: str
    team: int
    kickoff: str  # date work started (children are created from then on)
    weekly_done: tuple[int, ...]  # children done in each of the 12 ISO weeks before the anchor, oldest first
    done_before: int  # children done before those 12 weeks
    in_progress: int  # children left at the anchor: started…
    to_do: int  # …and not started
    due_history: tuple[tuple[str, str], ...]  # (day the due date was set, due date); the first is the baseline
    done_on: str | None = None
    children: tuple[str, ...] = ()


_ZERO_WEEKS = (0,) * 12
EPICS = (
    DemoEpic("PAY-1201", "New checkout", 0, "2026-07-06", (1, 2, 1, 2, 3, 1, 2, 2, 1, 2, 2, 1), 10, 3, 4,
             (("2026-07-08", "2026-12-18"), ("2026-11-13", "2027-01-15")),
             children=("One-page checkout layout", "Address autocomplete in checkout", "Express pay buttons",
                       "Guest checkout", "Order summary redesign", "Checkout error states", "Basket persistence",
                       "Checkout A/B test setup", "Checkout analytics events", "Checkout load test")),
    DemoEpic("PAY-1202", "SEPA instant payouts", 0, "2026-08-03", (1, 0, 2, 1, 1, 2, 0, 1, 2, 1, 1, 1), 4, 2, 3,
             (("2026-09-02", "2027-02-26"),),
             children=("Instant payout API client", "Payout status webhooks", "Payout limits per merchant",
                       "Reconciliation of instant payouts", "Payout fallback to standard SEPA")),
    DemoEpic("PLAT-412", "Cloud migration", 1, "2026-06-01", (2, 2, 3, 1, 2, 0, 3, 2, 1, 2, 1, 1), 18, 4, 7,
             (("2026-06-03", "2026-12-04"), ("2026-10-07", "2026-12-18"), ("2026-11-12", "2026-12-31")),
             children=("Migrate orders service to the new cluster", "Migrate payments service to the new cluster",
                       "Move Postgres to managed database", "Cut over DNS for the public API",
                       "Migrate cron jobs to cloud scheduler", "Load-test the new cluster",
                       "Decommission legacy VMs", "Migrate message queue", "Move object storage buckets",
                       "Set up network peering", "Migrate Redis cache", "Port CI runners to the cloud")),
    DemoEpic("PLAT-413", "Observability stack", 1, "2026-07-20", (1, 0, 1, 1, 0, 1, 1, 0, 2, 1, 1, 1), 3, 2, 3,
             (("2026-07-22", "2027-02-26"), ("2026-10-28", "2027-03-26")),
             children=("Central log pipeline", "Service-level objectives for the API", "Tracing for checkout calls",
                       "On-call alert routing", "Dashboards per service")),
    DemoEpic("MOB-640", "Offline mode", 2, "2026-05-04", (1, 2, 1, 0, 2, 1, 2, 1, 1, 2, 1, 0), 12, 3, 5,
             (("2026-05-06", "2027-01-08"), ("2026-10-21", "2027-01-15")),
             children=("Offline product catalogue", "Queue orders while offline", "Sync conflicts resolution",
                       "Offline banner and states", "Local database migration", "Background sync scheduler")),
    DemoEpic("MOB-641", "Push notification preferences", 2, "2026-03-02", _ZERO_WEEKS, 16, 0, 0,
             (("2026-03-04", "2026-07-31"), ("2026-07-08", "2026-08-21")), done_on="2026-08-19",
             children=("Notification settings screen", "Per-topic opt-in", "Quiet hours", "Preference sync API")),
    DemoEpic("DATA-210", "Revenue data warehouse", 3, "2026-06-15", (1, 1, 0, 2, 1, 1, 0, 1, 2, 1, 1, 1), 6, 3, 6,
             (), children=("Revenue fact table", "Orders ingestion to the warehouse", "Finance reconciliation view",
                           "Warehouse access roles", "Currency conversion model")),
    DemoEpic("DATA-211", "GDPR data retention", 3, "2026-04-06", (0, 1, 1, 0, 1, 2, 1, 0, 1, 1, 1, 2), 5, 2, 2,
             (("2026-04-08", "2026-12-31"), ("2026-09-16", "2027-01-29")),
             children=("Retention policy per table", "Automated deletion job", "PII inventory",
                       "Deletion audit log")),
)
# statuses: (id, name, category)
STATUSES = (
    (10000, "Backlog", "new"),
    (10001, "To Do", "new"),
    (3, "In Progress", "indeterminate"),
    (10002, "Code Review", "indeterminate"),
    (10003, "QA", "indeterminate"),
    (10004, "Done", "done"),
    (10005, "Won't Do", "done"),
    (10006, "Blocked", "indeterminate"),
)
_BK, _TD, _IP, _CR, _QA, _DN, _WD, _BL = range(8)
_STATUS_NAME = np.array([s[1] for s in STATUSES], dtype=object)
_STATUS_CATEGORY = np.array([s[2] for s in STATUSES], dtype=object)
_DONE_CODES = (_DN, _WD)

# ------------------------------------------------------------------------------------------ workflow templates
# Each template is the list of statuses an item goes through after creation, with the rule giving each step's
# time: "E" the selection for development (sprint planning), "S" the start (first entry into work, or the close
# for items that are never worked on), otherwise a duration kind added to the previous step.
_STEPS = 9  # column 0 is the creation row
_KINDS = {"ip": 1, "cr": 2, "qa": 3, "fix": 4, "reopen": 5, "until_blocked": 6, "blocked": 7}
_TEMPLATES = {
    "full": [(_TD, "E"), (_IP, "S"), (_CR, "ip"), (_QA, "cr"), (_DN, "qa")],
    "no_qa": [(_TD, "E"), (_IP, "S"), (_CR, "ip"), (_DN, "cr")],
    "rework": [(_TD, "E"), (_IP, "S"), (_CR, "ip"), (_IP, "cr"), (_CR, "fix"), (_QA, "cr"), (_DN, "qa")],
    "qa_fail": [(_TD, "E"), (_IP, "S"), (_CR, "ip"), (_QA, "cr"), (_IP, "qa"), (_CR, "fix"), (_QA, "cr"),
                (_DN, "qa")],
    "reopened": [(_TD, "E"), (_IP, "S"), (_CR, "ip"), (_QA, "cr"), (_DN, "qa"), (_IP, "reopen"), (_CR, "fix"),
                 (_DN, "cr")],
    "skipped": [(_TD, "E"), (_DN, "S")],  # done without ever being in progress
    "direct": [(_CR, "ip"), (_DN, "cr")],  # created in progress (hotfixes, incidents)
    "wont_do": [(_WD, "S")],
    "idle": [],  # never worked on
    "blocked": [(_TD, "E"), (_IP, "S"), (_BL, "until_blocked"), (_IP, "blocked"), (_CR, "ip"), (_QA, "cr"),
                (_DN, "qa")],
    "blocked_no_qa": [(_TD, "E"), (_IP, "S"), (_BL, "until_blocked"), (_IP, "blocked"), (_CR, "ip"), (_DN, "cr")],
    "subtask": [(_IP, "S"), (_DN, "S")],  # created in To Do; times come from the story (_with_subtasks)
}
_T = {name: i for i, name in enumerate(_TEMPLATES)}
_NT = len(_TEMPLATES)
_RULE_E, _RULE_S = -1, -2
_T_STATUS = np.full((_NT, _STEPS), -1, dtype=np.int8)
_T_RULE = np.zeros((_NT, _STEPS), dtype=np.int8)
for _name, _steps in _TEMPLATES.items():
    for _k, (_status, _rule) in enumerate(_steps, 1):
        _T_STATUS[_T[_name], _k] = _status
        _T_RULE[_T[_name], _k] = {"E": _RULE_E, "S": _RULE_S}.get(_rule, _KINDS.get(_rule, 0))
_T_HAS_E = (_T_RULE == _RULE_E).any(axis=1)
_T_INIT = np.select([np.arange(_NT) == _T["direct"], np.arange(_NT) == _T["subtask"]], [_IP, _TD], _BK).astype(np.int8)
# duration steps after the start (their sum is the time from start to the final status)
_T_AFTER_S = (_T_RULE > 0) & ((np.cumsum(_T_RULE == _RULE_S, axis=1) > 0) | (np.arange(_NT) == _T["direct"])[:, None])
_T_FIRST_AFTER_S = np.where(_T_AFTER_S.any(axis=1), _T_AFTER_S.argmax(axis=1), 0)
_T_LAST = (_T_STATUS >= 0).cumsum(axis=1).argmax(axis=1)
# the pull request of an item opens at its first Code Review and merges when the review phase ends
_T_PR_OPEN = np.array([list(_T_STATUS[t]).index(_CR) if _CR in _T_STATUS[t] else -1 for t in range(_NT)])
_T_PR_MERGE = np.array([{"rework": 6}.get(n, _T_PR_OPEN[_T[n]] + 1) if _T_PR_OPEN[_T[n]] >= 0 else -1
                        for n in _TEMPLATES])

# template probabilities per issue type (Story, Task, Bug), in _TEMPLATES order
_TEMPLATE_MIX = np.array([
    [0.24, 0.10, 0.22, 0.08, 0.05, 0.03, 0.01, 0.06, 0.13, 0.06, 0.02],
    [0.08, 0.32, 0.17, 0.02, 0.03, 0.08, 0.03, 0.07, 0.12, 0.02, 0.06],
    [0.22, 0.15, 0.13, 0.08, 0.06, 0.06, 0.10, 0.08, 0.06, 0.04, 0.02],
])
# log-normal durations in business days: (median, sigma) per class (work, bug, incident) and kind
_DURATION = {
    0: {1: (2.0, 0.85), 2: (0.5, 0.9), 3: (0.8, 0.8), 4: (0.6, 0.7), 5: (2.5, 0.8), 6: (0.8, 0.8), 7: (2.0, 0.9)},
    1: {1: (1.2, 0.85), 2: (0.4, 0.9), 3: (0.6, 0.8), 4: (0.5, 0.7), 5: (2.0, 0.8), 6: (0.5, 0.8), 7: (1.5, 0.9)},
    2: {1: (0.15, 0.7), 2: (0.04, 0.6), 3: (0.1, 0.5), 4: (0.1, 0.5), 5: (1.0, 0.5), 6: (0.1, 0.5), 7: (0.1, 0.5)},
}
_WAIT = {0: (9.0, 1.0), 1: (6.0, 1.0), 2: (2.5, 1.2), 3: (0.0, 0.0)}  # creation → start, per issue type
_WONT_DO_WAIT = (20.0, 1.0)
_TYPES = np.array(["Story", "Task", "Bug", "Incident", "Sub-task"], dtype=object)
_STORY, _TASK, _BUG, _INCIDENT, _SUBTASK = range(5)
_FIB_TEXT = np.array(["1", "2", "3", "5", "8", "13"], dtype=object)  # story points, as Jira's decimal text
_FIELDS = ("due_date", "fix_version", "parent", "sprint", "story_points")  # sorted, as the key sorts them
_F = {f: i for i, f in enumerate(_FIELDS)}
_SPRINTS_PER_BOARD = 27  # 25 closed, the active one, one future
_ACTIVE = 25

# ----------------------------------------------------------------------------------------------- text

_OBJECTS = (
    ("refund flow", "3-D Secure challenge", "invoice PDF", "payment method picker", "card tokenisation",
     "payout reconciliation", "receipt email", "SEPA mandate form", "checkout address step", "VAT calculation",
     "PSP webhook handler", "Apple Pay button", "saved cards list", "currency rounding", "chargeback notifications",
     "promo code validation", "order summary", "fraud score check", "partial refunds", "payment retry logic"),
    ("Kubernetes ingress", "Terraform modules", "CI pipeline", "Postgres connection pool", "secrets rotation",
     "log shipping", "staging environment", "Helm charts", "service mesh", "backup jobs", "container base images",
     "API gateway rate limits", "DNS records", "alerting rules", "feature flag service",
     "load balancer health checks", "cost dashboards", "node autoscaling", "build cache", "TLS certificates"),
    ("onboarding screens", "push notification opt-in", "offline cart", "order history screen", "deep links",
     "biometric login", "app start time", "dark mode", "search filters", "product detail page",
     "accessibility labels", "crash reporting", "image caching", "in-app review prompt", "account deletion flow",
     "address autocomplete", "store locator map", "language switcher", "tablet layout", "wishlist sync"),
    ("revenue dashboard", "orders ingestion job", "dbt models", "churn model", "event tracking schema",
     "data quality checks", "Airflow DAGs", "marketing attribution", "finance export", "GDPR deletion job",
     "warehouse costs", "product analytics events", "daily KPI email", "currency conversion table",
     "cohort retention report", "late-arriving events", "PII masking", "schema registry", "backfill scripts",
     "partner data feed"),
)
_VERBS = (
    ("Add", "Support", "Redesign", "Improve", "Let customers manage the", "Show", "Introduce", "Allow editing of the",
     "Localise", "Speed up"),
    ("Upgrade", "Refactor", "Migrate", "Clean up", "Document", "Automate", "Remove legacy code from", "Split",
     "Monitor", "Load-test"),
    ("Fix", "Fix crash in", "Fix wrong totals in", "Fix timeout in", "Fix flaky test for", "Fix layout of",
     "Fix missing translations in", "Fix duplicate entries in", "Fix race condition in", "Fix error handling in"),
)
_QUALIFIERS = ("", "", "", "", " for returning customers", " for B2B accounts", " in the EU region",
               " behind a feature flag", " for large accounts", " on slow networks", " (phase 2)",
               " for the German market", " (follow-up)")
_JIRA_INCIDENTS = (  # per team (Data has none)
    ("Payment failures spike after PSP timeout", "Checkout unavailable for 12 minutes",
     "Payouts delayed: bank file rejected", "Card payments declined for one issuer", "Duplicate confirmation emails"),
    ("API latency above 2 s", "Database CPU at 100%", "Message queue backlog above 50k", "Disk full on the CI runners",
     "Expired certificate on the status page"),
    ("Login errors on the mobile app", "Mobile app crashes at start", "Push notifications delayed by hours",
     "Orders not syncing from the app", "App store build rejected"),
)
_SUBTASK_TITLES = ("Backend endpoint", "UI component", "Unit tests", "API documentation", "Translations",
                   "Monitoring and alerts", "Feature flag", "Database migration", "Review fixes", "QA checklist")
_GITHUB_INCIDENTS = (
    ("Elevated 5xx on /payments after deploy", "Refunds stuck in pending", "Webhook retries flooding the queue",
     "Slow payment confirmation (p95 > 4 s)"),
    ("Checkout page blank on Safari", "Promo codes rejected at checkout", "Basket emptied after login",
     "Checkout 502s for a subset of users"),
    ("Ingress returning 503 for 9 minutes", "Certificate renewal failed on staging and prod",
     "Autoscaler stuck at minimum nodes", "DNS resolution errors in the cluster"),
    ("App crash on launch (Android 14)", "Push notifications not delivered", "Login loop after update",
     "Images not loading in product list"),
)
_OPEN_INCIDENT = "Intermittent 504s on the API gateway"
_SCRIPT_SUMMARY = 'Escape <script> tags in receipt template (<script>alert("x")</script> runs in the PDF preview)'
_MARKUP_PR_TITLE = "Render <b> tags in order notes as plain text"
_BUMPS = (
    ("pip", ("django", "requests", "sqlalchemy", "pydantic", "celery", "pytest", "boto3", "stripe")),
    ("npm_and_yarn", ("react", "axios", "typescript", "eslint", "@sentry/react", "vite", "jest", "date-fns")),
    ("go_modules", ("golang.org/x/net", "github.com/prometheus/client_golang", "k8s.io/client-go",
                    "github.com/spf13/cobra")),
    ("npm_and_yarn", ("react-native", "@react-navigation/native", "expo", "typescript", "jest", "i18next")),
    ("pip", ("dbt-core", "pandas", "apache-airflow", "great-expectations", "pyarrow", "sqlfluff")),
)
_CHORES = ("chore: update CI cache key", "chore: pin base image digest", "chore: tidy lint configuration",
           "ci: run tests in parallel", "docs: update runbook links", "chore: rotate test fixtures")
_SPRINT_GOALS = (
    ("Ship express checkout to 10% of traffic", "Close the 3-D Secure gaps", "Refund flow without support tickets",
     "Payout reconciliation automated", None),
    ("Cluster ready for the payments service", "Cut CI time under 10 minutes", "Cloud migration: stateful services",
     "Alerting that wakes the right team", None),
    ("Offline catalogue in beta", "Crash-free sessions above 99.5%", "Release 3.x to the stores",
     "Onboarding redesign live", None),
    ("Revenue numbers finance can trust", "Nightly jobs under one hour", "GDPR deletion end to end", None, None),
)


# ----------------------------------------------------------------------------------------------- time axis


class _Clock:
    """Business time `b` (see the module docstring) and its conversion to epoch milliseconds (UTC)."""

    def __init__(self, anchor: date) -> None:
        self.end = anchor + timedelta(days=1)  # the as_of instant: Monday 00:00 UTC after the anchor
        self.origin = self.end - timedelta(weeks=52)
        self.origin_ms = _epoch_ms(self.origin)
        self.end_ms = _epoch_ms(self.end)
        self.shift = (anchor - DEMO_ANCHOR).days  # the scripted dates move with the anchor

    def ms(self, b: np.ndarray) -> np.ndarray:
        b = np.asarray(b, dtype=float)
        day = np.floor(b)
        d = day.astype(np.int64)
        calendar_days = 7 * (d // 5) + d % 5
        return self.origin_ms + calendar_days * _DAY_MS + np.rint((7 + 10 * (b - day)) * _HOUR_MS).astype(np.int64)

    def day(self, iso: str) -> date:
        """A scripted date (written for DEMO_ANCHOR), moved with the anchor."""
        return date.fromisoformat(iso) + timedelta(days=self.shift)

    def b(self, iso: str, hour: float = 10.0) -> float:
        d = self.day(iso)
        delta = (d - self.origin).days
        if d.weekday() > 4:
            raise ValueError(f"scripted demo date {iso} is not a weekday")
        return float(delta // 7 * 5 + d.weekday()) + (hour - 7) / 10


def _epoch_ms(d: date) -> int:
    return (d - date(1970, 1, 1)).days * _DAY_MS


def _ts(ms: np.ndarray) -> pd.Series:
    """Epoch milliseconds (NaN = missing) as UTC timestamps."""
    return pd.Series(pd.to_datetime(np.asarray(ms, dtype="float64"), unit="ms", utc=True)).astype(
        "datetime64[ms, UTC]"
    )


def _lognormal(rng: np.random.Generator, median: float, sigma: float, size) -> np.ndarray:
    return median * np.exp(sigma * rng.standard_normal(size))


# ----------------------------------------------------------------------------------------------- public API


def generate(*, seed: int = 7, items: int | None = None, anchor: date = DEMO_ANCHOR) -> dict[str, Batch]:
    """The demo company's canonical frames: `{"jira": Batch, "github": Batch}`, both full.

    `items` is the number of work items (default 3,000; epics come on top). The same seed, size and anchor give
    identical frames. `anchor` must be a Sunday: the last day with events.
    """
    n_items = DEFAULT_ITEMS if items is None else int(items)
    if n_items < MIN_ITEMS:
        raise ValueError(f"items: the demo company needs at least {MIN_ITEMS} work items, got {n_items}")
    if anchor.weekday() != 6:
        raise ValueError(f"anchor: expected a Sunday, got {anchor.isoformat()} ({anchor:%A})")
    clock = _Clock(anchor)
    streams = np.random.SeedSequence(seed).spawn(4)
    story_rng, work_rng, github_rng, text_rng = (np.random.default_rng(s) for s in streams)
    sprints = _sprints(clock, story_rng)
    work = _work_items(clock, sprints, story_rng, work_rng, n_items)
    keys = _keys(work)
    summaries = _summaries(work, text_rng)
    jira = _jira_frames(clock, sprints, work, keys, summaries, text_rng)
    github = _github_frames(clock, work, keys, summaries, github_rng, n_items, seed)
    return {"jira": Batch("jira", jira, full=True), "github": Batch("github", github, full=True)}


# ----------------------------------------------------------------------------------------------- sprints


@dataclass
class _Sprints:
    ids: np.ndarray  # (boards, sprints) int, Jira sprint ids
    start: np.ndarray  # (boards, sprints) business time
    complete: np.ndarray  # (boards, sprints) business time, inf for the active and future sprints
    values: np.ndarray  # (boards, sprints, sprints) object: sprint field value from sprint j carried k times
    frame: pd.DataFrame


def _sprints(clock: _Clock, rng: np.random.Generator) -> _Sprints:
    nb, ns = len(TEAMS), _SPRINTS_PER_BOARD
    start = np.array([[t.sprint_phase + 0.1 + 10 * j for j in range(ns)] for t in TEAMS])  # Wednesday 08:00
    # closed between Tuesday 15:00 and Wednesday 07:48, before the next one starts
    complete = start + 9.7 + rng.uniform(0, 0.28, size=start.shape)
    complete[:, _ACTIVE:] = np.inf
    order = np.argsort(start.ravel(), kind="stable")
    ids = np.empty(nb * ns, dtype=np.int64)
    ids[order] = 201 + np.arange(nb * ns)
    ids = ids.reshape(nb, ns)
    names = np.array([[f"jira:sprint:{i}" for i in row] for row in ids], dtype=object)
    values = np.empty((nb, ns, ns), dtype=object)
    for b in range(nb):
        for j in range(ns):
            for k in range(ns - j):
                values[b, j, k] = ",".join(names[b, j : j + k + 1])
    rows = []
    for b, team in enumerate(TEAMS):
        for j in range(ns):
            state = "closed" if j < _ACTIVE else "active" if j == _ACTIVE else "future"
            goal = _SPRINT_GOALS[b][int(rng.integers(len(_SPRINT_GOALS[b])))]
            rows.append({
                "id": names[b, j], "source": "jira", "board_id": team.board,
                "name": f"{team.project} Sprint {team.first_sprint + j}", "state": state,
                "start_at": None if state == "future" else int(clock.ms(start[b, j])),
                "end_at": None if state == "future" else int(clock.ms(start[b, j] + 9.7)),  # Tuesday 16:00
                "complete_at": int(clock.ms(complete[b, j])) if state == "closed" else None,
                "goal": goal,
                "url": f"{JIRA_SITE}/jira/software/projects/{team.project}/boards/{team.board}",
            })
    frame = pd.DataFrame(rows)
    for c in ("start_at", "end_at", "complete_at"):
        frame[c] = _ts(frame[c].astype("float64"))
    return _Sprints(ids, start, complete, values, frame)


# ----------------------------------------------------------------------------------------------- work items


@dataclass
class _Work:
    """Every work item as arrays (one entry per item) plus its status matrix (one column per step)."""

    team: np.ndarray
    itype: np.ndarray
    template: np.ndarray
    epic: np.ndarray  # index in EPICS, -1 for none
    parent: np.ndarray  # sub-tasks: index of their story, -1 for the others
    created: np.ndarray  # business time
    start: np.ndarray
    selected: np.ndarray  # sprint selection / "To Do" time
    sprint: np.ndarray  # sprint index on the team's board, -1 for none
    carried: np.ndarray  # completions of closed sprints it was carried over
    removed_at: np.ndarray  # removal from its sprint (NaN if never)
    first_done: np.ndarray  # first entry into a done status (inf if none)
    times: np.ndarray  # (n, _STEPS) step times, NaN for unused steps
    status: np.ndarray  # (n, _STEPS) status codes, -1 for unused steps
    valid: np.ndarray  # (n, _STEPS) step happened before the anchor's end


def _work_items(clock: _Clock, sp: _Sprints, story_rng, rng, n_items: int) -> _Work:
    epic_part = _epic_children(clock, story_rng)
    n_incidents = max(3, round(12 * n_items / DEFAULT_ITEMS))
    n_background = n_items - len(epic_part["team"]) - n_incidents
    background = _background(rng, n_background)
    incidents = _jira_incidents(rng, n_incidents)
    parts = (epic_part, background, incidents)
    a = {k: np.concatenate([p[k] for p in parts]) for k in epic_part}
    n = len(a["team"])
    team, itype, template = a["team"], a["itype"], a["template"]
    # Data team workflow: no QA status
    no_qa = ~np.array([t.has_qa for t in TEAMS])[team]
    template = np.where(no_qa & (template == _T["full"]), _T["no_qa"], template)
    template = np.where(no_qa & (template == _T["qa_fail"]), _T["rework"], template)
    template = np.where(no_qa & (template == _T["blocked"]), _T["blocked_no_qa"], template)

    # durations of every step, by class (work, bug, incident) and kind
    cls = np.where(itype == _INCIDENT, 2, np.where(itype == _BUG, 1, 0))
    kind = np.maximum(_T_RULE[template], 0)
    median = np.ones_like(kind, dtype=float)
    sigma = np.zeros_like(kind, dtype=float)
    for c, kinds in _DURATION.items():
        for k, (m, s) in kinds.items():
            hit = (cls[:, None] == c) & (kind == k)
            median[hit], sigma[hit] = m, s
    dur = np.where(kind > 0, np.maximum(median * np.exp(sigma * rng.standard_normal(kind.shape)), 0.01), 0.0)
    stuck = (a["mode"] == _FORWARD) & (itype != _INCIDENT) & (rng.random(n) < 0.02)  # ageing work
    dur[stuck[:, None] & (kind == _KINDS["ip"])] *= 6
    after_s = _T_AFTER_S[template]

    # creation and start, per generation mode
    wait = np.zeros(n)
    for t, (m, s) in _WAIT.items():
        hit = itype == t
        wait[hit] = _lognormal(rng, m, s, hit.sum()) if m else 0.0
    wont = template == _T["wont_do"]
    wait[wont] = _lognormal(rng, *_WONT_DO_WAIT, wont.sum())
    wait = np.where(a["planned"], np.inf, np.maximum(wait, 0.02))  # planned children: created at the breakdown
    created, start = a["created"].copy(), a["start"].copy()
    lower = a["lower"]
    fwd = a["mode"] == _FORWARD
    start[fwd] = created[fwd] + np.where(template[fwd] == _T["direct"], 0.0, wait[fwd])
    start[fwd & (template == _T["idle"])] = np.inf
    back = a["mode"] == _BACKWARD  # scripted done time `a["done"]`
    total = (dur * after_s).sum(axis=1)
    squeeze = back & (a["done"] - total < lower + 0.1)
    scale = np.where(squeeze, (a["done"] - lower - 0.1) / np.where(total > 0, total, 1), 1.0)
    dur[after_s & squeeze[:, None]] *= np.repeat(scale[:, None], _STEPS, axis=1)[after_s & squeeze[:, None]]
    total = (dur * after_s).sum(axis=1)
    start[back] = a["done"][back] - total[back]
    created[back] = np.maximum(start[back] - wait[back], lower[back])
    wip = a["mode"] == _WIP  # scripted start, must still be unfinished at the anchor
    created[wip] = np.maximum(start[wip] - wait[wip], lower[wip])
    late = wip & (start + total < _YEAR_BUSINESS_DAYS + 0.3)
    extra = _YEAR_BUSINESS_DAYS + rng.uniform(0.3, 8.0, n) - start - total
    at_last = rng.random(n) < 0.35  # some sit in review or QA rather than in progress
    col = np.where(at_last, _T_LAST[template], _T_FIRST_AFTER_S[template])
    dur[np.nonzero(late)[0], col[late]] += extra[late]

    # sprint of the start; nobody starts between a sprint's close and the next one's start
    board_start = sp.start[team]  # (n, sprints)
    in_sprints = a["in_sprints"] & np.isfinite(start) & ~wont
    j = np.floor((np.where(np.isfinite(start), start, -1e9) - board_start[:, 0]) / 10).astype(np.int64)
    in_sprints &= (j >= 0) & (j < _SPRINTS_PER_BOARD)
    jc = np.clip(j, 0, _SPRINTS_PER_BOARD - 1)
    close = sp.complete[team, jc]
    gap = in_sprints & (start >= close)
    movable = gap & (created < close - 0.06) & (template != _T["direct"]) & (template != _T["skipped"])
    new_start = close - rng.uniform(0.01, 0.05, n)
    first = _T_FIRST_AFTER_S[template]
    dur[np.nonzero(movable)[0], first[movable]] += (start - new_start)[movable]
    start = np.where(movable, new_start, start)
    in_sprints &= ~(gap & ~movable)
    sprint = np.where(in_sprints, jc, -1)
    s_start = board_start[np.arange(n), jc]

    # selection for development: committed before the sprint starts, or added during it
    u = rng.random((4, n))
    committed = in_sprints & (created < s_start - 0.02) & (u[0] < 0.8)
    planned = s_start - (0.02 + 3.98 * u[1])
    selected = np.where(planned > created, planned, created + (s_start - created) * (0.2 + 0.7 * u[2]))
    added_late = in_sprints & ~committed & (created < s_start)
    selected = np.where(added_late, s_start + (start - s_start) * (0.05 + 0.9 * u[1]), selected)
    created_in = in_sprints & ~committed & (created >= s_start)
    selected = np.where(created_in, np.where(u[3] < 0.35, created, created + (start - created) * (0.1 + 0.8 * u[2])),
                        selected)
    selected = np.where(template == _T["direct"], created, selected)
    outside = ~in_sprints & _T_HAS_E[template] & np.isfinite(start)
    selected = np.where(outside, created + (start - created) * (0.3 + 0.6 * u[2]), selected)
    selected = np.where(_T_HAS_E[template] | in_sprints, selected, np.nan)

    # step times and statuses
    times = np.full((n, _STEPS), np.nan)
    times[:, 0] = created
    rule = _T_RULE[template]
    for k in range(1, _STEPS):
        times[:, k] = np.where(rule[:, k] == _RULE_E, selected,
                               np.where(rule[:, k] == _RULE_S, start, times[:, k - 1] + dur[:, k]))
    status = _T_STATUS[template].copy()
    status[:, 0] = _T_INIT[template]
    straight_to_do = _T_HAS_E[template] & (selected == created)
    status[straight_to_do, 0] = _TD
    used = status >= 0
    used[straight_to_do, 1] = False
    times[~used] = np.nan
    valid = used & (times < _YEAR_BUSINESS_DAYS)

    # carry-over: not done when a sprint closes → moved into the next one
    done_step = np.isin(status, _DONE_CODES) & used
    first_done = np.where(done_step.any(axis=1), times[np.arange(n), done_step.argmax(axis=1)], np.inf)
    carried = np.zeros(n, dtype=np.int64)
    for b in range(len(TEAMS)):
        hit = (team == b) & (sprint >= 0)
        closes = sp.complete[b, :_ACTIVE]
        carried[hit] = np.clip(np.searchsorted(closes, first_done[hit]) - sprint[hit], 0, None)

    # items committed to a sprint and taken out again (never worked on)
    removed_at = np.full(n, np.nan)
    removable = (template == _T["idle"]) & a["in_sprints"] & (rng.random(n) < 0.25)
    jr = np.ceil((created + rng.uniform(1, 15, n) - board_start[:, 0]) / 10).astype(np.int64)
    removable &= (jr >= 0) & (jr < _SPRINTS_PER_BOARD)
    jr = np.clip(jr, 0, _SPRINTS_PER_BOARD - 1)
    r_start = board_start[np.arange(n), jr]
    r_selected = np.maximum(r_start - rng.uniform(0.02, 4, n), created + (r_start - created) * 0.5)
    sprint = np.where(removable, jr, sprint)
    selected = np.where(removable, r_selected, selected)
    removed_at[removable] = r_start[removable] + rng.uniform(0.5, 8.5, removable.sum())
    work = _Work(team, itype, template, a["epic"], np.full(n, -1), created, start, selected, sprint, carried,
                 removed_at, first_done, times, status, valid)
    return _with_subtasks(work, rng)


def _with_subtasks(w: _Work, rng: np.random.Generator) -> _Work:
    """Add sub-tasks to about half the stories outside the Data team: created when the story starts, each
    worked on and done before the story goes to review. Sub-tasks are issues, not work items."""
    n = len(w.team)
    review = _T_PR_OPEN[w.template]
    until = np.where(review > 0, w.times[np.arange(n), np.maximum(review, 0)], np.nan)
    split = (w.itype == _STORY) & (w.team != 3) & np.isfinite(until) & (rng.random(n) < 0.45)
    parent = np.repeat(np.nonzero(split)[0], rng.choice([2, 3, 4, 5], size=split.sum(), p=[0.3, 0.35, 0.2, 0.15]))
    begin, end = w.start[parent], until[parent]
    created = begin + (end - begin) * rng.uniform(0, 0.15, len(parent))
    keep = created < _YEAR_BUSINESS_DAYS
    parent, created, end = parent[keep], created[keep], end[keep]
    k = len(parent)
    u = np.sort(rng.uniform(0.05, 1.0, (k, 2)), axis=1)
    times = np.full((k, _STEPS), np.nan)
    times[:, 0] = created
    times[:, 1:3] = created[:, None] + (end - created)[:, None] * u
    times[:, 2] = np.maximum(times[:, 2], times[:, 1] + 0.005)
    template = np.full(k, _T["subtask"])
    status = _T_STATUS[template].copy()
    status[:, 0] = _TD
    valid = (status >= 0) & (times < _YEAR_BUSINESS_DAYS)
    done = times[:, 2]
    extra = {
        "team": w.team[parent], "itype": np.full(k, _SUBTASK), "template": template, "epic": np.full(k, -1),
        "parent": parent, "created": created, "start": times[:, 1], "selected": np.full(k, np.nan),
        "sprint": np.full(k, -1), "carried": np.zeros(k, dtype=np.int64), "removed_at": np.full(k, np.nan),
        "first_done": done, "times": times, "status": status, "valid": valid,
    }
    return _Work(**{name: np.concatenate([getattr(w, name), extra[name]]) for name in extra})


_FORWARD, _BACKWARD, _WIP, _TODO = range(4)


def _plan(n: int) -> dict[str, np.ndarray]:
    return {
        "team": np.zeros(n, dtype=np.int64), "itype": np.zeros(n, dtype=np.int64),
        "template": np.zeros(n, dtype=np.int64), "epic": np.full(n, -1, dtype=np.int64),
        "mode": np.full(n, _FORWARD), "created": np.zeros(n), "start": np.full(n, np.nan),
        "done": np.full(n, np.nan), "lower": np.zeros(n), "in_sprints": np.zeros(n, dtype=bool),
        "planned": np.zeros(n, dtype=bool),
    }


def _epic_children(clock: _Clock, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """The children of the roadmap epics, with scripted completions (see the module docstring)."""
    rows = []
    for e, epic in enumerate(EPICS):
        kickoff = clock.b(epic.kickoff, 9.0)
        stop = clock.b(epic.done_on, 9.0) - 3 if epic.done_on else _WINDOW_START_B
        done = list(np.sort(rng.uniform(kickoff + 8, stop, epic.done_before)))
        if epic.done_on:  # the epic is closed a few days after its last child
            done[-1] = stop
        for w, count in enumerate(epic.weekly_done):
            done += list(_WINDOW_START_B + 5 * w + rng.uniform(0.05, 4.9, count))
        rows += [(e, _BACKWARD, d, np.nan, kickoff) for d in done]
        rows += [(e, _WIP, np.nan, s, kickoff) for s in _YEAR_BUSINESS_DAYS - rng.uniform(0.5, 12, epic.in_progress)]
        rows += [(e, _TODO, np.nan, np.nan, kickoff) for _ in range(epic.to_do)]
    n = len(rows)
    p = _plan(n)
    p["epic"] = np.array([r[0] for r in rows])
    p["mode"] = np.array([r[1] for r in rows])
    p["done"] = np.array([r[2] for r in rows])
    p["start"] = np.array([r[3] for r in rows])
    # most children come from the breakdown at kickoff, before the first due date is set; the rest arrive later
    p["lower"] = np.array([r[4] for r in rows]) + rng.uniform(0.05, 1.5, n)
    p["planned"] = rng.random(n) < 0.7
    p["team"] = np.array([EPICS[e].team for e in p["epic"]])
    p["itype"] = rng.choice(3, size=n, p=[0.7, 0.2, 0.1])
    p["template"] = rng.choice([_T["full"], _T["no_qa"], _T["rework"], _T["qa_fail"]], size=n,
                               p=[0.5, 0.25, 0.2, 0.05])
    todo = p["mode"] == _TODO
    p["template"][todo] = np.where(rng.random(todo.sum()) < 0.6, _T["full"], _T["no_qa"])
    p["created"][todo] = np.where(p["planned"][todo], p["lower"][todo],
                                  rng.uniform(p["lower"][todo], _YEAR_BUSINESS_DAYS - 1))
    p["start"][todo] = _YEAR_BUSINESS_DAYS + rng.uniform(1, 25, todo.sum())
    p["in_sprints"] = rng.random(n) < 0.95
    return p


def _background(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Work items outside the roadmap epics; the arrival rate grows over the year (a scale-up hiring)."""
    p = _plan(n)
    shares = np.array([t.share for t in TEAMS])
    p["team"] = rng.choice(len(TEAMS), size=n, p=shares / shares.sum())
    mix = np.array([t.type_mix for t in TEAMS])
    u = rng.random(n)
    p["itype"] = (u[:, None] > np.cumsum(mix, axis=1)[p["team"]][:, :-1]).sum(axis=1)
    cum = np.cumsum(_TEMPLATE_MIX, axis=1)
    cum[:, -1] = 1.0
    p["template"] = (rng.random(n)[:, None] > cum[p["itype"]]).sum(axis=1)
    u = rng.random(n)
    p["created"] = 0.3 + (-0.7 + np.sqrt(0.49 + 1.2 * u)) * (_YEAR_BUSINESS_DAYS - 0.4) / 0.6
    in_sprint_rate = np.array([0.95, 0.85, 0.6])[p["itype"]]
    in_sprint_rate = np.where(p["template"] == _T["direct"], 0.5, in_sprint_rate)
    p["in_sprints"] = rng.random(n) < in_sprint_rate
    return p


def _jira_incidents(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    p = _plan(n)
    p["team"] = rng.choice(3, size=n, p=[0.5, 0.35, 0.15])
    p["itype"][:] = _INCIDENT
    p["template"][:] = _T["direct"]
    p["created"] = np.sort(rng.uniform(3, _YEAR_BUSINESS_DAYS - 3, n))
    return p


# ----------------------------------------------------------------------------------------------- Jira frames


def _jira_frames(clock: _Clock, sp: _Sprints, w: _Work, keys: np.ndarray, summaries: np.ndarray,
                 rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    n_epics = len(EPICS)
    projects = np.array([t.project for t in TEAMS], dtype=object)
    epic_ids = np.array(["jira:" + e.key for e in EPICS], dtype=object)
    parent_ids = np.where(w.epic >= 0, epic_ids[np.maximum(w.epic, 0)],
                          np.where(w.parent >= 0, "jira:" + keys[np.maximum(w.parent, 0)], None))
    epic_keys = np.array([e.key for e in EPICS], dtype=object)
    all_keys = np.concatenate([epic_keys, keys])
    ids = np.array(["jira:" + k for k in all_keys], dtype=object)
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.argsort(ids.astype(str), kind="stable")] = np.arange(len(ids))
    epic_created = np.array([0.2 + 0.01 * i for i in range(n_epics)])
    all_created = np.concatenate([epic_created, w.created])
    source_id = np.empty(len(ids), dtype=np.int64)
    source_id[np.argsort(all_created, kind="stable")] = 10000 + np.arange(len(ids))

    status_rows = _status_rows(clock, w, n_epics)
    field_rows = _field_rows(clock, sp, w, parent_ids, rng, n_epics)
    sc = _changes_frame(clock, "status_changes", status_rows, ids, rank)
    fc = _changes_frame(clock, "field_changes", field_rows, ids, rank)

    # current values at the anchor
    last_status = np.full(len(ids), -1)
    last_at = np.full(len(ids), -np.inf)
    item, at, code = status_rows["item"], status_rows["at"], status_rows["code"]
    order = np.lexsort((at, item))
    last_row = order[np.r_[item[order][1:] != item[order][:-1], True]]
    last_status[item[last_row]] = code[last_row]
    last_at[item[last_row]] = at[last_row]
    updated = np.full(len(ids), -np.inf)
    np.maximum.at(updated, item, at)
    np.maximum.at(updated, field_rows["item"], field_rows["at"])
    current = {}
    for name in ("story_points", "fix_version", "due_date"):
        rows = field_rows["field"] == _F[name]
        values = np.full(len(ids), None, dtype=object)
        fi, fa, fv = field_rows["item"][rows], field_rows["at"][rows], field_rows["to"][rows]
        o = np.lexsort((fa, fi))
        ends = o[np.r_[fi[o][1:] != fi[o][:-1], True]] if len(o) else o
        values[fi[ends]] = fv[ends]
        current[name] = values
    done_now = np.isin(last_status, _DONE_CODES)
    resolution = np.where(last_status == _WD, "Won't Do", np.where(done_now, "Done", None)).astype(object)
    skipped_bug = np.r_[np.zeros(n_epics, bool), (w.template == _T["skipped"]) & (w.itype == _BUG)]
    resolution[done_now & skipped_bug] = "Cannot Reproduce"

    types = np.concatenate([np.full(n_epics, "Epic", dtype=object), _TYPES[w.itype]])
    all_summaries = np.concatenate([np.array([e.summary for e in EPICS], dtype=object), summaries])
    labels = np.concatenate([np.full(n_epics, None, dtype=object), _labels(w, rng)])
    parent = np.concatenate([np.full(n_epics, None, dtype=object), parent_ids])
    team_of = np.concatenate([np.array([e.team for e in EPICS]), w.team])
    points = np.array([float(v) if v is not None else np.nan for v in current["story_points"]])
    fix = np.array([v if v else None for v in current["fix_version"]], dtype=object)
    issues = pd.DataFrame({
        "id": ids, "source": "jira", "source_id": source_id.astype(str), "key": all_keys,
        "project": projects[team_of], "issue_type": types, "is_subtask": types == "Sub-task", "summary": all_summaries,
        "status": _STATUS_NAME[last_status], "status_category": _STATUS_CATEGORY[last_status],
        "resolution": resolution, "labels": labels, "parent_id": parent, "story_points": points,
        "due_date": current["due_date"], "fix_versions": fix,
        "created_at": _ts(clock.ms(all_created)), "updated_at": _ts(clock.ms(np.maximum(updated, all_created))),
        "resolved_at": _ts(np.where(done_now, clock.ms(np.where(done_now, last_at, 0)), np.nan)),
        "url": [f"{JIRA_SITE}/browse/{k}" for k in all_keys],
    })
    issues = _sort(to_frame("issues", issues), "issues")
    incident_rows = issues.loc[issues["issue_type"] == "Incident"]
    incidents = pd.DataFrame({
        "id": incident_rows["id"].to_numpy(), "source": "jira", "repo": None, "project": incident_rows["project"],
        "title": incident_rows["summary"], "created_at": incident_rows["created_at"],
        "resolved_at": incident_rows["resolved_at"], "url": incident_rows["url"],
    })
    statuses = pd.DataFrame({
        "id": [f"jira:status:{s[0]}" for s in STATUSES], "source": "jira",
        "name": [s[1] for s in STATUSES], "category": [s[2] for s in STATUSES],
    })
    return {
        "issues": issues,
        "incidents": _sort(to_frame("incidents", incidents), "incidents"),
        "status_changes": sc,
        "field_changes": fc,
        "statuses": _sort(to_frame("statuses", statuses), "statuses"),
        "versions": _sort(to_frame("versions", _versions(clock)[0]), "versions"),
        "sprints": _sort(to_frame("sprints", sp.frame), "sprints"),
    }


def _status_rows(clock: _Clock, w: _Work, n_epics: int) -> dict[str, np.ndarray]:
    """Status history rows (item index, business time, status code, seq, from code), epics first."""
    item, col = np.nonzero(w.valid)
    at = w.times[item, col]
    code = w.status[item, col].astype(np.int64)
    seq = np.cumsum(w.valid, axis=1)[item, col] - 1
    e_item, e_at, e_code = [], [], []
    for i, epic in enumerate(EPICS):
        e_item += [i, i]
        e_at += [0.2 + 0.01 * i, clock.b(epic.kickoff, 9.5)]
        e_code += [_TD, _IP]
        if epic.done_on:
            e_item.append(i)
            e_at.append(clock.b(epic.done_on, 15.0))
            e_code.append(_DN)
    e_item, e_at, e_code = np.array(e_item), np.array(e_at), np.array(e_code)
    e_seq = np.concatenate([np.arange(c) for c in np.bincount(e_item)])
    item = np.concatenate([e_item, item + n_epics])
    at = np.concatenate([e_at, at])
    code = np.concatenate([e_code, code])
    seq = np.concatenate([e_seq, seq])
    prev = np.r_[-1, code[:-1]]
    prev[seq == 0] = -1
    return {"item": item, "at": at, "code": code, "seq": seq, "prev": prev}


def _field_rows(clock: _Clock, sp: _Sprints, w: _Work, parent_ids: np.ndarray, rng: np.random.Generator,
                n_epics: int) -> dict:
    """Tracked-field history rows: item index, business time, field code, from/to texts, creation flag."""
    n = len(w.team)
    parts: list[tuple] = []  # (item, at, field, from, to, creation)

    def add(idx, at, field, old, new, creation):
        parts.append((idx, at, np.full(len(idx), _F[field]), old, new, creation))

    # sprint: selection (a creation row when created in the sprint), carry-overs, removals
    has = np.nonzero(w.sprint >= 0)[0]
    b, j = w.team[has], w.sprint[has]
    add(has, w.selected[has], "sprint", np.full(len(has), None, dtype=object), sp.values[b, j, 0],
        w.selected[has] == w.created[has])
    reps = w.carried[has]
    ci = np.repeat(has, reps)
    k = _positions(reps) + 1
    cb, cj = w.team[ci], w.sprint[ci]
    add(ci, sp.complete[cb, cj + k - 1], "sprint", sp.values[cb, cj, k - 1], sp.values[cb, cj, k],
        np.zeros(len(ci), bool))
    # sub-tasks follow their story's sprint, as Jira copies it: its value when they are created, then its carry-overs
    si = np.nonzero(w.parent >= 0)[0]
    si = si[w.sprint[w.parent[si]] >= 0]
    story = w.parent[si]
    sb, sj, carried = w.team[si], w.sprint[story], w.carried[story]
    before = np.zeros(len(si), dtype=np.int64)  # carry-overs of the story before the sub-task exists
    for step in range(1, int(carried.max(initial=0)) + 1):
        close = sp.complete[sb, np.minimum(sj + step - 1, _SPRINTS_PER_BOARD - 1)]
        before += (step <= carried) & (close <= w.created[si])
    add(si, w.created[si], "sprint", np.full(len(si), None, dtype=object), sp.values[sb, sj, before],
        np.ones(len(si), bool))
    ci = np.repeat(np.arange(len(si)), carried - before)
    k = before[ci] + _positions(carried - before) + 1
    add(si[ci], sp.complete[sb[ci], sj[ci] + k - 1], "sprint", sp.values[sb[ci], sj[ci], k - 1],
        sp.values[sb[ci], sj[ci], k], np.zeros(len(ci), bool))
    ri = np.nonzero(np.isfinite(w.removed_at))[0]
    add(ri, w.removed_at[ri], "sprint", sp.values[w.team[ri], w.sprint[ri], 0], np.full(len(ri), "", dtype=object),
        np.zeros(len(ri), bool))

    # story points: estimated at creation or during refinement, some re-estimated once the sprint started
    year_part = np.clip(w.created / _YEAR_BUSINESS_DAYS, 0, 1)
    rate_from = np.array([t.estimated[0] for t in TEAMS])[w.team]
    rate_to = np.array([t.estimated[1] for t in TEAMS])[w.team]
    rate = (rate_from + (rate_to - rate_from) * year_part) * np.array([1.0, 0.97, 0.94, 0.0, 0.0])[w.itype]
    estimated = (rng.random(n) < rate) & (w.template != _T["direct"])
    smaller = w.itype == _BUG
    points = np.where(smaller, rng.choice(6, size=n, p=[0.3, 0.3, 0.25, 0.1, 0.05, 0.0]),
                      rng.choice(6, size=n, p=[0.12, 0.22, 0.28, 0.22, 0.12, 0.04]))
    at_creation = rng.random(n) < 0.45
    limit = np.where(np.isfinite(w.selected) & (w.selected > w.created), w.selected,
                     np.where(np.isfinite(w.start), w.start, w.created + rng.uniform(0.5, 15, n)))
    est_at = np.where(at_creation, w.created, w.created + (limit - w.created) * rng.uniform(0.1, 0.9, n))
    ei = np.nonzero(estimated)[0]
    add(ei, est_at[ei], "story_points", np.full(len(ei), None, dtype=object), _FIB_TEXT[points[ei]], at_creation[ei])
    # a guess at creation is often refined before the work is planned
    refined = estimated & at_creation & (limit - w.created > 0.05) & (rng.random(n) < 0.25)
    fi = np.nonzero(refined)[0]
    refined_points = np.clip(points[fi] + np.where(rng.random(len(fi)) < 0.6, 1, -1), 0, 5)
    refined_points = np.where(refined_points == points[fi], 1 - (points[fi] > 0), refined_points)
    refined_at = w.created[fi] + (limit[fi] - w.created[fi]) * rng.uniform(0.3, 0.9, len(fi))
    add(fi, refined_at, "story_points", _FIB_TEXT[points[fi]], _FIB_TEXT[refined_points], np.zeros(len(fi), bool))
    points[fi] = refined_points
    est_at[fi] = refined_at  # the latest estimate so far
    sprint_start = sp.start[w.team, np.maximum(w.sprint, 0)]
    sprint_close = sp.complete[w.team, np.maximum(w.sprint, 0)]
    from_t = np.maximum(w.selected, sprint_start)
    to_t = np.minimum(w.first_done, sprint_close)
    to_t = np.where(np.isfinite(to_t), to_t, _YEAR_BUSINESS_DAYS)
    re_est = estimated & (w.sprint >= 0) & np.isnan(w.removed_at) & (to_t - from_t > 0.1) & (rng.random(n) < 0.09)
    ri = np.nonzero(re_est)[0]
    new_points = np.clip(points[ri] + np.where(rng.random(len(ri)) < 0.7, 1, -1), 0, 5)
    new_points = np.where(new_points == points[ri], np.clip(points[ri] + 1, 0, 5), new_points)
    re_at = from_t[ri] + (to_t[ri] - from_t[ri]) * rng.uniform(0.2, 0.8, len(ri))
    keep = (new_points != points[ri]) & (re_at > est_at[ri])
    ri, new_points, re_at = ri[keep], new_points[keep], re_at[keep]
    add(ri, re_at, "story_points", _FIB_TEXT[points[ri]], _FIB_TEXT[new_points], np.zeros(len(ri), bool))

    # fix version: set when a done item is resolved, to the next release of its project
    names, releases = _versions(clock)[1:]
    last_col = np.where(w.valid.any(axis=1), _STEPS - 1 - w.valid[:, ::-1].argmax(axis=1), 0)
    final = w.status[np.arange(n), last_col]
    final_at = w.times[np.arange(n), last_col]
    with_versions = np.array([t.fix_versions for t in TEAMS])[w.team]
    gets = with_versions & (final == _DN) & (w.itype != _SUBTASK) & (rng.random(n) < 0.85)
    fix_at = final_at + rng.uniform(0.002, 0.02, n)
    gets &= fix_at < _YEAR_BUSINESS_DAYS
    fi = np.nonzero(gets)[0]
    version = np.empty(len(fi), dtype=object)
    for b in range(len(TEAMS)):
        hit = w.team[fi] == b
        if hit.any():
            version[hit] = names[b][np.searchsorted(releases[b], final_at[fi[hit]])]
    add(fi, fix_at[fi], "fix_version", np.full(len(fi), None, dtype=object), version, np.zeros(len(fi), bool))

    # parent: epic children and sub-tasks were created under their parent
    pi = np.nonzero((w.epic >= 0) | (w.parent >= 0))[0]
    add(pi, w.created[pi], "parent", np.full(len(pi), None, dtype=object), parent_ids[pi], np.ones(len(pi), bool))

    item = np.concatenate([p[0] for p in parts]) + n_epics
    at = np.concatenate([p[1] for p in parts])
    field = np.concatenate([p[2] for p in parts])
    old = np.concatenate([p[3] for p in parts])
    new = np.concatenate([p[4] for p in parts])
    creation = np.concatenate([p[5] for p in parts])
    keep = at < _YEAR_BUSINESS_DAYS
    item, at, field, old, new, creation = item[keep], at[keep], field[keep], old[keep], new[keep], creation[keep]

    # epics: due-date history (the first due date is the baseline)
    e_rows = []
    for i, epic in enumerate(EPICS):
        previous = None
        for set_on, due in epic.due_history:
            due_text = clock.day(due).isoformat()
            e_rows.append((i, clock.b(set_on, 11.0), previous, due_text))
            previous = due_text
    item = np.concatenate([np.array([r[0] for r in e_rows]), item])
    at = np.concatenate([np.array([r[1] for r in e_rows]), at])
    field = np.concatenate([np.full(len(e_rows), _F["due_date"]), field])
    old = np.concatenate([np.array([r[2] for r in e_rows], dtype=object), old])
    new = np.concatenate([np.array([r[3] for r in e_rows], dtype=object), new])
    creation = np.concatenate([np.zeros(len(e_rows), bool), creation])

    # seq within (item, field): 0 for the creation row, then 1, 2… in time order
    order = np.lexsort((~creation, at, field, item))
    item, at, field, old, new, creation = (x[order] for x in (item, at, field, old, new, creation))
    group_start = np.r_[True, (item[1:] != item[:-1]) | (field[1:] != field[:-1])]
    starts = np.nonzero(group_start)[0]
    pos = np.arange(len(item)) - np.repeat(starts, np.diff(np.r_[starts, len(item)]))
    seq = pos + np.where(np.repeat(creation[starts], np.diff(np.r_[starts, len(item)])), 0, 1)
    return {"item": item, "at": at, "field": field, "from": old, "to": new, "seq": seq}


def _positions(counts: np.ndarray) -> np.ndarray:
    """0, 1, …, c-1 for each count c, concatenated (the position of each repeated row within its group)."""
    counts = np.asarray(counts, dtype=np.int64)
    return np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)


def _changes_frame(clock: _Clock, table: str, rows: dict, ids: np.ndarray, rank: np.ndarray) -> pd.DataFrame:
    """A history table sorted by its key (item id, [field,] seq), built from row arrays."""
    item = rows["item"]
    if table == "status_changes":
        order = np.lexsort((rows["seq"], rank[item]))
        names = np.r_[_STATUS_NAME, None]
        cols = {"from_status": _take(names, np.where(rows["prev"] >= 0, rows["prev"], len(STATUSES))[order]),
                "to_status": _take(names, rows["code"][order])}
    else:
        order = np.lexsort((rows["seq"], rows["field"], rank[item]))
        cols = {"field": _take(np.array(_FIELDS, dtype=object), rows["field"][order]),
                "from_value": rows["from"][order], "to_value": rows["to"][order]}
    frame = pd.DataFrame({"item_id": _take(ids, item[order]), "source": _take(np.array(["jira"]), np.zeros_like(order)),
                          "at": _ts(clock.ms(rows["at"][order])), "seq": rows["seq"][order], **cols})
    return to_frame(table, frame)


def _take(values: np.ndarray, codes: np.ndarray) -> pd.Series:
    """`values[codes]` as a text column, without a Python string object per row (fast for a million rows)."""
    return pd.Series(pd.Index(values, dtype="str").take(codes))


def _versions(clock: _Clock) -> tuple[pd.DataFrame, list[np.ndarray], list[np.ndarray]]:
    """Fix versions: a release train every two weeks (Thursdays) per project that uses them; the next one is
    unreleased. Returns the versions frame, and per team the version names and release times (business time)."""
    rows, names, releases = [], [], []
    vid = 10200
    for team in TEAMS:
        if not team.fix_versions:
            names.append(np.array([], dtype=object))
            releases.append(np.array([]))
            continue
        at = np.arange(team.sprint_phase + 1.5, _YEAR_BUSINESS_DAYS + 10, 10.0)  # Thursday 12:00 after sprint start
        team_names = []
        for m, t in enumerate(at):
            day = clock.origin + timedelta(days=int(t) // 5 * 7 + int(t) % 5)
            name = f"Mobile 3.{20 + m}.0" if team.project == "MOB" else f"{team.project} {day:%Y.%m.%d}"
            team_names.append(name)
            rows.append({"id": f"jira:version:{vid}", "source": "jira", "project": team.project, "name": name,
                         "release_date": day.isoformat(), "released": bool(t < _YEAR_BUSINESS_DAYS)})
            vid += 1
        names.append(np.array(team_names, dtype=object))
        releases.append(at)
    return pd.DataFrame(rows), names, releases


# ----------------------------------------------------------------------------------------------- texts


def _keys(w: _Work) -> np.ndarray:
    """Jira keys in work-item order: the epics take each project's first numbers, then items by creation."""
    keys = np.empty(len(w.team), dtype=object)
    for b, team in enumerate(TEAMS):
        idx = np.nonzero(w.team == b)[0]
        idx = idx[np.argsort(w.created[idx], kind="stable")]
        first = team.first_key + sum(1 for e in EPICS if e.team == b)
        keys[idx] = [f"{team.project}-{first + i}" for i in range(len(idx))]
    return keys


def _summaries(w: _Work, rng: np.random.Generator) -> np.ndarray:
    n = len(w.team)
    verb = rng.integers(0, 10, n)
    obj = rng.integers(0, 20, n)
    qual = np.where(w.itype == _STORY, rng.integers(0, len(_QUALIFIERS), n), 0)  # "Fix … for B2B accounts" reads oddly
    kind = np.minimum(w.itype, _BUG)
    out = np.array([f"{_VERBS[k][v]} {_OBJECTS[t][o]}{_QUALIFIERS[q]}"
                    for k, v, t, o, q in zip(kind, verb, w.team, obj, qual)], dtype=object)
    suffixes = ("", "", "", " (follow-up)", " — rollout", " — tests", " — edge cases")
    for i in np.nonzero(w.epic >= 0)[0]:
        titles = EPICS[w.epic[i]].children
        out[i] = titles[int(rng.integers(len(titles)))] + suffixes[int(rng.integers(len(suffixes)))]
    for i in np.nonzero(w.itype == _INCIDENT)[0]:
        titles = _JIRA_INCIDENTS[w.team[i]]
        out[i] = titles[int(rng.integers(len(titles)))]
    subtasks = np.nonzero(w.itype == _SUBTASK)[0]
    out[subtasks] = np.array(_SUBTASK_TITLES, dtype=object)[rng.integers(0, len(_SUBTASK_TITLES), len(subtasks))]
    # one story whose title holds markup, so every page is seen to escape what it shows
    candidates = np.nonzero((w.team == 0) & (w.itype == _STORY) & (w.epic < 0) & (w.template == _T["full"]))[0]
    out[candidates[np.argmin(w.created[candidates])]] = _SCRIPT_SUMMARY
    return out


def _labels(w: _Work, rng: np.random.Generator) -> np.ndarray:
    """Space-separated, sorted labels (None when none): tech debt, customer-reported and platform bugs, security."""
    n = len(w.team)
    u = rng.random((4, n))
    flags = {
        "tech-debt": (u[0] < np.array([0.05, 0.30, 0.0, 0.0, 0.0])[w.itype])
        | ((w.team == 1) & (u[0] < 0.12) & (w.itype < _BUG)),
        "customer-reported": (w.itype == _BUG) & (u[1] < 0.4),
        "security": (u[2] < 0.02) & (w.itype != _SUBTASK),
        "incident": w.itype == _INCIDENT,
        "ios": (w.team == 2) & (w.itype == _BUG) & (u[3] < 0.5),
        "android": (w.team == 2) & (w.itype == _BUG) & (u[3] >= 0.5),
    }
    names = list(flags)
    code = sum(flag.astype(np.int64) << bit for bit, flag in enumerate(flags.values()))
    table = np.array([" ".join(sorted(names[b] for b in range(len(names)) if c >> b & 1)) or None
                      for c in range(1 << len(names))], dtype=object)
    return table[code]


# ----------------------------------------------------------------------------------------------- GitHub frames


def _github_frames(clock: _Clock, w: _Work, keys: np.ndarray, summaries: np.ndarray, rng: np.random.Generator,
                   n_items: int, seed: int) -> dict[str, pd.DataFrame]:
    prs = _pull_requests(w, keys, summaries, rng, n_items)
    deployments = _deployments(clock, prs, rng, max(1, round(n_items / DEFAULT_ITEMS)))
    incidents = _github_incidents(clock, deployments, rng, n_items)
    # pull requests and issues share each repository's numbers (gaps: other issues)
    prs["number"] = 0
    incidents["number"] = 0
    pr_ms = clock.ms(prs["created_b"].to_numpy())
    for r in range(len(REPOS)):
        p_idx = np.nonzero(prs["repo_index"].to_numpy() == r)[0]
        i_idx = np.nonzero(incidents["repo_index"].to_numpy() == r)[0]
        at = np.concatenate([pr_ms[p_idx], incidents["created_ms"].to_numpy()[i_idx]])
        order = np.argsort(at, kind="stable")
        numbers = np.empty(len(at), dtype=np.int64)
        numbers[order] = _REPO_FIRST_NUMBER[r] + np.cumsum(1 + (rng.random(len(at)) < 0.15)) - 1
        prs.loc[p_idx, "number"] = numbers[: len(p_idx)]
        incidents.loc[i_idx, "number"] = numbers[len(p_idx):]
    repo_names = np.array(REPOS, dtype=object)
    pr_repo = repo_names[prs["repo_index"].to_numpy()]
    number = prs["number"].to_numpy()
    merged = prs["merged_b"].to_numpy()
    merge_sha = np.array([hashlib.sha1(f"{seed}:{r}#{k}".encode()).hexdigest() if np.isfinite(m) else None
                          for r, k, m in zip(pr_repo, number, merged)], dtype=object)
    pull_requests = pd.DataFrame({
        "id": [f"github:{r}#{k}" for r, k in zip(pr_repo, number)], "source": "github", "repo": pr_repo,
        "number": number, "title": prs["title"], "state": prs["state"], "draft": prs["draft"],
        "base_branch": "main", "head_branch": prs["head"],
        "created_at": _ts(pr_ms), "updated_at": _ts(clock.ms(prs["updated_b"].to_numpy())),
        "merged_at": _ts(np.where(np.isfinite(merged), clock.ms(np.nan_to_num(merged)), np.nan)),
        "closed_at": _ts(np.where(np.isfinite(prs["closed_b"]), clock.ms(np.nan_to_num(prs["closed_b"])), np.nan)),
        "merge_sha": merge_sha,
        "first_commit_at": _ts(clock.ms(prs["first_b"].to_numpy())),
        "additions": prs["additions"], "deletions": prs["deletions"], "jira_keys": prs["jira_keys"],
        "url": [f"{GITHUB_SITE}/{r}/pull/{k}" for r, k in zip(pr_repo, number)],
    })
    # deployments reference pull requests by position: resolve their shas
    dep = deployments
    dep_repo = repo_names[dep["repo_index"]]
    dep_ids = np.array([f"github:{r}:deploy:{i}" for r, i in zip(dep_repo, dep["number"])], dtype=object)
    deployments_frame = pd.DataFrame({
        "id": dep_ids, "source": "github", "repo": dep_repo, "environment": dep["environment"],
        "sha": merge_sha[dep["pr"]], "ref": "main", "created_at": _ts(dep["created_ms"]),
        "url": [f"{GITHUB_SITE}/{r}/deployments/{e}" for r, e in zip(dep_repo, dep["environment"])],
    })
    n_dep = len(dep_ids)
    states = np.stack([np.full(n_dep, "queued", dtype=object), np.full(n_dep, "in_progress", dtype=object),
                       dep["final_state"]], axis=1)
    status_ms = np.stack([dep["created_ms"], dep["running_ms"], dep["final_ms"]], axis=1)
    deployment_statuses = pd.DataFrame({
        "deployment_id": np.repeat(dep_ids, 3), "source": "github", "seq": np.tile(np.arange(3), n_dep),
        "state": states.ravel(), "at": _ts(status_ms.ravel()),
    })
    inc_repo = repo_names[incidents["repo_index"].to_numpy()]
    inc_number = incidents["number"].to_numpy()
    incidents_frame = pd.DataFrame({
        "id": [f"github:{r}#{k}" for r, k in zip(inc_repo, inc_number)], "source": "github", "repo": inc_repo,
        "project": None, "title": incidents["title"], "created_at": _ts(incidents["created_ms"]),
        "resolved_at": _ts(incidents["resolved_ms"]),
        "url": [f"{GITHUB_SITE}/{r}/issues/{k}" for r, k in zip(inc_repo, inc_number)],
    })
    repositories = pd.DataFrame({"id": [f"github:{r}" for r in REPOS], "source": "github", "full_name": list(REPOS),
                                 "default_branch": "main", "url": [f"{GITHUB_SITE}/{r}" for r in REPOS]})
    frames = {
        "repositories": repositories, "pull_requests": pull_requests, "deployments": deployments_frame,
        "deployment_statuses": deployment_statuses, "releases": _releases(clock, rng), "incidents": incidents_frame,
    }
    return {name: _sort(to_frame(name, frame), name) for name, frame in frames.items()}


def _pull_requests(w: _Work, keys: np.ndarray, summaries: np.ndarray, rng: np.random.Generator,
                   n_items: int) -> pd.DataFrame:
    """Pull requests in business time: most implement a work item (opened when it goes to review, merged when
    the review ends), the rest are dependency bumps and chores. Columns: repo_index, created_b, first_b,
    merged_b, closed_b, updated_b, state, draft, title, head, jira_keys, additions, deletions."""
    n = len(w.team)
    rows = np.arange(n)
    open_col, merge_col = _T_PR_OPEN[w.template], _T_PR_MERGE[w.template]
    opened = np.where(open_col >= 0, w.times[rows, np.maximum(open_col, 0)], np.nan)
    eligible = np.nonzero((open_col >= 0) & (opened < _YEAR_BUSINESS_DAYS))[0]
    n_prs = round(PULL_REQUESTS_PER_ITEM * n_items)
    n_linked = min(round(0.88 * n_prs), len(eligible))
    n_chores = n_prs - n_linked
    item = np.sort(rng.choice(eligible, size=n_linked, replace=False))
    team = w.team[item]
    first_repo = np.array([REPOS.index(t.repos[0]) for t in TEAMS])
    repo = first_repo[team] + ((team == 0) & (rng.random(n_linked) < 0.45))
    created = opened[item] - rng.uniform(0.002, 0.03, n_linked)
    started = np.where(np.isfinite(w.start[item]), w.start[item], w.created[item])
    first = np.minimum(started + (created - started) * rng.uniform(0.05, 0.7, n_linked), created - 0.002)
    merge_at = w.times[item, np.maximum(merge_col[item], 0)] - rng.uniform(0.001, 0.008, n_linked)
    merged = np.where(merge_at < _YEAR_BUSINESS_DAYS, merge_at, np.nan)
    abandoned = rng.random(n_linked) < 0.04
    closed = np.where(abandoned, created + rng.uniform(0.1, 3, n_linked), merged)
    closed = np.where(closed < _YEAR_BUSINESS_DAYS, closed, np.nan)
    merged = np.where(abandoned, np.nan, merged)
    key, summary = keys[item], summaries[item]
    style = rng.random(n_linked)
    title = np.array([f"{k}: {s}" if u < 0.6 else f"{s} ({k})" if u < 0.85 else f"[{k}] {s}"
                      for k, s, u in zip(key, summary, style)], dtype=object)
    prefix = np.where(w.itype[item] >= _BUG, "fix", "feature")
    head = np.array([f"{p}/{k.lower()}-{_slug(s)}" for p, k, s in zip(prefix, key, summary)], dtype=object)
    markup = np.nonzero(repo == 1)[0]
    if len(markup):
        title[markup[0]] = f"{key[markup[0]]}: {_MARKUP_PR_TITLE}"

    c_repo = rng.integers(0, len(REPOS), n_chores)
    c_created = rng.uniform(3, _YEAR_BUSINESS_DAYS - 0.5, n_chores)
    c_first = c_created - rng.uniform(0.002, 0.05, n_chores)
    c_merged = c_created + _lognormal(rng, 0.3, 1.0, n_chores)
    c_merged = np.where((c_merged < _YEAR_BUSINESS_DAYS) & (rng.random(n_chores) > 0.05), c_merged, np.nan)
    c_closed = c_merged
    bump = rng.random(n_chores) < 0.7
    c_title, c_head = [], []
    for r, is_bump in zip(c_repo, bump):
        if is_bump:
            ecosystem, libraries = _BUMPS[r]
            lib = libraries[int(rng.integers(len(libraries)))]
            major, minor, patch = (int(x) for x in rng.integers((1, 0, 0), (9, 30, 12)))
            new = f"{major}.{minor}.{patch + int(rng.integers(1, 4))}"
            c_title.append(f"Bump {lib} from {major}.{minor}.{patch} to {new}")
            c_head.append(f"dependabot/{ecosystem}/{lib}-{new}")
        else:
            chore = _CHORES[int(rng.integers(len(_CHORES)))]
            c_title.append(chore)
            c_head.append(f"chore/{_slug(chore.split(': ', 1)[1])}")

    all_merged = np.concatenate([merged, c_merged])
    all_closed = np.concatenate([closed, c_closed])
    all_created = np.concatenate([created, c_created])
    is_open = np.isnan(all_closed)
    updated = np.where(is_open, np.minimum(all_created + rng.uniform(0, 5, len(all_created)),
                                           _YEAR_BUSINESS_DAYS - 0.001), all_closed)
    size = np.concatenate([_lognormal(rng, 90, 1.1, n_linked), _lognormal(rng, 6, 0.8, n_chores)])
    return pd.DataFrame({
        "repo_index": np.concatenate([repo, c_repo]),
        "created_b": all_created, "first_b": np.concatenate([first, c_first]), "merged_b": all_merged,
        "closed_b": all_closed, "updated_b": updated,
        "state": np.where(is_open, "open", "closed"),
        "draft": is_open & (rng.random(len(all_created)) < 0.3),
        "title": np.concatenate([title, np.array(c_title, dtype=object)]),
        "head": np.concatenate([head, np.array(c_head, dtype=object)]),
        "jira_keys": np.concatenate([key, np.full(n_chores, None, dtype=object)]),
        "additions": np.maximum(1, np.rint(size)).astype(np.int64),
        "deletions": np.rint(size * rng.uniform(0.1, 0.6, len(size))).astype(np.int64),
    })


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())[:4])


def _deployments(clock: _Clock, prs: pd.DataFrame, rng: np.random.Generator, scale: int) -> dict[str, np.ndarray]:
    """Staging deployments of every merged pull request, production trains of the latest merged commit, some
    failing and redeployed. Arrays per deployment: repo_index, pr (row in `prs`), environment, created_ms,
    running_ms, final_ms, final_state, production, number (sequential in creation order)."""
    parts: list[dict[str, np.ndarray]] = []

    def deploy(r: int, rows: np.ndarray, environment: str, created_ms: np.ndarray, failed: np.ndarray) -> np.ndarray:
        running = created_ms + rng.integers(15_000, 90_000, len(rows))
        final = running + rng.integers(120_000, 720_000, len(rows))
        parts.append({"repo_index": np.full(len(rows), r), "pr": rows,
                      "environment": np.full(len(rows), environment, dtype=object), "created_ms": created_ms,
                      "running_ms": running, "final_ms": final,
                      "final_state": np.where(failed, "failure", "success").astype(object),
                      "production": np.full(len(rows), environment == "production")})
        return final

    merged_all = prs["merged_b"].to_numpy()
    days = np.arange(int(_YEAR_BUSINESS_DAYS))
    for r, slots in enumerate(_PRODUCTION_SLOTS):
        idx = np.nonzero((prs["repo_index"].to_numpy() == r) & np.isfinite(merged_all))[0]
        idx = idx[np.argsort(merged_all[idx], kind="stable")]
        merged = merged_all[idx]
        deploy(r, idx, "staging", clock.ms(merged) + rng.integers(120_000, 600_000, len(idx)),
               rng.random(len(idx)) < 0.03)
        # production trains ship the latest commit merged at least 30 minutes before; none when nothing is new
        trains = np.concatenate([days[days % 5 == wd] + (hour - 7) / 10 for wd, hour in slots])
        # a bigger company ships more often: extra trains at any working hour, in proportion to its size
        trains = np.sort(np.r_[trains, rng.uniform(0, _YEAR_BUSINESS_DAYS, (scale - 1) * len(trains))])
        trains = trains[rng.random(len(trains)) > 0.12]
        latest = np.searchsorted(merged, trains - 0.05, side="right") - 1
        new = (latest >= 0) & np.r_[True, latest[1:] != latest[:-1]]
        rows = idx[latest[new]]
        failed = rng.random(len(rows)) < 0.07
        final = deploy(r, rows, "production", clock.ms(trains[new]) + rng.integers(0, 300_000, len(rows)), failed)
        # a failed deployment is retried with the same commit 15–90 minutes later, successfully
        deploy(r, rows[failed], "production", final[failed] + rng.integers(900_000, 5_400_000, failed.sum()),
               np.zeros(failed.sum(), bool))
    out = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    keep = out["final_ms"] < clock.end_ms
    order = np.argsort(out["created_ms"][keep], kind="stable")
    out = {k: v[keep][order] for k, v in out.items()}
    out["number"] = 5_000_001 + np.arange(len(order))
    return out


def _github_incidents(clock: _Clock, dep: dict[str, np.ndarray], rng: np.random.Generator,
                      n_items: int) -> pd.DataFrame:
    """Incident issues opened hours after a production deployment, resolved hours to days later; the last one,
    on the platform, is still open. Columns: repo_index, title, created_ms, resolved_ms."""
    wanted = max(4, round(36 * n_items / DEFAULT_ITEMS))
    candidates = np.nonzero(dep["production"] & (dep["final_state"] == "success")
                            & (dep["final_ms"] < clock.end_ms - 3 * _DAY_MS))[0]
    # spread over the year (a few every month): one deployment drawn from each of `wanted` equal slices
    slices = np.array_split(candidates[np.argsort(dep["final_ms"][candidates], kind="stable")], wanted)
    chosen = np.sort([rng.choice(part) for part in slices if len(part)])
    created = dep["final_ms"][chosen] + np.clip(_lognormal(rng, 3 * _HOUR_MS, 0.9, len(chosen)),
                                                600_000, 48 * _HOUR_MS).astype(np.int64)
    resolved = created + np.clip(_lognormal(rng, 4 * _HOUR_MS, 1.1, len(chosen)), 1_200_000,
                                 96 * _HOUR_MS).astype(np.int64)
    keep = resolved < clock.end_ms
    repo = dep["repo_index"][chosen][keep]
    titles = np.array([_GITHUB_INCIDENTS[r][int(rng.integers(4))] for r in repo] + [_OPEN_INCIDENT], dtype=object)
    return pd.DataFrame({
        "repo_index": np.r_[repo, REPOS.index("nordwind/platform")],
        "title": titles,
        "created_ms": np.r_[created[keep], clock.end_ms - 38 * _HOUR_MS],  # Saturday 10:00 UTC
        "resolved_ms": np.r_[resolved[keep].astype(float), np.nan],
    })


def _releases(clock: _Clock, rng: np.random.Generator) -> pd.DataFrame:
    """Releases of the repository that does not deploy: every two weeks (Thursdays 11:00), some patch releases,
    one prerelease and one draft."""
    rows = []
    for m, b in enumerate(np.arange(3.4, _YEAR_BUSINESS_DAYS, 10.0)):
        rows.append((f"v1.{14 + m}.0", b, False, False))
        if rng.random() < 0.2:
            rows.append((f"v1.{14 + m}.1", b + 2, False, False))  # Monday hotfix
    rows.append(("v2.0.0-rc.1", 248.6, False, True))
    rows.append((f"v1.{14 + m + 1}.0", 259.2, True, False))
    rows = [r for r in rows if r[1] < _YEAR_BUSINESS_DAYS]
    rows.sort(key=lambda r: r[1])
    published = clock.ms(np.array([r[1] for r in rows]))
    created = published - rng.integers(300_000, 3_600_000, len(rows))
    return pd.DataFrame({
        "id": [f"github:{RELEASING_REPO}:release:{81_000_001 + i}" for i in range(len(rows))], "source": "github",
        "repo": RELEASING_REPO, "tag": [r[0] for r in rows], "name": [f"Data pipeline {r[0]}" for r in rows],
        "draft": [r[2] for r in rows], "prerelease": [r[3] for r in rows], "created_at": _ts(created),
        "published_at": _ts(np.where([r[2] for r in rows], np.nan, published)),
        "url": [f"{GITHUB_SITE}/{RELEASING_REPO}/releases/tag/{r[0]}" for r in rows],
    })


def _sort(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Rows in primary-key order, as the store returns them."""
    return frame.sort_values(list(TABLES[table].key), kind="stable").reset_index(drop=True)
