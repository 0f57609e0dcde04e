"""Customers (organisations), their contacts, and the teams and agents who serve them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper


class Tier(models.TextChoices):
    VIP = "VIP", "VIP"
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"


class Customer(models.Model):
    """An organisation that buys from us."""

    name = models.CharField(max_length=200)
    org_number = models.CharField(max_length=40, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 alpha-2")
    language = models.CharField(max_length=8, blank=True, help_text="sv, da, no, de, en, fi")
    tier = models.CharField(max_length=3, choices=Tier.choices, default=Tier.C)
    annual_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    segment = models.CharField(max_length=80, blank=True)
    account_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A person at a customer who writes to us."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(unique=True)
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        # Contacts are found by e-mail in any letter case (services.contact_for).
        indexes = [models.Index(Upper("email"), name="contact_email_upper")]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email


class Team(models.Model):
    """A group of agents that tickets are routed to (the policy's team names)."""

    name = models.CharField(max_length=100, unique=True)

    def __str__(self) -> str:
        return self.name


class Agent(models.Model):
    """A user who answers tickets: teams, languages, skills, capacity and hours."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent"
    )
    teams = models.ManyToManyField(Team, blank=True, related_name="agents")
    languages = models.JSONField(default=list, blank=True, help_text='e.g. ["sv", "en"]')
    skills = models.JSONField(default=list, blank=True, help_text="category ids the agent handles")
    capacity = models.PositiveIntegerField(default=20, help_text="open tickets at most")
    working_hours = models.CharField(max_length=40, default="08:00-17:00")
    available = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.user.get_username()
