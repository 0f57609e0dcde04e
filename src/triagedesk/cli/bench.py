"""`triagedesk bench`: the engine's latency, throughput, memory and cold start on 150-word tickets."""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

import click

from triagedesk.cli.options import policy_option
from triagedesk.conf import load_settings
from triagedesk.engine import build_engine
from triagedesk.triage.pipeline import Pipeline
from triagedesk.triage.result import TriageInput

TICKET_WORDS = 150


def bench_tickets(words: int = TICKET_WORDS) -> list[TriageInput]:
    """Tickets of about `words` words, each made of consecutive seed examples of one language."""
    tickets = []
    for path in sorted(files("triagedesk.triage").joinpath("seed").iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".jsonl"):
            continue
        texts = [
            json.loads(line)["text"]
            for line in path.read_text(encoding="utf-8").splitlines()
            if line
        ]
        parts: list[str] = []
        for text in texts:
            parts.append(text)
            if sum(len(p.split()) for p in parts) >= words:
                tickets.append(TriageInput(text=" ".join(" ".join(parts).split()[:words])))
                parts = []
    if not tickets:
        raise click.ClickException("no seed examples found to build benchmark tickets from")
    return tickets


def measure(
    engine: Pipeline, tickets: list[TriageInput], rounds: int, warmup_s: float
) -> dict[str, float]:
    """Single-ticket latency percentiles and throughput, then batch throughput."""
    # Warm up on a few tickets of every language (tables load lazily, per language), so the
    # timed rounds measure a loaded engine; most timed tickets are still seen for the first time.
    spread = tickets[:: max(1, len(tickets) // 10)]
    deadline = time.perf_counter() + warmup_s
    while time.perf_counter() < deadline:
        for ticket in spread:
            engine.triage(ticket)
    timings, cpu = [], []
    for i in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        engine.triage(tickets[i % len(tickets)])
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    batch = [tickets[i % len(tickets)] for i in range(max(rounds, 1000))]
    started, started_cpu = time.perf_counter(), time.process_time()
    for _ in engine.triage_many(batch):
        pass
    batch_seconds = time.perf_counter() - started
    batch_cpu = time.process_time() - started_cpu
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 3),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 3),
        "tickets_per_s": round(1000 * len(timings) / sum(timings), 1),
        "batch_tickets_per_s": round(len(batch) / batch_seconds, 1),
        # CPU time alone: on a shared virtual machine wall time also counts time the
        # hypervisor gave to others.
        "cpu_ms_per_ticket": round(statistics.fmean(cpu), 3),
        "batch_cpu_tickets_per_s": round(len(batch) / batch_cpu, 1),
    }


def cold_start_seconds(runs: int = 3) -> float:
    """Median wall time of `triagedesk triage --json` in a fresh process."""
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "triagedesk", "triage", "--json", "Fakturan är fel, vi har betalat två gånger."],
            check=True, capture_output=True,
        )  # fmt: skip
        seconds.append(time.perf_counter() - started)
    return round(statistics.median(seconds), 3)


@click.command("bench")
@click.option("--rounds", default=1000, show_default=True, help="Single-ticket runs to time.")
@click.option("--warmup", default=2.0, show_default=True, help="Seconds of warm-up before timing.")
@click.option("--no-cold-start", is_flag=True, help="Skip timing the command's cold start.")
@click.option(
    "--markdown",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write a markdown table here.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
@policy_option
def command(
    rounds: int,
    warmup: float,
    no_cold_start: bool,
    markdown: Path | None,
    as_json: bool,
    policy_path: Path | None,
) -> None:
    """Measure the triage engine's latency and throughput on 150-word tickets."""
    started = time.perf_counter()
    engine = build_engine(load_settings(), policy_path)
    tickets = bench_tickets()
    figures: dict[str, float] = {"load_s": round(time.perf_counter() - started, 3)}
    figures.update(measure(engine, tickets, rounds, warmup))
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if not no_cold_start:
        figures["cold_start_s"] = cold_start_seconds()
    if markdown:
        _write_markdown(markdown, figures, len(tickets))
    if as_json:
        click.echo(json.dumps(figures))
        return
    for name, value in figures.items():
        click.echo(f"{name:<26}{value}")


def _write_markdown(path: Path, figures: dict[str, float], distinct: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    rows = "\n".join(f"| {name} | {value} |" for name, value in figures.items())
    path.write_text(
        f"# triagedesk bench\n\n{stamp}; {distinct} distinct tickets of {TICKET_WORDS} words, one core.\n\n"
        f"| figure | value |\n|---|---|\n{rows}\n",
        encoding="utf-8",
    )
