"""Rows every answer writes with SQL built once: stored as Model.save would store them."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Model
from django.utils import timezone

from exitbot.lib.rows import ModelRows
from interviews.models import Interview, Response
from interviews.tests.factories import InterviewFactory, QuestionFactory

pytestmark = pytest.mark.django_db

RESPONSES = ModelRows(Response, "r")
INTERVIEWS = ModelRows(Interview, "i")


def _stored(instance: Model, *skip: str) -> dict[str, object]:
    stored = type(instance)._default_manager.get(pk=instance.pk)
    return {
        field.attname: getattr(stored, field.attname)
        for field in type(instance)._meta.concrete_fields
        if field.attname not in ("id", "created_at", *skip)
    }


def _answer(interview: Interview, **values: object) -> Response:
    return Response(interview=interview, question=QuestionFactory.create(), **values)


def test_an_inserted_row_is_stored_as_save_stores_it_and_gets_its_key():
    # given: the same answer twice, with a list value, a float and the fields' defaults
    interview = InterviewFactory.create()
    values = {"value": ["a", "ü"], "employee_message": "Too little pay", "sentiment": -0.25}
    saved, inserted = _answer(interview, **values), _answer(interview, **values)
    saved.save()
    before = timezone.now()
    # when
    RESPONSES.insert(inserted)
    # then
    assert inserted.pk is not None and inserted.pk != saved.pk
    assert not inserted._state.adding
    assert _stored(inserted, "question_id") == _stored(saved, "question_id")
    assert before <= Response.objects.get(pk=inserted.pk).created_at <= timezone.now()


def test_an_inserted_instance_saves_again_as_an_update():
    # given
    inserted = _answer(InterviewFactory.create(), value="x")
    RESPONSES.insert(inserted)
    # when
    inserted.bot_response = "Thank you."
    inserted.save()
    # then
    assert Response.objects.count() == 1
    assert Response.objects.get().bot_response == "Thank you."


def test_an_update_writes_the_named_fields_only():
    # given
    interview = InterviewFactory.create()
    now = timezone.now() - datetime.timedelta(minutes=1)
    interview.status = Interview.Status.COMPLETED
    interview.completed_at = now
    interview.regrettable = True  # changed in memory, not named
    # when
    INTERVIEWS.update(interview, ["status", "completed_at"])
    # then
    stored = Interview.objects.get(pk=interview.pk)
    assert (stored.status, stored.completed_at) == (Interview.Status.COMPLETED, now)
    assert stored.regrettable is None


def test_added_rows_are_stored_as_save_stores_them_and_a_held_one_is_kept():
    # given: an answer already stored for one question
    interview = InterviewFactory.create()
    held = _answer(interview, value="first", employee_message="First")
    held.save()
    saved = _answer(interview, value=["a", "ü"], employee_message="Too little pay")
    saved.save()
    twin = Response(interview=interview, question=held.question, value="again")
    new = _answer(interview, value=["a", "ü"], employee_message="Too little pay")
    # when: the same question again and a new one, in one statement
    RESPONSES.add([twin, new])
    # then: the held row is unchanged and the new one stored once, as save stores it
    assert Response.objects.filter(interview=interview).count() == 3
    assert Response.objects.get(pk=held.pk).value == "first"
    added = Response.objects.get(interview=interview, question=new.question)
    assert _stored(added, "question_id") == _stored(saved, "question_id")


def test_adding_no_rows_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        RESPONSES.add([])
