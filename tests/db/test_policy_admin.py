"""The policy in the Django admin: versions, validation, who may edit, the engine in force.

On a real SQLite file and on PostgreSQL, through Django's test client posting the admin form.
"""

from __future__ import annotations

import logging
import tomllib
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

WORKED_EXAMPLE = (
    "Den nya programversionen har satt hela vår bokföring ur spel. Vi kan inte längre skicka ut "
    "fakturor. Om inte detta fungerar imorgon måste vi se oss om efter alternativ."
)
MONDAY_9 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
ADD = "/admin/helpdesk/policyversion/add/"
CHANGELIST = "/admin/helpdesk/policyversion/"
PASSWORD = "a-long-test-password"
STRONG_IMPACT = "priority__signal_points__business_impact__strong"


@pytest.fixture
def no_versions(database: str) -> Iterator[None]:
    """Start and end with the policy files alone, so other tests see the shipped policy."""
    from triagedesk.helpdesk.models import PolicyVersion
    from triagedesk.helpdesk.services.engine import engine

    PolicyVersion.objects.all().delete()
    engine.expire()
    yield
    PolicyVersion.objects.all().delete()
    engine.expire()


def _staff(role: str) -> Any:
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(
        f"{role}-{uuid.uuid4().hex[:8]}", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def _client(user: Any) -> Any:
    from django.test import Client

    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _form_data(client: Any, url: str = ADD) -> dict[str, Any]:
    """What the admin's add form posts when nothing is changed."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    return {name: "" if form[name].value() is None else form[name].value() for name in form.fields}


def _errors(response: Any) -> dict[str, str]:
    """The form's errors by field, as the page shows them (an accepted form has none)."""
    assert response.status_code == 200, "the form was accepted"
    return {
        name: " ".join(errors) for name, errors in response.context["adminform"].form.errors.items()
    }


def _worked_example() -> Any:
    from triagedesk.helpdesk.models import Contact, Customer
    from triagedesk.helpdesk.services import NewTicket, create_ticket

    customer = Customer.objects.create(name="Nordkust", tier="A", annual_value=280000)
    contact = Contact.objects.create(customer=customer, email=f"{uuid.uuid4().hex}@example.se")
    return create_ticket(NewTicket(text=WORKED_EXAMPLE, contact=contact, received_at=MONDAY_9))


def _points(ticket: Any) -> dict[str, float]:
    return {reason["factor"]: reason["points"] for reason in ticket.breakdown}


def _save(overrides: str, reason: str = "test") -> Any:
    from triagedesk.helpdesk.models import PolicyVersion
    from triagedesk.helpdesk.services.engine import save_policy_version

    return save_policy_version(PolicyVersion(overrides=overrides, reason=reason), None)


def test_an_admin_changes_a_weight_and_the_next_ticket_counts_it(
    no_versions: None, caplog: pytest.LogCaptureFixture
) -> None:
    from triagedesk.helpdesk.models import PolicyVersion
    from triagedesk.helpdesk.services.engine import parse_overrides

    assert _worked_example().points == 15  # the shipped policy: business impact +4
    admin = _staff("admin")
    client = _client(admin)
    data = _form_data(client)
    assert data[STRONG_IMPACT] == 4.0
    data.update({STRONG_IMPACT: "6", "reason": "a stopped business costs us more"})
    with caplog.at_level(logging.INFO, logger="triagedesk.policy"):
        response = client.post(ADD, data)
        assert response.status_code == 302, _errors(response)
        ticket = _worked_example()

    version = PolicyVersion.objects.get()
    assert (version.author, version.author_label) == (admin, admin.username)
    assert version.reason == "a stopped business costs us more"
    assert parse_overrides(version.overrides) == {
        "priority": {"signal_points": {"business_impact": {"strong": 6.0}}}
    }
    assert ticket.points == 17 and _points(ticket)["business_impact"] == 6
    assert f"policy version {version.pk} saved by {admin.username}" in caplog.text
    assert f"triage engine built for policy version {version.pk}" in caplog.text


def test_a_wrong_value_is_refused_with_its_key_and_nothing_is_saved(no_versions: None) -> None:
    from triagedesk.helpdesk.models import PolicyVersion

    client = _client(_staff("admin"))
    data = {**_form_data(client), "reason": "try things"}

    errors = _errors(client.post(ADD, {**data, "priority__levels__critical": "high"}))
    assert errors["priority__levels__critical"] == "[priority.levels.critical] expected a number"
    errors = _errors(client.post(ADD, {**data, "sla__first_response__critical": "soon"}))
    assert (
        "[sla.first_response.critical] expected a target like 15m"
        in errors["sla__first_response__critical"]
    )
    errors = _errors(client.post(ADD, {**data, "overrides": "[priority]\nlevelz = 3\n"}))
    assert "unknown key [priority.levelz]" in errors["overrides"]
    errors = _errors(client.post(ADD, {**data, "overrides": "[sla]\ntimezone = 'Mars/Olympus'"}))
    assert "[sla.timezone] unknown time zone 'Mars/Olympus'" in errors["overrides"]
    errors = _errors(client.post(ADD, {**data, "taxonomy": "technical | Technical problems"}))
    assert "line 1: expected 'id | name | sub, sub | team'" in errors["taxonomy"]
    errors = _errors(client.post(ADD, {**data, "reason": ""}))
    assert "reason" in errors
    assert not PolicyVersion.objects.exists()


def test_agents_and_leads_cannot_change_the_policy_and_leads_may_read_it(
    no_versions: None,
) -> None:
    from triagedesk.helpdesk.models import PolicyVersion

    version = _save("[priority.levels]\ncritical = 20\nhigh = 8\nmedium = 4\nlow = 0\n")
    agent, lead = _client(_staff("agent")), _client(_staff("lead"))
    data = {"reason": "mine now", "overrides": ""}
    for url in (CHANGELIST, ADD, f"{CHANGELIST}{version.pk}/change/"):
        assert agent.get(url).status_code == 403
    assert agent.post(ADD, data).status_code == 403
    assert lead.get(ADD).status_code == 403 and lead.post(ADD, data).status_code == 403
    assert lead.post(f"{CHANGELIST}{version.pk}/delete/", {"post": "yes"}).status_code == 403
    listing = lead.get(CHANGELIST)
    assert listing.status_code == 200 and "priority.levels" in listing.content.decode()
    page = lead.get(f"{CHANGELIST}{version.pk}/change/").content.decode()
    assert "critical = 20" in page and "?restore=" not in page
    assert list(PolicyVersion.objects.values_list("pk", flat=True)) == [version.pk]


def test_the_engine_is_rebuilt_once_per_change_not_per_ticket(no_versions: None) -> None:
    from triagedesk.helpdesk.services.engine import engine

    engine()
    builds = engine.builds
    assert [_worked_example().level for _ in range(3)] == ["critical"] * 3
    assert engine.builds == builds

    _save("[priority.levels]\ncritical = 20\nhigh = 8\nmedium = 4\nlow = 0\n")
    assert [_worked_example().level for _ in range(3)] == ["high"] * 3
    assert engine.builds == builds + 1


def test_another_worker_sees_a_change_at_its_next_check_with_one_query(no_versions: None) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from triagedesk.helpdesk.services.engine import CHECK_EVERY_SECONDS, EngineInForce

    now = [100.0]
    worker = EngineInForce(clock=lambda: now[0])
    first = worker()
    with CaptureQueriesContext(connection) as queries:
        assert worker() is first
    assert len(queries) == 0  # checked a moment ago: no query at all

    _save("[priority.levels]\ncritical = 20\nhigh = 8\nmedium = 4\nlow = 0\n")
    assert worker() is first  # saved by another process: seen at the next check
    now[0] += CHECK_EVERY_SECONDS
    with CaptureQueriesContext(connection) as queries:
        second = worker()
    assert len(queries) == 1 and "helpdesk_policyversion" in queries[0]["sql"]
    assert second is not first and second.policy.priority.levels["critical"] == 20
    now[0] += CHECK_EVERY_SECONDS
    assert worker() is second and worker.builds == 2


def test_a_worker_keeps_its_engine_when_a_rebuild_fails(
    no_versions: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from triagedesk.helpdesk.services.engine import CHECK_EVERY_SECONDS, EngineInForce

    mine = tmp_path / "mine.toml"
    mine.write_text("[keywords]\ncount = 3\n")
    monkeypatch.setenv("TRIAGEDESK_POLICY", str(mine))
    now = [0.0]
    worker = EngineInForce(clock=lambda: now[0])
    first = worker()
    _save("[keywords]\ncount = 4\n")
    mine.write_text("[clean]\nmax_chars = 'lots'\n")  # broken on disk after the save
    now[0] += CHECK_EVERY_SECONDS
    with caplog.at_level(logging.INFO, logger="triagedesk.policy"):
        assert worker() is first and first.policy.keywords.count == 3
    assert "triage engine not rebuilt for policy version" in caplog.text
    assert "mine.toml: [clean.max_chars] expected an integer" in caplog.text
    now[0] += CHECK_EVERY_SECONDS
    assert worker() is first and worker.builds == 1  # not retried until the next version


def test_a_taxonomy_change_routes_the_next_ticket_to_the_new_team(no_versions: None) -> None:
    from triagedesk.helpdesk.models import PolicyVersion
    from triagedesk.helpdesk.services.engine import parse_overrides

    client = _client(_staff("admin"))
    data = _form_data(client)
    lines = data["taxonomy"].splitlines()
    assert "technical | Technical problems | bug, performance, outage | Technical support" in lines
    taxonomy = "\r\n".join(
        line.replace("| Technical support", "| Platform desk")
        + (" | Ledger desk" if line.startswith("billing") else "")
        for line in lines
    )
    assert "| Billing | Ledger desk" in taxonomy  # a fifth column: the check must refuse it
    errors = _errors(client.post(ADD, {**data, "taxonomy": taxonomy, "reason": "r"}))
    assert "line 2" in errors["taxonomy"]

    taxonomy = taxonomy.replace("| Billing | Ledger desk", "| Ledger desk")
    response = client.post(ADD, {**data, "taxonomy": taxonomy, "reason": "new desks"})
    assert response.status_code == 302, _errors(response)
    overrides = parse_overrides(PolicyVersion.objects.get().overrides)
    assert set(overrides) == {"route"}  # the categories themselves are as the files say
    assert overrides["route"]["category_teams"]["billing"] == "Ledger desk"
    ticket = _worked_example()
    assert ticket.category == "technical" and ticket.team.name == "Platform desk"


def test_a_version_can_be_restored_and_values_equal_to_the_files_are_dropped(
    no_versions: None,
) -> None:
    from triagedesk.helpdesk.models import PolicyVersion
    from triagedesk.helpdesk.services.engine import engine

    client = _client(_staff("admin"))
    levels = "[priority.levels]\ncritical = 20.0\nhigh = 8.0\nmedium = 4.0\nlow = 0.0\n"
    first = _save(levels + "\n[keywords]\ncount = 7\n")
    _save("")
    assert engine().policy.priority.levels["critical"] == 12

    data = _form_data(client, f"{ADD}?restore={first.pk}")
    assert data["priority__levels__critical"] == 20.0 and "count = 7" in data["overrides"]
    response = client.post(ADD, {**data, "reason": "back to the first version"})
    assert response.status_code == 302, _errors(response)
    assert PolicyVersion.objects.first().overrides == first.overrides
    assert engine().policy.priority.levels["critical"] == 20

    data = _form_data(client)
    response = client.post(
        ADD, {**data, "priority__levels__critical": "12", "reason": "as shipped"}
    )
    assert response.status_code == 302, _errors(response)
    assert PolicyVersion.objects.first().overrides == "[keywords]\ncount = 7\n"
    assert PolicyVersion.objects.count() == 4


def test_admin_overrides_win_over_the_policy_file_which_wins_over_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from triagedesk.helpdesk.services.engine import check_overrides

    mine = tmp_path / "mine.toml"
    mine.write_text("[priority]\nlevels = { critical = 11, high = 7, medium = 4, low = 0 }\n")
    monkeypatch.setenv("TRIAGEDESK_POLICY", str(mine))
    policy = check_overrides("[priority.levels]\ncritical = 9\nhigh = 7\nmedium = 4\nlow = 0\n")
    assert policy.priority.levels["critical"] == 9  # the admin's
    assert check_overrides("").priority.levels["critical"] == 11  # the file's
    assert policy.priority.tier_points["A"] == 3  # the shipped default
    with pytest.raises(Exception, match=r"^admin policy \(new version\): \[keywords.count\]"):
        check_overrides("[keywords]\ncount = 'many'\n")


def test_the_overrides_are_written_as_toml_that_reads_back_the_same() -> None:
    from triagedesk.helpdesk.policy_form import dump_toml

    table = {
        "route": {
            "default_team": 'The "first" line \\ Ökad',
            "rules": [{"language": "de", "team": "DACH"}, {"team": "x\ty\x7f"}],
            "category_teams": {"tech support": "Tech", "billing": "Billing"},
        },
        "priority": {"value_bands": [[500000, 4.5]], "levels": {"critical": 1e-05}},
        "clean": {"strip_quoted_replies": False},
    }
    assert tomllib.loads(dump_toml(table)) == table
    assert dump_toml({}) == ""
