"""The helpdesk under load: ticket creation through the API, and the queue page with 10 000 open tickets.

Starts `triagedesk serve --workers 2` on a free port with a fresh data directory, on SQLite and
then on the PostgreSQL of --postgres (in a throw-away database; by default the tests' server at
127.0.0.1:5432), creates a lead with an API token and 200 customers with 2 000 contacts, then
  1. creates tickets through `POST /api/tickets` from a closed loop of --clients clients: each
     sends its next ticket when the last one is answered, on one lean `http.client` connection
     (reopened when the server closes it: gunicorn's sync workers close after each answer).
     150-word texts from the seed set, each from a known contact's e-mail, one in ten from a new
     contact of a known customer. Reported: tickets/s, latency percentiles, and the CPU time per
     ticket of the server's workers, of PostgreSQL's backends and of the clients themselves
     (all on the same cores), and the time the workers were ready to run but waited for a core;
  2. adds open tickets directly in the database up to 10 000 and times the queue page (the
     first page, 50 rows) as the lead sees it.
Writes benchmarks/results/helpdesk_api.md.

    python benchmarks/helpdesk_api.py [--tickets 1500] [--clients 2,4] [--postgres URL | '']
                                      [--databases sqlite,postgresql] [--no-queue]
"""

from __future__ import annotations

import argparse
import http.client
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

import psycopg

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "helpdesk_api.md"
CLI = [sys.executable, "-m", "triagedesk"]
POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
CUSTOMERS, CONTACTS = 200, 2_000
WARMUP_TICKETS = 100
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


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


def _cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU time of each of these processes so far (those still running)."""
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
    return seconds


def _core_wait_seconds(pids: list[int]) -> dict[int, float]:
    """Time each process spent ready to run but waiting for a core so far (/proc/PID/schedstat)."""
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/schedstat").read_text().split()
        except OSError:
            continue
        seconds[pid] = int(fields[1]) / 1e9
    return seconds


def _cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two readings by the processes present at both."""
    return sum(after[pid] - before[pid] for pid in before if pid in after)


def _children(pid: int) -> list[int]:
    """The server's worker processes."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


def _postgres_backends(database_url: str) -> list[int]:
    """The server processes of PostgreSQL serving this database (same machine)."""
    if not database_url:
        return []
    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchall()
    return [row[0] for row in rows]


def _bodies(texts: list[str], total: int, customer_ids: list[int]) -> list[bytes]:
    """Request bodies, encoded before the clock starts: known contacts, every tenth one new."""
    bodies = []
    for i in range(total):
        body: dict[str, object] = {"text": texts[i % len(texts)], "subject": f"bench {i}"}
        if i % 10 == 9:
            body["customer_id"] = customer_ids[i % len(customer_ids)]
            body["contact_email"] = f"new-{uuid.uuid4().hex[:12]}@example.com"
        else:
            body["contact_email"] = f"contact{(i * 7919) % CONTACTS}@customer.example"
        bodies.append(json.dumps(body).encode())
    return bodies


def _post_tickets(url: str, token: str, bodies: list[bytes], clients: int) -> list[float]:
    """Closed loop: each client posts its next ticket when the last one is answered."""
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    queue = iter(bodies)

    def client() -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        mine = []
        while True:
            with lock:
                body = next(queue, None)
            if body is None:
                break
            started = time.perf_counter()
            connection.request("POST", "/api/tickets", body, headers)
            response = connection.getresponse()
            answer = response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status != 201:
                failures.append(f"{response.status}: {answer[:200]!r}")
                break
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"ticket creation failed: {failures[0]}")
    return latencies


def _percentile(sorted_values: list[float], share: float) -> float:
    return round(sorted_values[int(share * (len(sorted_values) - 1))], 1)


def _create(
    url: str, token: str, bodies: list[bytes], clients: int, server: int, database_url: str
) -> dict[str, float]:
    """Ticket creation at one number of clients: throughput, latency and CPU per ticket."""
    _post_tickets(url, token, bodies[:WARMUP_TICKETS], clients)
    measured = bodies[WARMUP_TICKETS:]
    workers, backends = _children(server), _postgres_backends(database_url)
    server_before, database_before = _cpu_seconds(workers), _cpu_seconds(backends)
    waited_before = _core_wait_seconds(workers)
    client_before, started = time.process_time(), time.perf_counter()
    latencies = sorted(_post_tickets(url, token, measured, clients))
    seconds = time.perf_counter() - started
    used = (
        _cpu_used(server_before, _cpu_seconds(workers)),
        _cpu_used(database_before, _cpu_seconds(backends)),
        time.process_time() - client_before,
        _cpu_used(waited_before, _core_wait_seconds(workers)),
    )
    per_ticket = [round(cpu * 1000 / len(measured), 1) for cpu in used]
    return {
        "clients": clients,
        "tickets": len(measured),
        "tickets_per_s": round(len(measured) / seconds, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": _percentile(latencies, 0.95),
        "p99_ms": _percentile(latencies, 0.99),
        "server_cpu_ms": per_ticket[0],
        "database_cpu_ms": per_ticket[1],
        "client_cpu_ms": per_ticket[2],
        "server_core_wait_ms": per_ticket[3],
    }


def _django(env: dict[str, str], code: str) -> str:
    """Run `code` with Django set up on the benchmark's database; its standard output."""
    setup = (
        "import os\nos.environ['DJANGO_SETTINGS_MODULE'] = 'triagedesk.helpdesk.settings'\n"
        "import django\ndjango.setup()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", setup + code], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def _seed_customers(env: dict[str, str]) -> list[int]:
    """Customers across tiers and languages, with their contacts; their ids."""
    code = f"""
from triagedesk.helpdesk.models import Contact, Customer
tiers, languages = ["VIP", "A", "B", "C", "C"], ["sv", "da", "no", "de", "en"]
customers = Customer.objects.bulk_create(
    Customer(name=f"Customer {{i}}", tier=tiers[i % 5], language=languages[i % 5],
             annual_value=10_000 * (i % 40)) for i in range({CUSTOMERS}))
Contact.objects.bulk_create(
    Contact(customer=customers[i % {CUSTOMERS}], email=f"contact{{i}}@customer.example")
    for i in range({CONTACTS}))
print(" ".join(str(c.pk) for c in Customer.objects.all()))
"""
    return [int(pk) for pk in _django(env, code).split()]


