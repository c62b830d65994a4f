"""Exact query counts of the employee's pages, the same for a short and a long transcript.

Exact, not upper bounds: a query added or saved in either direction shows up here. The
after-commit event writes are run and counted too; inside the test's transaction each takes a
savepoint (SAVEPOINT and RELEASE), which it does not need in production, where it is a lone
INSERT in autocommit.
"""

from __future__ import annotations

import pytest
from django.test import Client

from interviews.models import Interview
from interviews.selectors import question_list
from interviews.services import interview_answer_submit, interview_create
from interviews.tests.factories import EmployeeFactory, QuestionFactory, QuestionSetFactory

pytestmark = pytest.mark.django_db

QUESTIONS = 12
# session, interview, transcript; the question_viewed event (3 with its savepoint)
PAGE_QUERIES = 6
# session, interview; a savepoint around lock, transcript, answer, progress (the service's
# transaction, nested in the test's); the answer_submitted event (3 with its savepoint)
ANSWER_QUERIES = 11


def _interview_answered(client: Client, answered: int) -> tuple[Interview, str]:
    question_set = QuestionSetFactory.create()
    QuestionFactory.create_batch(QUESTIONS, question_set=question_set)
    created = interview_create(employee=EmployeeFactory.create(), question_set=question_set)
    page = client.get(created.invite_url.split("8000")[-1])["Location"]
    for question in question_list(question_set=question_set)[:answered]:
        interview_answer_submit(interview=created.interview, question_id=question.pk, raw="Ok")
    return created.interview, page


@pytest.mark.parametrize("answered", [1, 10])
def test_interview_page_query_count_is_flat(
    client, answered, django_assert_num_queries, django_capture_on_commit_callbacks
):
    # given
    _, page = _interview_answered(client, answered)
    # when
    with (
        django_assert_num_queries(PAGE_QUERIES),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.get(page)
    # then
    assert f"Question {answered + 1} of {QUESTIONS}" in response.content.decode()


@pytest.mark.parametrize("answered", [1, 10])
def test_answer_query_count_is_flat(
    client, answered, django_assert_num_queries, django_capture_on_commit_callbacks
):
    # given
    interview, page = _interview_answered(client, answered)
    current = question_list(question_set=interview.question_set)[answered]
    # when
    with (
        django_assert_num_queries(ANSWER_QUERIES),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(page + "answer/", {"question_id": current.pk, "answer": "Ok"})
    # then
    assert response.status_code == 302
    assert interview.responses.count() == answered + 1
