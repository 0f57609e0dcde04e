"""Human ticket references T-YYYY-NNNNNN: unique under concurrency on SQLite and PostgreSQL.

Numbers are unique and rise within a year; a ticket that is not stored leaves a gap.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

from django.db import DatabaseError, IntegrityError, connection, transaction

from triagedesk.helpdesk.models import TicketSequence


def next_reference(year: int) -> str:
    """The next reference of `year`; call inside the transaction that stores the ticket."""
    if connection.vendor == "postgresql":
        number = next_from_sequence(year)
    else:
        number = next_from_counter(year)
    return f"T-{year}-{number:06d}"


def next_from_counter(year: int) -> int:
    """The year's next number from its counter row (SQLite, and databases without sequences).

    The UPDATE locks the row until the transaction ends: SQLite's write lock, taken at BEGIN
    IMMEDIATE, serialises every ticket anyway.
    """
    number = advance(year)
    if number is None:
        first = highest_stored(year) + 1  # tickets may have been loaded without their counter
        try:
            with transaction.atomic():
                TicketSequence.objects.create(year=year, last=first)
            number = first
        except IntegrityError:  # another transaction created the year's row first
            number = advance(year)
    assert number is not None, "a year's counter row, once made, is never deleted"
    return number


def advance(year: int, returning: bool | None = None) -> int | None:
    """Add one to the year's counter and return it; None when the year has no counter yet.

    One statement (UPDATE … RETURNING) where the database has it: PostgreSQL, SQLite 3.35+.
    """
    if returning is None:
        returning = connection.features.can_return_columns_from_insert
    quote = connection.ops.quote_name
    table, last, key = quote(TicketSequence._meta.db_table), quote("last"), quote("year")
    update = f"UPDATE {table} SET {last} = {last} + 1 WHERE {key} = %s"
    with connection.cursor() as cursor:
        if returning:
            cursor.execute(f"{update} RETURNING {last}", [year])
        else:
            cursor.execute(update, [year])
            if not cursor.rowcount:
                return None
            cursor.execute(f"SELECT {last} FROM {table} WHERE {key} = %s", [year])
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def sequence_name(year: int) -> str:
    """The PostgreSQL sequence that numbers `year`'s tickets."""
    return f"helpdesk_ticket_reference_{year:04d}"


def next_from_sequence(year: int) -> int:
    """The year's next number from its PostgreSQL sequence, made on the year's first ticket.

    nextval takes no lock that lasts until commit, so parallel tickets do not wait for each
    other's commit as they did on a counter row. A new sequence starts after the year's
    counter (tickets numbered before sequences) and after the year's stored tickets (data
    loaded or restored without its sequences). `triagedesk migrate` makes this year's and next
    year's sequences ahead, as the role that owns the schema.
    """
    number = _nextval(year)
    if number is None:
        _create_sequence(year)
        number = _nextval(year)
    assert number is not None, "a year's sequence, once made, is never dropped"
    return number


def _nextval(year: int) -> int | None:
    # to_regclass is NULL for a sequence not made yet, and nextval(NULL) is NULL: no error,
    # so the ticket's transaction stays usable.
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(to_regclass(%s))", [sequence_name(year)])
        row = cursor.fetchone()
    return None if row is None or row[0] is None else int(row[0])


def _create_sequence(year: int) -> None:
    counted = TicketSequence.objects.filter(year=year).values_list("last", flat=True).first()
    name = connection.ops.quote_name(sequence_name(year))
    start = max(int(counted or 0), highest_stored(year)) + 1
    try:
        with _savepoint(), connection.cursor() as cursor:
            cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {name} AS bigint START WITH {start}")
    except DatabaseError:
        # Another transaction made it at the same moment (PostgreSQL reports the race as a
        # duplicate catalogue key, not as IF NOT EXISTS); theirs serves.
        if _sequence_exists(year):
            return
        raise


def _sequence_exists(year: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [sequence_name(year)])
        row = cursor.fetchone()
    return bool(row and row[0])


def _savepoint() -> AbstractContextManager[object]:
    """A savepoint inside a transaction (a failed statement must not abort it), else nothing."""
    return transaction.atomic() if connection.in_atomic_block else nullcontext()


def highest_stored(year: int) -> int:
    """The highest number among the year's stored tickets, 0 when it has none."""
    from triagedesk.helpdesk.models import Ticket

    quote = connection.ops.quote_name
    prefix = f"T-{year}-"
    column, table = quote("reference"), quote(Ticket._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX(CAST(SUBSTR({column}, %s) AS INTEGER)) FROM {table} "
            f"WHERE {column} LIKE %s",
            [len(prefix) + 1, prefix + "%"],
        )
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def catch_up(year: int) -> None:
    """Move the year's numbering past every stored ticket, after a number turned out taken.

    That happens when tickets were loaded or restored without the counter or sequence that
    numbered them, or when an older version numbered tickets alongside this one.
    """
    highest = highest_stored(year)
    quote = connection.ops.quote_name
    table, last, key = quote(TicketSequence._meta.db_table), quote("last"), quote("year")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {last} = %s WHERE {key} = %s AND {last} < %s",
            [highest, year, highest],
        )
        if connection.vendor == "postgresql" and _sequence_exists(year):
            name = sequence_name(year)
            cursor.execute(
                f"SELECT setval(%s, GREATEST(%s, last_value)) FROM {quote(name)}", [name, highest]
            )


def prepare_years(years: tuple[int, ...]) -> None:
    """Make the PostgreSQL sequences of these years now (run by `triagedesk migrate`).

    A worker makes a missing one on the year's first ticket, which needs CREATE on the schema;
    made ahead, the workers' role only needs to use it.
    """
    if connection.vendor != "postgresql":
        return
    for year in years:
        if not _sequence_exists(year):
            _create_sequence(year)
