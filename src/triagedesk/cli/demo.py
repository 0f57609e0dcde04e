"""`triagedesk demo`: triage the bundled sample complaints and print the decisions."""

from __future__ import annotations

import json
from importlib.resources import files

import click

from triagedesk.cli.render import render_decision
from triagedesk.conf import load_settings
from triagedesk.engine import build_engine
from triagedesk.triage.result import TriageInput


def sample_tickets() -> list[tuple[str, TriageInput]]:
    """The bundled sample complaints, with the customer they come from."""
    lines = (
        files("triagedesk.demo").joinpath("samples.jsonl").read_text(encoding="utf-8").splitlines()
    )
    samples = []
    for line in lines:
        row = json.loads(line)
        ticket = TriageInput(
            text=row["text"], subject=row.get("subject", ""), tier=row.get("tier"),
            annual_value=row.get("annual_value"),
        )  # fmt: skip
        samples.append((row["customer"], ticket))
    return samples


@click.command("demo")
def command() -> None:
    """Triage the bundled sample complaints in five languages and print each decision."""
    engine = build_engine(load_settings())
    samples = sample_tickets()
    ordered = sorted(
        ((name, engine.triage(ticket)) for name, ticket in samples),
        key=lambda item: -(item[1].priority.points if item[1].priority else 0),
    )
    for name, result in ordered:
        click.echo(click.style(f"== {name}: {result.input.subject}", bold=True))
        click.echo(render_decision(result, engine.policy.sla.timezone))
        click.echo()
    click.echo(f"{len(ordered)} sample complaints triaged, most urgent first.")
