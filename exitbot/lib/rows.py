"""Model rows read and written with SQL built once per process, for what every employee request
does.

The ORM compiles a queryset's SQL again on each evaluation. For a lookup joined with its
question set that took a tenth of a worker's time under load, more than running the query.
``ModelRows`` writes a model's column list once, from the model's own metadata, and makes
instances of the rows as the ORM does: the field converters, then ``Model.from_db``, so an
instance read this way saves as an update and compares equal to one the ORM read. ``insert`` and
``update`` write rows with each field's value prepared as ``Model.save`` prepares it.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar, cast

from django.conf import settings
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Model
from django.db.models.constants import OnConflict

M = TypeVar("M", bound=Model)
N = TypeVar("N", bound=Model)
Converter = Callable[[Any, Any, Any], Any]


_PLACEHOLDER = re.compile(r"%s")


class _Prepared:
    """The statements prepared on one database connection, by their SQL, and the next name."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.names: dict[str, str] = {}
        self.counter = itertools.count()


def execute(cursor: CursorWrapper, sql: str, params: Sequence[Any]) -> None:
    """Run ``sql`` (built once per process) with ``params``; on PostgreSQL, as a statement the
    database prepared once per connection.

    PostgreSQL otherwise parses and plans every statement it is sent: planning alone took about
    as long as running the answer path's statements. The first use on a connection sends
    ``PREPARE`` and ``EXECUTE`` together, so a statement is always one round trip. A statement
    whose first use failed is prepared again under a new name, never looked up by an old one.
    DB_PREPARED_STATEMENTS=false turns this off, for a pooler that shares one server session
    between clients (PgBouncer in transaction mode).
    """
    if connection.vendor != "postgresql" or not settings.DB_PREPARED_STATEMENTS:
        cursor.execute(sql, params)
        return
    prepared = _prepared_on(cursor)
    arguments = f" ({', '.join('%s' for _ in params)})" if params else ""
    name = prepared.names.get(sql)
    if name is not None:
        cursor.execute(f"EXECUTE {name}{arguments}", params)
        return
    name = f"exitbot_rows_{next(prepared.counter)}"
    numbered = itertools.count(1)
    body = _PLACEHOLDER.sub(lambda _: f"${next(numbered)}", sql)
    cursor.execute(f"PREPARE {name} AS {body}; EXECUTE {name}{arguments}", params)
    prepared.names[sql] = name


def _prepared_on(cursor: CursorWrapper) -> _Prepared:
    """What is prepared on the cursor's connection; nothing on a connection opened since."""
    wrapper = cursor.db
    raw = wrapper.connection
    prepared: _Prepared | None = getattr(wrapper, "exitbot_prepared", None)
    if prepared is None or prepared.raw is not raw:
        prepared = _Prepared(raw)
        wrapper.exitbot_prepared = prepared
    return prepared


