"""The HR admin reads a transcript like the employee's chat, and creates interviews deliberately."""

from __future__ import annotations

import pytest

from interviews.services.answers import interview_answer_submit
from interviews.tests.factories import InterviewFactory, QuestionFactory

pytestmark = pytest.mark.django_db

LONG = "word " * 1000


def test_transcript_shows_each_question_and_answer_as_a_turn_without_an_empty_model_column(
    admin_client,
):
    # given: a predefined interview with a long answer
    interview = InterviewFactory.create(in_progress=True, employee__name="Ana Leaver")
    first = QuestionFactory.create(
        question_set=interview.question_set, order=1, key="why", text="Why are you leaving?"
    )
    QuestionFactory.create(question_set=interview.question_set, order=2)
    interview_answer_submit(interview=interview, question_id=first.pk, raw=LONG)
    # when
    html = admin_client.get(f"/admin/interviews/interview/{interview.pk}/change/").content.decode()
    # then
    assert '<ol class="admin-transcript"' in html
    assert "Why are you leaving?" in html and '<code title="question key">why</code>' in html
    assert '<span class="admin-who">Ana Leaver</span>' + LONG.strip() in html
    assert "Model turn" not in html
    assert "admin.css" in html


def test_create_interview_form_does_not_tick_the_invite_e_mail(admin_client):
    # when
    html = admin_client.get("/admin/interviews/interview/add/").content.decode()
    # then
    checkbox = (
        html.split('name="send_invite"', 1)[0].rsplit("<input", 1)[1]
        + html.split('name="send_invite"', 1)[1].split(">", 1)[0]
    )
    assert "checked" not in checkbox
