"""Helpdesk commands: `triagedesk migrate`, `serve`, `createadmin` and `token create`."""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

import click

from triagedesk.errors import InputDataError


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


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="The TCP port."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Worker processes; each answers one request at a time.",
)
def serve(host: str, port: int, workers: int) -> None:
    """Serve the helpdesk (agent UI, admin, REST API) with gunicorn until Ctrl-C or SIGTERM.

    Migrates the database and collects the static files into the data directory first;
    both do nothing when already done.
    """
    django_setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    _warm_engine()
    connections.close_all()  # a connection must not be shared by forked workers
    address = f"[{host}]" if ":" in host and not host.startswith("[") else host
    plural = "" if workers == 1 else "s"
    click.echo(f"triagedesk: serving http://{address}:{port}/ with {workers} worker{plural}")
    _gunicorn(f"{address}:{port}", workers).run()


def _warm_engine() -> None:
    """Build the engine and triage a seed text in each language before the workers fork.

    The workers then share the loaded tables (they load lazily, per language), so no first
    ticket waits for them, and a broken policy stops the start instead of the first ticket.
    """
    from triagedesk.helpdesk.services.tickets import engine
    from triagedesk.triage.learn.coldstart import seed_rows
    from triagedesk.triage.result import TriageInput

    first_of_language = {row["language"]: row for row in reversed(seed_rows())}
    for row in first_of_language.values():
        engine().triage(TriageInput(text=row["text"], subject=row["subject"]))


def _gunicorn(bind: str, workers: int) -> Any:
    """Gunicorn running the helpdesk's WSGI application, static files served by WhiteNoise."""
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", [bind])
            self.cfg.set("workers", workers)
            self.cfg.set("proc_name", "triagedesk")
            # Loaded once in this process and shared by the workers (as the engine is).
            self.cfg.set("preload_app", True)
            # Its default path is one per user: a second server would take it over.
            self.cfg.set("control_socket_disable", True)

        def load(self) -> Any:
            from django.conf import settings
            from whitenoise import WhiteNoise

            from triagedesk.helpdesk.wsgi import application

            served = WhiteNoise(application, root=settings.STATIC_ROOT, prefix=settings.STATIC_URL)
            # What is loaded by now (engine tables, Django) lives as long as the server: frozen,
            # it is left out of the workers' garbage collections (a full one, a stall of the
            # request that sets it off, took 100 ms; now 30) and its pages stay shared.
            gc.collect()
            gc.freeze()
            return served

    return Server()


@click.command("createadmin")
@click.option("--username", required=True, help="The new administrator's user name.")
@click.option("--email", default="", help="Their e-mail address.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of asking for it.",
)
def createadmin(username: str, email: str, password_stdin: bool) -> None:
    """Create an administrator: a superuser in the admin role, who may also use /admin/.

    The password is asked for twice (or read from standard input), never taken as an option.
    """
    django_setup()
    from django.contrib.auth import get_user_model, password_validation
    from django.contrib.auth.models import Group
    from django.core.exceptions import ValidationError
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", interactive=False, verbosity=0)
    users = get_user_model()
    if users.objects.filter(username=username).exists():
        raise InputDataError(f"a user '{username}' already exists; choose another --username")
    user = users(username=username, email=email, is_staff=True, is_superuser=True)
    try:
        user.full_clean(exclude=["password"])
        password = _new_password(password_stdin)
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise InputDataError(" ".join(exc.messages)) from exc
    user.set_password(password)
    with transaction.atomic():
        user.save()
        user.groups.add(Group.objects.get(name="admin"))
    click.echo(f"created the administrator '{username}'")


def _new_password(from_stdin: bool) -> str:
    """The password from standard input's first line, or asked for twice without echo."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not password:
        raise InputDataError("the password is empty")
    return str(password)


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

    from triagedesk.helpdesk.models import ApiToken

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise InputDataError(f"no user '{username}'; create one first (e.g. with the admin)")
    _, secret = ApiToken.issue(user, name)
    click.echo(secret)
