"""The annotations CSV on PostgreSQL, written by the server: ``COPY (SELECT ...) TO STDOUT``.

The Python path (``annotation_chunks`` through ``csv_stream``) spends most of its time building a
tuple per row and formatting it again. Here the SELECT makes every cell exactly as that path
writes it, and PostgreSQL's CSV writer quotes as Python's does, so the bytes are the same and
Python only passes them on. What the SELECT has to do for that:

- text cells: the formula prefix of ``csvcells.neutralise``, and '' as NULL (PostgreSQL quotes an
  empty string, ``""``, to tell it from NULL; Python writes both as nothing);
- the four disagreement cells: the positions' values, line breaks inside one made spaces, one a
  line, in (disagreement, position) order, then neutralised as one cell;
- rows end in CRLF: PostgreSQL ends them in LF, so each row's LF is swapped here. COPY sends one
  message per row, so the row ends are known without reading the rows.

Quoting is the same on both sides (QUOTE_MINIMAL): a cell is quoted when it holds a comma, a
double quote, CR or LF, and quotes inside are doubled. ``tests/annotations/test_export_copy.py``
compares the two paths byte for byte.
"""

from collections.abc import Callable, Iterator

from django.db import connection, transaction
from django.db.models import F, Func, QuerySet, TextField

from annotations.export_writers import DATE, INT, LIST, MOMENT, TEXT
from annotations.models import Position

ROWS_PER_CHUNK = 5000

# csvcells.neutralise in SQL, with NULL for an empty text ({x}: a column or an alias). Most cells
# start with a letter (code 65 and up, above every trigger), so one test settles those. The codes
# are those of csvcells.TRIGGERS (= + - @ tab CR; NUL cannot be in PostgreSQL text) and of '.
_NEUTRALISED = (
    "CASE WHEN ascii({x}) >= 65 THEN {x}"
    " WHEN ascii({x}) IN (61, 43, 45, 64, 9, 13)"
    " OR (ascii({x}) = 39 AND ascii(substr({x}, 2, 1)) IN (61, 43, 45, 64, 9, 13, 39))"
    " THEN '''' || {x} ELSE NULLIF({x}, '') END"
)


def _neutralised(sql: str) -> str:
    return _NEUTRALISED.format(x=sql)


class CsvText(Func):
    """A text column as the CSV cell the Python writer makes of it."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return _neutralised(sql), params * _NEUTRALISED.count("{x}")


class PositionCell(Func):
    """One of the four disagreement cells of an annotation (its id is the expression).

    The EXISTS probe spares the aggregation for the many annotations no position cites.
    """

    output_field = TextField()
    _LINKS = Position.annotations.through._meta.db_table
    _POSITIONS = Position._meta.db_table
    _DISAGREEMENTS = Position._meta.get_field("disagreement").related_model._meta.db_table
    _ACTORS = Position._meta.get_field("actor").related_model._meta.db_table

    def __init__(self, annotation_id, *, value: str):
        super().__init__(annotation_id)
        self.value = value

    def as_sql(self, compiler, connection, **extra):
        annotation_id, params = compiler.compile(self.source_expressions[0])
        items = f"string_agg({self.value}, E'\\n' ORDER BY p.disagreement_id, p.id)"
        sql = (
            f"CASE WHEN EXISTS (SELECT 1 FROM {self._LINKS} l WHERE l.annotation_id = {annotation_id}) THEN ("
            f"SELECT {_neutralised('v.items')} FROM (SELECT {items} AS items FROM {self._LINKS} l"
            f" JOIN {self._POSITIONS} p ON p.id = l.position_id"
            f" JOIN {self._DISAGREEMENTS} d ON d.id = p.disagreement_id"
            f" JOIN {self._ACTORS} a ON a.id = p.actor_id"
            f" WHERE l.annotation_id = {annotation_id}) v) END"
        )
        return sql, params * 2


# What each kind of column of exporting._ANNOTATION_SOURCES becomes.
_POSITION_VALUES = {
    "disagreement_ids": "d.id::text",
    "disagreement_subjects": "replace(d.subject, E'\\n', ' ')",
    "position_actors": "replace(a.name, E'\\n', ' ')",
    "position_stances": "replace(p.stance, E'\\n', ' ')",
}


def _cell(name: str, select, kind: str):
    if kind == LIST:
        return PositionCell(F("id"), value=_POSITION_VALUES[name])
    if kind == TEXT:
        return CsvText(select)
    if kind in (INT, DATE, MOMENT):
        # digits and ISO 8601 text: never empty, never quoted, never a formula
        return F(select) if isinstance(select, str) else select
    raise ValueError(f"no CSV cell for a {kind} column")


def _select(queryset: QuerySet, *, sources, query) -> tuple[str, tuple]:
    cells = [_cell(name, select, kind) for (name, _, kind), select in zip(sources, query, strict=True)]
    names = [f"c{index}" for index in range(len(cells))]
    rows = queryset.annotate(**dict(zip(names, cells, strict=True))).order_by("id").values_list(*names)
    return rows.query.sql_with_params()


def annotation_csv_rows(
    queryset: QuerySet, *, sources, query, on_rows: Callable[[int], None], rows_per_chunk: int = ROWS_PER_CHUNK
) -> Iterator[bytes]:
    """The rows (no header) of the annotations CSV of ``queryset``, UTF-8, in chunks of rows.

    ``sources`` and ``query`` are exporting's column list and the values_list() it makes of it;
    ``on_rows`` hears the number of rows handed on so far, with each chunk.
    """
    sql, params = _select(queryset, sources=sources, query=query)
    with transaction.atomic(), connection.cursor() as cursor:
        # JIT compiling this wide SELECT costs the server more than it saves, and delays the first row.
        cursor.execute("SET LOCAL jit = off")
        # Parameters bound here: COPY takes none of its own, whichever binding the connection uses.
        select = connection.ops.compose_sql(sql, params)
        with cursor.cursor.copy(f"COPY ({select}) TO STDOUT (FORMAT csv)") as copy:
            yield from _crlf_rows(copy, on_rows=on_rows, rows_per_chunk=rows_per_chunk)


def _crlf_rows(copy, *, on_rows: Callable[[int], None], rows_per_chunk: int) -> Iterator[bytes]:
    sent = 0
    lines = []
    for row in copy:  # one row each, ending in LF
        lines.append(row[:-1])
        if len(lines) == rows_per_chunk:
            sent += len(lines)
            lines.append(b"")  # so that the last row ends in CRLF too
            on_rows(sent)
            yield b"\r\n".join(lines)
            lines = []
    if lines:
        sent += len(lines)
        lines.append(b"")
        on_rows(sent)
        yield b"\r\n".join(lines)
