"""The workspace loader: the issue's shape loads; every bad key gets one clear message; docs stay in sync."""

from __future__ import annotations

from pathlib import Path

import pytest

from pilotage.core.errors import WorkspaceError
from pilotage.core.workspace import load_workspace, parse_workspace, secret, settings_markdown

ROOT = Path(__file__).resolve().parent.parent

EXAMPLE = """
[workspace]
name = "Nordwind"
currency = "EUR"
language = "fr"
store = "sqlite:///data/pilotage.db"

[jira]
url = "https://nordwind.atlassian.net"
user_env = "JIRA_USER"
token_env = "JIRA_TOKEN"
projects = ["PAY", "PLAT"]

[github]
url = "https://api.github.com"
token_env = "GITHUB_TOKEN"
repos = ["nordwind/payments-api", "nordwind/platform"]
production = "^prod"

[[teams]]
name = "Payments"
jira_projects = ["PAY"]
board = 1
repos = ["nordwind/payments-api"]
weekly_cost = 30000
sprint_weeks = 2

[[teams]]
name = "Platform"
jira_projects = ["PLAT"]

[[roadmap]]
key = "PAY-100"
name = "New checkout"
cost_of_delay_per_week = 20000
depends_on = [{ key = "PLAT-200", lag_weeks = 2 }]
"""


def _write(tmp_path, text: str) -> Path:
    p = tmp_path / "ws.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_issue_example_loads(tmp_path):
    ws = load_workspace(_write(tmp_path, EXAMPLE))
    assert ws.name == "Nordwind" and ws.language == "fr" and ws.currency == "EUR"
    assert ws.store == f"sqlite:///{tmp_path / 'data' / 'pilotage.db'}"  # relative to the file
    assert ws.jira.projects == ("PAY", "PLAT") and ws.jira.user_env == "JIRA_USER"
    assert ws.github.production == "^prod"
    assert ws.teams[0].weekly_cost == 30000 and ws.teams[0].board == 1
    assert ws.teams[1].sprint_weeks == 2 and ws.teams[1].weekly_cost == 0  # defaults
    assert ws.roadmap[0].depends_on[0].key == "PLAT-200" and ws.roadmap[0].depends_on[0].lag_weeks == 2
    assert ws.metrics.window_weeks == 12 and ws.metrics.forecast_trials == 10000
    assert ws.team_of_project() == {"PAY": "Payments", "PLAT": "Platform"}


def test_example_file_in_repo_loads():
    ws = load_workspace(ROOT / "workspace.example.toml")
    assert ws.teams and ws.jira and ws.github


def test_demo_workspace_loads(monkeypatch):
    monkeypatch.delenv("PILOTAGE_DEMO_STORE", raising=False)
    ws = load_workspace()
    assert ws.demo and ws.teams and ws.store.endswith("data/demo.db")
    monkeypatch.setenv("PILOTAGE_DEMO_STORE", "sqlite:////tmp/elsewhere.db")
    assert load_workspace().store == "sqlite:////tmp/elsewhere.db"


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        ('[[teams]]\nname = "Payments"\nweekly_cost = "30k"\n', 'teams[0].weekly_cost: expected a number, got "30k"'),
        ('[workspace]\nlanguage = "de"\n', 'workspace.language: expected one of en, fr, got "de"'),
        ('[workspace]\nnmae = "x"\n', "workspace.nmae: unknown key (did you mean workspace.name?)"),
        ('[jira]\nurl = "https://x.atlassian.net"\n', "jira.projects: required, missing"),
        ('[github]\nrepos = ["not a repo"]\n', 'github.repos: expected owner/name, got "not a repo"'),
        ('[github]\nrepos = ["a/b"]\nproduction = "(["\n', "github.production: not a valid regular expression"),
        ('[[teams]]\nboard = "one"\n', "teams[0].name: required, missing"),
        ('[[teams]]\nname = "A"\nboard = "one"\n', 'teams[0].board: expected a whole number, got "one"'),
        ('[[roadmap]]\nkey = "A-1"\ndepends_on = [{ key = "B-1" }]\n[[roadmap]]\nkey = "B-1"\n'
         'depends_on = [{ key = "A-1" }]\n', "roadmap: dependency cycle A-1 → B-1 → A-1"),
        ('[[roadmap]]\nkey = "A-1"\nbaseline = "next week"\n', 'roadmap[0].baseline: expected a date (YYYY-MM-DD)'),
        ('[workspace]\nstore = "postgresql://u:secret@h/db"\n', "workspace.store: contains a password"),
        ('[metrics]\ngreen_threshold = 0.4\n', "metrics: expected 0 ≤ amber_threshold ≤ green_threshold ≤ 1"),
        ('[metrics]\nstatus_stages = { "Code Review" = "review" }\n', "metrics.status_stages: Code Review: expected one of"),
        ("teams = 3\n", "teams: expected an array of tables [[teams]], got 3"),
        ('[projects]\nx = 1\n', "projects: unknown key"),
    ],
)
def test_bad_keys_are_named(tmp_path, fragment, message):
    with pytest.raises(WorkspaceError) as err:
        load_workspace(_write(tmp_path, fragment))
    assert any(message in p for p in err.value.problems), err.value.problems


def test_every_problem_reported_at_once(tmp_path):
    text = '[workspace]\ncurrency = 12\n[[teams]]\nname = "A"\nweekly_cost = "30k"\nsprint_weeks = 0\n'
    with pytest.raises(WorkspaceError) as err:
        load_workspace(_write(tmp_path, text))
    assert len(err.value.problems) == 3


def test_unreadable_files(tmp_path):
    with pytest.raises(WorkspaceError, match="file not found"):
        load_workspace(tmp_path / "missing.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('[workspace]\nname = "Société"\n'.encode("latin-1"))
    with pytest.raises(WorkspaceError, match="not UTF-8"):
        load_workspace(bad)
    with pytest.raises(WorkspaceError, match="not valid TOML"):
        load_workspace(_write(tmp_path, "[workspace\n"))


def test_secrets_from_environment_then_secrets_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PILOTAGE_TEST_TOKEN", raising=False)
    assert secret("PILOTAGE_TEST_TOKEN") is None
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('PILOTAGE_TEST_TOKEN = "from-file"\n')
    assert secret("PILOTAGE_TEST_TOKEN") == "from-file"
    monkeypatch.setenv("PILOTAGE_TEST_TOKEN", "from-env")
    assert secret("PILOTAGE_TEST_TOKEN") == "from-env"


def test_workspace_docs_are_generated_from_settings():
    assert (ROOT / "docs" / "workspace.md").read_text(encoding="utf-8") == settings_markdown() + "\n", (
        "docs/workspace.md is stale: run `python -m pilotage docs`"
    )


def test_parse_minimal():
    ws = parse_workspace({})
    assert ws.name == "Workspace" and ws.jira is None and ws.teams == ()
