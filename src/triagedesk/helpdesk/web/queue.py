"""The queue: open tickets, most urgent first, with filters, search and SLA countdowns."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext

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
# A countdown under an hour is shown as close to breaching.
SOON_SECONDS = 3600
# Up to this many hours a countdown also shows the minutes; from this many on, days.
HOURS_WITH_MINUTES = 10
DAYS_FROM_HOURS = 48


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
    return search(tickets, params.get("q", "")).order_by("rank", "first_response_due", "id")


def search(tickets: QuerySet[Ticket], text: str) -> QuerySet[Ticket]:
    """The tickets whose reference is `text`, or whose subject or customer's name contains it."""
    text = text.strip()
    if not text:
        return tickets
    return tickets.filter(
        Q(reference__iexact=text) | Q(subject__icontains=text) | Q(customer__name__icontains=text)
    )


def countdown(due: datetime | None, now: datetime, done: bool) -> dict[str, Any]:
    """'12 minutes left' or 'overdue by 3 hours', its state, and the due time for the live clock.

    The state is breached (past due), soon (under an hour) or ok; static/helpdesk/countdown.js
    recomputes text and state every second from `iso`, with the same phrases (the djangojs catalog).
    """
    if done:
        return {"text": gettext("met"), "state": "done", "iso": ""}
    if due is None:
        return {"text": "–", "state": "none", "iso": ""}
    left = (due - now).total_seconds()
    duration = span(left)
    iso = due.isoformat()
    if left <= 0:
        return {
            "text": gettext("overdue by %(duration)s") % {"duration": duration},
            "state": "breached",
            "iso": iso,
        }
    state = "soon" if left < SOON_SECONDS else "ok"
    return {
        "text": gettext("%(duration)s left") % {"duration": duration},
        "state": state,
        "iso": iso,
    }


def span(seconds: float) -> str:
    """Whole minutes, rounded up and at least one: '1 minute', '3 hours 5 minutes', '30 hours', '4 days'.

    Minutes are shown under HOURS_WITH_MINUTES hours, then hours, and days from DAYS_FROM_HOURS.
    """
    minutes = max(1, math.ceil(abs(seconds) / 60))
    if minutes < 60:
        return _minutes(minutes)
    hours = minutes // 60
    if hours >= DAYS_FROM_HOURS:
        days = minutes // (24 * 60)
        return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}
    hours_text = ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}
    if hours >= HOURS_WITH_MINUTES or minutes % 60 == 0:
        return hours_text
    # Translators: a duration of hours and minutes, e.g. "3 hours 5 minutes".
    return gettext("%(hours)s %(minutes)s") % {
        "hours": hours_text,
        "minutes": _minutes(minutes % 60),
    }


def _minutes(count: int) -> str:
    return ngettext("%(count)s minute", "%(count)s minutes", count) % {"count": count}
