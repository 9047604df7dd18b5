"""Fast writes for the import and re-extraction: PostgreSQL's COPY, or one executemany on SQLite.

``bulk_create`` builds a model instance per row and compiles one INSERT whose cost grows with
every cell; the import writes tens of thousands of articles and quotes at a time, so it streams
plain rows instead. Values the database driver takes as they are (text, numbers, None) go
straight through; anything else (dates, JSON, ...) is prepared by its field exactly as ``save()``
would; timestamps and defaults are computed once per call. Span rows are always checked against
the span invariant. Ids are not returned: callers look them up by a unique key.
"""

from collections.abc import Iterator, Mapping, Sequence
from itertools import batched, repeat
from operator import itemgetter

from django.db import connection, models
from django.utils import timezone

from articles.models import AnchoredSpan
from articles.spans import check_span

_PLAIN = (str, int, bool, float, type(None))


def insert_many(
    model: type[models.Model],
    rows: Sequence[Mapping],
    *,
    bodies: Mapping[int, str] = (),
    ignore_conflicts: bool = False,
) -> None:
    """Insert ``rows`` (field name -> value; ``<fk>_id`` for foreign keys) into ``model``'s table.

    Every row has the keys the first one has. For span models, ``bodies`` maps article id -> body,
    so every row is checked without a query. ``ignore_conflicts`` skips rows a unique constraint
    refuses (``ON CONFLICT DO NOTHING``; a plain INSERT rather than COPY on PostgreSQL).
    """
    if not rows:
        return
    if issubclass(model, AnchoredSpan):
        for row in rows:
            if not row.get("orphaned"):
                check_span(bodies[row["article_id"]], row["start"], row["end"], row[model.span_text_field])
    given = [field for field in _insertable(model) if field.attname in rows[0]]
    absent = [field for field in _insertable(model) if field.attname not in rows[0]]
    fields = given + absent
    prepared = _prepared(given, rows, _constants(absent))
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not ignore_conflicts:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in prepared:
                    copy.write_row(values)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders}){conflict}", prepared)


def ids_by(model: type[models.Model], field_name: str, values: Sequence[str], *, column: str = "id") -> dict:
    """``{value: id}`` of the rows whose ``field_name`` is one of ``values`` (for the import's look-ups
    of what it has just written or may duplicate). Plain SQL: for a few hundred values, building
    the ``__in`` lookup through the ORM cost more than the query itself."""
    found = {}
    if not values:
        return found
    table = connection.ops.quote_name(model._meta.db_table)
    key = connection.ops.quote_name(model._meta.get_field(field_name).column)
    select = f"SELECT {key}, {connection.ops.quote_name(column)} FROM {table} WHERE {key}"
    with connection.cursor() as cursor:
        for done in _where_in(cursor, select, values):
            found.update(done.fetchall())
    return found


def delete_ids(model: type[models.Model], ids: Sequence[int]) -> int:
    """Delete rows by id in plain SQL; returns the count. No signals, no history rows, no cascades:
    only for rows nothing references (re-extraction's untouched suggestions). Database-level
    triggers (SQLite's full-text index) still run."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        return sum(done.rowcount for done in _where_in(cursor, f"DELETE FROM {table} WHERE id", ids))


def _where_in(cursor, sql: str, values: Sequence) -> Iterator:
    """Run ``sql`` followed by ``IN (...)`` once per 500 values (SQLite bounds the parameters of a
    statement); yield the cursor after each run."""
    for part in batched(values, 500):
        cursor.execute(f"{sql} IN ({', '.join(['%s'] * len(part))})", part)
        yield cursor


def _insertable(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not getattr(field, "generated", False)
    ]


def _constants(fields: list[models.Field]) -> tuple:
    """Prepared values shared by every row: timestamps and the defaults of absent fields."""
    now = timezone.now()
    constants = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        elif field.empty_strings_allowed:  # a blank text field, as bulk_create and save() leave it
            value = ""
        else:
            raise ValueError(f"insert_many: no value for {field.model.__name__}.{field.attname}")
        constants.append(field.get_db_prep_save(value, connection))
    return tuple(constants)


def _prepared(fields: list[models.Field], rows: Sequence[Mapping], constants: tuple) -> list[tuple]:
    """Each row's values in ``fields`` order, then the constants. The rows' values are taken by one
    itemgetter; only the cells of a column that holds something the driver does not take as it is
    (a date, a dict for JSON) go through their field's ``get_db_prep_save``, as ``save()`` would."""
    take = itemgetter(*(field.attname for field in fields)) if fields else (lambda row: ())
    values = [take(row) for row in rows]
    if len(fields) == 1:
        values = [(value,) for value in values]
    for index, field in enumerate(fields):
        column = map(itemgetter(index), values)
        if isinstance(field, models.JSONField) or not all(map(isinstance, column, repeat(_PLAIN))):
            values = [_with_prepared(row, index, field) for row in values]
    return [row + constants for row in values] if constants else values


def _with_prepared(row: tuple, index: int, field: models.Field) -> tuple:
    value = row[index]
    if isinstance(value, _PLAIN) and not isinstance(field, models.JSONField):
        return row
    return (*row[:index], field.get_db_prep_save(value, connection), *row[index + 1 :])
