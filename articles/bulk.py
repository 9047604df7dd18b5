"""Fast inserts for the import path: PostgreSQL's COPY, or one executemany on SQLite.

``bulk_create`` builds a model instance per row and compiles one INSERT whose cost grows with
every cell; the import writes tens of thousands of articles and quotes at a time, so it streams
plain rows instead. Values the database driver takes as they are (text, numbers, None) go
straight through; anything else (dates, JSON, ...) is prepared by its field exactly as ``save()``
would; timestamps and defaults are computed once per call. Span rows are always checked against
the span invariant. Ids are not returned: callers look them up by a unique key.
"""

from collections.abc import Mapping, Sequence

from django.db import connection, models
from django.utils import timezone

from articles.models import AnchoredSpan
from articles.spans import check_span

_PLAIN = (str, int, bool, float, type(None))


def insert_many(model: type[models.Model], rows: Sequence[Mapping], *, bodies: Mapping[int, str] = ()) -> None:
    """Insert ``rows`` (field name -> value; ``<fk>_id`` for foreign keys) into ``model``'s table.

    For span models, ``bodies`` maps article id -> body, so every row is checked without a query.
    """
    if not rows:
        return
    if issubclass(model, AnchoredSpan):
        for row in rows:
            if not row.get("orphaned"):
                check_span(bodies[row["article_id"]], row["start"], row["end"], row[model.span_text_field])
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not getattr(field, "generated", False)
    ]
    constants = _constants(fields, rows[0])
    prepared = [tuple(_value(field, row, constants) for field in fields) for row in rows]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in prepared:
                    copy.write_row(values)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", prepared)


def _constants(fields: list[models.Field], sample: Mapping) -> dict[str, object]:
    """Prepared values shared by every row: timestamps and the defaults of absent fields."""
    now = timezone.now()
    constants = {}
    for field in fields:
        if field.attname in sample:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        else:
            raise ValueError(f"insert_many: no value for {field.model.__name__}.{field.attname}")
        constants[field.attname] = field.get_db_prep_save(value, connection)
    return constants


def _value(field: models.Field, row: Mapping, constants: dict):
    if field.attname not in row:
        return constants[field.attname]
    value = row[field.attname]
    if isinstance(value, _PLAIN) and not isinstance(field, models.JSONField):
        return value
    return field.get_db_prep_save(value, connection)
