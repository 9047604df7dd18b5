"""Dates and timestamps as ISO 8601 text, made by the database (SQLite or PostgreSQL).

Exports write timestamps as text anyway; letting the database write them spares building a
datetime object per value and formatting it again (a good part of an export's time on SQLite).
"""

from django.db.models import CharField, Func

ISO_UTC_LENGTH = len("2016-09-15T10:30:00.000000Z")


class IsoUtc(Func):
    """A DateTimeField as 2016-09-15T10:30:00.000000Z: UTC, microseconds, always this width."""

    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        template = """to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # Django stores "2016-09-15 10:30:00.123456" in UTC, without the fraction when it is zero.
        sql, params = compiler.compile(self.source_expressions[0])
        template = f"(replace(substr({sql}, 1, 19), ' ', 'T') || '.' || substr({sql} || '.000000', 21, 6) || 'Z')"
        return template, params * 2


class IsoDate(Func):
    """A DateField as 2016-09-15."""

    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="to_char(%(expressions)s, 'YYYY-MM-DD')", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # Stored as ISO text; the concatenation hides the column's declared type from sqlite3, which
        # would otherwise turn it into a date object.
        return self.as_sql(compiler, connection, template="(%(expressions)s || '')", **extra)