def _fill_queue(env: dict[str, str], open_tickets: int) -> None:
    """Open tickets straight into the database (the queue page is what is measured here)."""
    code = f"""
import random, datetime
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
    _django(env, code)


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
    return {"p50_ms": round(statistics.median(timings), 1), "p95_ms": _percentile(timings, 0.95)}


def run(database_url: str, tickets: int, clients: list[int], queue: bool) -> dict[str, object]:
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
    customer_ids = _seed_customers(env)
    texts = _texts()
    load = os.getloadavg()[0]
    server, url = _start(env)
    try:
        created = []
        for count in clients:
            bodies = _bodies(texts, WARMUP_TICKETS + tickets, customer_ids)
            created.append(_create(url, token, bodies, count, server.pid, database_url))
        if queue:
            _fill_queue(env, 10_000)
            page = _queue_page(url, "benchlead", password, 40)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return {
        "database": "PostgreSQL" if database_url else "SQLite",
        "load": round(load, 1),
        "create": created,
        "queue": page if queue else None,
    }


def _table(results: list[dict[str, object]]) -> list[str]:
    command = " ".join(["python benchmarks/helpdesk_api.py", *sys.argv[1:]])
    lines = [
        "# Helpdesk under load", "",
        f"{time.strftime('%Y-%m-%d')}; `{command}`; "
        f"`triagedesk serve --workers 2` on this machine ({os.cpu_count()} cores, shared with the "
        "clients and, for PostgreSQL, the database server). Ticket creation = API call, token "
        "check, contact lookup, triage and storage; a closed loop of N clients, each sending its "
        f"next ticket when the last is answered, after {WARMUP_TICKETS} warm-up tickets. CPU ms "
        "are per ticket, as is the time the server's workers were ready to run but waited for a "
        "core (/proc/PID/schedstat); load before = the machine's 1-minute load average before "
        "the server started (other work on the same cores).", "",
        "| database | clients | tickets | created/s | p50 ms | p95 ms | p99 ms "
        "| server CPU | server waiting for a core | PostgreSQL CPU | client CPU | load before |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]  # fmt: skip
    for r in results:
        for c in r["create"]:  # type: ignore[attr-defined]
            lines.append(
                f"| {r['database']} | {c['clients']} | {c['tickets']} | {c['tickets_per_s']} "
                f"| {c['p50_ms']} | {c['p95_ms']} | {c['p99_ms']} | {c['server_cpu_ms']} "
                f"| {c['server_core_wait_ms']} "
                f"| {c['database_cpu_ms'] if r['database'] == 'PostgreSQL' else '–'} "
                f"| {c['client_cpu_ms']} | {r['load']} |"
            )
    lines += [
        "",
        "| database | queue page (10 000 open) p50 ms | p95 ms |",
        "|---|---|---|",
    ]
    for r in results:
        q = r["queue"]
        if q is None:
            continue
        lines.append(f"| {r['database']} | {q['p50_ms']} | {q['p95_ms']} |")  # type: ignore[index]
    return lines


def _on_postgres(server: str, tickets: int, clients: list[int], queue: bool) -> dict[str, object]:
    """The same runs in a throw-away database on the PostgreSQL at `server`."""
    name = f"triagedesk_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        return run(urllib.parse.urlsplit(server)._replace(path=f"/{name}").geturl(), tickets,
                   clients, queue)  # fmt: skip
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1500, help="timed tickets per run")
    parser.add_argument(
        "--clients", default="2,4", help="concurrent clients, one run each (e.g. 2,4)"
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("TRIAGEDESK_TEST_POSTGRES", POSTGRES),
        help="postgresql://… of a server where a throw-away database may be created "
        "(default: the tests' one); '' for SQLite alone",
    )
    parser.add_argument("--no-queue", action="store_true", help="skip the queue page")
    parser.add_argument(
        "--databases",
        default="sqlite,postgresql",
        help="which of sqlite, postgresql to measure (e.g. postgresql alone)",
    )
    args = parser.parse_args()
    clients = [int(count) for count in args.clients.split(",")]
    queue = not args.no_queue
    databases = {name.strip().lower() for name in args.databases.split(",")}
    results = [run("", args.tickets, clients, queue)] if "sqlite" in databases else []
    missing = ""
    if args.postgres and "postgresql" in databases:
        try:
            results.append(_on_postgres(args.postgres, args.tickets, clients, queue))
        except psycopg.OperationalError as exc:
            missing = f"PostgreSQL not measured: {args.postgres} unreachable ({exc})".splitlines()[
                0
            ]
    lines = _table(results) + (["", missing] if missing else [])
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
