"""Human ticket references T-YYYY-NNNNNN: unique under concurrency on SQLite and PostgreSQL."""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction

from triagedesk.helpdesk.models import TicketSequence


def next_reference(year: int) -> str:
    """The next reference of `year`; call inside the transaction that stores the ticket.

    The UPDATE locks the year's counter row until the transaction ends (PostgreSQL row lock;
    SQLite's write lock, taken at BEGIN IMMEDIATE), so no two tickets share a number. A rolled
    back ticket leaves a gap, which references tolerate.
    """
    number = advance(year)
    if number is None:
        try:
            with transaction.atomic():
                TicketSequence.objects.create(year=year, last=1)
            number = 1
        except IntegrityError:  # another transaction created the year's row first
            number = advance(year)
    assert number is not None, "a year's counter row, once made, is never deleted"
    return f"T-{year}-{number:06d}"


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
