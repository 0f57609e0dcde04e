"""The agent UI through Django's test client, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

WORKED_EXAMPLE = (
    "Den nya programversionen har satt hela vår bokföring ur spel. Vi kan inte längre skicka ut "
    "fakturor. Om inte detta fungerar imorgon måste vi se oss om efter alternativ."
)


@pytest.fixture
def agent(database: str) -> Any:
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(f"lead-{uuid.uuid4().hex[:8]}", password="a-long-test-password")
    user.groups.add(Group.objects.get(name="lead"))
    return user


@pytest.fixture
def browser(agent: Any) -> Any:
    from django.test import Client

    client = Client()
    assert client.login(username=agent.username, password="a-long-test-password")
    return client


def _tickets(marker: str = "") -> tuple[Any, Any]:
    from triagedesk.helpdesk.models import Contact, Customer
    from triagedesk.helpdesk.services import NewTicket, create_ticket

    customer = Customer.objects.create(
        name=f"Nordkust {uuid.uuid4().hex[:6]}", tier="A", annual_value=280000, language="sv"
    )
    contact = Contact.objects.create(customer=customer, email=f"{uuid.uuid4().hex}@example.se")
    low = create_ticket(NewTicket(text="Hur byter jag lösenord?", subject=f"Lösenord {marker}"))
    critical = create_ticket(
        NewTicket(text=WORKED_EXAMPLE, subject=f"Bokföringen {marker}", contact=contact)
    )
    return critical, low


def test_pages_need_a_login(database: str) -> None:
    from django.test import Client

    response = Client().get("/")
    assert response.status_code == 302 and response["location"].startswith("/login/")


def test_the_queue_shows_the_critical_ticket_first(browser: Any) -> None:
    marker = uuid.uuid4().hex[:12]
    critical, low = _tickets(marker)
    page = browser.get("/", {"q": marker}).content.decode()
    references = re.findall(r'data-reference="(T-\d{4}-\d{6})"', page)
    assert references.index(critical.reference) < references.index(low.reference)
    assert 'class="badge critical"' in page
    rows = browser.get("/", {"q": marker}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in rows and critical.reference in rows  # htmx refresh gets the rows only


def test_the_ticket_view_explains_and_marks_the_evidence(browser: Any) -> None:
    critical, _ = _tickets()
    page = browser.get(f"/tickets/{critical.reference}/").content.decode()
    assert "15 points" in page and "business impact" in page
    assert '<mark class="ev ev-business_impact"' in page and ">ur spel</mark>" in page
    assert "Tier A" in page


def test_an_agent_corrects_replies_and_the_history_shows_both(browser: Any, agent: Any) -> None:
    critical, _ = _tickets()
    url = f"/tickets/{critical.reference}/"
    browser.post(
        url + "correct/",
        {"field": "category", "value": "billing", "reason": "invoices are the issue"},
    )
    browser.post(url + "reply/", {"text": "Vi har hittat felet."})
    page = browser.get(url).content.decode()
    assert "Vi har hittat felet." in page
    assert f"<b>{agent.username}</b> category: technical → billing" in page
    assert "<b>triage engine</b> category" in page
    critical.refresh_from_db()
    assert critical.category == "billing" and critical.first_response_at is not None


def test_a_refused_action_is_shown_not_raised(browser: Any) -> None:
    critical, _ = _tickets()
    url = f"/tickets/{critical.reference}/"
    response = browser.post(
        url + "correct/", {"field": "category", "value": "billing", "reason": ""}, follow=True
    )
    assert response.status_code == 200 and "needs a reason" in response.content.decode()


def test_the_admin_lists_customers_and_shows_tickets_read_only(database: str) -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    critical, _ = _tickets()
    admin_user = User.objects.create_superuser(
        f"admin-{uuid.uuid4().hex[:8]}", password="a-long-test-password"
    )
    client = Client()
    client.force_login(admin_user)
    assert critical.customer.name in client.get("/admin/helpdesk/customer/").content.decode()
    page = client.get(f"/admin/helpdesk/ticket/{critical.pk}/change/")
    assert page.status_code == 200 and "triage engine" in page.content.decode()
    assert client.get("/admin/helpdesk/ticket/add/").status_code == 403


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("sv", ("Prioritet", "Handläggare")),
        ("da", ("Prioritet", "Sagsbehandler")),
        ("en", ("Priority", "Assignee")),
    ],
)
def test_the_queue_speaks_the_agents_language(
    browser: Any, language: str, words: tuple[str, ...]
) -> None:
    page = browser.get("/", headers={"accept-language": language}).content.decode()
    assert all(word in page for word in words)
    assert f'<html lang="{language}">' in page
