"""Django's model permissions, a user's own and their groups' read in one statement.

Every API request and every staff page checks a permission. ModelBackend reads a user's own
permissions and their groups' in two ORM queries compiled again on every request: a third of
an API client's interview creation under load. Here the SQL is built once per process from
the models' metadata and, on PostgreSQL, prepared once per connection (exitbot.lib.rows).
The rules are ModelBackend's: an inactive or anonymous user has none, an object permission is
not given, a superuser has all (read as ModelBackend reads them), and each user object keeps
what was read for the rest of its request.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from exitbot.lib.rows import execute


@functools.cache
def _permissions_sql() -> str:
    quote = connection.ops.quote_name
    user = get_user_model()._meta
    own = user.get_field("user_permissions").remote_field.through._meta  # type: ignore[union-attr]
    member = user.get_field("groups").remote_field.through._meta  # type: ignore[union-attr]
    given = Group._meta.get_field("permissions").remote_field.through._meta  # type: ignore[union-attr]

    def col(meta: Any, name: str) -> str:
        return quote(meta.get_field(name).column)

    def table(meta: Any) -> str:
        return quote(meta.db_table)

    permission, kind = Permission._meta, ContentType._meta
    # Names and tables come from the models' metadata, quoted; the user's id goes as %s.
    return (
        f"SELECT ct.{col(kind, 'app_label')}, p.{col(permission, 'codename')}"  # noqa: S608  # nosec B608 - see above
        f" FROM {table(permission)} p JOIN {table(kind)} ct"
        f" ON ct.{col(kind, 'id')} = p.{col(permission, 'content_type')}"
        f" WHERE p.{col(permission, 'id')} IN ("
        f"SELECT o.{col(own, 'permission')} FROM {table(own)} o WHERE o.{col(own, 'user')} = %s"
        f" UNION ALL SELECT g.{col(given, 'permission')} FROM {table(given)} g"
        f" JOIN {table(member)} m ON m.{col(member, 'group')} = g.{col(given, 'group')}"
        f" WHERE m.{col(member, 'user')} = %s)"
    )


class PermissionBackend(ModelBackend):
    """ModelBackend whose ``get_all_permissions``, which ``has_perm`` asks, is one statement."""

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            with connection.cursor() as cursor:
                execute(cursor, _permissions_sql(), [user_obj.pk, user_obj.pk])
                user_obj._perm_cache = {f"{app}.{name}" for app, name in cursor.fetchall()}
        found: set[str] = user_obj._perm_cache
        return found
