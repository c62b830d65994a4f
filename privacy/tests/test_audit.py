"""Reads of raw answers and changes of access are written to an append-only audit log."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from audit.models import AuditEntry
from interviews.models import QuestionSet
from interviews.selectors import question_set_default_get
from interviews.tests.factories import InterviewFactory, QuestionFactory, QuestionSetFactory
from rollout.models import Flag

pytestmark = pytest.mark.django_db


def test_opening_a_transcript_in_the_admin_is_logged_with_who_and_where(admin_client, staff_user):
    # given
    interview = InterviewFactory.create()
    # when
    response = admin_client.get(
        f"/admin/interviews/interview/{interview.pk}/change/", REMOTE_ADDR="198.51.100.4"
    )
    # then
    assert response.status_code == 200
    entry = AuditEntry.objects.get()
    assert entry.action == AuditEntry.Action.TRANSCRIPT_READ
    assert entry.user == staff_user and entry.username == "hr"
    assert entry.interview_id == interview.pk
    assert entry.address == "198.51.100.4"


def test_reading_a_report_and_an_export_through_the_api_is_logged(staff_user):
    # given
    interview = InterviewFactory.create()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff_user).key}")
    # when
    api.get(f"/api/v1/interviews/{interview.pk}/report/")
    b"".join(api.get("/api/v1/exports/interviews.csv").streaming_content)
    # then
    actions = sorted(AuditEntry.objects.values_list("action", flat=True))
    assert actions == [AuditEntry.Action.EXPORT_READ, AuditEntry.Action.REPORT_READ]


def test_analyst_downloads_and_comment_reads_are_logged(admin_client):
    # when
    admin_client.get("/analytics/export/interviews.csv")
    admin_client.get("/analytics/comments/?key=reason_for_leaving")
    # then
    assert set(AuditEntry.objects.values_list("action", "target")) == {
        (AuditEntry.Action.EXPORT_READ, "interviews.csv"),
        (AuditEntry.Action.COMMENTS_READ, "reason_for_leaving"),
    }


def test_changing_a_flag_and_a_role_is_logged(admin_client):
    # given
    flag = Flag.objects.get(name="predefined_questions")
    group = Group.objects.get(name="Analysts")
    # when
    admin_client.post(
        f"/admin/rollout/flag/{flag.pk}/change/",
        {
            "enabled": "on",
            "percentage": "40",
            "departments": "",
            "note": "",
            "reason": "phase 2",
            "changes-TOTAL_FORMS": "0",
            "changes-INITIAL_FORMS": "0",
        },
    )
    admin_client.post(
        f"/admin/auth/group/{group.pk}/change/",
        {"name": "Analysts", "permissions": list(group.permissions.values_list("pk", flat=True))},
    )
    # then
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        AuditEntry.Action.FLAG_CHANGED,
        AuditEntry.Action.ROLE_CHANGED,
    }


def test_hr_admins_read_the_log_filtered_by_user_and_interview_but_cannot_change_it():
    # given
    reader = User.objects.create_user("lead", is_staff=True)
    reader.groups.add(Group.objects.get(name="HR admins"))
    AuditEntry.objects.create(action="transcript_read", username="hr", interview_id=7)
    AuditEntry.objects.create(action="transcript_read", username="other", interview_id=8)
    client = Client()
    client.force_login(reader)
    # when
    by_interview = client.get("/admin/audit/auditentry/", {"q": "7"})
    add = client.get("/admin/audit/auditentry/add/")
    entry = AuditEntry.objects.get(interview_id=7)
    delete = client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"})
    # then
    assert by_interview.status_code == 200
    assert by_interview.context["cl"].result_count == 1
    assert add.status_code == 403
    assert delete.status_code == 403
    assert AuditEntry.objects.count() == 2


def test_analysts_cannot_read_the_log():
    # given
    analyst = User.objects.create_user("ana", is_staff=True)
    analyst.groups.add(Group.objects.get(name="Analysts"))
    client = Client()
    client.force_login(analyst)
    # when / then
    assert client.get("/admin/audit/auditentry/").status_code == 403


def _question_set_changes() -> list[tuple[str, str]]:
    return list(
        AuditEntry.objects.filter(action=AuditEntry.Action.QUESTION_SET_CHANGED)
        .order_by("id")
        .values_list("target", "detail__change")
    )


def test_cloning_and_publishing_a_question_set_with_the_buttons_is_logged(admin_client):
    # given
    published = question_set_default_get()
    # when
    admin_client.post(reverse("admin:interviews_questionset_clone", args=[published.pk]))
    draft = QuestionSet.objects.get(slug=published.slug, status=QuestionSet.Status.DRAFT)
    admin_client.post(reverse("admin:interviews_questionset_publish", args=[draft.pk]))
    # then
    name = f"{draft.name} v{draft.version}"
    assert _question_set_changes() == [
        (f"{name} (draft)", "cloned from version 1"),
        (f"{name} (published)", "published"),
    ]
    assert AuditEntry.objects.filter(username="hr", address="127.0.0.1").count() == 2


def test_question_set_admin_actions_are_logged(admin_client):
    # given
    draft = QuestionSetFactory.create(draft=True, slug="short")
    QuestionFactory.create(question_set=draft, key="why", text="Why?")
    other = QuestionSetFactory.create(slug="other")
    changelist = reverse("admin:interviews_questionset_changelist")

    def act(action: str, *sets: QuestionSet) -> None:
        admin_client.post(
            changelist, {"action": action, ACTION_CHECKBOX_NAME: [s.pk for s in sets]}
        )

    # when
    act("publish_sets", draft)
    act("clone_sets", other)
    act("make_default", draft)
    act("retire_sets", other)
    # then
    assert [change for _, change in _question_set_changes()] == [
        "published",
        "cloned from version 1",
        "made the default",
        "retired",
    ]


def test_refused_question_set_actions_write_nothing(admin_client):
    # given: a draft without questions cannot be published
    empty = QuestionSetFactory.create(draft=True, slug="empty")
    # when
    admin_client.post(reverse("admin:interviews_questionset_publish", args=[empty.pk]))
    # then
    assert _question_set_changes() == []


@pytest.mark.parametrize(
    "args",
    [
        ["set", "--percentage", "25", "--reason", "phase 2"],
        ["advance", "--force", "--reason", "go-live"],
    ],
)
def test_changing_the_rollout_from_the_command_line_is_logged(args):
    # when
    call_command("rollout", *args, stdout=StringIO())
    # then
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target, entry.username) == (
        AuditEntry.Action.FLAG_CHANGED,
        "predefined_questions",
        "",
    )
    assert entry.detail["percentage"] == Flag.objects.get(name="predefined_questions").percentage
