"""What the engine decided, what agents corrected, and who changed what, when and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from triagedesk.helpdesk.models.tickets import Ticket


class TriageDecision(models.Model):
    """One run of the engine on a ticket: its whole result, and which engine and model made it."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="decisions")
    engine_version = models.CharField(max_length=40)
    model_version = models.CharField(max_length=200, blank=True)
    result = models.JSONField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]


class TriageLabel(models.Model):
    """An agent's correction of the engine: the training label of tomorrow's model."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="labels")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(max_length=20)  # category, sub_category or level
    machine_value = models.CharField(max_length=60, blank=True)
    human_value = models.CharField(max_length=60)
    reason = models.TextField()
    created_at = models.DateTimeField()


class AuditEvent(models.Model):
    """A change to a ticket: by a person or by the engine (actor empty), with the old and new value."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="audit")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=100, help_text='the user name, or "triage engine"')
    field = models.CharField(max_length=40)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    why = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
