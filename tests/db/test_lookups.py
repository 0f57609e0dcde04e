"""Lookups in SQL built from the models' fields load what the ORM loads, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db.models import Model


def _columns(row: Model) -> dict[str, object]:
    return {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}


def test_a_contact_and_its_customer_load_as_the_orm_loads_them(database: str) -> None:
    from triagedesk.helpdesk.models import Contact, Customer
    from triagedesk.helpdesk.services.lookups import first_with_parent

    customer = Customer.objects.create(
        name="Fjällbo AB", tier="A", language="sv", annual_value=Decimal("125000.50")
    )
    email = f"{uuid.uuid4().hex}@fjallbo.se"
    contact = Contact.objects.create(customer=customer, name="Åsa", email=email)
    found = first_with_parent(Contact, "customer", "UPPER(row.email) = UPPER(%s)", [email.upper()])
    assert found is not None
    by_orm = Contact.objects.select_related("customer").get(pk=contact.pk)
    assert _columns(found) == _columns(by_orm)
    assert _columns(found.customer) == _columns(by_orm.customer)
    assert isinstance(found.customer.annual_value, Decimal) and found.customer.created_at.tzinfo
    assert not found._state.adding and found._state.db == by_orm._state.db


def test_nothing_found_is_none(database: str) -> None:
    from triagedesk.helpdesk.models import ApiToken
    from triagedesk.helpdesk.services.lookups import first_with_parent

    assert first_with_parent(ApiToken, "user", "row.digest = %s", ["no such digest"]) is None


def test_a_token_of_a_deactivated_user_is_refused(database: str) -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    from triagedesk.helpdesk.models import ApiToken

    user = User.objects.create_user(f"lead-{uuid.uuid4().hex[:8]}", is_superuser=True)
    _, secret = ApiToken.issue(user)
    client = Client(headers={"authorization": f"Bearer {secret}"})
    assert client.get("/api/customers").status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get("/api/customers").status_code == 401
