"""The full-text indexes under articles/search.py, one design for two engines.

PostgreSQL: each searchable model has a stored tsvector, ``search_vector``, a GeneratedField over
``SearchDocument`` (explicit text-search configuration), with a GIN index.
SQLite: each searchable table has an FTS5 external-content table, ``<table>_fts``, whose rowid is
the row's id, kept in sync by triggers on insert, update and delete.

One migration set serves both engines: ``SearchDocument`` compiles to NULL on SQLite (the column
exists there but is never read), and the GIN indexes, FTS5 tables and triggers are created by
``RunPython`` operations that act only on their own engine (``index_operations``). Migrations call
the builders below with explicit arguments; change a builder only in a way that keeps old
migrations meaning what they meant.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce
from operator import add

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import DEFAULT_DB_ALIAS, connections, migrations, transaction
from django.db.models import Func

CONFIG = "english"  # the text-search configuration; SQLite's FTS5 tables use FTS5_TOKENIZER
FTS5_TOKENIZER = "porter unicode61 remove_diacritics 0"


class SearchDocument(Func):
    """setweight(to_tsvector('english', col), 'A') || ... on PostgreSQL; NULL on other engines."""

    output_field = SearchVectorField()

    def __init__(self, *columns: str):
        vectors = [
            SearchVector(column, weight=weight, config=CONFIG) for column, weight in zip(columns, "ABCD", strict=False)
        ]
        super().__init__(reduce(add, vectors))

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])


class TitleVector(Func):
    """to_tsvector('english', title): the expression of the articles' title index on PostgreSQL."""

    template = "to_tsvector('english'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()


@dataclass(frozen=True)
class FtsIndex:
    """An SQLite FTS5 external-content index of some text columns of a table with an integer id."""

    table: str
    columns: tuple[str, ...]
    weights: tuple[float, ...]

    @property
    def name(self) -> str:
        return f"{self.table}_fts"

    def create_statements(self) -> list[str]:
        columns = ", ".join(self.columns)
        weights = ", ".join(str(weight) for weight in self.weights)
        return [
            f"CREATE VIRTUAL TABLE {self.name} USING fts5({columns}, content='{self.table}', "
            f"content_rowid='id', tokenize='{FTS5_TOKENIZER}')",
            f"INSERT INTO {self.name}({self.name}, rank) VALUES ('rank', 'bm25({weights})')",
            *self.trigger_statements(),
            self.rebuild_statement(),
        ]

    def trigger_statements(self) -> list[str]:
        columns = ", ".join(self.columns)
        new = ", ".join(f"new.{column}" for column in self.columns)
        old = ", ".join(f"old.{column}" for column in self.columns)
        changed = " OR ".join(f"old.{column} IS NOT new.{column}" for column in self.columns)
        insert = f"INSERT INTO {self.name}(rowid, {columns}) VALUES (new.id, {new});"
        delete = f"INSERT INTO {self.name}({self.name}, rowid, {columns}) VALUES ('delete', old.id, {old});"
        return [
            f"CREATE TRIGGER IF NOT EXISTS {self.name}_insert AFTER INSERT ON {self.table} BEGIN {insert} END",
            f"CREATE TRIGGER IF NOT EXISTS {self.name}_delete AFTER DELETE ON {self.table} BEGIN {delete} END",
            f"CREATE TRIGGER IF NOT EXISTS {self.name}_update AFTER UPDATE OF {columns} ON {self.table} "
            f"WHEN {changed} BEGIN {delete} {insert} END",
        ]

    def insert_trigger_statement(self) -> str:
        return self.trigger_statements()[0]

    def index_rows_after_statement(self) -> str:
        """Index, in one statement, the rows whose id is above a parameter (a bulk load's new rows)."""
        columns = ", ".join(self.columns)
        return f"INSERT INTO {self.name}(rowid, {columns}) SELECT id, {columns} FROM {self.table} WHERE id > %s"

    def trigger_names(self) -> list[str]:
        return [f"{self.name}_{event}" for event in ("insert", "delete", "update")]

    def rebuild_statement(self) -> str:
        return f"INSERT INTO {self.name}({self.name}) VALUES ('rebuild')"

    def drop_statements(self) -> list[str]:
        return [f"DROP TRIGGER IF EXISTS {name}" for name in self.trigger_names()] + [
            f"DROP TABLE IF EXISTS {self.name}"
        ]

    def integrity_check(self, cursor) -> None:
        """Raise (sqlite3.DatabaseError) unless the index matches its table."""
        cursor.execute(f"INSERT INTO {self.name}({self.name}, rank) VALUES ('integrity-check', 1)")


