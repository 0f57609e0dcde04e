"""The queue: open tickets, most urgent first, with filters, search and SLA countdowns."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest

from triagedesk.helpdesk.models import Status, Ticket

LEVEL_RANK = Case(
    When(level="critical", then=Value(0)),
    When(level="high", then=Value(1)),
    When(level="medium", then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)
OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)
FILTERS = ("view", "status", "category", "language", "level", "q")


def queue(request: HttpRequest) -> QuerySet[Ticket]:
    """The tickets the request's filters ask for, in queue order (level, then first-response due)."""
    params = request.GET
    tickets = Ticket.objects.select_related("customer", "team", "assignee").annotate(
        rank=LEVEL_RANK
    )
    status = params.get("status", "")
    tickets = tickets.filter(status=status) if status else tickets.filter(status__in=OPEN_STATUSES)
    view = params.get("view", "")
    if view == "mine":
        tickets = tickets.filter(assignee=request.user)
    elif view == "team":
        tickets = tickets.filter(team__agents__user=request.user)
    elif view == "unassigned":
        tickets = tickets.filter(assignee__isnull=True)
    elif view == "review":
        tickets = tickets.filter(needs_review=True)
    for field in ("category", "language", "level"):
        if params.get(field):
            tickets = tickets.filter(**{field: params[field]})
    if params.get("q"):
        text = params["q"].strip()
        tickets = tickets.filter(
            Q(reference__iexact=text)
            | Q(subject__icontains=text)
            | Q(customer__name__icontains=text)
        )
    return tickets.order_by("rank", "first_response_due", "id")


def countdown(due: datetime | None, now: datetime, done: bool) -> dict[str, Any]:
    """'in 12 min' or 'overdue 3 h', and whether it is breached or close (under an hour)."""
    if due is None or done:
        return {"text": "met" if done else "-", "state": "done" if done else "none"}
    left = due - now
    text = _span(abs(left))
    if left < timedelta(0):
        return {"text": f"overdue {text}", "state": "breached"}
    return {"text": f"in {text}", "state": "soon" if left < timedelta(hours=1) else "ok"}


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h {minutes % 60:02d} min"
    return f"{minutes // (24 * 60)} d"
