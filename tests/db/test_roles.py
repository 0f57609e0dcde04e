"""Roles (agent, team lead, admin) and `triagedesk createadmin`, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from click.testing import CliRunner

from triagedesk.cli import main


def _user(*roles: str, **fields: Any) -> Any:
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(f"user-{uuid.uuid4().hex[:8]}", **fields)
    user.groups.add(*Group.objects.filter(name__in=roles))
    return user


def _ticket(team: Any = None, assignee: Any = None) -> Any:
    from django.utils import timezone

    from triagedesk.helpdesk.models import Ticket

    reference = f"T-{uuid.uuid4().hex[:12]}"
    return Ticket.objects.create(
        reference=reference, created_at=timezone.now(), team=team, assignee=assignee
    )


def test_the_migration_makes_three_roles_each_able_to_do_more(database: str) -> None:
    from django.contrib.auth.models import Group

    def codenames(role: str) -> set[str]:
        return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))

    agent, lead, admin = codenames("agent"), codenames("lead"), codenames("admin")
    assert {"view_ticket", "add_message", "correct_triage"} <= agent
    assert not {"assign_ticket", "review_triage", "work_all_tickets", "delete_ticket"} & agent
    assert {"assign_ticket", "review_triage", "work_all_tickets"} <= lead
    assert "delete_ticket" not in lead and "change_user" not in lead
    assert agent < lead < admin
    assert {"delete_ticket", "change_customer", "change_user", "change_group"} <= admin


def test_a_users_permissions_come_from_their_role(database: str) -> None:
    agent, lead = _user("agent"), _user("lead")
    assert agent.has_perm("helpdesk.correct_triage")
    assert not agent.has_perm("helpdesk.assign_ticket")
    assert lead.has_perm("helpdesk.assign_ticket") and lead.has_perm("helpdesk.review_triage")


def test_role_of_names_the_highest_role(database: str) -> None:
    from django.contrib.auth.models import AnonymousUser

    from triagedesk.helpdesk.roles import role_of

    assert role_of(_user()) is None
    assert role_of(_user("agent")) == "agent"
    assert role_of(_user("agent", "lead")) == "lead"
    assert role_of(_user("admin", "agent")) == "admin"
    assert role_of(_user(is_superuser=True)) == "admin"
    assert role_of(_user("lead", is_active=False)) is None
    assert role_of(AnonymousUser()) is None


def test_require_role_lets_higher_roles_through_and_refuses_lower_ones(database: str) -> None:
    from django.core.exceptions import PermissionDenied

    from triagedesk.helpdesk.roles import require_role

    agent, lead = _user("agent"), _user("lead")
    assert require_role(lead, "agent") == "lead"
    assert require_role(agent, "agent") == "agent"
    with pytest.raises(PermissionDenied, match="needs the lead role; yours is agent"):
        require_role(agent, "lead")
    with pytest.raises(PermissionDenied, match="yours is none"):
        require_role(_user(), "agent")


def test_agents_work_their_teams_tickets_and_leads_every_ticket(database: str) -> None:
    from triagedesk.helpdesk.models import Agent, Team, Ticket
    from triagedesk.helpdesk.roles import workable_tickets

    ours, theirs = (Team.objects.create(name=f"team-{uuid.uuid4().hex[:8]}") for _ in range(2))
    agent = _user("agent")
    Agent.objects.create(user=agent).teams.add(ours)
    for _ in range(2):  # a team of two: a naive join lists their tickets twice
        Agent.objects.create(user=_user("agent")).teams.add(ours, theirs)
    ours_ticket, theirs_ticket, unrouted = _ticket(ours), _ticket(theirs), _ticket()
    assigned = _ticket(theirs, assignee=agent)
    made = Ticket.objects.filter(
        pk__in=[t.pk for t in (ours_ticket, theirs_ticket, unrouted, assigned)]
    )

    assert set(workable_tickets(agent, made)) == {ours_ticket, assigned}
    assert workable_tickets(agent, made).count() == 2  # no duplicates from the joins
    assert set(workable_tickets(_user("lead"), made)) == set(made)
    assert not workable_tickets(_user(), made).exists()


def test_a_page_sends_anonymous_users_to_login_and_refuses_too_low_a_role(database: str) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.http import HttpResponse
    from django.test import RequestFactory

    from triagedesk.helpdesk.roles import role_required

    @role_required("lead")
    def review_page(request: Any) -> HttpResponse:
        return HttpResponse("the review queue")

    request = RequestFactory().get("/review/")
    request.user = AnonymousUser()
    assert review_page(request).status_code == 302
    request.user = _user("agent")
    with pytest.raises(PermissionDenied):
        review_page(request)
    request.user = _user("lead")
    assert review_page(request).content == b"the review queue"


def test_an_api_handler_answers_403_json_to_too_low_a_role(database: str) -> None:
    from django.http import HttpRequest
    from ninja import Router
    from ninja.testing import TestClient

    from triagedesk.helpdesk.roles import require_role

    router = Router()

    @router.post("/assign")
    def assign(request: HttpRequest) -> dict[str, str]:
        return {"role": require_role(request.user, "lead")}

    client = TestClient(router)
    refused = client.post("/assign", user=_user("agent"))
    assert refused.status_code == 403
    assert refused.json() == {"detail": "this needs the lead role; yours is agent"}
    assert client.post("/assign", user=_user("admin")).json() == {"role": "admin"}


def test_createadmin_makes_a_superuser_in_the_admin_role(database: str) -> None:
    from django.contrib.auth.models import User

    from triagedesk.helpdesk.roles import role_of

    name = f"boss-{uuid.uuid4().hex[:8]}"
    result = CliRunner().invoke(
        main,
        ["createadmin", "--username", name, "--email", "boss@example.se", "--password-stdin"],
        input="correct horse battery\n",
    )
    assert result.exit_code == 0, result.output
    user = User.objects.get(username=name)
    assert user.is_superuser and user.is_staff and user.email == "boss@example.se"
    assert user.check_password("correct horse battery")
    assert user.groups.filter(name="admin").exists() and role_of(user) == "admin"


def test_createadmin_asks_for_the_password_twice_when_not_on_stdin(database: str) -> None:
    from django.contrib.auth.models import User

    name = f"boss-{uuid.uuid4().hex[:8]}"
    result = CliRunner().invoke(
        main, ["createadmin", "--username", name], input="plum jam on rye\nplum jam on rye\n"
    )
    assert result.exit_code == 0, result.output
    assert "plum jam" not in result.output
    assert User.objects.get(username=name).check_password("plum jam on rye")


def test_createadmin_refuses_a_weak_password(database: str) -> None:
    from django.contrib.auth.models import User

    name = f"boss-{uuid.uuid4().hex[:8]}"
    result = CliRunner().invoke(
        main, ["createadmin", "--username", name, "--password-stdin"], input="password\n"
    )
    assert result.exit_code == 1
    assert "too common" in result.stderr and "Traceback" not in result.output
    assert not User.objects.filter(username=name).exists()


def test_createadmin_refuses_an_existing_user_with_a_clear_message(database: str) -> None:
    existing = _user("agent")
    result = CliRunner().invoke(
        main, ["createadmin", "--username", existing.username, "--password-stdin"], input="x\n"
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: a user '{existing.username}' already exists; choose another --username\n"
    )
    assert "Traceback" not in result.output
    existing.refresh_from_db()
    assert not existing.is_superuser and not existing.check_password("x")
