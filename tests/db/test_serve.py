"""`triagedesk serve`: the real server in a subprocess on a free port, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.db.conftest import POSTGRES

STARTUP_DEADLINE_S = 120  # migrations on a fresh database, on a busy shared machine
STOP_DEADLINE_S = 60


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    """Status, content type and body of a GET (4xx and 5xx included)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("content-type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("content-type", ""), error.read()


def _wait_until_up(server: Server) -> None:
    """Poll /api/docs until it answers 200; fail at the deadline or when the server exits."""
    deadline = time.monotonic() + STARTUP_DEADLINE_S
    while True:
        try:
            if _get(server.url + "/api/docs")[0] == 200:
                return
        except OSError:
            pass  # not listening yet
        if time.monotonic() > deadline:
            pytest.fail(f"no answer within {STARTUP_DEADLINE_S} s:\n{server.log_text()}")
        try:  # the pause between attempts, cut short if the server dies
            server.process.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"serve exited with {server.process.returncode}:\n{server.log_text()}")


@contextmanager
def _serving(tmp_path: Path, database_url: str = "") -> Iterator[Server]:
    """`triagedesk serve` with 2 workers on a free port, in its own session (as in a terminal)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRIAGEDESK_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env["TRIAGEDESK_DATA_DIR"] = str(tmp_path / "data")
    if database_url:
        env["DATABASE_URL"] = database_url
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "triagedesk", "serve", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        _wait_until_up(server)
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _stop(server: Server, stop: signal.Signals, whole_group: bool) -> None:
    """Send the signal, then check that the server and every worker are gone, exit code 0."""
    workers = [int(pid) for pid in re.findall(r"Booting worker with pid: (\d+)", server.log_text())]
    assert len(workers) == 2, server.log_text()
    if whole_group:
        os.killpg(server.process.pid, stop)
    else:
        server.process.send_signal(stop)
    assert server.process.wait(timeout=STOP_DEADLINE_S) == 0, server.log_text()
    for pid in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def _database_url(database: str, request: pytest.FixtureRequest) -> str:
    """Empty for SQLite (a fresh file in the data dir); else the tests' migrated PostgreSQL."""
    if database == "sqlite":
        return ""
    name = request.getfixturevalue("postgres_config")["NAME"]
    return urlsplit(POSTGRES)._replace(path=f"/{name}").geturl()


def test_serve_answers_serves_static_files_and_stops_on_sigterm(
    database: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    import django.contrib.admin

    with _serving(tmp_path, _database_url(database, request)) as server:
        assert _get(server.url + "/api/tickets")[0] == 401
        # A wrong token is looked up in the database by a worker: 401, not an error.
        wrong = {"authorization": "Bearer td_not-a-token"}
        assert _get(server.url + "/api/tickets", wrong)[0] == 401
        status, content_type, body = _get(server.url + "/static/admin/css/base.css")
        shipped = Path(django.contrib.admin.__file__).parent / "static/admin/css/base.css"
        assert (status, content_type.split(";")[0]) == (200, "text/css")
        assert body == shipped.read_bytes()
        docs = _get(server.url + "/api/docs")[2].decode()
        assets = re.findall(r'"(/static/[^"]+)"', docs)
        assert assets and all(_get(server.url + asset)[0] == 200 for asset in assets)
        _stop(server, signal.SIGTERM, whole_group=False)
    assert "Traceback" not in server.log_text()


def test_ctrl_c_stops_the_server_and_its_workers(tmp_path: Path) -> None:
    with _serving(tmp_path) as server:
        _stop(server, signal.SIGINT, whole_group=True)  # what a terminal does on Ctrl-C
    assert "Shutting down: Master" in server.log_text()


def _connections_held(server: Server, database_url: str) -> set[int]:
    """Which processes hold a database connection now: workers (SQLite) or backends (PostgreSQL)."""
    if database_url:
        import psycopg

        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            rows = admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
                (urlsplit(database_url).path.lstrip("/"), "triagedesk"),
            ).fetchall()
        return {row[0] for row in rows}
    database_file = str(Path(server.log).parent / "data" / "triagedesk.sqlite3")
    workers = [int(pid) for pid in re.findall(r"Booting worker with pid: (\d+)", server.log_text())]
    return {
        pid
        for pid in workers
        for fd in Path(f"/proc/{pid}/fd").iterdir()
        if os.path.realpath(fd) == database_file
    }


def test_workers_keep_their_database_connection_between_requests(
    database: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Opening a connection per request cost as much as storing the ticket."""
    database_url = _database_url(database, request)
    with _serving(tmp_path, database_url) as server:
        wrong = {"authorization": "Bearer td_not-a-token"}  # looked up in the database: 401
        held = []
        for _ in range(2):
            for _ in range(6):
                assert _get(server.url + "/api/tickets", wrong)[0] == 401
            held.append(_connections_held(server, database_url))
    assert held[0] and held[0] <= held[1] and len(held[1]) <= 2, held


def test_what_the_server_loads_before_forking_is_kept_out_of_garbage_collection(
    django_ready: Path,
) -> None:
    import gc

    from django.conf import settings

    from triagedesk.cli.helpdesk import _gunicorn

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # serve collects it first
    assert gc.get_freeze_count() == 0
    try:
        _gunicorn("127.0.0.1:0", 2).load()  # what the server does before it forks its workers
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
