"""Pages: the queue, the review queue and the ticket view with its actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from triagedesk.errors import TriagedeskError
from triagedesk.helpdesk import services
from triagedesk.helpdesk.models import Level, Status, Ticket
from triagedesk.helpdesk.roles import role_required, workable_tickets
from triagedesk.helpdesk.web.evidence import highlighted
from triagedesk.helpdesk.web.queue import FILTERS, countdown, queue

PAGE_SIZE = 50


@role_required("agent")
def queue_page(request: HttpRequest) -> HttpResponse:
    """The agent's queue; htmx refreshes the rows (and their countdowns) every minute."""
    tickets = workable_tickets(request.user, queue(request))
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        {"ticket": t, "due": countdown(t.first_response_due, now, t.first_response_at is not None)}
        for t in page
    ]
    context = {
        "page": page,
        "rows": rows,
        "filters": {name: request.GET.get(name, "") for name in FILTERS},
        "levels": Level.choices,
        "statuses": Status.choices,
        "categories": sorted(services.tickets.engine().policy.category.taxonomy),
        "query": request.GET.urlencode(),
    }
    template = (
        "helpdesk/queue_rows.html" if request.headers.get("HX-Request") else "helpdesk/queue.html"
    )
    return render(request, template, context)


@role_required("agent")
def ticket_page(request: HttpRequest, reference: str) -> HttpResponse:
    """One ticket: conversation, triage card with the evidence marked, customer card, actions."""
    tickets = Ticket.objects.select_related("customer", "contact", "team", "assignee")
    ticket = get_object_or_404(workable_tickets(request.user, tickets), reference=reference)
    decision = ticket.decisions.first()
    first = ticket.messages.filter(kind="inbound").first()
    context: dict[str, Any] = {
        "ticket": ticket,
        "decision": decision.result if decision else None,
        "conversation": ticket.messages.select_related("author_user", "author_contact"),
        "first_message_html": highlighted(first.text, decision.result)
        if first and decision
        else None,
        "first_message_id": first.pk if first else None,
        "audit": ticket.audit.select_related("actor"),
        "labels": ticket.labels.select_related("agent"),
        "due": countdown(
            ticket.first_response_due, timezone.now(), ticket.first_response_at is not None
        ),
        "statuses": Status.choices,
        "levels": Level.choices,
        "taxonomy": services.tickets.engine().policy.category.taxonomy,
        "customer": _customer_card(ticket),
    }
    return render(request, "helpdesk/ticket.html", context)


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
        messages.success(request, "Saved.")
    except TriagedeskError as exc:
        messages.error(request, str(exc))
    return redirect("ticket", reference=reference)


def _missing(field: str) -> str:
    raise TriagedeskError(f"the {field} is empty")
