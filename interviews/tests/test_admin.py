"""The HR admin: question set versions, creating interviews, transcripts and actions."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from interviews.models import Interview, Question, QuestionSet
from interviews.selectors import question_set_default_get
from interviews.services.answers import interview_answer_submit
from interviews.services.interviews import interview_create, interview_open
from interviews.tests.factories import (
    EmployeeFactory,
    InterviewFactory,
    QuestionFactory,
    QuestionSetFactory,
)

pytestmark = pytest.mark.django_db


def _inline_management(prefix: str, total: int, initial: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_question_set_changelist_lists_versions_with_counts(admin_client):
    # when
    response = admin_client.get(reverse("admin:interviews_questionset_changelist"))
    # then
    assert response.status_code == 200
    assert "Standard exit interview" in response.content.decode()


def test_published_set_is_read_only_and_offers_clone(admin_client):
    # given
    question_set = question_set_default_get()
    # when
    response = admin_client.get(
        reverse("admin:interviews_questionset_change", args=[question_set.pk])
    )
    # then
    html = response.content.decode()
    assert "Clone to a new draft" in html
    assert "is published and frozen" in html
    assert 'name="questions-0-text"' not in html


def test_clone_then_edit_then_publish_a_new_version(admin_client):
    # given
    old = question_set_default_get()
    # when: clone
    response = admin_client.post(reverse("admin:interviews_questionset_clone", args=[old.pk]))
    draft = QuestionSet.objects.get(slug=old.slug, status=QuestionSet.Status.DRAFT)
    # then
    assert response.status_code == 302
    assert draft.version == old.version + 1
    assert draft.questions.count() == old.questions.count()
    # when: edit the first question's text through the inline
    change_url = reverse("admin:interviews_questionset_change", args=[draft.pk])
    html = admin_client.get(change_url).content.decode()
    assert 'name="questions-0-text"' in html
    questions = list(draft.questions.order_by("order", "id"))
    data = {
        "name": draft.name,
        "slug": draft.slug,
        "language": "en",
        "description": draft.description,
        "intro_message": "",
        **_inline_management("questions", len(questions), len(questions)),
    }
    for i, q in enumerate(questions):
        data.update(
            {
                f"questions-{i}-id": str(q.pk),
                f"questions-{i}-question_set": str(draft.pk),
                f"questions-{i}-order": str(q.order),
                f"questions-{i}-key": q.key,
                f"questions-{i}-text": "Why are you leaving us?" if i == 0 else q.text,
                f"questions-{i}-help_text": q.help_text,
                f"questions-{i}-kind": q.kind,
                f"questions-{i}-choices": "\n".join(q.choices),
                f"questions-{i}-required": "on" if q.required else "",
                f"questions-{i}-show_if_key": q.show_if_key,
                f"questions-{i}-show_if_values": "\n".join(q.show_if_values),
            }
        )
    saved = admin_client.post(change_url, data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    # when: publish
    admin_client.post(reverse("admin:interviews_questionset_publish", args=[draft.pk]))
    # then
    draft.refresh_from_db()
    old.refresh_from_db()
    assert draft.status == QuestionSet.Status.PUBLISHED
    assert draft.is_default
    assert old.status == QuestionSet.Status.RETIRED
    assert draft.questions.order_by("order").first().text == "Why are you leaving us?"


def test_inline_refuses_a_choice_question_without_choices(admin_client):
    # given
    draft = QuestionSetFactory(draft=True)
    data = {
        "name": draft.name,
        "slug": draft.slug,
        "language": "en",
        "description": "",
        "intro_message": "",
        **_inline_management("questions", 1, 0),
        "questions-0-question_set": str(draft.pk),
        "questions-0-order": "10",
        "questions-0-key": "reason",
        "questions-0-text": "Why?",
        "questions-0-kind": Question.Kind.SINGLE_CHOICE,
        "questions-0-choices": "Only one",
        "questions-0-required": "on",
    }
    # when
    response = admin_client.post(
        reverse("admin:interviews_questionset_change", args=[draft.pk]), data
    )
    # then
    assert response.status_code == 200
    assert "A choice question needs at least two choices." in response.content.decode()
    assert not draft.questions.exists()


def test_publish_of_an_invalid_draft_shows_each_problem(admin_client):
    # given: a draft whose condition names an unknown question
    draft = QuestionSetFactory(draft=True)
    QuestionFactory(question_set=draft, key="a", show_if_key="nope", show_if_values=["1"])
    # when
    response = admin_client.post(
        reverse("admin:interviews_questionset_publish", args=[draft.pk]), follow=True
    )
    # then
    assert "which is not an earlier question" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == QuestionSet.Status.DRAFT


def test_new_set_added_in_admin_gets_the_next_version_of_its_slug(admin_client):
    # given
    existing = question_set_default_get()
    # when
    response = admin_client.post(
        reverse("admin:interviews_questionset_add"),
        {
            "name": "Another take",
            "slug": existing.slug,
            "language": "en",
            "description": "",
            "intro_message": "",
            **_inline_management("questions", 0, 0),
        },
    )
    # then
    assert response.status_code == 302
    created = QuestionSet.objects.get(name="Another take")
    assert created.version == existing.version + 1
    assert created.status == QuestionSet.Status.DRAFT


def test_preview_renders_every_question_with_its_input_disabled(admin_client):
    # given
    question_set = question_set_default_get()
    # when
    response = admin_client.get(
        reverse("admin:interviews_questionset_preview", args=[question_set.pk])
    )
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing typed here is saved" in html
    assert "Question 12 of 12" in html
    assert "Asked only if the answer to" in html
    assert "disabled" in html
    assert 'name="question_id"' not in html


def test_preview_needs_a_staff_login(client):
    # given
    question_set = question_set_default_get()
    # when
    response = client.get(reverse("admin:interviews_questionset_preview", args=[question_set.pk]))
    # then
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_changelist_actions_make_default_and_retire(admin_client):
    # given
    other = QuestionSetFactory(name="Other set")
    default = question_set_default_get()
    changelist = reverse("admin:interviews_questionset_changelist")
    # when: retiring the default is refused
    refused = admin_client.post(
        changelist, {"action": "retire_sets", "_selected_action": [default.pk]}, follow=True
    )
    # then
    assert "make another set the default first" in refused.content.decode()
    # when
    admin_client.post(changelist, {"action": "make_default", "_selected_action": [other.pk]})
    admin_client.post(changelist, {"action": "retire_sets", "_selected_action": [default.pk]})
    # then
    other.refresh_from_db()
    default.refresh_from_db()
    assert other.is_default
    assert default.status == QuestionSet.Status.RETIRED


def test_create_interview_in_admin_shows_the_link_once_and_sends_the_invite(
    admin_client, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:interviews_interview_add"),
            {
                "employee_id": "HR-42",
                "name": "Jo Leaver",
                "work_email": "jo@example.com",
                "department": "Sales",
                "valid_days": "14",
                "send_invite": "on",
            },
        )
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "shown only this once" in html
    link = re.search(r'value="(http[^"]+/i/[^"]+/)"', html).group(1)
    assert "on its way to jo@example.com" in html
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jo@example.com"]
    assert link not in mail.outbox[0].body
    interview = Interview.objects.get(employee__employee_id="HR-42")
    assert interview.created_by is not None
    assert interview.invite_sent_at is not None


def test_create_interview_for_a_new_employee_needs_a_name(admin_client):
    # when
    response = admin_client.post(
        reverse("admin:interviews_interview_add"), {"employee_id": "NEW-1", "valid_days": "14"}
    )
    # then
    assert "This employee id is new; give the employee" in response.content.decode()
    changelist = reverse("admin:interviews_interview_changelist")
    assert f'&rsaquo; <a href="{changelist}">Interviews</a>' in response.content.decode()
    assert not Interview.objects.exists()


def test_create_interview_reports_a_second_open_interview_clearly(admin_client):
    # given
    employee = EmployeeFactory()
    interview_create(employee=employee)
    # when
    response = admin_client.post(
        reverse("admin:interviews_interview_add"),
        {"employee_id": employee.employee_id, "valid_days": "14"},
    )
    # then
    assert "already has an open interview" in response.content.decode()
    assert Interview.objects.filter(employee=employee).count() == 1


def test_transcript_in_admin_shows_answers_escaped(admin_client):
    # given
    interview = interview_open(interview=interview_create(employee=EmployeeFactory()).interview)
    first = interview.question_set.questions.order_by("order").first()
    interview_answer_submit(interview=interview, question_id=first.pk, raw="Other")
    second = interview.question_set.questions.order_by("order")[1]
    payload = "<script>alert(1)</script>"
    interview_answer_submit(interview=interview, question_id=second.pk, raw=payload)
    # when
    response = admin_client.get(reverse("admin:interviews_interview_change", args=[interview.pk]))
    # then
    html = response.content.decode()
    assert payload not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "reason_for_leaving" in html


def test_classification_is_saved_from_the_change_form(admin_client):
    # given
    interview = InterviewFactory()
    # when
    response = admin_client.post(
        reverse("admin:interviews_interview_change", args=[interview.pk]),
        {"exit_type": "voluntary", "regrettable": "true"},
    )
    # then
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.exit_type == Interview.ExitType.VOLUNTARY
    assert interview.regrettable is True


def test_interview_changelist_filters_and_searches(admin_client, django_assert_max_num_queries):
    # given
    InterviewFactory.create_batch(5, employee__department="Sales")
    target = InterviewFactory(employee__name="Findable Person", employee__department="Support")
    url = reverse("admin:interviews_interview_changelist")
    # when
    with django_assert_max_num_queries(12):
        listing = admin_client.get(url, {"employee__department": "Support"})
    found = admin_client.get(url, {"q": "Findable"})
    # then
    assert "Findable Person" in listing.content.decode()
    assert listing.context["cl"].result_count == 1
    assert found.context["cl"].result_list[0] == target


def test_cancel_and_resend_actions(admin_client, django_capture_on_commit_callbacks):
    # given
    open_one = interview_create(employee=EmployeeFactory(work_email="a@example.com")).interview
    closed = InterviewFactory(expired=True)
    url = reverse("admin:interviews_interview_changelist")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        resend = admin_client.post(
            url,
            {"action": "resend_invites", "_selected_action": [open_one.pk, closed.pk]},
            follow=True,
        )
    confirm = admin_client.post(
        url, {"action": "cancel_interviews", "_selected_action": [open_one.pk]}
    )
    assert Interview.objects.get(pk=open_one.pk).status != Interview.Status.CANCELLED
    cancel = admin_client.post(
        url,
        {"action": "cancel_interviews", "_selected_action": [open_one.pk], "post": "yes"},
        follow=True,
    )
    # then
    assert "Queued 1 invite e-mail." in resend.content.decode()
    assert "not sent" in resend.content.decode()
    assert len(mail.outbox) == 1
    assert "Cancel these interviews?" in confirm.content.decode()
    assert 'value="Yes, cancel 1 interview"' in confirm.content.decode()
    assert f'&rsaquo; <a href="{url}">Interviews</a>' in confirm.content.decode()
    assert "Cancelled 1 interview; its link no longer works." in cancel.content.decode()
    open_one.refresh_from_db()
    assert open_one.status == Interview.Status.CANCELLED


def test_create_interview_in_llm_mode_needs_an_llm(admin_client, settings):
    # given
    settings.LLM_BASE_URL = ""
    data = {"employee_id": "E-2", "name": "Al", "valid_days": "21", "mode": "llm"}
    # when
    response = admin_client.post(reverse("admin:interviews_interview_add"), data)
    # then
    assert "LLM mode needs an LLM" in response.content.decode()
    assert not Interview.objects.exists()
