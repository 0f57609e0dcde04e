"""Plain INSERTs for new rows whose ids nobody needs back (a ticket's message, decision, audit)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def insert_new(*groups: Sequence[models.Model]) -> None:
    """Store each group of new rows (one model a group) with one INSERT … VALUES; ids stay unset.

    Values go through the fields as in save() (pre_save, then the database's form); no signals
    are sent. A new ticket's message, decision and five audit events took 2.7 ms of a worker's
    CPU on PostgreSQL through save() and bulk_create, 1.6 ms this way (SQLite: 1.8, 1.2).
    """
    with connection.cursor() as cursor:
        for rows in groups:
            if rows:
                cursor.execute(*_insert(rows))


def _insert(rows: Sequence[models.Model]) -> tuple[str, list[Any]]:
    meta = type(rows[0])._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    for row in rows:
        # Made before their ticket was saved: take its id now, as save() would.
        row._prepare_related_fields_for_save(operation_name="insert")
    values = [
        field.get_db_prep_save(field.pre_save(row, True), connection)
        for row in rows
        for field in fields
    ]
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    columns = ", ".join(quote(field.column) for field in fields)
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES " + ", ".join(
        [one_row] * len(rows)
    )
    return sql, values
