"""The interview event log: written after the commit, never failing the employee's request."""

from __future__ import annotations

import pytest
from django.utils import timezone

from interviews.events import event_record, event_timeline
from interviews.metrics import EVENT_FAILURES
from interviews.models import ExperienceEvent, Interview
from interviews.tests.factories import ExperienceEventFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def test_event_record_writes_after_commit(django_capture_on_commit_callbacks):
    # given
    interview = InterviewFactory()
    before = timezone.now()
    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event_record(interview_id=interview.pk, type="question_viewed", data={"question_key": "a"})
        assert not ExperienceEvent.objects.exists()
    # then: every column as the ORM would have written it
    assert len(callbacks) == 1
    event = ExperienceEvent.objects.get()
    assert (event.interview_id, event.type) == (interview.pk, "question_viewed")
    assert event.data == {"question_key": "a"}
    assert before <= event.created_at <= timezone.now()


def test_event_record_without_data_stores_an_empty_object(django_capture_on_commit_callbacks):
    # given
    interview = InterviewFactory()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        event_record(interview_id=interview.pk, type="interview_resumed")
        event_record(interview_id=interview.pk, type="question_viewed", data={"n": [1, "ä"]})
    # then
    assert list(ExperienceEvent.objects.order_by("id").values_list("type", "data")) == [
        ("interview_resumed", {}),
        ("question_viewed", {"n": [1, "ä"]}),
    ]


def test_event_record_failure_is_counted_and_logged_not_raised(
    django_capture_on_commit_callbacks, caplog
):
    # given: a type longer than the column allows makes the insert fail
    interview = InterviewFactory()
    before = EVENT_FAILURES.labels(type="x" * 40)._value.get()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        event_record(interview_id=interview.pk, type="x" * 40)
    # then
    assert EVENT_FAILURES.labels(type="x" * 40)._value.get() == before + 1
    assert "Could not record" in caplog.text
    assert not ExperienceEvent.objects.exists()
    assert Interview.objects.filter(pk=interview.pk).exists()


def test_event_timeline_gives_the_time_between_events():
    # given
    interview = InterviewFactory()
    first = ExperienceEventFactory(interview=interview, type="interview_opened")
    second = ExperienceEventFactory(interview=interview)
    second.created_at = first.created_at + timezone.timedelta(seconds=90)
    second.save()
    # when
    timeline = event_timeline(interview=interview)
    # then
    assert [(e.type, gap) for e, gap in timeline] == [
        ("interview_opened", None),
        ("question_viewed", 90.0),
    ]
