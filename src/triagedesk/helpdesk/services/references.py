"""Human ticket references T-YYYY-NNNNNN: unique under concurrency on SQLite and PostgreSQL."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from triagedesk.helpdesk.models import TicketSequence


def next_reference(year: int) -> str:
    """The next reference of `year`; call inside the transaction that stores the ticket.

    The UPDATE locks the year's counter row until the transaction ends (PostgreSQL row lock;
    SQLite's write lock, taken at BEGIN IMMEDIATE), so no two tickets share a number. A rolled
    back ticket leaves a gap, which references tolerate.
    """
    if not TicketSequence.objects.filter(year=year).update(last=F("last") + 1):
        try:
            with transaction.atomic():
                TicketSequence.objects.create(year=year, last=1)
        except IntegrityError:  # another transaction created the year's row first
            TicketSequence.objects.filter(year=year).update(last=F("last") + 1)
    number = TicketSequence.objects.values_list("last", flat=True).get(year=year)
    return f"T-{year}-{number:06d}"
