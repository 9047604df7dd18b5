"""The authentication backend: Django's ModelBackend, with the user and all their permissions read
in one query when a request loads the user from its session.

ModelBackend reads the user, then its own permissions, then its groups' permissions: three queries on
every request that checks a permission, which every write does. Here the permission names come with the
user row (two aggregated subqueries) and fill the caches ModelBackend keeps on the user, so ``has_perm``
answers from memory for the rest of the request, as it does after ModelBackend's first check.

The SQL is written out once per process: built by the ORM, the same query costs more to compile on every
request than the three simple queries it replaces.
"""

from asgiref.sync import sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connections

from annotations.rowsql import from_row

# Names are "app_label.codename"; neither part holds a line break (app labels are identifiers,
# codenames come from the models' Meta).
SEPARATOR = "\n"

USER_SQL = """
SELECT {columns},
  ({names} INNER JOIN {user_permissions} up ON up.{up_permission} = p.id
   WHERE up.{up_user} = u.{pk}) AS user_permission_names,
  ({names} INNER JOIN {group_permissions} gp ON gp.{gp_permission} = p.id
   INNER JOIN {user_groups} ug ON ug.{ug_group} = gp.{gp_group}
   WHERE ug.{ug_user} = u.{pk}) AS group_permission_names
FROM {user} u
WHERE u.{pk} = %s
"""
# SQLite before 3.44 has no STRING_AGG, PostgreSQL no GROUP_CONCAT.
NAMES_SQL = """SELECT {aggregate}(ct.app_label || '.' || p.codename, %s)
   FROM {permission} p INNER JOIN {content_type} ct ON ct.id = p.content_type_id"""

_sql_by_vendor: dict[str, str] = {}


def _user_sql(connection) -> str:
    if connection.vendor not in _sql_by_vendor:
        quote = connection.ops.quote_name
        user_model = get_user_model()
        user_permissions = user_model._meta.get_field("user_permissions")
        groups = user_model._meta.get_field("groups")
        group_permissions = Group._meta.get_field("permissions")
        aggregate = "STRING_AGG" if connection.vendor == "postgresql" else "GROUP_CONCAT"
        names = NAMES_SQL.format(
            aggregate=aggregate,
            permission=quote(Permission._meta.db_table),
            content_type=quote(ContentType._meta.db_table),
        )
        _sql_by_vendor[connection.vendor] = USER_SQL.format(
            columns=", ".join(f"u.{quote(field.column)}" for field in user_model._meta.concrete_fields),
            names=names,
            user=quote(user_model._meta.db_table),
            pk=quote(user_model._meta.pk.column),
            user_permissions=quote(user_permissions.m2m_db_table()),
            up_user=quote(user_permissions.m2m_column_name()),
            up_permission=quote(user_permissions.m2m_reverse_name()),
            user_groups=quote(groups.m2m_db_table()),
            ug_user=quote(groups.m2m_column_name()),
            ug_group=quote(groups.m2m_reverse_name()),
            group_permissions=quote(group_permissions.m2m_db_table()),
            gp_group=quote(group_permissions.m2m_column_name()),
            gp_permission=quote(group_permissions.m2m_reverse_name()),
        )
    return _sql_by_vendor[connection.vendor]


def _name_set(names: str | None) -> set[str]:
    return set(names.split(SEPARATOR)) if names else set()


class UserWithPermissionsBackend(ModelBackend):
    def get_user(self, user_id):
        user_model = get_user_model()
        using = user_model._default_manager.db
        connection = connections[using]
        user_id = user_model._meta.pk.to_python(user_id)  # the session keeps it as text
        with connection.cursor() as cursor:
            cursor.execute(_user_sql(connection), [SEPARATOR, SEPARATOR, user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        *values, user_permission_names, group_permission_names = row
        user = from_row(user_model, using, values)
        if not self.user_can_authenticate(user):
            return None
        if not user.is_superuser:  # superusers have every permission: ModelBackend needs no query for them
            user._user_perm_cache = _name_set(user_permission_names)
            user._group_perm_cache = _name_set(group_permission_names)
        return user

    async def aget_user(self, user_id):
        return await sync_to_async(self.get_user)(user_id)
