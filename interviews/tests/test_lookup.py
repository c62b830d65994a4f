"""The reads every employee request makes, with SQL built once: they give what the ORM gives."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import OperationalError, connections, transaction
from django.db.models import Model
from django.utils import timezone

from exitbot.lib.tokens import token_hash, token_new
from interviews.models import Employee, Interview, QuestionSet
from interviews.selectors import (
    employee_get,
    interview_get_by_public_id,
    interview_get_by_token,
    interview_locked_by_public_id,
    interview_read_by_public_id,
    interview_responses,
    question_set_default_get,
)
from interviews.tests.factories import (
    EmployeeFactory,
    InterviewFactory,
    InviteTokenFactory,
    QuestionFactory,
    QuestionSetFactory,
    ResponseFactory,
)

pytestmark = pytest.mark.django_db


def _fields(instance: Model) -> dict[str, object]:
    return {
        field.attname: getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields
    }


def test_lookup_reads_every_field_of_the_interview_and_its_set_as_the_orm_does(
    django_assert_num_queries,
):
    # given
    started = timezone.now() - datetime.timedelta(minutes=5)
    interview = InterviewFactory.create(
        status=Interview.Status.IN_PROGRESS, started_at=started, regrettable=True
    )
    expected = Interview.objects.select_related("question_set").get(pk=interview.pk)
    # when
    with django_assert_num_queries(1):
        found = interview_get_by_public_id(public_id=str(interview.public_id))
        question_set = found.question_set if found else None
    # then
    assert found is not None
    assert _fields(found) == _fields(expected)
    assert isinstance(found.public_id, uuid.UUID)
    assert found.started_at == started
    assert isinstance(question_set, QuestionSet)
    assert _fields(question_set) == _fields(expected.question_set)


def test_lookup_gives_an_instance_that_saves_as_an_update():
    # given
    interview = InterviewFactory.create()
    found = interview_get_by_public_id(public_id=str(interview.public_id))
    assert found is not None
    # when
    found.status = Interview.Status.CANCELLED
    found.save(update_fields=["status"])
    # then
    assert Interview.objects.count() == 1
    assert Interview.objects.get(pk=interview.pk).status == Interview.Status.CANCELLED


def test_lookup_of_an_unknown_public_id_finds_nothing():
    # given
    InterviewFactory.create()
    # when
    found = interview_get_by_public_id(public_id=str(uuid.uuid4()))
    # then
    assert found is None


def _locks_in_another_session(table: str, pk: int) -> bool:
    """Whether another database session finds the row locked (it never waits for it)."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE NOWAIT", [pk])  # noqa: S608
    except OperationalError:
        return True
    finally:
        other.close()
    return False


@pytest.mark.django_db(transaction=True)
def test_locked_lookup_reads_as_the_orm_does_and_locks_the_interview_row_only():
    # given
    interview = InterviewFactory.create(status=Interview.Status.IN_PROGRESS)
    expected = Interview.objects.select_related("question_set").get(pk=interview.pk)
    # when
    with transaction.atomic():
        found = interview_locked_by_public_id(public_id=str(interview.public_id))
        assert found is not None
        interview_locked = _locks_in_another_session(Interview._meta.db_table, interview.pk)
        set_locked = _locks_in_another_session(QuestionSet._meta.db_table, found.question_set_id)
    # then: the other interviews of the set are answered meanwhile; the lock ends with the
    # transaction
    assert _fields(found) == _fields(expected)
    assert _fields(found.question_set) == _fields(expected.question_set)
    assert interview_locked and not set_locked
    assert not _locks_in_another_session(Interview._meta.db_table, interview.pk)


def test_locked_lookup_of_an_unknown_public_id_finds_nothing():
    # given
    InterviewFactory.create()
    # when
    with transaction.atomic():
        found = interview_locked_by_public_id(public_id=str(uuid.uuid4()))
    # then
    assert found is None


def test_employee_lookup_reads_the_employee_the_orm_reads():
    # given: two employees, one with every field set
    EmployeeFactory.create(employee_id="E-2")
    EmployeeFactory.create(
        employee_id="E-1",
        hire_date=datetime.date(2020, 1, 31),
        exit_date=datetime.date(2026, 3, 1),
        personal_email="ana@example.net",
    )
    # when
    found = employee_get(employee_id="E-1")
    # then
    assert found is not None
    assert _fields(found) == _fields(Employee.objects.get(employee_id="E-1"))


