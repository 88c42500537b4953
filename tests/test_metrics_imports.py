"""metrics/ stays pure: it never imports the UI, the source clients, the database layer or the store."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("streamlit", "jira", "github", "sqlalchemy", "pilotage.store")


def _forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


def imported_names(path: Path) -> list[str]:
    """Every module an `import` or `from … import` of the file names (relative imports resolved to metrics.*)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = "metrics" + (f".{base}" if base else "")
            names += [base] + [f"{base}.{a.name}" for a in node.names]
    return names


def test_no_forbidden_import_in_source():
    files = sorted((ROOT / "metrics").glob("*.py"))
    assert len(files) >= 10
    bad = {f.name: [n for n in imported_names(f) if _forbidden(n)] for f in files}
    assert {k: v for k, v in bad.items() if v} == {}


def test_the_scan_catches_a_forbidden_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import numpy\nfrom pilotage import store\nimport github.Repository\nfrom . import jira\n")
    assert [n for n in imported_names(sample) if _forbidden(n)] == ["pilotage.store", "github.Repository"]


def test_importing_metrics_loads_none_of_them():
    modules = [f"metrics.{f.stem}" for f in sorted((ROOT / "metrics").glob("*.py")) if f.stem != "__init__"]
    code = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "import metrics.registry as r; r.metrics()\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    assert [m for m in loaded if _forbidden(m)] == []
    assert "metrics.delivery" in loaded
