"""`triagedesk demo`: the demo helpdesk, served; or, with --samples, the engine on sample complaints."""

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
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to serve on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="The port to serve on.",
)
@click.option("--no-serve", is_flag=True, help="Only create the database and load the demo data.")
@click.option(
    "--samples",
    is_flag=True,
    help="Only triage the bundled sample complaints and print the decisions.",
)
@click.pass_context
def command(ctx: click.Context, host: str, port: int, no_serve: bool, samples: bool) -> None:
    """Load the demo helpdesk (customers, eight weeks of tickets, users admin/lead/agent) and serve it.

    Creates the data directory and database when missing; running it again adds nothing. The
    new users' passwords are printed once.
    """
    if samples:
        _print_samples()
        return
    from triagedesk.cli.helpdesk import django_setup, serve

    django_setup()
    from django.core.management import call_command

    from triagedesk.demo.loader import load_demo

    call_command("migrate", interactive=False, verbosity=0)
    loaded = load_demo()
    click.echo(f"demo: {loaded.customers} customers and {loaded.tickets} tickets added")
    for username, password in (loaded.credentials or {}).items():
        click.echo(f"  user {username:<6} password {password}")
    if not loaded.credentials:
        click.echo(
            "  users admin, lead and agent exist already (passwords were printed on the first run)"
        )
    if not no_serve:
        ctx.invoke(serve, host=host, port=port, workers=2)


def _print_samples() -> None:
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