class ModelRows(Generic[M]):
    """All concrete columns of ``model`` under a table alias, and instances from their values."""

    def __init__(self, model: type[M], alias: str) -> None:
        self.model = model
        self.alias = alias
        self.fields = model._meta.concrete_fields
        self.attnames = [field.attname for field in self.fields]
        self._updates: dict[tuple[str, ...], tuple[str, list[Any]]] = {}
        self._adds: dict[int, str] = {}

    @functools.cached_property
    def columns(self) -> str:
        """The comma-separated columns to put after SELECT."""
        quote = connection.ops.quote_name
        # A concrete field always has a column; the type allows None for the others.
        names = [cast(str, field.column) for field in self.fields]
        return ", ".join(f"{self.alias}.{quote(name)}" for name in names)

    @property
    def table(self) -> str:
        """The table with its alias, to put after FROM or JOIN."""
        return f"{connection.ops.quote_name(self.model._meta.db_table)} {self.alias}"

    def select(self, tail: str, *joined: ModelRows[Any], for_update: bool = False) -> str:
        """SELECT of these columns, then ``joined``'s, FROM this table, then ``tail``.

        ``tail`` holds the JOINs, WHERE and ORDER BY, with %s for every value: the columns and
        tables come from the models' metadata, quoted, and values go as query parameters (see
        ``param``). ``for_update`` locks this table's rows where the database can, as the ORM
        does; the joined tables' rows are read, not locked.
        """
        columns = ", ".join(rows.columns for rows in (self, *joined))
        sql = f"SELECT {columns} FROM {self.table} {tail}"  # noqa: S608  # nosec B608 - see above
        if for_update and connection.features.has_select_for_update:
            sql += " FOR UPDATE"
            if joined and connection.features.has_select_for_update_of:
                sql += f" OF {self.alias}"
        return sql

    def param(self, name: str, value: Any) -> Any:
        """``value`` for a query parameter compared with field ``name``, as the ORM sends it.

        A UUID, for one, is a native value in PostgreSQL and 32 hex digits in SQLite.
        """
        return self._field(name).get_db_prep_value(value, connection)

    def _field(self, name: str) -> Any:
        return next(field for field in self.fields if field.name == name)

    @functools.cached_property
    def _converters(self) -> list[tuple[int, list[Converter], Any]]:
        found = []
        for index, field in enumerate(self.fields):
            column = field.get_col(self.alias)
            converters = connection.ops.get_db_converters(column)
            converters += column.get_db_converters(connection)
            if converters:
                found.append((index, converters, column))
        return found

    def instance(self, values: Sequence[Any]) -> M:
        """The instance of one row's values for ``columns``, in that order."""
        converted = list(values)
        for index, converters, column in self._converters:
            for converter in converters:
                converted[index] = converter(converted[index], column, connection)
        return self.model.from_db(connection.alias, self.attnames, converted)

    def fetch(self, sql: str, params: Sequence[Any]) -> list[M]:
        """The instances of every row ``sql`` returns; it must select exactly ``columns``."""
        with connection.cursor() as cursor:
            execute(cursor, sql, params)
            return [self.instance(row) for row in cursor.fetchall()]

    def fetch_related(
        self, sql: str, params: Sequence[Any], joined: ModelRows[Any], via: str
    ) -> list[M]:
        """The instances of ``select(..., joined)``, each holding its ``via`` foreign key's row.

        As ``select_related(via)`` leaves them: reading ``instance.<via>`` makes no query.
        """
        count = len(self.attnames)
        relation = getattr(self.model, via).field
        found = []
        with connection.cursor() as cursor:
            execute(cursor, sql, params)
            for row in cursor.fetchall():
                instance = self.instance(row[:count])
                relation.set_cached_value(instance, joined.instance(row[count:]))
                found.append(instance)
        return found

    def fetch_with_many(
        self,
        sql: str,
        params: Sequence[Any],
        joined: ModelRows[Any],
        via: str,
        many: ModelRows[N],
    ) -> tuple[M, list[N]] | None:
        """The one instance of ``select(..., joined, many)`` holding its ``via`` row, as
        ``fetch_related`` gives it, and the rows of ``many`` joined to it, in the statement's
        order; None when it returns no row.

        ``many`` is LEFT JOINed: a row whose ``many`` key is NULL joined none. One statement where
        ``fetch_related`` and then ``fetch`` take two.
        """
        count = len(self.attnames)
        start = count + len(joined.attnames)
        key = start + many.fields.index(many.model._meta.pk)
        with connection.cursor() as cursor:
            execute(cursor, sql, params)
            rows = cursor.fetchall()
        if not rows:
            return None
        instance = self.instance(rows[0][:count])
        relation = getattr(self.model, via).field
        relation.set_cached_value(instance, joined.instance(rows[0][count:start]))
        return instance, [many.instance(row[start:]) for row in rows if row[key] is not None]

    @functools.cached_property
    def _written(self) -> list[Any]:
        return [field for field in self.fields if field not in self.model._meta.db_returning_fields]

    @functools.cached_property
    def _insert_into(self) -> tuple[str, str]:
        """The quoted table and its written columns, and one row's placeholders."""
        quote = connection.ops.quote_name
        columns = ", ".join(quote(cast(str, field.column)) for field in self._written)
        row = "(" + ", ".join("%s" for _ in self._written) + ")"
        return f"{quote(self.model._meta.db_table)} ({columns})", row

    def _new_row(self, instance: M) -> list[Any]:
        """The written fields' values of a new row, prepared as ``Model.save`` prepares them."""
        return [
            field.get_db_prep_save(field.pre_save(instance, True), connection)
            for field in self._written
        ]

    @functools.cached_property
    def _insert_sql(self) -> str:
        table, row = self._insert_into
        sql = f"INSERT INTO {table} VALUES {row}"  # noqa: S608  # nosec B608
        if connection.features.can_return_columns_from_insert:
            pk = connection.ops.quote_name(cast(str, self.model._meta.pk.column))
            sql += f" RETURNING {pk}"
        return sql

    def insert(self, instance: M) -> None:
        """Write ``instance`` as a new row and give it its primary key, as ``Model.save`` does.

        Each field's value is prepared as for ``save``: ``pre_save`` (``auto_now_add``, for
        one), then ``get_db_prep_save``. No signal is sent: for models nothing listens to.
        """
        params = self._new_row(instance)
        with connection.cursor() as cursor:
            execute(cursor, self._insert_sql, params)
            if connection.features.can_return_columns_from_insert:
                (instance.pk,) = cursor.fetchone()
            else:
                table, column = self.model._meta.db_table, cast(str, self.model._meta.pk.column)
                instance.pk = connection.ops.last_insert_id(cursor, table, column)
        instance._state.adding = False
        instance._state.db = connection.alias

    def _add_sql(self, count: int) -> str:
        if count not in self._adds:
            table, row = self._insert_into
            rows = ", ".join(row for _ in range(count))
            statement = connection.ops.insert_statement(on_conflict=OnConflict.IGNORE)
            suffix = connection.ops.on_conflict_suffix_sql(
                self._written, OnConflict.IGNORE, None, None
            )
            sql = f"{statement} {table} VALUES {rows} {suffix}"  # noqa: S608  # nosec B608
            self._adds[count] = sql.rstrip()
        return self._adds[count]

    def add(self, instances: Sequence[M]) -> None:
        """Write ``instances`` as new rows in one statement, skipping any a unique constraint
        already holds, as ``bulk_create(..., ignore_conflicts=True)`` does.

        Values are prepared as for ``insert``; the instances get no primary key, and no signal
        is sent.
        """
        if not instances:
            return
        params = [value for instance in instances for value in self._new_row(instance)]
        with connection.cursor() as cursor:
            execute(cursor, self._add_sql(len(instances)), params)

    def _update_sql(self, names: tuple[str, ...]) -> tuple[str, list[Any]]:
        if names not in self._updates:
            quote = connection.ops.quote_name
            fields = [self._field(name) for name in names]
            assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
            table = quote(self.model._meta.db_table)
            pk = quote(cast(str, self.model._meta.pk.column))
            sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608  # nosec B608
            self._updates[names] = (sql, fields)
        return self._updates[names]

    def update(self, instance: M, names: Sequence[str]) -> None:
        """Write the fields ``names`` of a saved ``instance``, as ``save(update_fields=...)``.

        Values are prepared as ``save`` prepares them; no signal is sent.
        """
        sql, fields = self._update_sql(tuple(names))
        params = [
            field.get_db_prep_save(field.pre_save(instance, False), connection) for field in fields
        ]
        with connection.cursor() as cursor:
            execute(cursor, sql, [*params, instance.pk])
