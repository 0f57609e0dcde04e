"""A real SQLite file and a real PostgreSQL database; every test here runs on both.

PostgreSQL is the one at TRIAGEDESK_TEST_POSTGRES (default postgresql://postgres@127.0.0.1:5432/postgres);
a throw-away database is created there per test process. Tests skip with the reason when it is
unreachable.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

POSTGRES = os.environ.get(
    "TRIAGEDESK_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture(scope="session")
def django_ready(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Django set up on a private data directory (settings are read once, at setup)."""
    data_dir = tmp_path_factory.mktemp("helpdesk-data")
    os.environ["TRIAGEDESK_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "triagedesk.helpdesk.settings"
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, in-memory e-mail
    return data_dir


def _use(config: dict[str, Any]) -> None:
    """Point Django's default connection at `config` (this thread and the ones it starts)."""
    from django.db import connections

    connections.close_all()
    connections.settings["default"] = connections.configure_settings({"default": config})["default"]
    if hasattr(connections._connections, "default"):
        delattr(connections._connections, "default")


def _migrate(config: dict[str, Any]) -> None:
    from django.core.management import call_command

    _use(config)
    call_command("migrate", verbosity=0)


@pytest.fixture(scope="session")
def sqlite_config(django_ready: Path) -> dict[str, Any]:
    from django.conf import settings

    config = {**settings.DATABASES["default"], "NAME": str(django_ready / "test.sqlite3")}
    _migrate(config)
    return config


@pytest.fixture(scope="session")
def postgres_config(django_ready: Path) -> Iterator[dict[str, Any]]:
    import dj_database_url
    import psycopg

    try:
        admin = psycopg.connect(POSTGRES, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES}: {exc}".splitlines()[0])
    name = f"triagedesk_test_{uuid.uuid4().hex[:10]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    config = dict(dj_database_url.parse(POSTGRES))
    config["NAME"] = name
    _migrate(config)
    yield config
    from django.db import connections

    connections.close_all()
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> str:
    """Run the test on this backend (the parameter names it)."""
    config = request.getfixturevalue(
        f"{'sqlite' if request.param == 'sqlite' else 'postgres'}_config"
    )
    _use(config)
    return str(request.param)
