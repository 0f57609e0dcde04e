"""The demo helpdesk loads on both databases, and loading it twice adds nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib.auth import get_user_model

MONDAY_8 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


def test_demo_loads_once_with_users_customers_and_a_critical_top(database: str) -> None:
    from triagedesk.demo.loader import load_demo
    from triagedesk.helpdesk.models import Customer, Ticket
    from triagedesk.helpdesk.web.queue import LEVEL_RANK

    before = Ticket.objects.count()
    first = load_demo(now=MONDAY_8)
    assert first.tickets >= 300 and Customer.objects.count() >= 30
    assert set(first.credentials or {}) == {"admin", "lead", "agent"}
    assert get_user_model().objects.get(username="admin").is_superuser
    again = load_demo(now=MONDAY_8)
    assert (again.tickets, again.customers, again.credentials) == (0, 0, {})
    assert Ticket.objects.count() == before + first.tickets
    top = Ticket.objects.exclude(status__in=["solved", "closed"]).annotate(rank=LEVEL_RANK)
    assert top.order_by("rank", "first_response_due").first().level == "critical"
    languages = set(Ticket.objects.values_list("language", flat=True))
    assert {"sv", "da", "no", "de", "en"} <= languages
    solved = Ticket.objects.filter(status="solved").first()
    assert solved is not None and solved.solved_at is not None and solved.solved_at <= MONDAY_8


def test_demo_users_have_their_roles_and_the_agent_sees_the_queue(database: str) -> None:
    from triagedesk.demo.loader import load_demo
    from triagedesk.helpdesk.roles import role_of, workable_tickets

    load_demo(now=MONDAY_8)
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["admin", "lead", "agent"])
    }
    assert {name: role_of(user) for name, user in users.items()} == {
        "admin": "admin",
        "lead": "lead",
        "agent": "agent",
    }
    assert workable_tickets(users["agent"]).count() > 300
