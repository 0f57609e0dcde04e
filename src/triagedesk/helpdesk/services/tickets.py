"""Create tickets (triaged on the way in), add messages, change status, assign, correct triage."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from triagedesk import __version__
from triagedesk.errors import TransitionError
from triagedesk.helpdesk.models import (
    AuditEvent,
    Contact,
    Customer,
    Message,
    MessageKind,
    Status,
    Ticket,
    TriageDecision,
    TriageLabel,
)
from triagedesk.helpdesk.services.engine import engine
from triagedesk.helpdesk.services.inserts import insert_new
from triagedesk.helpdesk.services.references import catch_up, next_reference
from triagedesk.helpdesk.services.teams import team_named
from triagedesk.triage.analyzers.sla import DueTimes
from triagedesk.triage.pipeline import Pipeline
from triagedesk.triage.result import TriageInput, TriageResult

ENGINE_ACTOR = "triage engine"
# Which statuses a ticket may move to from each status; a closed ticket stays closed.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset(
        {Status.OPEN, Status.PENDING, Status.ON_HOLD, Status.SOLVED, Status.CLOSED}
    ),
    Status.OPEN: frozenset({Status.PENDING, Status.ON_HOLD, Status.SOLVED}),
    Status.PENDING: frozenset({Status.OPEN, Status.ON_HOLD, Status.SOLVED}),
    Status.ON_HOLD: frozenset({Status.OPEN, Status.PENDING, Status.SOLVED}),
    Status.SOLVED: frozenset({Status.OPEN, Status.CLOSED}),
    Status.CLOSED: frozenset(),
}
CORRECTABLE = ("category", "sub_category", "level")
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class NewTicket:
    """What arrives: the customer's text and what we know about who sent it."""

    text: str
    subject: str = ""
    channel: str = "api"
    customer: Customer | None = None
    contact: Contact | None = None
    received_at: datetime | None = None
    raw_source: str = ""


def create_ticket(
    new: NewTicket, triage: Pipeline | None = None, now: Clock = timezone.now
) -> Ticket:
    """Triage the text, then store ticket, first message, decision and audit in one transaction."""
    pipeline = triage or engine()
    received = new.received_at or now()
    customer = new.customer or (new.contact.customer if new.contact else None)
    result = pipeline.triage(_triage_input(new, customer, received))
    decided, moment = result.to_dict(), now()
    ticket = Ticket(
        subject=new.subject[:300],
        channel=new.channel,
        customer=customer,
        contact=new.contact,
        created_at=received,
    )
    _apply_result(ticket, result, decided)
    model_version = pipeline.policy.category.model or "cold-start"
    records = (new, model_version, decided, moment)
    try:
        _store_new(ticket, received.year, *records)
    except IntegrityError:
        # Once more after the likely causes are mended: a reference already taken (tickets
        # loaded without their numbering) or a team deleted while this process trusted it.
        catch_up(received.year)
        if result.team:
            team_named.forget(result.team)
            ticket.team = team_named(result.team)
        ticket.pk, ticket._state.adding = None, True
        _store_new(ticket, received.year, *records)
    return ticket


def _store_new(
    ticket: Ticket,
    year: int,
    new: NewTicket,
    model_version: str,
    decided: dict[str, Any],
    moment: datetime,
) -> None:
    """Number and store the ticket with its first message, decision and audit events."""
    message, decision, events = _arrival_records(ticket, new, model_version, decided, moment)
    # Everything is built before the transaction: on SQLite it holds the database's one write
    # lock, which the other workers' tickets wait for.
    with transaction.atomic():
        ticket.reference = next_reference(year)
        ticket.save()
        insert_new([message], [decision], events)


def _arrival_records(
    ticket: Ticket, new: NewTicket, model_version: str, decided: dict[str, Any], moment: datetime
) -> tuple[Message, TriageDecision, list[AuditEvent]]:
    """A new ticket's first message, triage decision and audit events, not saved yet."""
    message = Message(
        ticket=ticket,
        kind=MessageKind.INBOUND,
        text=new.text,
        author_contact=new.contact,
        raw_source=new.raw_source,
        created_at=ticket.created_at,
    )
    decision = TriageDecision(
        ticket=ticket,
        engine_version=__version__,
        model_version=model_version,
        result=decided,
        created_at=moment,
    )
    events = [
        _event(ticket, None, field, "", getattr(ticket, field), "triaged on arrival", moment)
        for field in ("category", "sub_category", "level", "team", "needs_review")
    ]
    return message, decision, events


def _triage_input(new: NewTicket, customer: Customer | None, received: datetime) -> TriageInput:
    return TriageInput(
        text=new.text,
        subject=new.subject,
        tier=customer.tier if customer else None,
        annual_value=float(customer.annual_value) if customer and customer.annual_value else None,
        customer_language=customer.language if customer and customer.language else None,
        received_at=received,
    )


