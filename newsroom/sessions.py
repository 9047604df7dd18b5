"""Database sessions (Django's), read with SQL written once per process.

Every request reads its session; compiling the ORM query for it cost more than running it. What is
read, and when a session counts as gone (no row, or expired), is as in Django's database backend.
Use with SESSION_ENGINE = "newsroom.sessions".
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone

_sql_by_alias: dict[str, str] = {}


def _select(model, connection) -> str:
    if connection.alias not in _sql_by_alias:
        quote, meta = connection.ops.quote_name, model._meta
        key, data, expiry = (
            quote(meta.get_field(name).column) for name in ("session_key", "session_data", "expire_date")
        )
        _sql_by_alias[connection.alias] = (
            f"SELECT {data} FROM {quote(meta.db_table)} WHERE {key} = %s AND {expiry} > %s"
        )
    return _sql_by_alias[connection.alias]


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        using = router.db_for_read(self.model)
        connection = connections[using]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_select(self.model, connection), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return self.model.from_db(using, ["session_key", "session_data"], [self.session_key, row[0]])
