"""The `triagedesk` command line: one module per command group."""

from __future__ import annotations

from typing import Any

import click

from triagedesk import __version__
from triagedesk.errors import TriagedeskError


class _Commands(click.Group):
    """A group that turns project errors into a message on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TriagedeskError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="triagedesk")
def main() -> None:
    """triagedesk: explainable, multilingual triage for customer complaints."""


def _register() -> None:
    from triagedesk.cli import bench, demo, evaluate, helpdesk, train, triage

    for module in (triage, train, evaluate, bench, demo):
        main.add_command(module.command)
    main.add_command(helpdesk.migrate)
    main.add_command(helpdesk.serve)
    main.add_command(helpdesk.createadmin)
    main.add_command(helpdesk.token)


_register()
