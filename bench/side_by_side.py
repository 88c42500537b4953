"""Side by side with jira-agile-metrics 0.24 (optional): one Jira-like file, the peer's calculators, then
`python -m pilotage metrics` on a store built from the same file, back to back.

Runs only when the peer's venv exists (`$PEER_HOME/jam-venv`, built by `bench/peer/setup_peer.sh`); otherwise the
rows say how to get it. `bench/peer/` holds the scripts of the measurement filed with issue 18, verbatim:
`make_dataset.py` writes the file (deterministic, standard library), `run_peer.py` runs the peer's cycle-time,
throughput, CFD and burn-up forecast calculators on it. Pilotage reads the same issues through its own Jira
conversion (`connectors.jira_convert.convert`, as a sync does) into a SQLite store, then the metrics command runs
in a new process, as a user runs it. Both processes are measured the same way: wall time, their own CPU time and
peak RSS (os.wait4).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.bench import run_measured

HERE = Path(__file__).resolve().parent
PEER_SCRIPTS = HERE / "peer"
AS_OF = "2026-01-01"  # make_dataset.py's default end: the as_of that sees the whole history
STATUS_CATEGORIES = {"Backlog": "new", "To Do": "new", "In Progress": "indeterminate", "Code Review": "indeterminate",
                     "QA": "indeterminate", "Done": "done", "Won't Do": "done"}


def peer_python() -> Path | None:
    """The peer venv's python, or None when `$PEER_HOME/jam-venv` is absent."""
    home = os.environ.get("PEER_HOME")
    python = Path(home) / "jam-venv" / "bin" / "python" if home else None
    return python if python and python.exists() else None


def make_dataset(items: int, folder: Path) -> Path:
    path = folder / f"jira-{items}.json"
    subprocess.run([sys.executable, str(PEER_SCRIPTS / "make_dataset.py"), "--items", str(items), "--seed", "1",
                    "--out", str(path)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return path


def workspace_from_dataset(dataset: Path, folder: Path) -> Path:
    """A workspace whose SQLite store holds the file's issues, converted as a Jira sync converts them (one team
    per project); returns the workspace file."""
    from connectors.jira_convert import FieldIds, Reference, convert
    from pilotage.core.model import Batch
    from pilotage.core.store import Store, SyncRecord

    data = json.loads(dataset.read_text(encoding="utf-8"))
    issues = data["issues"]
    for number, issue in enumerate(issues, start=1):
        issue.setdefault("id", str(number))  # the file has keys only; a sync also gets Jira's numeric ids
    fields = [{"id": field_id, "name": name, "schema": {"type": "number"} if name == "Story Points" else {}}
              for field_id, name in data["names"].items()]
    seen = {issue["fields"]["status"]["name"]: issue["fields"]["status"]["id"] for issue in issues}
    statuses = [{"id": sid, "name": name, "statusCategory": {"key": STATUS_CATEGORIES.get(name, "new")}}
                for name, sid in sorted(seen.items())]
    converted = convert(iter(issues), Reference(site_url="https://jira.example.com",
                                                fields=FieldIds.from_payload(fields), statuses=statuses))
    store_path = folder / "side-by-side.db"
    store = Store(f"sqlite:///{store_path}")
    store.apply_sync(Batch("jira", converted.frames, full=True), SyncRecord("jira", "full", _timestamp(AS_OF)))
    store.save_copy()  # as the sync leaves it (the export is kept by the first metrics command, which computes)
    store.close()
    projects = sorted({issue["fields"]["project"]["key"] for issue in issues})
    teams = "".join(f'\n[[teams]]\nname = "{p.title()}"\njira_projects = ["{p}"]\n' for p in projects)
    path = folder / "side-by-side.toml"
    path.write_text(f'[workspace]\nname = "Side by side"\nstore = "sqlite:///{store_path}"\n\n[jira]\n'
                    f'url = "https://jira.example.com"\nprojects = {json.dumps(projects)}\n{teams}', encoding="utf-8")
    return path


def _timestamp(day: str):
    import pandas as pd

    return pd.Timestamp(day, tz="UTC")


def side_by_side(items: int, folder: Path) -> dict:
    """The peer then Pilotage on one file of `items` work items: {"peer": (wall, cpu, mb), "pilotage": …,
    "pilotage_kept": …}: Pilotage's first run computes (and keeps the export), the second answers from it, as
    every run after a sync does."""
    python = peer_python()
    if python is None:
        raise LookupError("n/a: set PEER_HOME to a folder holding the peer's venv (bash bench/peer/setup_peer.sh)")
    dataset = make_dataset(items, folder)
    workspace = workspace_from_dataset(dataset, folder)
    peer = run_measured([str(python), str(PEER_SCRIPTS / "run_peer.py"), str(dataset), "--as-of", AS_OF,
                         "--trials", "1000"], cwd=folder)
    command = [sys.executable, "-m", "pilotage", "metrics", "--workspace", str(workspace), "--as-of", AS_OF,
               "--format", "json"]
    computing = run_measured(command, cwd=HERE.parent)
    return {"peer": peer, "pilotage": computing, "pilotage_kept": run_measured(command, cwd=HERE.parent)}
