"""The REST API (Django Ninja): tickets, messages, status, corrections, customers, and triage alone.

Every endpoint needs a token (`Authorization: Bearer td_…`, from `triagedesk token create`).
Handlers validate, then call the services; they never write models themselves.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema, Status
from ninja.security import HttpBearer

from triagedesk.errors import InputDataError, TriagedeskError
from triagedesk.helpdesk import services
from triagedesk.helpdesk.models import ApiToken, Customer, Ticket
from triagedesk.helpdesk.models.tokens import digest
from triagedesk.helpdesk.roles import require_role, workable_tickets
from triagedesk.helpdesk.services.lookups import first_with_parent
from triagedesk.helpdesk.web.queue import LEVEL_RANK
from triagedesk.triage.result import TriageInput

TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """A bearer token issued by `triagedesk token create`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = first_with_parent(ApiToken, "user", "row.digest = %s", [digest(token)])
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        # At most one write a minute per token: a write per request would queue every API call
        # behind SQLite's single writer.
        if found.last_used_at is None or now - found.last_used_at > TOKEN_TOUCH_INTERVAL:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


api = NinjaAPI(title="triagedesk", version="1", auth=TokenAuth(), urls_namespace="api")


@api.exception_handler(TriagedeskError)
def _project_error(request: HttpRequest, exc: TriagedeskError) -> HttpResponse:
    status = 400 if isinstance(exc, InputDataError) else 409
    return api.create_response(request, {"detail": str(exc)}, status=status)


class TriageIn(Schema):
    text: str
    subject: str = ""
    tier: str | None = None
    annual_value: float | None = None
    customer_language: str | None = None


class TicketIn(Schema):
    text: str
    subject: str = ""
    channel: str = "api"
    customer_id: int | None = None
    contact_email: str | None = None
    contact_name: str = ""


class TicketOut(Schema):
    reference: str
    subject: str
    status: str
    level: str
    points: float
    category: str
    sub_category: str
    language: str
    team: str | None
    assignee: str | None
    needs_review: bool
    breakdown: list[dict[str, Any]]
    created_at: datetime
    first_response_due: datetime | None
    customer_id: int | None

    @staticmethod
    def resolve_team(ticket: Ticket) -> str | None:
        return ticket.team.name if ticket.team else None

    @staticmethod
    def resolve_assignee(ticket: Ticket) -> str | None:
        return ticket.assignee.get_username() if ticket.assignee else None


class TicketFilters(Schema):
    status: str | None = None
    level: str | None = None
    team: str | None = None
    language: str | None = None
    needs_review: bool | None = None
    limit: int = 50
    offset: int = 0


class MessageIn(Schema):
    kind: str = "outbound"
    text: str


class StatusIn(Schema):
    status: str
    why: str = ""


class CorrectionIn(Schema):
    field: str
    value: str
    reason: str


class CustomerIn(Schema):
    name: str
    org_number: str = ""
    country: str = ""
    language: str = ""
    tier: str = "C"
    annual_value: float | None = None
    segment: str = ""


class CustomerOut(CustomerIn):
    id: int


@api.post("/triage", summary="Triage a text without storing anything")
def triage(request: HttpRequest, body: TriageIn) -> dict[str, Any]:
    require_role(request.user, "agent")
    ticket = TriageInput(
        text=body.text,
        subject=body.subject,
        tier=body.tier,
        annual_value=body.annual_value,
        customer_language=body.customer_language,
    )
    return services.tickets.engine().triage(ticket).to_dict()


@api.post("/tickets", response={201: TicketOut})
def create_ticket(request: HttpRequest, body: TicketIn) -> Status[Ticket]:
    require_role(request.user, "agent")
    customer = get_object_or_404(Customer, pk=body.customer_id) if body.customer_id else None
    contact = services.contact_for(body.contact_email, body.contact_name, customer)
    new = services.NewTicket(
        text=body.text,
        subject=body.subject,
        channel=body.channel,
        customer=customer,
        contact=contact,
    )
    return Status(201, services.create_ticket(new))


@api.get("/tickets", response=list[TicketOut], summary="The queue: most urgent first")
def list_tickets(request: HttpRequest, filters: Query[TicketFilters]) -> QuerySet[Ticket]:
    require_role(request.user, "agent")
    tickets = (
        workable_tickets(request.user).select_related("team", "assignee").annotate(rank=LEVEL_RANK)
    )
    for field in ("status", "level", "language", "needs_review"):
        value = getattr(filters, field)
        if value is not None:
            tickets = tickets.filter(**{field: value})
    if filters.team:
        tickets = tickets.filter(team__name=filters.team)
    limit = max(1, min(filters.limit, 500))
    return tickets.order_by("rank", "first_response_due", "id")[
        filters.offset : filters.offset + limit
    ]


@api.get("/tickets/{reference}", response=TicketOut)
def get_ticket(request: HttpRequest, reference: str) -> Ticket:
    require_role(request.user, "agent")
    return get_object_or_404(workable_tickets(request.user), reference=reference)


@api.post("/tickets/{reference}/messages", response={201: dict})
def add_message(request: HttpRequest, reference: str, body: MessageIn) -> Status[dict[str, Any]]:
    require_role(request.user, "agent")
    if body.kind not in ("outbound", "note"):
        raise InputDataError("kind must be 'outbound' (a reply) or 'note' (internal)")
    ticket = get_object_or_404(workable_tickets(request.user), reference=reference)
    message = services.add_message(ticket, body.kind, body.text, author=request.user)  # type: ignore[arg-type]
    created = {"id": message.pk, "kind": message.kind, "created_at": message.created_at.isoformat()}
    return Status(201, created)


@api.post("/tickets/{reference}/status", response=TicketOut)
def change_status(request: HttpRequest, reference: str, body: StatusIn) -> Ticket:
    require_role(request.user, "agent")
    ticket = get_object_or_404(workable_tickets(request.user), reference=reference)
    return services.change_status(ticket, body.status, request.user, body.why)  # type: ignore[arg-type]


@api.post("/tickets/{reference}/correction", response=TicketOut)
def correct(request: HttpRequest, reference: str, body: CorrectionIn) -> Ticket:
    require_role(request.user, "agent")
    ticket = get_object_or_404(workable_tickets(request.user), reference=reference)
    return services.correct_triage(ticket, request.user, body.field, body.value, body.reason)  # type: ignore[arg-type]


@api.get("/customers", response=list[CustomerOut])
def list_customers(request: HttpRequest, limit: int = 100, offset: int = 0) -> QuerySet[Customer]:
    require_role(request.user, "agent")
    return Customer.objects.all()[offset : offset + max(1, min(limit, 500))]


@api.post("/customers", response={201: CustomerOut})
def create_customer(request: HttpRequest, body: CustomerIn) -> Status[Customer]:
    require_role(request.user, "lead")
    return Status(201, services.create_customer(**body.dict()))


@api.get("/customers/{customer_id}", response=CustomerOut)
def get_customer(request: HttpRequest, customer_id: int) -> Customer:
    require_role(request.user, "agent")
    return get_object_or_404(Customer, pk=customer_id)
