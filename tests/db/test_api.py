"""The REST API over real HTTP handling (Django's test client), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

WORKED_EXAMPLE = (
    "Den nya programversionen har satt hela vår bokföring ur spel. Vi kan inte längre skicka ut "
    "fakturor. Om inte detta fungerar imorgon måste vi se oss om efter alternativ."
)


@pytest.fixture
def client(database: str) -> Any:
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from triagedesk.helpdesk.models import ApiToken

    user = User.objects.create_user(f"api-{uuid.uuid4().hex[:8]}")
    user.groups.add(Group.objects.get(name="lead"))
    _, secret = ApiToken.issue(user, "test")
    return Client(headers={"authorization": f"Bearer {secret}"})


def _post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_no_endpoint_is_open_without_a_token(database: str) -> None:
    from django.test import Client

    anonymous = Client()
    assert anonymous.get("/api/tickets").status_code == 401
    assert _post(anonymous, "/api/triage", {"text": "hej"}).status_code == 401
    wrong = Client(headers={"authorization": "Bearer td_not-a-token"})
    assert wrong.get("/api/customers").status_code == 401


def test_triage_alone_returns_the_decision_and_stores_nothing(client: Any) -> None:
    from triagedesk.helpdesk.models import Ticket

    before = Ticket.objects.count()
    response = _post(
        client, "/api/triage", {"text": WORKED_EXAMPLE, "tier": "A", "annual_value": 280000}
    )
    assert response.status_code == 200
    decision = response.json()
    assert decision["priority"]["level"] == "critical" and decision["priority"]["points"] == 15
    assert Ticket.objects.count() == before


def test_a_ticket_is_created_queued_answered_and_corrected(client: Any) -> None:
    customer = _post(
        client, "/api/customers", {"name": "Nordkust Bygg AB", "tier": "A", "annual_value": 280000}
    )
    assert customer.status_code == 201
    email = f"{uuid.uuid4().hex}@example.se"
    created = _post(
        client,
        "/api/tickets",
        {
            "text": WORKED_EXAMPLE,
            "subject": "Bokföringen",
            "customer_id": customer.json()["id"],
            "contact_email": email,
        },
    )
    assert created.status_code == 201, created.content
    ticket = created.json()
    assert ticket["level"] == "critical" and ticket["team"] == "Technical support"
    low = _post(client, "/api/tickets", {"text": "Hur byter jag lösenord?"}).json()
    queue = client.get("/api/tickets", {"status": "new", "limit": 500}).json()
    order = [t["reference"] for t in queue]
    assert order.index(ticket["reference"]) < order.index(low["reference"])
    reference = ticket["reference"]
    assert (
        _post(
            client, f"/api/tickets/{reference}/messages", {"text": "Vi tittar på det nu."}
        ).status_code
        == 201
    )
    moved = _post(client, f"/api/tickets/{reference}/status", {"status": "open"})
    assert moved.status_code == 200 and moved.json()["status"] == "open"
    fixed = _post(
        client,
        f"/api/tickets/{reference}/correction",
        {"field": "category", "value": "billing", "reason": "fakturering"},
    )
    assert fixed.status_code == 200 and fixed.json()["category"] == "billing"


@pytest.mark.parametrize(
    ("url", "body", "status", "message"),
    [
        ("/api/tickets", {"subject": "no text"}, 422, "text"),
        ("/api/customers", {"name": "X", "tier": "Z"}, 400, "tier must be one of"),
        ("/api/tickets/T-1999-000001/status", {"status": "open"}, 404, ""),
    ],
)
def test_bad_requests_get_clear_json_errors(
    client: Any, url: str, body: dict[str, Any], status: int, message: str
) -> None:
    response = _post(client, url, body)
    assert response.status_code == status
    assert response["content-type"].startswith("application/json")
    assert message in response.content.decode()


def test_a_forbidden_transition_is_a_conflict(client: Any) -> None:
    reference = _post(client, "/api/tickets", {"text": "Appen kraschar"}).json()["reference"]
    _post(client, f"/api/tickets/{reference}/status", {"status": "closed"})
    response = _post(client, f"/api/tickets/{reference}/status", {"status": "open"})
    assert response.status_code == 409
    assert (
        "closed stay closed" in response.json()["detail"]
        or "cannot go from closed" in response.json()["detail"]
    )


def test_invalid_json_is_a_clear_error(client: Any) -> None:
    response = client.post("/api/tickets", data="{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert response["content-type"].startswith("application/json")


def test_an_agent_sees_only_the_tickets_of_their_teams(client: Any) -> None:
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from triagedesk.helpdesk.models import Agent, ApiToken, Team

    reference = _post(client, "/api/tickets", {"text": WORKED_EXAMPLE}).json()[
        "reference"
    ]  # Technical support
    agent = User.objects.create_user(f"agent-{uuid.uuid4().hex[:8]}")
    agent.groups.add(Group.objects.get(name="agent"))
    profile = Agent.objects.create(user=agent)
    _, secret = ApiToken.issue(agent)
    as_agent = Client(headers={"authorization": f"Bearer {secret}"})
    assert as_agent.get(f"/api/tickets/{reference}").status_code == 404
    profile.teams.add(Team.objects.get(name="Technical support"))
    assert as_agent.get(f"/api/tickets/{reference}").status_code == 200
    assert _post(as_agent, "/api/customers", {"name": "X"}).status_code == 403


def test_creating_a_ticket_for_a_known_contact_takes_eight_statements(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Token, role, contact with customer; then reference, ticket, message, decision, audit.

    The team was looked up by the ticket before, and the clock is stopped within its trust.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from triagedesk.helpdesk.models import Contact, Customer
    from triagedesk.helpdesk.services.teams import team_named

    monkeypatch.setattr(team_named, "_clock", lambda: 1_000_000.0)

    customer = Customer.objects.create(name="Fjordline AS", tier="VIP", language="no")
    contact = Contact.objects.create(customer=customer, email=f"{uuid.uuid4().hex}@example.no")
    body = {"text": WORKED_EXAMPLE, "contact_email": contact.email.upper()}
    assert _post(client, "/api/tickets", body).status_code == 201  # also notes the token's use
    with CaptureQueriesContext(connection) as queries:
        created = _post(client, "/api/tickets", body)
    assert created.status_code == 201, created.content
    statements = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith(("SELECT", "INSERT", "UPDATE", "DELETE"))
        and "helpdesk_policyversion" not in q["sql"]  # the engine's policy check, once a second
    ]
    assert len(statements) == 8, "\n".join(statements)
    ticket = created.json()
    assert ticket["customer_id"] == customer.pk and ticket["level"] == "critical"
