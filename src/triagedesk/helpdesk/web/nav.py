"""What every page's header needs: the review count for those who work the review queue."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from triagedesk.helpdesk.models import Ticket
from triagedesk.helpdesk.roles import has_role, workable_tickets
from triagedesk.helpdesk.web.queue import (
    DAYS_FROM_HOURS,
    HOURS_WITH_MINUTES,
    LEVEL_RANK,
    OPEN_STATUSES,
    SOON_SECONDS,
)


def review_queue(user: Any) -> QuerySet[Ticket]:
    """The open tickets flagged for review that `user` may work, most urgent first."""
    tickets = Ticket.objects.filter(needs_review=True, status__in=OPEN_STATUSES)
    return (
        workable_tickets(user, tickets)
        .select_related("customer", "team", "assignee")
        .annotate(rank=LEVEL_RANK)
        .order_by("rank", "first_response_due", "id")
    )


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The header's context: the review count (None for agents, who have no review page).

    And the countdowns' limits for countdown.js, so that it words them as the server does.
    """
    reviews = has_role(request.user, "lead")
    return {
        "review_count": review_queue(request.user).count() if reviews else None,
        "countdown_limits": {
            "soon_seconds": SOON_SECONDS,
            "hours_with_minutes": HOURS_WITH_MINUTES,
            "days_from_hours": DAYS_FROM_HOURS,
        },
    }


def render_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A whole page: `context` with the header's."""
    return render(request, template, {**navigation(request), **context})
