"""Customers and contacts."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from triagedesk.errors import InputDataError
from triagedesk.helpdesk.models import Contact, Customer, Tier
from triagedesk.helpdesk.services.lookups import first_with_parent


def create_customer(**fields: Any) -> Customer:
    """A new customer; the tier must be one of VIP, A, B, C."""
    tier = fields.get("tier", Tier.C)
    if tier not in Tier.values:
        raise InputDataError(f"tier must be one of {', '.join(Tier.values)}, not {tier!r}")
    return Customer.objects.create(**fields)


def contact_for(
    email: str | None, name: str = "", customer: Customer | None = None
) -> Contact | None:
    """The contact with this e-mail, created under `customer` when it is new (None without one).

    The e-mail matches in any letter case; the contact comes with its customer.
    """
    if not email:
        return None
    found = _contact_by_email(email)
    if found is not None or customer is None:
        return found
    try:
        with transaction.atomic():
            return Contact.objects.create(customer=customer, email=email, name=name)
    except IntegrityError:  # a parallel request added the same e-mail first
        return _contact_by_email(email)


def _contact_by_email(email: str) -> Contact | None:
    # UPPER on both sides, as the database folds case: the contact_email_upper index answers it.
    return first_with_parent(Contact, "customer", "UPPER(row.email) = UPPER(%s)", [email])
