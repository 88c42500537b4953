"""`pilotage check`: try each configured connection and say plainly what works and what to fix.

Each check returns `Check(name, ok, message)`; nothing here raises for a failed connection. Requests use short
timeouts and no retries: a wrong URL answers in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from pilotage.core.errors import PilotageError
from pilotage.core.store import open_store, redact
from pilotage.core.workspace import Workspace, secret


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    message: str


def run_checks(ws: Workspace) -> list[Check]:
    checks = [check_store(ws)]
    if ws.jira:
        checks += check_jira(ws)
    if ws.github:
        checks += check_github(ws)
    if not ws.jira and not ws.github and not ws.demo:
        checks.append(Check("sources", False, "no [jira] or [github] section: nothing to sync"))
    return checks


def check_store(ws: Workspace) -> Check:
    try:
        store = open_store(ws)
        version = store.migrate()
        data_version = store.data_version()
        store.close()
        return Check("store", True, f"{redact(ws.store)} (schema {version}, data version {data_version})")
    except PilotageError as e:
        return Check("store", False, str(e))


def _missing(*names: str) -> str | None:
    missing = [n for n in names if n and not secret(n)]
    return ", ".join(missing) if missing else None


def check_jira(ws: Workspace) -> list[Check]:
    from jira import JIRA
    from jira.exceptions import JIRAError

    cfg = ws.jira
    missing = _missing(cfg.user_env, cfg.token_env)
    if missing:
        return [Check("jira", False, f"{cfg.url}: set the environment variable(s) {missing}")]
    auth = (
        {"basic_auth": (secret(cfg.user_env), secret(cfg.token_env))}
        if cfg.user_env
        else {"token_auth": secret(cfg.token_env)}
    )
    try:
        client = JIRA(server=cfg.url, max_retries=0, timeout=10, get_server_info=True, **auth)
        info = client.server_info()
        out = [Check("jira", True, f"{cfg.url}: {info.get('deploymentType', 'Server')} {info.get('version', '')}")]
        for key in cfg.projects:
            try:
                client.project(key)
                out.append(Check(f"jira project {key}", True, "visible"))
            except JIRAError as e:
                out.append(Check(f"jira project {key}", False, f"not visible with this token (HTTP {e.status_code})"))
        for team in ws.teams:
            if team.board is None:
                continue
            try:
                client.board(team.board) if hasattr(client, "board") else client.sprints(team.board, maxResults=1)
                out.append(Check(f"jira board {team.board} ({team.name})", True, "visible"))
            except JIRAError as e:
                out.append(Check(f"jira board {team.board} ({team.name})", False, f"HTTP {e.status_code}: is the board id right?"))
        return out
    except JIRAError as e:
        if e.status_code in (401, 403):
            env = " and ".join(n for n in (cfg.user_env, cfg.token_env) if n)
            return [Check("jira", False, f"{cfg.url} refused the credentials (HTTP {e.status_code}): check {env}")]
        return [Check("jira", False, f"{cfg.url}: HTTP {e.status_code} {e.text or ''}".strip())]
    except Exception as e:  # connection refused, DNS, TLS: report, don't crash
        return [Check("jira", False, f"{cfg.url}: cannot connect ({type(e).__name__}: {str(e)[:200]})")]


def check_github(ws: Workspace) -> list[Check]:
    from github import Auth, Github, GithubException

    cfg = ws.github
    missing = _missing(cfg.token_env)
    if missing:
        return [Check("github", False, f"{cfg.url}: set the environment variable {missing}")]
    gh = Github(base_url=cfg.url, auth=Auth.Token(secret(cfg.token_env)), timeout=10, retry=0, seconds_between_requests=0)
    out = []
    try:
        remaining, limit = gh.rate_limiting
        out.append(Check("github", True, f"{cfg.url}: token accepted, {remaining}/{limit} requests left this hour"))
    except GithubException as e:
        if e.status in (401, 403):
            return [Check("github", False, f"{cfg.url} refused the token (HTTP {e.status}): check {cfg.token_env}")]
        return [Check("github", False, f"{cfg.url}: HTTP {e.status}")]
    except Exception as e:
        return [Check("github", False, f"{cfg.url}: cannot connect ({type(e).__name__}: {str(e)[:200]})")]
    for name in cfg.repos:
        try:
            repo = gh.get_repo(name)
            out.append(Check(f"github repo {name}", True, f"visible, default branch {repo.default_branch}"))
        except GithubException as e:
            out.append(Check(f"github repo {name}", False, f"the token cannot see it or it does not exist (HTTP {e.status})"))
    return out