def test_employee_lookup_of_an_unknown_id_finds_nothing():
    EmployeeFactory.create(employee_id="E-1")
    assert employee_get(employee_id="e-1") is None


def test_default_set_lookup_reads_the_set_the_orm_reads():
    # given: the installed default set, and a newer published set that is not the default
    QuestionSetFactory.create(slug="aaa-first", status=QuestionSet.Status.PUBLISHED)
    expected = (
        QuestionSet.objects.filter(is_default=True, status=QuestionSet.Status.PUBLISHED)
        .order_by("slug", "-version")
        .first()
    )
    # when
    found = question_set_default_get()
    # then
    assert expected is not None and found is not None
    assert _fields(found) == _fields(expected)


def test_default_set_lookup_finds_nothing_without_a_published_default():
    # given
    QuestionSet.objects.filter(is_default=True).update(is_default=False)
    # when / then
    assert question_set_default_get() is None


def test_invite_token_lookup_reads_the_interview_and_its_set_as_the_orm_does(
    django_assert_num_queries,
):
    # given: two interviews, each with its own link
    token = token_new()
    interview = InterviewFactory.create(status=Interview.Status.IN_PROGRESS)
    InviteTokenFactory.create(interview=interview, token_hash=token_hash(token))
    InviteTokenFactory.create(
        interview=InterviewFactory.create(), token_hash=token_hash(token_new())
    )
    expected = Interview.objects.select_related("question_set").get(pk=interview.pk)
    # when
    with django_assert_num_queries(1):
        found = interview_get_by_token(token=token)
        question_set = found.question_set if found else None
    # then
    assert found is not None
    assert _fields(found) == _fields(expected)
    assert isinstance(question_set, QuestionSet)
    assert _fields(question_set) == _fields(expected.question_set)


def test_invite_token_lookup_of_an_unknown_token_finds_nothing():
    # given
    InviteTokenFactory.create(token_hash=token_hash(token_new()))
    # when / then
    assert interview_get_by_token(token=token_new()) is None


def test_responses_come_in_answer_order_with_their_values_decoded():
    # given
    interview = InterviewFactory.create()
    other = InterviewFactory.create()
    values = [["Pay", "Growth"], 7, None, {"year": 2026}]
    for value in values:
        question = QuestionFactory.create(question_set=interview.question_set)
        ResponseFactory.create(interview=interview, question=question, value=value)
    ResponseFactory.create(interview=other)
    expected = list(interview.responses.order_by("id"))
    # when
    found = interview_responses(interview=interview)
    # then
    assert [response.value for response in found] == values
    assert [_fields(response) for response in found] == [_fields(r) for r in expected]


def test_page_read_gives_the_interview_its_set_and_its_answers_in_one_query(
    django_assert_num_queries,
):
    # given: an answered interview, and another interview's answer that must not come along
    interview = InterviewFactory.create(status=Interview.Status.IN_PROGRESS)
    values = [["Pay", "Growth"], 7, {"year": 2026}]
    for value in values:
        question = QuestionFactory.create(question_set=interview.question_set)
        ResponseFactory.create(interview=interview, question=question, value=value)
    ResponseFactory.create(interview=InterviewFactory.create())
    expected = Interview.objects.select_related("question_set").get(pk=interview.pk)
    expected_responses = list(interview.responses.order_by("id"))
    # when
    with django_assert_num_queries(1):
        found = interview_read_by_public_id(public_id=str(interview.public_id))
        assert found is not None
        read, responses = found
        question_set = read.question_set
    # then
    assert _fields(read) == _fields(expected)
    assert _fields(question_set) == _fields(expected.question_set)
    assert [response.value for response in responses] == values
    assert [_fields(r) for r in responses] == [_fields(r) for r in expected_responses]


def test_page_read_of_an_interview_with_no_answers_gives_no_answers():
    # given
    interview = InterviewFactory.create()
    # when
    found = interview_read_by_public_id(public_id=str(interview.public_id))
    # then
    assert found is not None
    assert found[0].pk == interview.pk
    assert found[1] == []


def test_page_read_of_an_unknown_public_id_finds_nothing():
    # given
    ResponseFactory.create()
    # when / then
    assert interview_read_by_public_id(public_id=str(uuid.uuid4())) is None
