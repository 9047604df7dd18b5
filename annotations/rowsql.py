"""One row read by its key, or one new row and its history row inserted, with SQL written once per process.

Reads: ``QuerySet.get(pk=...)`` compiles its query on every call, several times the cost of running it;
``by_pk`` writes the SELECT once and makes the instance from the row as the ORM does (the same
conversions of database values).

Inserts: ``Model.save()`` compiles its INSERT on every call, and django-simple-history builds a manager class,
an instance and a second compiled INSERT for the history row: together most of the CPU time of an
annotation save. Here each field prepares its value exactly as ``save()`` has it prepare it
(``pre_save`` for auto_now and defaults, ``get_db_prep_save``), but the statement is reused.

Like ``bulk_create``, this sends no ``pre_save``/``post_save`` signals; the history row that
simple-history's ``post_save`` receiver would add is written here instead, with the same values
(who, when, the change reason), and its own signals are sent as simple-history sends them.
"""

from inspect import getattr_static

from django.conf import settings
from django.db import connections, router
from django.utils import timezone
from simple_history.signals import post_create_historical_record, pre_create_historical_record
from simple_history.utils import get_change_reason_from_object

_statements: dict[tuple, tuple[str, list]] = {}
_selects: dict[tuple, str] = {}
_converters: dict[tuple, list] = {}


def by_pk(model, pk):
    """The ``model`` row with this integer primary key, or None (also for a key its column cannot hold)."""
    using = router.db_for_read(model)
    connection = connections[using]
    low, high = connection.ops.integer_field_range(model._meta.pk.get_internal_type())  # integer keys only
    if not low <= pk <= high:
        return None
    key = (model, using)
    if key not in _selects:
        meta, quote = model._meta, connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in meta.concrete_fields)
        _selects[key] = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s"
    with connection.cursor() as cursor:
        cursor.execute(_selects[key], [pk])
        row = cursor.fetchone()
    return None if row is None else from_row(model, using, row)


def from_row(model, using: str, row):
    """The instance whose concrete fields' values, in their order, ``row`` holds as the database gave
    them: converted as the ORM converts them (booleans and dates on SQLite, ...)."""
    key = (model, using)
    if key not in _converters:
        connection, table = connections[using], model._meta.db_table
        _converters[key] = []  # (index, column, its converters) of the columns that have any
        for index, field in enumerate(model._meta.concrete_fields):
            column = field.get_col(table)
            converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if converters:
                _converters[key].append((index, column, converters))
    values = list(row)
    for index, column, converters in _converters[key]:
        for converter in converters:
            values[index] = converter(values[index], column, connections[using])
    return model.from_db(using, [field.attname for field in model._meta.concrete_fields], values)


def _statement(model, connection) -> tuple[str, list]:
    """INSERT of every concrete field but a database-made key or value, RETURNING the key."""
    key = (model, connection.alias)
    if key not in _statements:
        meta, quote = model._meta, connection.ops.quote_name
        fields = [field for field in meta.local_concrete_fields if field is not meta.auto_field and not field.generated]
        columns = ", ".join(quote(field.column) for field in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        sql = (
            f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders}) RETURNING {quote(meta.pk.column)}"
        )
        _statements[key] = (sql, fields)
    return _statements[key]


def insert(obj) -> None:
    """Insert ``obj`` (a new instance) and set its key, as ``obj.save(force_insert=True)`` would."""
    model = type(obj)
    using = router.db_for_write(model, instance=obj)
    connection = connections[using]
    sql, fields = _statement(model, connection)
    values = [field.get_db_prep_save(field.pre_save(obj, add=True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        (pk,) = cursor.fetchone()
    obj.pk = pk
    obj._state.adding, obj._state.db = False, using


def insert_with_history(obj) -> None:
    """Insert ``obj`` and the "+" history row simple-history's ``post_save`` would add for it.

    ``save()`` does both (and simple-history finds the user itself) where the caller names no
    ``_history_user``, the database cannot return the new key from an INSERT, or the history has more
    than the row (many-to-many fields, a relation to the instance), or the model has parent tables.
    """
    model = type(obj)
    history_model = getattr_static(model, model._meta.simple_history_manager_attribute).model
    connection = connections[router.db_for_write(model, instance=obj)]
    if (
        not hasattr(obj, "_history_user")
        or not connection.features.can_return_columns_from_insert
        or getattr(history_model, "_history_m2m_fields", ())
        or hasattr(history_model, "history_relation")
        or model._meta.parents
    ):
        obj.save(force_insert=True)
        return
    insert(obj)
    if getattr(settings, "SIMPLE_HISTORY_ENABLED", True) and not hasattr(obj, "skip_history_when_saving"):
        _history_insert(obj, history_model, "+")


def _history_insert(obj, history_model, history_type: str) -> None:
    """What simple-history's ``create_historical_record`` does, with ``insert`` for the row."""
    history_date = getattr(obj, "_history_date", None) or timezone.now()
    history_user = obj._history_user
    reason = get_change_reason_from_object(obj)
    values = {field.attname: getattr(obj, field.attname) for field in history_model.tracked_fields}
    record = history_model(
        history_date=history_date,
        history_type=history_type,
        history_user=history_user,
        history_change_reason=reason,
        **values,
    )
    about = {"sender": history_model, "instance": obj, "history_instance": record, "using": None}
    about |= {"history_date": history_date, "history_user": history_user, "history_change_reason": reason}
    pre_create_historical_record.send(**about)
    insert(record)
    post_create_historical_record.send(**about)
