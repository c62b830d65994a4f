from __future__ import annotations

import pytest
from django.core import mail

from interviews.models import Interview, QuestionSet
from interviews.selectors import question_set_default_get
from interviews.services import interview_create, question_set_clone
from interviews.tests.factories import EmployeeFactory, QuestionFactory, QuestionSetFactory

pytestmark = pytest.mark.django_db

QS = "/admin/interviews/questionset/"
IV = "/admin/interviews/interview/"


def _default() -> QuestionSet:
    question_set = question_set_default_get()
    assert question_set is not None
    return question_set


def test_admin_lists_render(admin_client):
    # given
    interview_create(employee=EmployeeFactory.create())
    # when / then
    for path in [QS, IV, "/admin/interviews/employee/", f"{QS}{_default().pk}/change/"]:
        assert admin_client.get(path).status_code == 200, path


def test_question_set_preview_shows_every_question(admin_client):
    # when
    html = admin_client.get(f"{QS}{_default().pk}/preview/").content.decode()
    # then
    assert "What is the main reason you decided to leave?" in html
    assert "Is there anything else you would like to tell us?" in html


def test_clone_then_publish_makes_a_new_default_version(admin_client):
    # given
    old = _default()
    # when
    cloned = admin_client.post(f"{QS}{old.pk}/clone/")
    draft = QuestionSet.objects.get(slug=old.slug, status="draft")
    again = admin_client.post(f"{QS}{old.pk}/clone/", follow=True)
    published = admin_client.post(f"{QS}{draft.pk}/publish/")
    # then
    assert cloned.status_code == published.status_code == 302
    assert "already a draft" in again.content.decode()
    draft.refresh_from_db()
    old.refresh_from_db()
    assert (draft.status, draft.is_default) == ("published", True)
    assert old.status == "retired"


def test_publishing_a_published_set_explains_why_not(admin_client):
    # when
    response = admin_client.post(f"{QS}{_default().pk}/publish/", follow=True)
    # then
    assert "only drafts can be published" in response.content.decode()


def test_publishing_a_draft_with_problems_lists_them(admin_client):
    # given
    draft = QuestionSetFactory.create(draft=True)
    QuestionFactory.create(question_set=draft, kind="single_choice", choices=["Only one"])
    # when
    response = admin_client.post(f"{QS}{draft.pk}/publish/", follow=True)
    # then
    assert "needs at least two choices" in response.content.decode()


def test_set_actions_make_default_and_retire(admin_client):
    # given
    other = QuestionSetFactory.create()
    QuestionFactory.create(question_set=other)
    action = {"_selected_action": [str(other.pk)]}
    # when
    admin_client.post(QS, {**action, "action": "make_default"})
    refused = admin_client.post(QS, {**action, "action": "retire_sets"}, follow=True)
    admin_client.post(QS, {"_selected_action": [str(_default().pk)], "action": "publish_sets"})
    two = [str(other.pk), str(QuestionSetFactory.create().pk)]
    too_many = admin_client.post(
        QS, {"_selected_action": two, "action": "make_default"}, follow=True
    )
    # then
    other.refresh_from_db()
    assert other.is_default is True
    assert "make another set the default first" in refused.content.decode()
    assert "Select exactly one set" in too_many.content.decode()


def test_clone_action_and_retire_action_work_on_published_sets(admin_client):
    # given
    spare = QuestionSetFactory.create()
    # when
    admin_client.post(QS, {"_selected_action": [str(spare.pk)], "action": "clone_sets"})
    admin_client.post(QS, {"_selected_action": [str(spare.pk)], "action": "retire_sets"})
    # then
    spare.refresh_from_db()
    assert spare.status == "retired"
    assert QuestionSet.objects.filter(slug=spare.slug, status="draft").exists()


def test_adding_a_set_gives_it_the_next_version(admin_client):
    # given
    draft, _ = question_set_clone(question_set=_default())
    data = {
        "name": "Standard exit interview",
        "slug": "brand-new",
        "language": "en",
        "description": "",
        "intro_message": "",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    # when
    response = admin_client.post(f"{QS}add/", data)
    # then
    assert response.status_code == 302
    assert QuestionSet.objects.get(slug="brand-new").version == 1
    assert draft.version == 2


def test_creating_an_interview_in_the_admin_shows_its_link_and_sends_the_invite(
    admin_client, django_capture_on_commit_callbacks
):
    # given
    data = {
        "employee_id": "E-1",
        "name": "Bo Chen",
        "work_email": "bo@example.com",
        "valid_days": "21",
        "send_invite": "on",
        "mode": "",
    }
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{IV}add/", data)
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "/i/" in html
    assert Interview.objects.get().mode == "predefined"
    assert [m.to for m in mail.outbox] == [["bo@example.com"]]


def test_creating_an_interview_in_the_admin_explains_what_is_missing(admin_client, settings):
    # given
    settings.LLM_BASE_URL = ""
    data = {"employee_id": "E-2", "name": "Al", "valid_days": "21", "mode": "llm"}
    # when
    html = admin_client.post(f"{IV}add/", data).content.decode()
    missing_name = admin_client.post(f"{IV}add/", {"employee_id": "E-3", "valid_days": "5"})
    # then
    assert "LLM mode needs an LLM" in html
    assert "give the employee&#x27;s name" in missing_name.content.decode()


def test_interview_actions_resend_and_cancel(admin_client, django_capture_on_commit_callbacks):
    # given
    interview = interview_create(employee=EmployeeFactory.create()).interview
    action = {"_selected_action": [str(interview.pk)]}
    # when
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(IV, {**action, "action": "resend_invites"})
    admin_client.post(IV, {**action, "action": "cancel_interviews"})
    not_sent = admin_client.post(IV, {**action, "action": "resend_invites"}, follow=True)
    # then
    interview.refresh_from_db()
    assert len(mail.outbox) == 1
    assert interview.status == "cancelled"
    assert "not sent" in not_sent.content.decode()


def test_classifying_an_interview_in_the_admin_saves_exit_type(admin_client):
    # given
    interview = interview_create(employee=EmployeeFactory.create()).interview
    # when
    response = admin_client.post(
        f"{IV}{interview.pk}/change/", {"exit_type": "voluntary", "regrettable": "true"}
    )
    # then
    interview.refresh_from_db()
    assert response.status_code == 302
    assert (interview.exit_type, interview.regrettable) == ("voluntary", True)
