"""Load the demo helpdesk written for the project: customers, eight weeks of tickets, demo users.

Idempotent: customers are found again by name, tickets by their `demo:<key>` tag, users by name.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib.resources import files
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.utils import timezone

from triagedesk.helpdesk import services
from triagedesk.helpdesk.models import Agent, Contact, Customer, Team, Ticket

DEMO_USERS = (("admin", "admin"), ("lead", "team lead"), ("agent", "agent"))


@dataclass
class Loaded:
    """What a load added (zero everywhere on a second run) and the demo users' passwords."""

    customers: int = 0
    tickets: int = 0
    credentials: dict[str, str] | None = None


def _rows(name: str) -> Iterator[dict[str, Any]]:
    text = files("triagedesk.demo").joinpath("helpdesk", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip():
            yield json.loads(line)


def load_demo(now: datetime | None = None) -> Loaded:
    """Create what is missing of the demo; return what was added and new users' passwords."""
    moment = now or timezone.now()
    loaded = Loaded(credentials=_users())
    users = {
        user.get_username(): user
        for user in get_user_model().objects.filter(username__in=[u for u, _ in DEMO_USERS])
    }
    customers: dict[str, Customer] = {}
    for row in _rows("customers.jsonl"):
        customers[row["key"]], created = _customer(row, users)
        loaded.customers += created
    existing = {
        tag
        for tags in Ticket.objects.filter(tags__isnull=False).values_list("tags", flat=True)
        for tag in tags
    }
    for row in _rows("tickets.jsonl"):
        if f"demo:{row['key']}" not in existing:
            _ticket(row, customers, users, moment)
            loaded.tickets += 1
    _agent_profile(users)
    return loaded


def _users() -> dict[str, str]:
    """The demo users, created with a fresh random password each (only new ones are returned)."""
    model = get_user_model()
    credentials = {}
    for username, role in DEMO_USERS:
        if model.objects.filter(username=username).exists():
            continue
        password = secrets.token_urlsafe(9)
        user = model.objects.create_user(username, password=password, first_name=role.title())
        if username == "admin":
            user.is_staff = user.is_superuser = True
            user.save()
        user.groups.add(Group.objects.get(name=username))
        credentials[username] = password
    return credentials


def _agent_profile(users: dict[str, AbstractBaseUser]) -> None:
    """The demo agent works in every team, in the demo's five languages."""
    user = users.get("agent")
    if user is None:
        return
    profile, _ = Agent.objects.get_or_create(
        user=user, defaults={"languages": ["sv", "da", "no", "de", "en"]}
    )
    profile.teams.add(*Team.objects.all())


def _customer(row: dict[str, Any], users: dict[str, AbstractBaseUser]) -> tuple[Customer, bool]:
    found = Customer.objects.filter(name=row["name"]).first()
    if found is not None:
        return found, False
    customer = services.create_customer(
        name=row["name"],
        org_number=row.get("org_number", ""),
        country=row.get("country", ""),
        language=row.get("language", ""),
        tier=row.get("tier", "C"),
        annual_value=row.get("annual_value"),
        segment=row.get("segment", ""),
        account_manager=users.get(row.get("account_manager", "")),
    )
    for person in row.get("contacts", []):
        Contact.objects.get_or_create(
            email=person["email"],
            defaults={
                "customer": customer,
                "name": person.get("name", ""),
                "phone": person.get("phone", ""),
            },
        )
    return customer, True


def _ticket(
    row: dict[str, Any],
    customers: dict[str, Customer],
    users: dict[str, AbstractBaseUser],
    now: datetime,
) -> None:
    created = now - timedelta(days=float(row.get("days_ago", 0)))
    customer = customers.get(row.get("customer", ""))
    contact = Contact.objects.filter(email=row.get("contact", "")).first()
    messages = row.get("messages", [])
    first = next(
        (m for m in messages if m.get("kind") == "inbound"), {"text": row.get("subject", "")}
    )
    new = services.NewTicket(
        text=first["text"], subject=row.get("subject", ""), channel=row.get("channel", "email"),
        customer=customer, contact=contact, received_at=created,
    )  # fmt: skip
    ticket = services.create_ticket(new, now=lambda: created)
    ticket.tags = [*ticket.tags, f"demo:{row['key']}"]
    ticket.save(update_fields=["tags"])
    last = created
    for message in messages:
        if message is first:
            continue
        at = created + timedelta(minutes=float(message.get("minutes_after", 0)))
        if at > now:
            continue
        last = max(last, at)
        author = users.get(message.get("author", ""))
        sender = None if author else Contact.objects.filter(email=message.get("author", "")).first()
        services.add_message(
            ticket,
            message.get("kind", "note"),
            message["text"],
            author=author,
            contact=sender,
            now=lambda at=at: at,
        )
    _settle_status(ticket, row.get("status", "new"), users.get("agent"), last)


def _settle_status(
    ticket: Ticket, status: str, agent: AbstractBaseUser | None, at: datetime
) -> None:
    """Walk the workflow to the row's status (solved before closed) at the last message's time."""
    path = {
        "open": ["open"],
        "pending": ["open", "pending"],
        "on_hold": ["open", "on_hold"],
        "solved": ["open", "solved"],
        "closed": ["open", "solved", "closed"],
    }
    for step in path.get(status, []):
        services.change_status(ticket, step, agent, "demo history", now=lambda: at)
