"""Tickets, their messages and attachments, and the counter behind ticket references."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from triagedesk.helpdesk.models.customers import Contact, Customer, Team


class Status(models.TextChoices):
    NEW = "new", "New"
    OPEN = "open", "Open"
    PENDING = "pending", "Pending (waiting on customer)"
    ON_HOLD = "on_hold", "On hold"
    SOLVED = "solved", "Solved"
    CLOSED = "closed", "Closed"


class Level(models.TextChoices):
    CRITICAL = "critical", "Critical"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    WEB = "web", "Web form"
    API = "api", "API"
    PHONE = "phone", "Phone"
    CHAT = "chat", "Chat"


class TicketSequence(models.Model):
    """The last reference number handed out in a year (T-YYYY-NNNNNN)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


class Ticket(models.Model):
    """A customer's request, with the engine's (and the agents') decisions on it."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    subject = models.CharField(max_length=300, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.API)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    category = models.CharField(max_length=60, blank=True)
    sub_category = models.CharField(max_length=60, blank=True)
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.LOW)
    points = models.FloatField(default=0)
    # The points model's reasons: [{"factor", "points", "detail", "evidence"}], shown in the UI.
    breakdown = models.JSONField(default=list, blank=True)
    sentiment = models.FloatField(null=True, blank=True)
    sentiment_label = models.CharField(max_length=20, blank=True)
    language = models.CharField(max_length=8, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
    )
    needs_review = models.BooleanField(default=False)
    review_reasons = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField()
    first_response_at = models.DateTimeField(null=True, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    first_response_due = models.DateTimeField(null=True, blank=True)
    resolution_due = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "level", "first_response_due"], name="queue_order"),
            models.Index(fields=["team", "status"], name="team_queue"),
            models.Index(fields=["assignee", "status"], name="my_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"


class MessageKind(models.TextChoices):
    INBOUND = "inbound", "From the customer"
    OUTBOUND = "outbound", "Reply to the customer"
    NOTE = "note", "Internal note"


class Message(models.Model):
    """One message of a ticket's conversation; the raw source is kept where it came from."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=10, choices=MessageKind.choices)
    text = models.TextField()
    html = models.TextField(blank=True, help_text="sanitised HTML, when the message had any")
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raw_source = models.CharField(
        max_length=500, blank=True, help_text="path of the stored raw input"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]


class Attachment(models.Model):
    """A file sent with a message, stored in the data directory."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    stored_path = models.CharField(max_length=500)
