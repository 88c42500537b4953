"""Shared set-up of the operations tests: a Jira emulator, a workspace file on disk pointing at it and at a store,
and the command line run in a subprocess (as systemd would run the worker)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from emulators.jira import JiraEmulator
from tests.app_support import ROOT


def jira_emulator(n: int = 60) -> JiraEmulator:
    emu = JiraEmulator("server").start()
    emu.add_synthetic(n, project="PAY", board_id=1)
    return emu


def write_workspace(folder: Path, emu: JiraEmulator, store_url: str, *, name: str = "acme") -> Path:
    """A workspace file for the emulator's PAY project, syncing into `store_url` (JIRA_TOKEN: see `env`)."""
    path = folder / f"{name}.toml"
    path.write_text(
        f'[workspace]\nname = "{name.title()}"\nstore = "{store_url}"\n\n'
        f'[jira]\nurl = "{emu.url}"\nprojects = ["PAY"]\nmax_retries = 0\ntimeout_seconds = 10\n\n'
        '[[teams]]\nname = "Payments"\njira_projects = ["PAY"]\nboard = 1\n',
        encoding="utf-8",
    )
    return path


def env(emu: JiraEmulator, **extra: str) -> dict[str, str]:
    return {**os.environ, "JIRA_TOKEN": emu.token, "PYTHONPATH": str(ROOT), **extra}


def pilotage(*args: str, environ: dict[str, str]) -> subprocess.Popen:
    """`python -m pilotage ARGS` started in the background (text output)."""
    return subprocess.Popen([sys.executable, "-m", "pilotage", *args], cwd=ROOT, env=environ, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
