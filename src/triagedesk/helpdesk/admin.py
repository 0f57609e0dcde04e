"""The Django admin for the people and organisations around tickets (tickets change in the agent UI)."""

from django.contrib import admin

from triagedesk.helpdesk.models import Agent, ApiToken, AuditEvent, Contact, Customer, Team, Ticket


class ContactInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Contact
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "name",
        "tier",
        "annual_value",
        "country",
        "language",
        "segment",
        "account_manager",
    )
    list_filter = ("tier", "country", "language", "segment")
    search_fields = ("name", "org_number", "contacts__email")
    inlines = (ContactInline,)


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("email", "name", "customer", "phone")
    search_fields = ("email", "name", "customer__name")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name",)


@admin.register(Agent)
class AgentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "capacity", "working_hours", "available")
    list_filter = ("available", "teams")
    filter_horizontal = ("teams",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "name", "created_at", "last_used_at")
    readonly_fields = ("digest", "created_at", "last_used_at")


class AuditInline(admin.TabularInline):  # type: ignore[type-arg]
    model = AuditEvent
    extra = 0
    can_delete = False
    readonly_fields = ("created_at", "actor_label", "field", "old_value", "new_value", "why")
    fields = readonly_fields


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only here: changes go through the agent UI and the services, so they are audited."""

    list_display = (
        "reference",
        "subject",
        "status",
        "level",
        "category",
        "team",
        "assignee",
        "created_at",
    )
    list_filter = ("status", "level", "category", "language", "needs_review")
    search_fields = ("reference", "subject", "customer__name")
    inlines = (AuditInline,)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
