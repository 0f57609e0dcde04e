"""Lookups made on every API request, in SQL built once from the models' fields.

A queryset is compiled anew at every call, which cost a worker more than the query itself: the
token with its user took 1.3 ms of CPU through the ORM and 0.35 ms here, the contact with its
customer 1.9 ms and 0.3 ms, out of about 17 ms a ticket.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, TypeVar

from django.db import connection, models

Row = TypeVar("Row", bound=models.Model)
Converter = Callable[[Any, Any, Any], Any]


class _Plan(NamedTuple):
    """A lookup's SQL, foreign key, and the converters of its own and its parent's columns."""

    sql: str
    key: models.ForeignKey[Any, Any]
    own: list[tuple[models.Field[Any, Any], list[Converter]]]
    theirs: list[tuple[models.Field[Any, Any], list[Converter]]]


# Built at a lookup's first use on each kind of database (tests switch between them).
_plans: dict[tuple[type[models.Model], str, str, str], _Plan] = {}


def first_with_parent(
    model: type[Row], parent: str, where: str, params: list[object]
) -> Row | None:
    """The first row of `model` (lowest id) matching `where`, with its `parent` loaded.

    `where` is SQL on the row's table, named `row`; `parent` is a foreign key of the model.
    """
    plan = _plans.get((model, parent, where, connection.vendor))
    if plan is None:
        plan = _plans[(model, parent, where, connection.vendor)] = _plan(model, parent, where)
    with connection.cursor() as cursor:
        cursor.execute(plan.sql, params)
        values = cursor.fetchone()
    if values is None:
        return None
    found = _from_db(model, plan.own, values[: len(plan.own)])
    related = values[len(plan.own) :]
    parent_model: type[models.Model] = plan.key.related_model
    loaded = None if related[0] is None else _from_db(parent_model, plan.theirs, related)
    plan.key.set_cached_value(found, loaded)
    return found


def _plan(model: type[models.Model], parent: str, where: str) -> _Plan:
    """The query and the column converters (both depend on the database's vendor)."""
    key = model._meta.get_field(parent)
    assert isinstance(key, models.ForeignKey), f"{model.__name__}.{parent} is not a foreign key"
    parent_model: type[models.Model] = key.related_model
    quote = connection.ops.quote_name
    own, theirs = model._meta.concrete_fields, parent_model._meta.concrete_fields
    columns = [f"row.{quote(f.column)}" for f in own] + [
        f"parent.{quote(f.column)}" for f in theirs
    ]
    sql = (
        f"SELECT {', '.join(columns)} FROM {quote(model._meta.db_table)} row "
        f"{'LEFT JOIN' if key.null else 'JOIN'} {quote(parent_model._meta.db_table)} parent "
        f"ON parent.{quote(key.target_field.column)} = row.{quote(key.column)} "
        f"WHERE {where} ORDER BY row.{quote(model._meta.pk.column)} LIMIT 1"
    )
    return _Plan(sql, key, _converters(own), _converters(theirs))


def _converters(
    fields: Sequence[models.Field[Any, Any]],
) -> list[tuple[models.Field[Any, Any], list[Converter]]]:
    # As a queryset converts its columns: the database's converters, then the field's own.
    return [
        (
            field,
            connection.ops.get_db_converters(field.cached_col)
            + field.cached_col.get_db_converters(connection),
        )
        for field in fields
    ]


def _from_db(
    model: type[Row],
    fields: list[tuple[models.Field[Any, Any], list[Converter]]],
    values: Sequence[Any],
) -> Row:
    converted = []
    for (field, converters), value in zip(fields, values, strict=True):
        for convert in converters:
            value = convert(value, field.cached_col, connection)
        converted.append(value)
    row: Row = model.from_db(connection.alias, [field.attname for field, _ in fields], converted)
    return row
