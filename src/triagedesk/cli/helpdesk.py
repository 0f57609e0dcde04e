"""Helpdesk commands: `triagedesk migrate` (more follow with the web service)."""

from __future__ import annotations

import os

import click


def django_setup() -> None:
    """Configure Django from triagedesk's settings (the environment, read by triagedesk.conf)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "triagedesk.helpdesk.settings")
    import django

    django.setup()


@click.command("migrate")
def migrate() -> None:
    """Create or upgrade the helpdesk database (SQLite in the data directory, or DATABASE_URL)."""
    django_setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
