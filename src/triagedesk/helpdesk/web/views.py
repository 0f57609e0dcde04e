"""Pages: the queue and the ticket view with its actions (the review queue is in review.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from triagedesk.errors import TriagedeskError
from triagedesk.helpdesk import services
from triagedesk.helpdesk.models import AuditEvent, Status, Ticket
from triagedesk.helpdesk.roles import role_required, workable_tickets
from triagedesk.helpdesk.web.evidence import highlighted
from triagedesk.helpdesk.web.labels import (
    FIELDS,
    KINDS,
    LEVELS,
    SENTIMENTS,
    STATUSES,
    breakdown,
    choices,
    review_reason,
    value_name,
    why_text,
)
from triagedesk.helpdesk.web.nav import render_page
from triagedesk.helpdesk.web.queue import FILTERS, countdown, queue

PAGE_SIZE = 50
DONE_STATUSES = (Status.SOLVED, Status.CLOSED)


@role_required("agent")
def queue_page(request: HttpRequest) -> HttpResponse:
    """The agent's queue; htmx swaps in the results for a filter, a page, or the minutely refresh."""
    tickets = workable_tickets(request.user, queue(request))
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": [_queue_row(ticket, now) for ticket in page],
        "filters": {name: request.GET.get(name, "") for name in FILTERS},
        "levels": choices(LEVELS),
        "statuses": choices(STATUSES),
        "categories": sorted(services.tickets.engine().policy.category.taxonomy),
        "query": query.urlencode(),
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "helpdesk/queue_results.html", context)
    else:
        response = render_page(request, "helpdesk/queue.html", context)
    patch_vary_headers(response, ["HX-Request"])  # the same URL answers a page or its results
    return response


def _queue_row(ticket: Ticket, now: datetime) -> dict[str, Any]:
    return {
        "ticket": ticket,
        "level": LEVELS.get(ticket.level, ticket.level),
        **_due_times(ticket, now),
    }


def _due_times(ticket: Ticket, now: datetime) -> dict[str, Any]:
    """Countdowns to the first reply and to the resolution; 'met' once each has happened."""
    solved = ticket.solved_at is not None or ticket.status in DONE_STATUSES
    return {
        "first_reply": countdown(
            ticket.first_response_due, now, ticket.first_response_at is not None
        ),
        "resolution": countdown(ticket.resolution_due, now, solved),
    }


@role_required("agent")
def ticket_page(request: HttpRequest, reference: str) -> HttpResponse:
    """One ticket: conversation, triage card with the evidence marked, customer card, actions."""
    tickets = Ticket.objects.select_related("customer", "contact", "team", "assignee")
    ticket = get_object_or_404(workable_tickets(request.user, tickets), reference=reference)
    decision = ticket.decisions.first()
    first = ticket.messages.filter(kind="inbound").first()
    context: dict[str, Any] = {
        "ticket": ticket,
        "level": LEVELS.get(ticket.level, ticket.level),
        "status": STATUSES.get(ticket.status, ticket.status),
        "review_reasons": [review_reason(r) for r in ticket.review_reasons],
        "breakdown": breakdown(ticket.breakdown),
        "points": round(ticket.points),
        "sentiment": SENTIMENTS.get(ticket.sentiment_label, ticket.sentiment_label),
        "decision": decision.result if decision else None,
        "conversation": [
            {"message": m, "kind": KINDS.get(m.kind, m.kind)}
            for m in ticket.messages.select_related("author_user", "author_contact")
        ],
        "first_message_html": highlighted(first.text, decision.result)
        if first and decision
        else None,
        "first_message_id": first.pk if first else None,
        "audit": [_history_entry(e) for e in ticket.audit.select_related("actor")],
        "statuses": choices(STATUSES),
        "levels": choices(LEVELS),
        "taxonomy": services.tickets.engine().policy.category.taxonomy,
        "customer": _customer_card(ticket),
        **_due_times(ticket, timezone.now()),
    }
    return render_page(request, "helpdesk/ticket.html", context)


def _history_entry(event: AuditEvent) -> dict[str, Any]:
    engine = event.actor_id is None and event.actor_label == services.tickets.ENGINE_ACTOR
    return {
        "event": event,
        "actor": gettext("triage engine") if engine else event.actor_label,
        "field": FIELDS.get(event.field, event.field),
        "old": value_name(event.field, event.old_value),
        "new": value_name(event.field, event.new_value),
        "why": why_text(event.why),
    }


def _customer_card(ticket: Ticket) -> dict[str, Any] | None:
    customer = ticket.customer
    if customer is None:
        return None
    tickets = customer.tickets.exclude(pk=ticket.pk)
    counts = tickets.aggregate(
        open=Count("id", filter=~Q(status__in=[Status.SOLVED, Status.CLOSED]))
    )
    recent = list(tickets.order_by("-created_at")[:5])
    scores = [t.sentiment for t in recent if t.sentiment is not None]
    return {
        "customer": customer,
        "open": counts["open"],
        "recent": recent,
        "sentiment": sum(scores) / len(scores) if scores else None,
    }


@role_required("agent")
@require_POST
def ticket_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    """Reply, note, status change, assignment to oneself or a triage correction."""
    ticket = get_object_or_404(workable_tickets(request.user), reference=reference)
    form = request.POST
    try:
        if action in ("reply", "note"):
            kind = "outbound" if action == "reply" else "note"
            services.add_message(
                ticket, kind, form.get("text", "").strip() or _missing("text"), author=request.user
            )  # type: ignore[arg-type]
        elif action == "status":
            services.change_status(
                ticket, form.get("status", ""), request.user, form.get("why", "")
            )  # type: ignore[arg-type]
        elif action == "take":
            services.assign(ticket, request.user, request.user)  # type: ignore[arg-type]
        elif action == "correct":
            services.correct_triage(
                ticket,
                request.user,
                form.get("field", ""),
                form.get("value", ""),
                form.get("reason", ""),
            )  # type: ignore[arg-type]
        else:
            raise TriagedeskError(f"unknown action '{action}'")
        messages.success(request, gettext("Saved."))
    except TriagedeskError as exc:
        messages.error(request, str(exc))
    return redirect("ticket", reference=reference)


def _missing(field: str) -> str:
    raise TriagedeskError(f"the {field} is empty")
