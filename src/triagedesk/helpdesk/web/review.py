"""The review queue: the engine's low-confidence decisions, confirmed or corrected in one click.

Leads and admins work it (the `review_triage` permission of roles.py); agents do not see the
page, they correct a flagged ticket of their own on its ticket page, which clears the flag too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from triagedesk.errors import TriagedeskError
from triagedesk.helpdesk import services
from triagedesk.helpdesk.models import Level, Ticket, TriageDecision
from triagedesk.helpdesk.roles import role_required, workable_tickets
from triagedesk.helpdesk.services.review import confirm_triage, correct_in_review
from triagedesk.helpdesk.web.labels import LEVELS, choices, review_reason
from triagedesk.helpdesk.web.nav import render_page, review_queue
from triagedesk.helpdesk.web.queue import countdown, search

PAGE_SIZE = 50
# How many runner-up categories a row shows.
ALTERNATIVES = 2


@role_required("lead")
def review_page(request: HttpRequest) -> HttpResponse:
    """Every open ticket flagged for review, most urgent first, with why and what was proposed."""
    query = request.GET.get("q", "")
    tickets = search(review_queue(request.user), query).prefetch_related(
        Prefetch("decisions", queryset=TriageDecision.objects.all(), to_attr="runs")
    )
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    context = {
        "page": page,
        "rows": [review_row(ticket, now) for ticket in page],
        "options": category_options(),
        "levels": choices(LEVELS),
        "query": query,
    }
    return render_page(request, "helpdesk/review.html", context)


def review_row(ticket: Ticket, now: datetime) -> dict[str, Any]:
    """A ticket with its newest decision's category confidence and runner-up categories."""
    runs = getattr(ticket, "runs", None)
    decision = runs[0].result if runs else {}
    category = decision.get("category") or {}
    return {
        "ticket": ticket,
        "level": LEVELS.get(ticket.level, ticket.level),
        "points": round(ticket.points),
        "proposed": _category_value(ticket.category, ticket.sub_category),
        "confidence": category.get("confidence"),
        "alternatives": (category.get("alternatives") or [])[:ALTERNATIVES],
        "reasons": [
            {"text": review_reason(reason), "engine": reason}
            for reason in ticket.review_reasons or decision.get("review_reasons") or []
        ],
        "first_reply": countdown(
            ticket.first_response_due, now, ticket.first_response_at is not None
        ),
    }


def category_options() -> list[tuple[str, str]]:
    """The <select> of the correction: each category, then each of its sub-categories."""
    options: list[tuple[str, str]] = []
    for key, definition in services.tickets.engine().policy.category.taxonomy.items():
        options.append((key, f"{definition.name} ({key})"))
        options.extend((f"{key}/{sub}", f"{key} / {sub}") for sub in definition.subs)
    return options


def _category_value(category: str, sub: str) -> str:
    return f"{category}/{sub}" if sub else category


@role_required("lead")
@require_POST
def review_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    """Confirm the engine's decision, or correct its category and priority with a reason."""
    ticket = get_object_or_404(workable_tickets(request.user), reference=reference)
    try:
        if action == "confirm":
            confirm_triage(ticket, request.user)  # type: ignore[arg-type]
            done = gettext("%(reference)s confirmed.") % {"reference": reference}
        elif action == "correct":
            changes = _changes(request.POST.get("category", ""), request.POST.get("level", ""))
            reason = request.POST.get("reason", "")
            correct_in_review(ticket, request.user, changes, reason)  # type: ignore[arg-type]
            done = gettext("%(reference)s corrected.") % {"reference": reference}
        else:
            raise TriagedeskError(f"unknown review action '{action}'")
    except TriagedeskError as exc:
        return _refused(request, ticket, str(exc))
    if request.htmx:
        context = {"done": done, "review_count": review_queue(request.user).count()}
        return render(request, "helpdesk/review_done.html", context)
    messages.success(request, done)
    return _back(request)


def _changes(category_value: str, level: str) -> dict[str, str]:
    """The correction form's values, checked against the policy's categories and the levels."""
    taxonomy = services.tickets.engine().policy.category.taxonomy
    category, _, sub = category_value.partition("/")
    if category not in taxonomy:
        raise TriagedeskError(f"'{category_value}' is not a category; known: {', '.join(taxonomy)}")
    if sub and sub not in taxonomy[category].subs:
        raise TriagedeskError(f"'{sub}' is not a sub-category of {category}")
    if level not in Level.values:
        raise TriagedeskError(f"'{level}' is not a priority; known: {', '.join(Level.values)}")
    return {"category": category, "sub_category": sub, "level": level}


def _back(request: HttpRequest) -> HttpResponse:
    """The review page again, with the search it was showing."""
    query = request.POST.get("q", "")
    return redirect(reverse("review") + (f"?{urlencode({'q': query})}" if query else ""))


def _refused(request: HttpRequest, ticket: Ticket, error: str) -> HttpResponse:
    """The row again with the error in it (htmx), or the page with the error as a message."""
    if not request.htmx:
        messages.error(request, error)
        return _back(request)
    ticket.refresh_from_db()
    ticket.runs = list(ticket.decisions.all())  # type: ignore[attr-defined]
    context = {
        "row": review_row(ticket, timezone.now()),
        "options": category_options(),
        "levels": choices(LEVELS),
        "error": error,
        "query": request.POST.get("q", ""),
    }
    return render(request, "helpdesk/review_row.html", context)
