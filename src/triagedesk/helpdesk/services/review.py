"""The review queue's two outcomes: a person confirms the engine's decision, or corrects it."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from triagedesk.errors import TransitionError
from triagedesk.helpdesk.models import Ticket
from triagedesk.helpdesk.services.tickets import Clock, _event, correct_triage

# The audit reasons of the two outcomes (the history translates them).
CONFIRMED = "confirmed in review"
CORRECTED = "corrected in review"


def confirm_triage(ticket: Ticket, reviewer: AbstractBaseUser, now: Clock = timezone.now) -> Ticket:
    """The engine was right: clear the review flag, with an audit event by the reviewer.

    What was confirmed is the category and priority the history shows before this event.
    """
    with transaction.atomic():
        current = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if not current.needs_review:
            raise TransitionError(f"{ticket.reference} needs no review (any more)")
        current.needs_review = False
        current.save(update_fields=["needs_review", "updated_at"])
        _event(current, reviewer, "needs_review", True, False, CONFIRMED, now()).save()
    ticket.needs_review = False
    return ticket


def correct_in_review(
    ticket: Ticket,
    reviewer: AbstractBaseUser,
    changes: dict[str, str],
    reason: str,
    now: Clock = timezone.now,
) -> Ticket:
    """The engine was wrong: `correct_triage` for each changed field, then clear the review flag.

    `changes` maps category, sub_category or level to the new value; fields whose value is
    unchanged are left alone, and a correction that changes nothing is refused.
    """
    with transaction.atomic():
        current = Ticket.objects.select_for_update().get(pk=ticket.pk)
        changed = {f: value for f, value in changes.items() if getattr(current, f) != value}
        if not changed:
            raise TransitionError(
                "the correction changes nothing: pick another category or priority, or confirm"
            )
        flagged = current.needs_review
        for field, value in changed.items():
            correct_triage(current, reviewer, field, value, reason, now=now)
        if flagged:
            _event(current, reviewer, "needs_review", True, False, CORRECTED, now()).save()
    return current
