"""Creating, answering, moving and correcting tickets through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest

from triagedesk.errors import TransitionError

T = TypeVar("T")
WORKED_EXAMPLE = (
    "Den nya programversionen har satt hela vår bokföring ur spel. Vi kan inte längre skicka ut "
    "fakturor. Om inte detta fungerar imorgon måste vi se oss om efter alternativ."
)
MONDAY_9 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00 in Stockholm


def _customer(**fields: Any) -> Any:
    from triagedesk.helpdesk.models import Contact, Customer

    values = {
        "name": "Nordkust Bygg AB",
        "tier": "A",
        "annual_value": 280000,
        "language": "sv",
        **fields,
    }
    customer = Customer.objects.create(**values)
    contact = Contact.objects.create(
        customer=customer, name="Anna", email=f"{uuid.uuid4().hex}@example.se"
    )
    return customer, contact


def _user(name: str) -> Any:
    from django.contrib.auth.models import User

    return User.objects.create_user(f"{name}-{uuid.uuid4().hex[:8]}")


def _at_once(count: int, work: Callable[[int], T]) -> list[T]:
    """Run `work(0)` … `work(count - 1)` in threads released together; their results, in order.

    Each thread has its own database connection, closed at its end; an error in any thread
    fails the test.
    """
    from django.db import connections

    results: dict[int, T] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def run(i: int) -> None:
        try:
            start.wait()
            results[i] = work(i)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return [results[i] for i in range(count)]


def test_a_new_ticket_is_triaged_stored_and_audited(database: str) -> None:
    from triagedesk.helpdesk.services import NewTicket, create_ticket

    _, contact = _customer()
    ticket = create_ticket(
        NewTicket(text=WORKED_EXAMPLE, subject="Bokföringen", contact=contact, received_at=MONDAY_9)
    )
    ticket.refresh_from_db()
    assert ticket.reference.startswith("T-2026-") and len(ticket.reference) == 13
    assert (ticket.level, ticket.points, ticket.category) == ("critical", 15.0, "technical")
    assert {r["factor"]: r["points"] for r in ticket.breakdown}["business_impact"] == 4
    assert ticket.team is not None and ticket.team.name == "Technical support"
    assert ticket.first_response_due == MONDAY_9 + timedelta(minutes=15)
    assert ticket.customer == contact.customer and ticket.language == "sv"
    (message,) = ticket.messages.all()
    assert message.kind == "inbound" and message.text == WORKED_EXAMPLE
    decision = ticket.decisions.get()
    assert decision.result["priority"]["level"] == "critical"
    assert {e.field for e in ticket.audit.all()} >= {"category", "level", "team"}
    assert all(e.actor_label == "triage engine" for e in ticket.audit.all())


def test_references_are_unique_under_eight_parallel_creations(database: str) -> None:
    from triagedesk.helpdesk.services import NewTicket, create_ticket
    from triagedesk.helpdesk.services.tickets import engine

    _, contact = _customer()
    pipeline = engine()

    def create(i: int) -> str:
        new = NewTicket(text=f"Fakturan {i} är fel", contact=contact)
        return create_ticket(new, triage=pipeline).reference

    references = _at_once(8, create)
    assert len(set(references)) == 8


def test_status_follows_the_workflow_and_is_audited(database: str) -> None:
    from triagedesk.helpdesk.services import NewTicket, change_status, create_ticket

    _, contact = _customer(tier="C", annual_value=None)
    lead = _user("lead")
    ticket = create_ticket(NewTicket(text="How do I export a report?", contact=contact))
    change_status(ticket, "open", lead)
    change_status(ticket, "solved", lead, why="answered")
    assert ticket.solved_at is not None
    change_status(ticket, "closed", lead)
    with pytest.raises(TransitionError, match="cannot go from closed to open"):
        change_status(ticket, "open", lead)
    with pytest.raises(TransitionError, match="unknown status"):
        change_status(ticket, "archived", lead)
    changes = [(e.old_value, e.new_value) for e in ticket.audit.filter(field="status")]
    assert changes == [("new", "open"), ("open", "solved"), ("solved", "closed")]


def test_first_reply_stops_the_first_response_clock_once(database: str) -> None:
    from triagedesk.helpdesk.services import NewTicket, add_message, create_ticket

    _, contact = _customer()
    agent = _user("agent")
    ticket = create_ticket(NewTicket(text="Paketet har inte kommit", contact=contact))
    add_message(ticket, "note", "checking with the carrier", author=agent)
    assert ticket.first_response_at is None
    add_message(ticket, "outbound", "Hej! Vi undersöker saken.", author=agent)
    first = ticket.first_response_at
    add_message(ticket, "outbound", "Paketet är hittat.", author=agent)
    ticket.refresh_from_db()
    assert first is not None and ticket.first_response_at == first
    assert [m.kind for m in ticket.messages.all()] == ["inbound", "note", "outbound", "outbound"]


def test_a_correction_is_a_label_an_audit_entry_and_new_due_times(database: str) -> None:
    from triagedesk.helpdesk.models import TriageLabel
    from triagedesk.helpdesk.services import NewTicket, correct_triage, create_ticket

    _, contact = _customer(tier="C", annual_value=None)
    agent = _user("agent")
    ticket = create_ticket(
        NewTicket(text="Hur ändrar jag min logga?", contact=contact, received_at=MONDAY_9)
    )
    machine_level = ticket.level
    correct_triage(ticket, agent, "level", "high", reason="the customer launches tomorrow")
    ticket.refresh_from_db()
    assert ticket.level == "high" and ticket.first_response_due == MONDAY_9 + timedelta(hours=2)
    label = TriageLabel.objects.get(ticket=ticket)
    assert (label.machine_value, label.human_value, label.agent) == (machine_level, "high", agent)
    event = ticket.audit.filter(field="level").last()
    assert (
        event is not None and event.actor == agent and event.why == "the customer launches tomorrow"
    )
    with pytest.raises(TransitionError, match="needs a reason"):
        correct_triage(ticket, agent, "category", "billing", reason=" ")
    with pytest.raises(TransitionError, match="can be corrected"):
        correct_triage(ticket, agent, "points", "3", reason="no")


def test_assignment_is_audited(database: str) -> None:
    from triagedesk.helpdesk.services import NewTicket, assign, create_ticket

    _, contact = _customer()
    lead, agent = _user("lead"), _user("agent")
    ticket = create_ticket(NewTicket(text="Appen kraschar", contact=contact))
    assign(ticket, agent, lead)
    assign(ticket, None, lead)
    moves = [(e.old_value, e.new_value, e.actor) for e in ticket.audit.filter(field="assignee")]
    assert moves == [("", agent.get_username(), lead), (agent.get_username(), "", lead)]


def test_the_counter_counts_on_in_one_statement_or_two(database: str) -> None:
    from django.db import transaction

    from triagedesk.helpdesk.services.references import advance, next_from_counter

    year = 2090
    with transaction.atomic():
        assert advance(year) is None and advance(year, returning=False) is None
        assert next_from_counter(year) == 1  # makes the year's counter
        assert next_from_counter(year) == 2
        assert advance(year, returning=True) == 3
        assert advance(year, returning=False) == 4  # databases without UPDATE … RETURNING
        assert next_from_counter(year) == 5


def test_each_year_is_numbered_from_one_on_its_own(database: str) -> None:
    from django.db import connection, transaction

    from triagedesk.helpdesk.services.references import next_reference

    with transaction.atomic():
        assert next_reference(2091) == "T-2091-000001"
        assert next_reference(2091) == "T-2091-000002"
        assert next_reference(2092) == "T-2092-000001"
    assert next_reference(2091) == "T-2091-000003"  # outside a transaction too
    if database == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sequencename FROM pg_sequences WHERE sequencename LIKE %s ORDER BY 1",
                ["helpdesk_ticket_reference_209%"],
            )
            names = [row[0] for row in cursor.fetchall()]
        assert names == ["helpdesk_ticket_reference_2091", "helpdesk_ticket_reference_2092"]


def test_a_ticket_not_stored_leaves_at_most_a_gap(database: str) -> None:
    from django.db import transaction

    from triagedesk.helpdesk.services.references import next_reference

    class Refused(Exception):
        pass

    first = next_reference(2093)
    with pytest.raises(Refused), transaction.atomic():
        next_reference(2093)
        raise Refused
    after = next_reference(2093)
    numbers = [int(reference.rsplit("-", 1)[1]) for reference in (first, after)]
    # PostgreSQL's sequence does not give the rolled-back number back; SQLite's counter does.
    expected = [1, 3] if database == "postgresql" else [1, 2]
    assert numbers == expected


def test_a_year_counted_before_sequences_goes_on_after_its_last_number(database: str) -> None:
    from triagedesk.helpdesk.models import TicketSequence
    from triagedesk.helpdesk.services.references import next_reference

    TicketSequence.objects.create(year=2094, last=41)
    assert next_reference(2094) == "T-2094-000042"
    assert next_reference(2094) == "T-2094-000043"


def test_a_new_year_first_reached_by_eight_transactions_at_once_numbers_them_all(
    database: str,
) -> None:
    from django.db import transaction

    from triagedesk.helpdesk.services.references import next_reference

    def take(_: int) -> int:
        with transaction.atomic():
            return int(next_reference(2095).rsplit("-", 1)[1])

    assert sorted(_at_once(8, take)) == list(range(1, 9))


def test_a_known_email_in_any_case_finds_the_contact_with_its_customer(database: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from triagedesk.helpdesk.services import contact_for

    customer, contact = _customer()
    with CaptureQueriesContext(connection) as queries:
        found = contact_for(contact.email.upper())
        assert found is not None and found.pk == contact.pk
        assert found.customer.tier == customer.tier  # loaded with the contact
    assert len(queries.captured_queries) == 1
    assert contact_for(f"new-{contact.email}") is None  # unknown, and no customer to add it to
    assert contact_for(None) is None and contact_for("") is None


def test_a_new_contact_is_added_once_under_parallel_requests(database: str) -> None:
    from triagedesk.helpdesk.models import Contact
    from triagedesk.helpdesk.services import contact_for

    customer, _ = _customer()
    email = f"{uuid.uuid4().hex}@example.dk"

    def add(_: int) -> int:
        contact = contact_for(email, "Mads", customer)
        assert contact is not None
        return int(contact.pk)

    found = _at_once(4, add)
    (contact,) = Contact.objects.filter(email=email)
    assert found == [contact.pk] * 4 and contact.customer == customer


def test_a_team_is_looked_up_again_once_its_trust_runs_out(database: str) -> None:
    from django.db import transaction

    from triagedesk.helpdesk.models import Team
    from triagedesk.helpdesk.services.teams import TeamsByName

    now = [100.0]
    teams = TeamsByName(clock=lambda: now[0], trust=1.0)
    name = f"team-{uuid.uuid4().hex[:8]}"
    first = teams(name)
    now[0] += 0.5
    assert teams(name) is first and teams.lookups == 1
    Team.objects.filter(pk=first.pk).update(name=f"{name} (renamed)")
    now[0] += 0.6
    second = teams(name)  # made again: the old one was renamed
    assert teams.lookups == 2 and second.pk != first.pk and second.name == name
    with transaction.atomic():
        other = f"team-{uuid.uuid4().hex[:8]}"
        teams(other)
        teams(other)  # made inside a transaction that may yet roll back: not remembered
    assert teams.lookups == 4


def _forget_numbering(database: str, year: int) -> None:
    """As a database loaded or restored without the counter or sequence of `year` would be."""
    from django.db import connection

    from triagedesk.helpdesk.models import TicketSequence
    from triagedesk.helpdesk.services.references import sequence_name

    TicketSequence.objects.filter(year=year).delete()
    if database == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SEQUENCE IF EXISTS "{sequence_name(year)}"')


def test_tickets_loaded_without_their_numbering_are_numbered_past(database: str) -> None:
    from triagedesk.helpdesk.services import NewTicket, create_ticket

    _, contact = _customer()
    received = datetime(2096, 3, 2, 9, 0, tzinfo=UTC)
    for _ in range(3):
        create_ticket(NewTicket(text=WORKED_EXAMPLE, contact=contact, received_at=received))
    _forget_numbering(database, 2096)
    ticket = create_ticket(NewTicket(text=WORKED_EXAMPLE, contact=contact, received_at=received))
    assert ticket.reference == "T-2096-000004"


def test_a_number_found_taken_is_skipped_and_the_ticket_stored(database: str) -> None:
    from django.db import connection

    from triagedesk.helpdesk.models import Ticket, TicketSequence
    from triagedesk.helpdesk.services import NewTicket, create_ticket
    from triagedesk.helpdesk.services.references import sequence_name

    _, contact = _customer()
    received = datetime(2097, 3, 2, 9, 0, tzinfo=UTC)
    for _ in range(2):
        create_ticket(NewTicket(text=WORKED_EXAMPLE, contact=contact, received_at=received))
    # The numbering falls behind the stored tickets (an older version ran alongside, say).
    if database == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(%s, 1, false)", [sequence_name(2097)])
    else:
        TicketSequence.objects.filter(year=2097).update(last=0)
    ticket = create_ticket(NewTicket(text=WORKED_EXAMPLE, contact=contact, received_at=received))
    assert ticket.reference == "T-2097-000003"
    assert Ticket.objects.filter(reference__startswith="T-2097-").count() == 3
    assert ticket.messages.count() == 1 and ticket.decisions.count() == 1


def test_a_team_deleted_while_a_process_trusts_it_costs_no_ticket(database: str) -> None:
    from triagedesk.helpdesk.models import Team
    from triagedesk.helpdesk.services import NewTicket, create_ticket
    from triagedesk.helpdesk.services.teams import team_named

    _, contact = _customer()
    first = create_ticket(NewTicket(text=WORKED_EXAMPLE, contact=contact, received_at=MONDAY_9))
    assert first.team is not None
    lookups = team_named.lookups
    assert team_named(first.team.name) == first.team and team_named.lookups == lookups  # trusted
    Team.objects.filter(pk=first.team.pk).delete()
    second = create_ticket(NewTicket(text=WORKED_EXAMPLE, contact=contact, received_at=MONDAY_9))
    second.refresh_from_db()
    assert second.team is not None and second.team.name == first.team.name
    assert second.team.pk != first.team.pk


def test_migrate_makes_this_and_next_years_sequences_ahead(database: str) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from triagedesk.helpdesk.services.references import sequence_name

    year = timezone.now().year
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        if database == "postgresql":
            names = [sequence_name(year), sequence_name(year + 1)]
            cursor.execute(
                "SELECT count(*) FROM pg_sequences WHERE sequencename = ANY(%s)", [names]
            )
            assert cursor.fetchone() == (2,)
        else:  # SQLite numbers by a counter row, made by the year's first ticket
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name LIKE 'helpdesk_ticket_reference_%'"
            )
            assert cursor.fetchone() == (0,)
