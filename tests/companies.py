"""Two companies served by one dashboard (PILOTAGE_WORKSPACES), for the tests of links bound to their company.

`nordwind` is the demo company with one board snapshot; `globex` is another company whose name and team must
never be shown to someone holding a link to a Nordwind snapshot.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pilotage.core.workspace import DEMO_WORKSPACE

GLOBEX_NAME, GLOBEX_TEAM = "Globex Secret Corp", "Globex Rockets"
SECRET = "link-secret-for-company-tests"
MARKDOWN_ID = "![x](http://127.0.0.1:9/t.png) [Log in again](http://evil.example/login)"


@dataclass(frozen=True)
class Companies:
    folder: Path
    snapshot: str  # id of Nordwind's "Board Q4 2026"


def two_companies(folder: Path, demo_store_url: str) -> Companies:
    from pilotage.application.snapshots import create
    from pilotage.core.store import Store
    from pilotage.core.workspace import load_workspace

    folder.mkdir(parents=True, exist_ok=True)
    for name in ("nordwind", "globex"):
        with sqlite3.connect(demo_store_url.removeprefix("sqlite:///")) as src, \
                sqlite3.connect(folder / f"{name}.db") as dst:
            src.backup(dst)
    demo = DEMO_WORKSPACE.read_text(encoding="utf-8")
    demo = re.sub(r'(?m)^store = .*$', f'store = "sqlite:///{folder / "nordwind.db"}"', demo)
    (folder / "nordwind.toml").write_text(demo, encoding="utf-8")
    (folder / "globex.toml").write_text(
        f'[workspace]\nname = "{GLOBEX_NAME}"\nstore = "sqlite:///{folder / "globex.db"}"\n\n'
        f'[[teams]]\nname = "{GLOBEX_TEAM}"\njira_projects = ["PAY"]\n', encoding="utf-8")
    ws = load_workspace(folder / "nordwind.toml")
    store = Store(ws.store)
    snapshot = create(ws, store, as_of=date(2026, 11, 22), title="Board Q4 2026")
    store.close()
    return Companies(folder=folder, snapshot=snapshot.id)
