"""Customers and contacts."""

from __future__ import annotations

from typing import Any

from triagedesk.errors import InputDataError
from triagedesk.helpdesk.models import Contact, Customer, Tier


def create_customer(**fields: Any) -> Customer:
    """A new customer; the tier must be one of VIP, A, B, C."""
    tier = fields.get("tier", Tier.C)
    if tier not in Tier.values:
        raise InputDataError(f"tier must be one of {', '.join(Tier.values)}, not {tier!r}")
    return Customer.objects.create(**fields)


def contact_for(
    email: str | None, name: str = "", customer: Customer | None = None
) -> Contact | None:
    """The contact with this e-mail, created under `customer` when it is new (None without one)."""
    if not email:
        return None
    found = Contact.objects.filter(email__iexact=email).first()
    if found is not None or customer is None:
        return found
    return Contact.objects.create(customer=customer, email=email, name=name)
