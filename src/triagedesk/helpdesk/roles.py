"""Roles: agent, team lead and admin, kept as Django groups (created by migration 0003).

A role includes the ones below it: a lead may do what an agent may, an admin what a lead may.
Pages check with `role_required`, API handlers with `require_role(request.user, ...)`; both
answer 403 (a Django page, or Ninja's JSON `{"detail": ...}`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Literal, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from ninja.errors import AuthorizationError

from triagedesk.helpdesk.models import Team, Ticket

Role = Literal["agent", "lead", "admin"]
# Lowest first: a role includes every role before it.
ROLES: tuple[Role, ...] = ("agent", "lead", "admin")

View = TypeVar("View", bound=Callable[..., Any])


class RoleRequired(PermissionDenied, AuthorizationError):  # type: ignore[misc]
    """The user's role is below the one an action needs: 403 in a page and in the API."""

    def __init__(self, message: str) -> None:
        AuthorizationError.__init__(self, 403, message)


def role_of(user: Any) -> Role | None:
    """The user's highest role; superusers are admins; None for anonymous or inactive users."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return "admin"
    groups = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    return next((role for role in reversed(ROLES) if role in groups), None)


def has_role(user: Any, minimum: Role) -> bool:
    """Whether the user's role is `minimum` or above."""
    role = role_of(user)
    return role is not None and ROLES.index(role) >= ROLES.index(minimum)


def require_role(user: Any, minimum: Role) -> Role:
    """The user's role, when it is `minimum` or above; else raise RoleRequired (403)."""
    role = role_of(user)
    if role is None or ROLES.index(role) < ROLES.index(minimum):
        raise RoleRequired(f"this needs the {minimum} role; yours is {role or 'none'}")
    return role


def role_required(minimum: Role) -> Callable[[View], View]:
    """Decorate a page: anonymous users go to the login page, too low a role gets 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: Any, *args: Any, **kwargs: Any) -> Any:
            require_role(request.user, minimum)
            return view(request, *args, **kwargs)

        return cast(View, login_required(checked))

    return decorate


def workable_tickets(user: Any, tickets: QuerySet[Ticket] | None = None) -> QuerySet[Ticket]:
    """The tickets the user may work: leads and admins all, agents their teams' and their own."""
    tickets = Ticket.objects.all() if tickets is None else tickets
    role = role_of(user)
    if role is None:
        return tickets.none()
    if role != "agent":
        return tickets
    own_teams = Team.objects.filter(agents__user=user)
    return tickets.filter(Q(team__in=own_teams) | Q(assignee=user))
