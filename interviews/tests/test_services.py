"""Interview and question set services."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from interviews.housekeeping import interview_reminders_send, interviews_expire_due
from interviews.invites import interview_invite_send
from interviews.models import Employee, Interview, Question, QuestionSet, Response
from interviews.question_set_io import QuestionSetDocumentError
from interviews.selectors import interview_get_by_token, question_set_default_get
from interviews.services.answers import interview_answer_submit
from interviews.services.interviews import (
    InterviewClosedError,
    InterviewError,
    QuestionNotCurrentError,
    employee_upsert,
    interview_cancel,
    interview_create,
    interview_create_for_employee,
    interview_open,
)
from interviews.services.question_sets import (
    QuestionSetError,
    question_set_clone,
    question_set_make_default,
    question_set_publish,
    question_set_retire,
)
from interviews.tests.factories import (
    EmployeeFactory,
    InterviewFactory,
    QuestionFactory,
    QuestionSetFactory,
)

pytestmark = pytest.mark.django_db


def _answer_all(interview: Interview, answers: dict[str, str]) -> None:
    for question in interview.question_set.questions.order_by("order"):
        if question.key in answers:
            interview_answer_submit(
                interview=interview, question_id=question.pk, raw=answers[question.key]
            )


def test_interview_create_uses_the_default_set_and_a_working_link():
    # when
    created = interview_create(employee=EmployeeFactory())
    # then
    assert created.interview.question_set == question_set_default_get()
    assert created.interview.status == Interview.Status.PENDING
    token = created.invite_url.rstrip("/").rsplit("/", 1)[-1]
    assert interview_get_by_token(token=token) == created.interview
    assert token not in str(created.interview.tokens.get().token_hash)


def test_interview_create_refuses_a_draft_set():
    # when / then
    with pytest.raises(InterviewError, match="is not published"):
        interview_create(employee=EmployeeFactory(), question_set=QuestionSetFactory(draft=True))


def test_interview_create_explains_when_there_is_no_default_set():
    # given
    QuestionSet.objects.update(is_default=False)
    # when / then
    with pytest.raises(InterviewError, match="load_question_set"):
        interview_create(employee=EmployeeFactory())


def test_interview_create_refuses_an_expiry_in_the_past():
    # when / then
    with pytest.raises(InterviewError, match="must be in the future"):
        interview_create(
            employee=EmployeeFactory(), expires_at=timezone.now() - datetime.timedelta(hours=1)
        )


def test_interview_create_with_send_invite_emails_a_second_working_link(
    django_capture_on_commit_callbacks,
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        created = interview_create(employee=EmployeeFactory(), send_invite=True)
    # then
    assert len(mail.outbox) == 1
    assert created.invite_url not in mail.outbox[0].body
    assert created.interview.tokens.count() == 2
    created.interview.refresh_from_db()
    assert created.interview.invite_sent_at is not None


def test_interview_invite_send_uses_the_personal_address_after_the_last_day():
    # given
    employee = EmployeeFactory(
        work_email="w@e.com",
        personal_email="p@e.com",
        exit_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    interview = interview_create(employee=employee).interview
    # when
    sent = interview_invite_send(interview=interview)
    # then
    assert sent
    assert mail.outbox[0].to == ["p@e.com"]


def test_interview_invite_send_does_nothing_without_an_address_or_when_closed():
    # given
    no_address = interview_create(employee=EmployeeFactory(work_email="")).interview
    closed = InterviewFactory(expired=True)
    # when / then
    assert interview_invite_send(interview=no_address) is False
    assert interview_invite_send(interview=closed) is False
    assert mail.outbox == []


def test_interview_reminders_send_reminds_each_due_interview_once():
    # given
    due = interview_create(employee=EmployeeFactory()).interview
    recent = interview_create(employee=EmployeeFactory()).interview
    closed = interview_create(employee=EmployeeFactory()).interview
    interview_cancel(interview=closed)
    now = timezone.now()
    Interview.objects.filter(pk__in=[due.pk, closed.pk]).update(
        invite_sent_at=now - datetime.timedelta(days=4)
    )
    Interview.objects.filter(pk=recent.pk).update(invite_sent_at=now)
    # when
    first = interview_reminders_send()
    second = interview_reminders_send()
    # then
    assert (first, second) == (1, 0)
    assert mail.outbox[0].to == [due.employee.work_email]


def test_interview_open_expires_an_interview_past_its_date():
    # given
    interview = InterviewFactory(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    # when
    interview = interview_open(interview=interview)
    # then
    assert interview.status == Interview.Status.EXPIRED
    assert interview.closed_at is not None


def test_interview_answer_submit_refuses_an_interview_whose_time_is_up():
    # given
    interview = InterviewFactory(in_progress=True)
    question = QuestionFactory(question_set=interview.question_set)
    Interview.objects.filter(pk=interview.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    # when / then
    with pytest.raises(InterviewClosedError, match="expired"):
        interview_answer_submit(interview=interview, question_id=question.pk, raw="x")
    interview.refresh_from_db()
    assert interview.status == Interview.Status.EXPIRED
    assert not Response.objects.exists()


def test_interview_answer_submit_returns_the_state_without_storing_a_repeat():
    # given
    interview = InterviewFactory(in_progress=True)
    first = QuestionFactory(question_set=interview.question_set, order=1)
    QuestionFactory(question_set=interview.question_set, order=2)
    interview_answer_submit(interview=interview, question_id=first.pk, raw="one")
    # when
    result = interview_answer_submit(interview=interview, question_id=first.pk, raw="two")
    # then
    assert result.stored is False
    assert result.progress.answered == 1
    assert Response.objects.get().value == "one"


def test_interview_answer_submit_refuses_a_question_of_another_set():
    # given
    interview = InterviewFactory(in_progress=True)
    QuestionFactory(question_set=interview.question_set)
    foreign = QuestionFactory()
    # when / then
    with pytest.raises(QuestionNotCurrentError):
        interview_answer_submit(interview=interview, question_id=foreign.pk, raw="x")


def test_interview_answer_submit_completes_and_records_times():
    # given
    interview = InterviewFactory()
    only = QuestionFactory(question_set=interview.question_set, kind=Question.Kind.RATING)
    # when
    result = interview_answer_submit(interview=interview, question_id=only.pk, raw="5")
    # then
    interview.refresh_from_db()
    assert result.stored and result.progress.current is None
    assert interview.status == Interview.Status.COMPLETED
    assert interview.started_at is not None and interview.completed_at is not None
    assert Response.objects.get().seconds_spent == 0


def test_interview_cancel_is_a_noop_on_a_closed_interview():
    # given
    interview = InterviewFactory(expired=True)
    # when
    interview = interview_cancel(interview=interview)
    # then
    assert interview.status == Interview.Status.EXPIRED


def test_interviews_expire_due_closes_only_open_interviews_past_their_date():
    # given
    past = timezone.now() - datetime.timedelta(minutes=1)
    due = InterviewFactory(expires_at=past)
    InterviewFactory()
    done = InterviewFactory(expires_at=past, status=Interview.Status.COMPLETED)
    # when
    count = interviews_expire_due()
    # then
    assert count == 1
    due.refresh_from_db()
    done.refresh_from_db()
    assert due.status == Interview.Status.EXPIRED
    assert done.status == Interview.Status.COMPLETED


def test_question_set_publish_refuses_a_published_set():
    # when / then
    with pytest.raises(QuestionSetError, match="only drafts can be published"):
        question_set_publish(question_set=question_set_default_get())


def test_question_set_publish_refuses_an_empty_draft_with_the_reason():
    # given
    draft = QuestionSetFactory(draft=True)
    # when / then
    with pytest.raises(QuestionSetDocumentError) as error:
        question_set_publish(question_set=draft)
    assert error.value.problems == ["A question set needs at least one question."]


def test_question_set_clone_returns_the_existing_draft():
    # given
    default = question_set_default_get()
    draft, created = question_set_clone(question_set=default)
    # when
    again, created_again = question_set_clone(question_set=default)
    # then
    assert created and not created_again
    assert again == draft


def test_new_version_leaves_running_interviews_on_their_own_questions():
    # given: an interview half-way through version 1
    old = question_set_default_get()
    running = interview_open(interview=interview_create(employee=EmployeeFactory()).interview)
    _answer_all(running, {"reason_for_leaving": "Other", "reason_detail": ""})
    # when: HR clones, changes a question and publishes version 2
    draft, _ = question_set_clone(question_set=old)
    draft.questions.filter(key="role_satisfaction").update(text="Rate your role, please.")
    question_set_publish(question_set=draft)
    # then: the running interview finishes on version 1
    _answer_all(
        running,
        {
            "role_satisfaction": "4",
            "manager_relationship": "4",
            "growth_opportunities": "3",
            "compensation_fairness": "3",
            "culture": "4",
            "enps": "8",
            "would_return": "yes",
            "what_could_we_have_done": "",
            "anything_else": "",
        },
    )
    running.refresh_from_db()
    assert running.status == Interview.Status.COMPLETED
    assert running.question_set == old
    assert all(r.question.question_set_id == old.pk for r in running.responses.all())
    # and new interviews use version 2
    fresh = interview_create(employee=EmployeeFactory()).interview
    assert fresh.question_set == draft
    assert fresh.question_set.questions.get(key="role_satisfaction").text == (
        "Rate your role, please."
    )


def test_question_set_make_default_moves_the_default():
    # given
    other = QuestionSetFactory()
    # when
    question_set_make_default(question_set=other)
    # then
    assert question_set_default_get() == other
    assert QuestionSet.objects.filter(is_default=True).count() == 1


def test_question_set_make_default_refuses_a_draft():
    # when / then
    with pytest.raises(QuestionSetError, match="Only a published"):
        question_set_make_default(question_set=QuestionSetFactory(draft=True))


def test_question_set_retire_refuses_the_default_and_drafts():
    # when / then
    with pytest.raises(QuestionSetError, match="default"):
        question_set_retire(question_set=question_set_default_get())
    with pytest.raises(QuestionSetError, match="Only a published"):
        question_set_retire(question_set=QuestionSetFactory(draft=True))


def test_interview_create_for_employee_leaves_the_employee_unchanged_when_creation_fails():
    # given: the employee already has an open interview
    employee = EmployeeFactory(employee_id="E-1", name="Old Name", department="Sales")
    interview_create(employee=employee)
    # when
    with pytest.raises(InterviewError, match="already has an open interview"):
        interview_create_for_employee(
            employee_id="E-1", employee_fields={"name": "New Name", "department": "Legal"}
        )
    # then
    employee.refresh_from_db()
    assert (employee.name, employee.department) == ("Old Name", "Sales")


def test_interview_create_for_employee_creates_the_employee_and_the_interview():
    # when
    created = interview_create_for_employee(
        employee_id="E-2", employee_fields={"name": "Ana", "work_email": "ana@example.com"}
    )
    # then
    assert created.employee.name == "Ana"
    assert created.interview.employee == created.employee
    assert created.invite_url and "/i/" in created.invite_url


def _stored_fields(instance: Model) -> dict[str, object]:
    stored = type(instance)._default_manager.get(pk=instance.pk)
    return {f.attname: getattr(stored, f.attname) for f in type(instance)._meta.concrete_fields}


def _fields(instance: Model) -> dict[str, object]:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_interview_create_returns_the_rows_as_they_are_stored():
    # given
    before = timezone.now()
    # when
    created = interview_create_for_employee(
        employee_id="E-3", employee_fields={"name": "Ana", "hire_date": "2020-02-01"}
    )
    # then: what the caller holds is what was stored, keys and timestamps included
    interview, employee = created.interview, created.employee
    assert _fields(employee) == _stored_fields(employee)
    assert _fields(interview) == _stored_fields(interview)
    assert employee.hire_date == datetime.date(2020, 2, 1)
    assert before <= interview.created_at <= timezone.now()
    assert before <= employee.created_at <= employee.updated_at <= timezone.now()
    assert not interview._state.adding and not employee._state.adding
    assert interview.tokens.count() == 1


def test_employee_upsert_updates_the_sent_fields_of_the_one_row_and_keeps_the_rest():
    # given
    employee = EmployeeFactory(employee_id="E-4", name="Ana", department="Sales")
    employee.refresh_from_db()
    # when
    updated = employee_upsert(employee_id="E-4", department="Legal")
    # then
    assert Employee.objects.filter(employee_id="E-4").count() == 1
    stored = Employee.objects.get(employee_id="E-4")
    assert (stored.pk, stored.name, stored.department) == (employee.pk, "Ana", "Legal")
    assert stored.created_at == employee.created_at
    assert stored.updated_at > employee.updated_at
    assert _fields(updated) == _stored_fields(updated)


def test_employee_upsert_of_a_known_employee_without_fields_writes_nothing(
    django_assert_num_queries,
):
    # given
    employee = EmployeeFactory(employee_id="E-5")
    # when
    with django_assert_num_queries(1):
        found = employee_upsert(employee_id="E-5")
    # then
    assert found == employee


def test_employee_upsert_with_a_bad_field_stores_nothing():
    # given
    EmployeeFactory(employee_id="E-6", work_email="ana@example.com")
    # when
    with pytest.raises(ValidationError):
        employee_upsert(employee_id="E-6", work_email="not an address")
    with pytest.raises(ValidationError):
        employee_upsert(employee_id="E-7", name="")
    # then
    assert Employee.objects.get(employee_id="E-6").work_email == "ana@example.com"
    assert not Employee.objects.filter(employee_id="E-7").exists()


def test_interview_create_for_employee_with_a_repeated_key_returns_the_first_interview(
    admin_user,
):
    # given
    first = interview_create_for_employee(
        employee_id="E-3",
        employee_fields={"name": "Bo"},
        created_by=admin_user,
        idempotency_key="k",
    )
    # when
    again = interview_create_for_employee(
        employee_id="E-3",
        employee_fields={"name": "Renamed"},
        created_by=admin_user,
        idempotency_key="k",
    )
    # then
    assert again.interview == first.interview
    assert again.invite_url is None
    assert Interview.objects.count() == 1


def test_interview_create_for_employee_cannot_be_nested_in_a_transaction():
    # when / then: an entry point commits on its own, never inside a caller's transaction
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        interview_create_for_employee(employee_id="E-4", employee_fields={"name": "Cy"})


def test_the_database_refuses_a_second_open_interview_for_an_employee():
    # given
    employee = EmployeeFactory()
    InterviewFactory(employee=employee, status=Interview.Status.IN_PROGRESS)
    InterviewFactory(employee=employee, status=Interview.Status.COMPLETED)
    # when / then: whatever path writes it, not only the service's
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewFactory(employee=employee, status=Interview.Status.PENDING)
