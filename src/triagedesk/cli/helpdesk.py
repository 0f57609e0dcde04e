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


@click.group("token")
def token() -> None:
    """API tokens for scripts and integrations."""


@token.command("create")
@click.option("--user", "username", required=True, help="The user the token acts as.")
@click.option("--name", default="", help="What the token is for (shown in the admin).")
def create_token(username: str, name: str) -> None:
    """Print a new API token for USER (shown once; only its digest is stored)."""
    django_setup()
    from django.contrib.auth import get_user_model

    from triagedesk.errors import InputDataError
    from triagedesk.helpdesk.models import ApiToken

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise InputDataError(f"no user '{username}'; create one first (e.g. with the admin)")
    _, secret = ApiToken.issue(user, name)
    click.echo(secret)
