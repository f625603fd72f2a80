"""Review fixtures: the same tests on a SQLite file and on the PostgreSQL server CI starts."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_ENV = "EVIDENCE_DASHBOARD_TEST_DATABASE_URL"
ARTICLE = "diazepam-anxiety-spasm"


def _fresh_pg_database(server_url: str) -> str:
    """A new, empty database on the test server (one per test, so tests never share a log)."""
    name = f"review_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def database_params() -> list[object]:
    """SQLite always; PostgreSQL when CI (or a developer) provides a server, else a skip."""
    pg = pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not os.environ.get(PG_ENV), reason=f"{PG_ENV} is not set (no PostgreSQL server)"
        ),
    )
    return ["sqlite", pg]


@pytest.fixture(params=database_params())
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty review database: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+pysqlite:///{tmp_path / 'review.sqlite3'}"
    else:
        yield _fresh_pg_database(os.environ[PG_ENV])
