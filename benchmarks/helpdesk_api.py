"""The helpdesk under load: ticket creation through the API, and the queue page with 10 000 open tickets.

Starts `triagedesk serve --workers 2` on a free port with a fresh data directory (SQLite, or the
PostgreSQL of --postgres, in a throw-away database), creates a lead with an API token, then
  1. POSTs tickets (150-word texts from the seed set) from --clients threads: tickets/s and
     latency percentiles, triage and storage included;
  2. adds open tickets directly in the database up to 10 000 and times the queue page (the
     first page, 50 rows) as the lead sees it.
Writes benchmarks/results/helpdesk_api.md.

    python benchmarks/helpdesk_api.py [--tickets 600] [--clients 8] [--postgres URL]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "helpdesk_api.md"
CLI = [sys.executable, "-m", "triagedesk"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _texts() -> list[str]:
    from triagedesk.cli.bench import bench_tickets

    return [ticket.text for ticket in bench_tickets()]


def _start(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    server = subprocess.Popen([*CLI, "serve", "--port", str(port), "--workers", "2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/login/", timeout=5):
                return server, url
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def _post_tickets(
    url: str, token: str, texts: list[str], total: int, clients: int
) -> dict[str, float]:
    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(total))

    def worker() -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            body = json.dumps({"text": texts[i % len(texts)], "subject": f"bench {i}"}).encode()
            request = urllib.request.Request(url + "/api/tickets", data=body, method="POST", headers={
                "authorization": f"Bearer {token}", "content-type": "application/json"})  # fmt: skip
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=60) as response:
                assert response.status == 201
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    latencies.sort()
    return {
        "tickets": total,
        "tickets_per_s": round(total / seconds, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
    }


def _fill_queue(env: dict[str, str], open_tickets: int) -> None:
    """Open tickets straight into the database (the queue page is what is measured here)."""
    code = f"""
import os, random, datetime
os.environ["DJANGO_SETTINGS_MODULE"] = "triagedesk.helpdesk.settings"
import django; django.setup()
from django.utils import timezone
from triagedesk.helpdesk.models import Ticket, Team
teams = [Team.objects.get_or_create(name=n)[0] for n in ("First line", "Technical support", "Billing")]
have = Ticket.objects.exclude(status__in=["solved", "closed"]).count()
now = timezone.now(); rng = random.Random(1)
rows = [Ticket(reference=f"B-{{i:07d}}", subject=f"queue bench {{i}}", status="open",
               level=rng.choice(["critical", "high", "medium", "low"]), category="technical",
               language="sv", team=rng.choice(teams), created_at=now,
               first_response_due=now + datetime.timedelta(minutes=rng.randint(-600, 6000)))
        for i in range(max(0, {open_tickets} - have))]
Ticket.objects.bulk_create(rows, batch_size=1000)
"""
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def _queue_page(url: str, username: str, password: str, rounds: int) -> dict[str, float]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = opener.open(url + "/login/").read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)  # type: ignore[union-attr]
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": csrf}
    ).encode()
    opener.open(
        urllib.request.Request(url + "/login/", data=form, headers={"Referer": url + "/login/"})
    )
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        page = opener.open(url + "/").read()
        timings.append((time.perf_counter() - started) * 1000)
    assert b"ticket-row" in page
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 1),
    }


def run(database_url: str, tickets: int, clients: int) -> dict[str, object]:
    data_dir = tempfile.mkdtemp(prefix="triagedesk-bench-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRIAGEDESK_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env["TRIAGEDESK_DATA_DIR"] = data_dir
    if database_url:
        env["DATABASE_URL"] = database_url
    subprocess.run([*CLI, "migrate"], env=env, check=True, capture_output=True)
    password = uuid.uuid4().hex
    subprocess.run([*CLI, "createadmin", "--username", "benchlead", "--password-stdin"], env=env,
                   input=password + "\n", text=True, check=True, capture_output=True)  # fmt: skip
    token = subprocess.run([*CLI, "token", "create", "--user", "benchlead"], env=env, text=True,
                           check=True, capture_output=True).stdout.strip()  # fmt: skip
    server, url = _start(env)
    try:
        created = _post_tickets(url, token, _texts(), tickets, clients)
        _fill_queue(env, 10_000)
        queue = _queue_page(url, "benchlead", password, 40)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return {
        "database": "PostgreSQL" if database_url else "SQLite",
        "create": created,
        "queue": queue,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=600)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--postgres",
        default="",
        help="postgresql://… of a server where a throw-away database may be created",
    )
    args = parser.parse_args()
    results = [run("", args.tickets, args.clients)]
    if args.postgres:
        import psycopg

        name = f"triagedesk_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.postgres, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            results.append(
                run(args.postgres.rsplit("/", 1)[0] + "/" + name, args.tickets, args.clients)
            )
        finally:
            with psycopg.connect(args.postgres, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    lines = [
        "# Helpdesk under load", "",
        f"{time.strftime('%Y-%m-%d')}; `python benchmarks/helpdesk_api.py`; `triagedesk serve --workers 2` on this "
        f"machine (2 cores, shared with the {args.clients} client threads). Ticket creation = API call, triage and storage.", "",
        "| database | tickets | created/s | create p50 ms | create p95 ms | queue page (10 000 open) p50 ms | p95 ms |",
        "|---|---|---|---|---|---|---|",
    ]  # fmt: skip
    for r in results:
        c, q = r["create"], r["queue"]  # type: ignore[index]
        lines.append(
            f"| {r['database']} | {c['tickets']} | {c['tickets_per_s']} | {c['p50_ms']} | {c['p95_ms']} | {q['p50_ms']} | {q['p95_ms']} |"
        )
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
