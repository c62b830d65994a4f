"""Statements built once per process are prepared once per database connection (PostgreSQL)."""

from __future__ import annotations

import uuid

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

from exitbot.lib.rows import ModelRows
from interviews.models import Interview, Response
from interviews.tests.factories import InterviewFactory, QuestionFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statements are prepared on PostgreSQL only"
)


def _rows() -> ModelRows[Response]:
    """Rows under an alias of their own: SQL that no earlier test has prepared."""
    return ModelRows(Response, f"t{uuid.uuid4().hex[:12]}")


def _select(rows: ModelRows[Response]) -> str:
    return rows.select(f"WHERE {rows.alias}.interview_id = %s ORDER BY {rows.alias}.id")


def _prepared() -> dict[str, str]:
    """The statements prepared on this connection, by name."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, statement FROM pg_prepared_statements")
        return dict(cursor.fetchall())


def _sent(run: object) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        run()  # type: ignore[operator]
    return [query["sql"] for query in captured]


@pytest.mark.django_db
def test_a_statement_is_prepared_once_and_then_only_executed():
    # given
    rows = _rows()
    interview = InterviewFactory.create()
    answer = Response(interview=interview, question=QuestionFactory.create(), value="x")
    rows.insert(answer)
    # when
    first = _sent(lambda: rows.fetch(_select(rows), [interview.pk]))
    second = _sent(lambda: rows.fetch(_select(rows), [interview.pk]))
    # then: one statement each time, the first one preparing it
    assert len(first) == 1 and first[0].startswith("PREPARE exitbot_rows_")
    assert len(second) == 1 and second[0].startswith("EXECUTE exitbot_rows_")
    assert [r.pk for r in rows.fetch(_select(rows), [interview.pk])] == [answer.pk]
    name = second[0].split()[1]
    assert f"{rows.alias}.interview_id = $1" in _prepared()[name]


@pytest.mark.django_db
def test_a_statement_whose_first_use_failed_is_prepared_again_under_a_new_name():
    # given: a first use that fails, on a second answer to one question (one per question)
    rows = _rows()
    interview, question = InterviewFactory.create(), QuestionFactory.create()
    stored = Response.objects.create(interview=interview, question=question)
    interview_ids = rows.select(f"WHERE {rows.alias}.interview_id = %s AND 1 / %s = 1")
    with pytest.raises(DataError), transaction.atomic():
        rows.fetch(interview_ids, [interview.pk, 0])
    # when
    sent = _sent(lambda: rows.fetch(interview_ids, [interview.pk, 1]))
    # then: prepared again, and it runs
    assert sent[0].startswith("PREPARE exitbot_rows_")
    assert [r.pk for r in rows.fetch(interview_ids, [interview.pk, 1])] == [stored.pk]


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_its_statements_again():
    # given: a statement prepared on a connection that then closed (as after a restart)
    rows = _rows()
    interview = InterviewFactory.create(status=Interview.Status.IN_PROGRESS)
    rows.fetch(_select(rows), [interview.pk])
    connection.close()
    # when
    sent = _sent(lambda: rows.fetch(_select(rows), [interview.pk]))
    # then
    assert sent[-1].startswith("PREPARE exitbot_rows_")


@pytest.mark.django_db
def test_with_prepared_statements_off_the_sql_is_sent_as_built(settings):
    # given: a pooler that shares server sessions between clients
    settings.DB_PREPARED_STATEMENTS = False
    rows = _rows()
    interview = InterviewFactory.create()
    # when
    sent = _sent(lambda: rows.fetch(_select(rows), [interview.pk]))
    # then
    assert len(sent) == 1 and sent[0].startswith("SELECT ")