@contextmanager
def fts_bulk_load(indexes: list[FtsIndex]):
    """A transaction for bulk inserts: on SQLite, the new rows are indexed by one statement per index
    at the end instead of by the insert trigger row by row (measured: 2.7 times faster for article
    bodies, 6 times for quotes). The trigger is dropped and re-created inside the same transaction,
    so no other connection ever sees it missing, and a rollback restores it. SQLite allows one writer
    at a time, so every row above the id noted at the start is ours. Elsewhere, a plain transaction.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    with transaction.atomic():
        if connection.vendor != "sqlite":
            yield
            return
        with connection.cursor() as cursor:
            marks = {}
            for index in indexes:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {index.table}")
                marks[index.name] = cursor.fetchone()[0]
                cursor.execute(f"DROP TRIGGER IF EXISTS {index.name}_insert")
            yield
            for index in indexes:
                cursor.execute(index.index_rows_after_statement(), [marks[index.name]])
                cursor.execute(index.insert_trigger_statement())


@dataclass(frozen=True)
class FtsAutomerge:
    """SQLite: how many segments of one level an FTS5 index lets pile up before merging them
    (FTS5's ``automerge``; its default is 4). An import indexes each chunk as a new segment; at 16,
    indexing 22,250 BBC bodies in chunks of 500 took 1.7 s instead of 2.5 s, and a ranked search
    of the result 1.98 ms instead of 1.93 ms (measured on a scratch copy;
    see bench/bench_import.py for the import as a whole)."""

    name: str  # the FTS5 table
    segments: int

    def create_statements(self) -> list[str]:
        return [f"INSERT INTO {self.name}({self.name}, rank) VALUES ('automerge', {int(self.segments)})"]

    def drop_statements(self) -> list[str]:
        return [f"INSERT INTO {self.name}({self.name}, rank) VALUES ('automerge', 4)"]


@dataclass(frozen=True)
class GinIndex:
    """A PostgreSQL GIN index over a tsvector expression (a column name or an SQL expression)."""

    name: str
    table: str
    expression: str

    def create_statement(self) -> str:
        return f"CREATE INDEX IF NOT EXISTS {self.name} ON {self.table} USING gin ({self.expression})"

    def drop_statement(self) -> str:
        return f"DROP INDEX IF EXISTS {self.name}"


@dataclass(frozen=True)
class KeepInline:
    """PostgreSQL: keep a column compressed inside its row (STORAGE MAIN) instead of out of line.

    A document's tsvector is about 2.3 kB compressed for a BBC article, so by default most go to
    the TOAST table. ts_rank, and ``@@`` when the planner chooses a scan over the index, read the
    vector of every candidate row: from the row it costs a decompression, from TOAST an extra index
    lookup and page reads too (measured: ranking 23,000 matches took 75 ms instead of 171 ms). The
    text columns, still EXTENDED, are moved out of the row first, so list queries stay narrow.
    Rows written before this ran keep their storage until rewritten (VACUUM FULL)."""

    table: str
    column: str

    def create_statement(self) -> str:
        return f"ALTER TABLE {self.table} ALTER COLUMN {self.column} SET STORAGE MAIN"

    def drop_statement(self) -> str:
        return f"ALTER TABLE {self.table} ALTER COLUMN {self.column} SET STORAGE EXTENDED"


def index_operations(*, sqlite: list = (), postgresql: list = ()) -> migrations.RunPython:
    """One migration operation that on SQLite runs the ``create_statements()`` of each of ``sqlite``
    (FtsIndex, FtsAutomerge), or on PostgreSQL the ``create_statement()`` of each of ``postgresql``
    (GinIndex, KeepInline)."""

    def forward(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        statements = []
        if vendor == "sqlite":
            statements = [sql for index in sqlite for sql in index.create_statements()]
        elif vendor == "postgresql":
            statements = [index.create_statement() for index in postgresql]
        for sql in statements:
            schema_editor.execute(sql, params=None)

    def backward(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        statements = []
        if vendor == "sqlite":
            statements = [sql for index in sqlite for sql in index.drop_statements()]
        elif vendor == "postgresql":
            statements = [index.drop_statement() for index in reversed(postgresql)]
        for sql in statements:
            schema_editor.execute(sql, params=None)

    return migrations.RunPython(forward, backward, elidable=False)


def repair_triggers(connection, indexes: list[FtsIndex]) -> list[str]:
    """Re-create lost FTS5 triggers and rebuild those indexes; return the names of the indexes repaired.

    SQLite's schema changes that Django does by copying a table (AlterField and the like) drop the
    table's triggers with the old table. This runs after every migrate (post_migrate) so a later
    migration of articles or annotations cannot silently stop the index from following the table.
    """
    if connection.vendor != "sqlite":
        return []
    repaired = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        for index in indexes:
            if index.name not in present or set(index.trigger_names()) <= present:
                continue
            for sql in [*index.trigger_statements(), index.rebuild_statement()]:
                cursor.execute(sql)
            repaired.append(index.name)
    return repaired
