"""Shared fixtures: stores on a real SQLite file and a real PostgreSQL server.

PostgreSQL comes from PILOTAGE_TEST_POSTGRES (default: the local server of these machines); when none answers,
the PostgreSQL variants are skipped with the reason, never failed. Each test gets its own schema.
"""

from __future__ import annotations

import os
import sys
import uuid

import pytest
import sqlalchemy as sa

from pilotage.core.store import Store

POSTGRES_URL = os.environ.get("PILOTAGE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
_pg_state: dict[str, str | None] = {}


def postgres_unavailable() -> str | None:
    """None when the test PostgreSQL answers, else the reason to skip."""
    if "reason" not in _pg_state:
        try:
            engine = sa.create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1),
                                      connect_args={"connect_timeout": 3})
            with engine.connect() as c:
                c.exec_driver_sql("SELECT 1")
            engine.dispose()
            _pg_state["reason"] = None
        except Exception as e:  # any failure means: no server to test against
            _pg_state["reason"] = f"no PostgreSQL at {POSTGRES_URL} ({type(e).__name__}); set PILOTAGE_TEST_POSTGRES"
    return _pg_state["reason"]


def new_postgres_store() -> tuple[Store, str]:
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as c:
        c.exec_driver_sql(f"CREATE SCHEMA {schema}")
    admin.dispose()
    sep = "&" if "?" in POSTGRES_URL else "?"
    return Store(f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"), schema


def drop_postgres_schema(schema: str) -> None:
    admin = sa.create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as c:
        c.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    admin.dispose()


@pytest.fixture(autouse=True)
def _restore_main_module():
    """Streamlit's AppTest installs the script it ran as this process's `__main__` and leaves it there: a process
    spawned by a later test (multiprocessing "spawn") would run that script again on start-up, or fail to find it."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """A fresh, migrated store on each engine."""
    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'pilotage.db'}")
        s.migrate()
        yield s
        s.close()
        return
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)
    s, schema = new_postgres_store()
    s.migrate()
    yield s
    s.close()
    drop_postgres_schema(schema)


@pytest.fixture
def sqlite_store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'pilotage.db'}")
    s.migrate()
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_store_url(tmp_path_factory):
    """The default demo company built once per test session into its own SQLite file; the built-in demo workspace
    is pointed at it through PILOTAGE_DEMO_STORE (the developer's data/demo.db is left alone)."""
    from pilotage.application.service import build_demo_store

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    build_demo_store(Store(url))
    previous = os.environ.get("PILOTAGE_DEMO_STORE")
    os.environ["PILOTAGE_DEMO_STORE"] = url
    yield url
    if previous is None:
        os.environ.pop("PILOTAGE_DEMO_STORE", None)
    else:
        os.environ["PILOTAGE_DEMO_STORE"] = previous


@pytest.fixture(scope="module")
def browser():
    """Debian chromium through Playwright, one per test module (the browser tests skip when it is missing)."""
    from playwright.sync_api import sync_playwright

    from tests.app_support import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()
