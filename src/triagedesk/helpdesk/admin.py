"""The Django admin: the people and organisations around tickets, and the policy.

Tickets change in the agent UI; the policy changes here, one saved version at a time.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from triagedesk.errors import PolicyError
from triagedesk.helpdesk.models import (
    Agent,
    ApiToken,
    AuditEvent,
    Contact,
    Customer,
    PolicyVersion,
    Team,
    Ticket,
)
from triagedesk.helpdesk.policy_form import PolicyVersionForm, policy_form
from triagedesk.helpdesk.roles import has_role
from triagedesk.helpdesk.services.engine import parse_overrides, save_policy_version


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


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The policy's history; adding a version changes the policy. Admins edit, leads may look."""

    list_display = ("pk", "created_at", "author_label", "reason", "changed_keys", "in_force")
    list_display_links = ("pk", "created_at")
    search_fields = ("reason", "author_label", "overrides")
    view_fields = ("created_at", "author_label", "reason", "overrides_toml")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_role(request.user, "lead") and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return has_role(request.user, "admin") and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a version is a record: a change is a new version

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[PolicyVersion]:
        newest = PolicyVersion.objects.order_by("-pk").values("pk")[:1]
        queryset: QuerySet[PolicyVersion] = super().get_queryset(request)
        return queryset.annotate(newest_pk=Subquery(newest))

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = self._form(request)
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None:
            return [(None, {"fields": self.get_readonly_fields(request, obj)})]
        groups: dict[str, list[str]] = {}
        for item in self._form(request).fields_of_policy:
            groups.setdefault(item.group, []).append(item.name)
        return [
            (None, {"fields": ("reason", "based_on")}),
            *((title, {"fields": names}) for title, names in groups.items()),
            (_("Taxonomy: categories, sub-categories and their teams"), {"fields": ("taxonomy",)}),
            (_("Everything else"), {"fields": ("overrides",)}),
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        return self.view_fields + (("restore",) if self.has_add_permission(request) else ())

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        save_policy_version(obj, request.user)  # type: ignore[arg-type]

    def _form(self, request: HttpRequest) -> type[PolicyVersionForm]:
        """The form for this request, starting from the version it was opened on."""
        cached: type[PolicyVersionForm] | None = getattr(request, "_policy_form", None)
        if cached is None:
            cached = policy_form(self._based_on(request))
            request._policy_form = cached  # type: ignore[attr-defined]
        return cached

    @staticmethod
    def _based_on(request: HttpRequest) -> PolicyVersion | None:
        """The version the form starts from: the one being restored, else the newest."""
        wanted = request.POST.get("based_on") or request.GET.get("restore") or ""
        versions = PolicyVersion.objects.order_by("-pk")
        if wanted.isdigit():
            return versions.filter(pk=int(wanted)).first()
        return versions.first()

    @admin.display(description=_("in force"), boolean=True)
    def in_force(self, obj: Any) -> bool:
        return bool(obj.pk == getattr(obj, "newest_pk", None))

    @admin.display(description=_("keys it sets"))
    def changed_keys(self, obj: PolicyVersion) -> str:
        try:
            table = parse_overrides(obj.overrides)
        except PolicyError:
            return "?"
        return ", ".join(_leaf_keys(table)) or str(_("none (the policy files alone)"))

    @admin.display(description=_("overrides (TOML)"))
    def overrides_toml(self, obj: PolicyVersion) -> SafeString:
        return format_html("<pre>{}</pre>", obj.overrides or _("(none: the policy files alone)"))

    @admin.display(description=_("restore"))
    def restore(self, obj: PolicyVersion) -> SafeString:
        url = reverse("admin:helpdesk_policyversion_add") + f"?restore={obj.pk}"
        return format_html(
            '<a href="{}">{}</a>', url, _("Edit a new version that starts from this one")
        )


def _leaf_keys(table: Any, where: tuple[str, ...] = ()) -> list[str]:
    """The dotted keys a version sets, three parts deep at most."""
    if len(where) == 3 or not isinstance(table, dict):
        return [".".join(where)]
    return [key for k, v in table.items() for key in _leaf_keys(v, (*where, k))]
