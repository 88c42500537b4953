"""The layers (docs/architecture.md), enforced: every module imports only its own layer or those below it.

    5 edge          dashboard.py, app_pages/, ui/ (Streamlit), pilotage/cli.py and pilotage/__main__.py
    4 presentation  presentation/ (texts EN/FR, formatting, charts, cards, board pack; no Streamlit)
    3 application   pilotage/application/ (sync, views, snapshots, compare, export, checks)
    2 sources       connectors/ and metrics/ (each on the core only, never on each other)
    1 core          pilotage/core/ (model, errors, workspace settings, store, connector protocol)

Tooling (bench/, emulators/, tests/) may import anything; no runtime module may import tooling. metrics/ is also
pure: no Streamlit, source client, database library or store.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ("pilotage", "connectors", "metrics", "presentation", "ui", "app_pages")
TOOLING = ("bench", "emulators", "tests")
METRICS_FORBIDDEN = ("streamlit", "jira", "github", "sqlalchemy", "psycopg", "pilotage.core.store")
NO_STREAMLIT = ("pilotage", "connectors", "metrics", "presentation")


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def layer_of(module: str) -> tuple[int, str] | None:
    """(level, group) of one of our modules; None for a third-party module. Same level, other group: forbidden."""
    if module in ("dashboard", "pilotage.cli", "pilotage.__main__") or _under(module, "app_pages") or _under(
            module, "ui"):
        return 5, "edge"
    if _under(module, "presentation"):
        return 4, "presentation"
    if _under(module, "pilotage.application"):
        return 3, "application"
    if _under(module, "connectors"):
        return 2, "connectors"
    if _under(module, "metrics"):
        return 2, "metrics"
    if _under(module, "pilotage.core") or module == "pilotage":
        return 1, "core"
    if any(_under(module, t) for t in TOOLING):
        return 9, "tooling"
    return None


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(path: Path, module: str) -> list[str]:
    """Every module an `import` or `from … import` of the file names (relative imports resolved)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            names += [base] + [f"{base}.{a.name}" for a in node.names]
    return names


def runtime_files(root: Path) -> list[Path]:
    files = [root / "dashboard.py"]
    for top in RUNTIME:
        files += sorted((root / top).rglob("*.py"))
    return [f for f in files if f.exists()]


def violations(root: Path) -> list[str]:
    found = []
    for path in runtime_files(root):
        module = module_name(path, root)
        level, group = layer_of(module)
        for name in imported_names(path, module):
            target = layer_of(name)
            if target is None:
                if group == "metrics" and any(_under(name, f) for f in METRICS_FORBIDDEN):
                    found.append(f"{module} imports {name} (metrics stay pure)")
                elif _under(name, "streamlit") and any(_under(module, p) for p in NO_STREAMLIT) and level < 5:
                    found.append(f"{module} imports {name} (Streamlit only in the edge layer)")
                continue
            t_level, t_group = target
            if t_group == "tooling":
                found.append(f"{module} imports {name} (tooling is never imported by the product)")
            elif group == "metrics" and any(_under(name, f) for f in METRICS_FORBIDDEN):
                found.append(f"{module} imports {name} (metrics stay pure)")
            elif t_level > level or (t_level == level and t_group != group):
                found.append(f"{module} ({group}) imports {name} ({t_group}): a layer imports only those below it")
    return sorted(set(found))


def test_every_runtime_module_has_a_layer():
    files = runtime_files(ROOT)
    assert len(files) > 60
    assert [module_name(f, ROOT) for f in files if layer_of(module_name(f, ROOT)) is None] == []


def test_no_module_imports_a_layer_above_it():
    assert violations(ROOT) == []


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    for top in RUNTIME:
        shutil.copytree(ROOT / top, copy / top, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "dashboard.py", copy / "dashboard.py")
    return copy


@pytest.mark.parametrize("planted, module, expected", [
    ("from pilotage.application.views import build_views\n", "pilotage/core/store.py",
     "pilotage.core.store (core) imports pilotage.application.views (application)"),
    ("import ui.state\n", "presentation/board_pack.py", "presentation.board_pack (presentation) imports ui.state (edge)"),
    ("from metrics import flow\n", "connectors/jira.py", "connectors.jira (connectors) imports metrics (metrics)"),
    ("from emulators import jira\n", "pilotage/application/sync.py", "tooling is never imported"),
    ("import streamlit as st\n", "presentation/i18n.py", "Streamlit only in the edge layer"),
    ("from ..core import store\n", "metrics/flow.py", "metrics stay pure"),
    ("from ..application import export\n", "pilotage/core/workspace.py", "imports pilotage.application (application)"),
])
def test_the_scan_catches_a_planted_upward_import(tmp_path, planted, module, expected):
    copy = _copy(tmp_path)
    if module.startswith("metrics/") and planted.startswith("from .."):
        planted = "from pilotage.core import store\n"
    target = copy / module
    target.write_text(planted + target.read_text(encoding="utf-8"), encoding="utf-8")
    found = violations(copy)
    assert len(found) >= 1 and any(expected in v for v in found), found


def test_importing_metrics_loads_none_of_the_forbidden():
    modules = [f"metrics.{f.stem}" for f in sorted((ROOT / "metrics").glob("*.py")) if f.stem != "__init__"]
    code = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "import metrics.registry as r; r.metrics()\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    assert [m for m in loaded if any(_under(m, f) for f in METRICS_FORBIDDEN)] == []
    assert "metrics.delivery" in loaded


def test_the_metrics_command_imports_neither_streamlit_nor_the_source_clients():
    code = (
        "import json, sys\n"
        "from pilotage import cli\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    assert [m for m in loaded if _under(m, "streamlit") or _under(m, "jira") or _under(m, "github")] == []