def _apply_result(ticket: Ticket, result: TriageResult, decided: dict[str, Any]) -> None:
    if result.category:
        ticket.category = result.category.label
        ticket.sub_category = result.category.sub or ""
    if result.priority:
        ticket.level = result.priority.level
        ticket.points = result.priority.points
        ticket.breakdown = decided["priority"]["reasons"]
    if result.sentiment:
        ticket.sentiment = result.sentiment.score
        ticket.sentiment_label = result.sentiment.label
    ticket.language = result.language or ""
    ticket.needs_review = result.needs_review
    ticket.review_reasons = list(result.review_reasons)
    ticket.first_response_due = result.first_response_due
    ticket.resolution_due = result.resolution_due
    if result.team:
        ticket.team = team_named(result.team)


def add_message(
    ticket: Ticket,
    kind: str,
    text: str,
    author: AbstractBaseUser | None = None,
    contact: Contact | None = None,
    now: Clock = timezone.now,
) -> Message:
    """Add a reply, note or customer message; the first reply stops the first-response clock."""
    moment = now()
    with transaction.atomic():
        message = Message.objects.create(
            ticket=ticket,
            kind=kind,
            text=text,
            author_user=author,
            author_contact=contact,
            created_at=moment,
        )
        if kind == MessageKind.OUTBOUND and ticket.first_response_at is None:
            ticket.first_response_at = moment
            ticket.save(update_fields=["first_response_at", "updated_at"])
            _event(
                ticket,
                author,
                "first_response_at",
                "",
                moment.isoformat(),
                "first reply sent",
                moment,
            ).save()
    return message


def change_status(
    ticket: Ticket,
    status: str,
    actor: AbstractBaseUser | None,
    why: str = "",
    now: Clock = timezone.now,
) -> Ticket:
    """Move the ticket to `status` if the workflow allows it."""
    if status not in TRANSITIONS:
        raise TransitionError(f"unknown status '{status}'; known: {', '.join(TRANSITIONS)}")
    if status == ticket.status:
        return ticket
    if status not in TRANSITIONS[ticket.status]:
        allowed = (
            ", ".join(sorted(TRANSITIONS[ticket.status])) or "none (closed tickets stay closed)"
        )
        raise TransitionError(
            f"{ticket.reference} cannot go from {ticket.status} to {status}; allowed: {allowed}"
        )
    moment = now()
    old = ticket.status
    ticket.status = status
    if status == Status.SOLVED:
        ticket.solved_at = moment
    elif status == Status.CLOSED:
        ticket.closed_at = moment
    elif status == Status.OPEN:
        ticket.solved_at = None
    with transaction.atomic():
        ticket.save()
        _event(ticket, actor, "status", old, status, why, moment).save()
    return ticket


def assign(
    ticket: Ticket,
    assignee: AbstractBaseUser | None,
    actor: AbstractBaseUser | None,
    now: Clock = timezone.now,
) -> Ticket:
    """Give the ticket to an agent (or take it back to the team with None)."""
    old = ticket.assignee.get_username() if ticket.assignee else ""
    ticket.assignee = assignee  # type: ignore[assignment]
    with transaction.atomic():
        ticket.save(update_fields=["assignee", "updated_at"])
        new = assignee.get_username() if assignee else ""
        _event(ticket, actor, "assignee", old, new, "", now()).save()
    return ticket


def correct_triage(
    ticket: Ticket,
    agent: AbstractBaseUser,
    field: str,
    value: str,
    reason: str,
    now: Clock = timezone.now,
) -> Ticket:
    """An agent overrules the engine: stored as a label (for training) and in the audit trail."""
    if field not in CORRECTABLE:
        raise TransitionError(f"only {', '.join(CORRECTABLE)} can be corrected, not '{field}'")
    if not reason.strip():
        raise TransitionError("a correction needs a reason: it is what the next model learns from")
    moment = now()
    old = str(getattr(ticket, field))
    with transaction.atomic():
        TriageLabel.objects.create(
            ticket=ticket,
            agent=agent,
            field=field,
            machine_value=old,
            human_value=value,
            reason=reason,
            created_at=moment,
        )
        setattr(ticket, field, value)
        if field == "level":
            _reschedule(ticket)
        ticket.needs_review = False
        ticket.save()
        _event(ticket, agent, field, old, value, reason, moment).save()
    return ticket


def _reschedule(ticket: Ticket) -> None:
    """Due times follow a corrected priority level, counted from when the ticket arrived."""
    due = DueTimes(engine().policy)
    ticket.first_response_due = due.calendar.due(
        ticket.created_at, due.first_response[ticket.level]
    )
    ticket.resolution_due = due.calendar.due(ticket.created_at, due.resolution[ticket.level])


def _event(
    ticket: Ticket,
    actor: AbstractBaseUser | None,
    field: str,
    old: Any,
    new: Any,
    why: str,
    moment: datetime,
) -> AuditEvent:
    """An audit entry (unsaved): by `actor`, or by the triage engine when there is none."""
    return AuditEvent(
        ticket=ticket,
        actor=actor,
        actor_label=actor.get_username() if actor else ENGINE_ACTOR,
        field=field,
        old_value="" if old is None else str(old),
        new_value="" if new is None else str(new),
        why=why,
        created_at=moment,
    )
