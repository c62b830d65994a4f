"""Exact query counts of the hot paths, each at two sizes: the count must not grow with them.

An exact pin fails on one more query as on one fewer, so a change to a count is a decision
written here, not a drift under a loose ceiling.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from interviews.models import Interview, QuestionSet
from interviews.selectors import interview_state_get, question_list
from interviews.services.answers import interview_answer_submit
from interviews.services.interviews import interview_create, interview_open
from interviews.services.question_sets import question_set_clone
from interviews.tests.factories import EmployeeFactory, InterviewFactory
from interviews.tests.pages import _current_question_id, _good_answer, _open

pytestmark = pytest.mark.django_db

SIZES = [1, 6]


def _answered(count: int) -> tuple[Interview, str]:
    """An opened interview of the default set with its first ``count`` questions answered."""
    created = interview_create(employee=EmployeeFactory.create())
    interview = interview_open(interview=created.interview)
    for _ in range(count):
        current = interview_state_get(interview=interview).progress.current
        assert current is not None
        interview_answer_submit(
            interview=interview, question_id=current.pk, raw=_good_answer(current)
        )
    return interview, created.invite_url.split("8000")[-1]


@pytest.mark.parametrize("answered", SIZES)
def test_answer_path_queries(client: Client, django_assert_num_queries, answered):
    # given
    interview, path = _answered(answered)
    page = _open(client, path)
    question_id = _current_question_id(client.get(page).content.decode())
    question = interview.question_set.questions.get(pk=question_id)
    # when / then: in a savepoint, the interview found and locked in one statement, transcript,
    # insert, update (no session: the browser's binding is a signed cookie; the questions of a
    # published set are read once per process; the handling time is in the insert); a text
    # answer also stores its themes
    with django_assert_num_queries(6 + (question.kind == "text")):
        client.post(
            page + "answer/", {"question_id": question_id, "answer": _good_answer(question)}
        )


@pytest.mark.parametrize("answered", SIZES)
def test_interview_page_queries(client: Client, django_assert_num_queries, answered):
    # given
    _, path = _answered(answered)
    page = _open(client, path)
    # when / then: the interview with its transcript, in one statement (no session; a published
    # set's questions are cached)
    with django_assert_num_queries(1):
        client.get(page)


@pytest.mark.parametrize("size", [2, 12])
def test_admin_interview_changelist_queries(admin_client: Client, django_assert_num_queries, size):
    # given
    InterviewFactory.create_batch(size)
    # when / then
    with django_assert_num_queries(9):
        admin_client.get(reverse("admin:interviews_interview_changelist"))


@pytest.mark.parametrize("size", [1, 5])
def test_admin_question_set_changelist_queries(
    admin_client: Client, django_assert_num_queries, size
):
    # given: the default set, and more draft versions of other slugs
    for number in range(size):
        clone, _ = question_set_clone(question_set=QuestionSet.objects.get(is_default=True))
        QuestionSet.objects.filter(pk=clone.pk).update(slug=f"other-{number}")
    # when / then: the language filter lists settings.LANGUAGES without a query
    with django_assert_num_queries(5):
        admin_client.get(reverse("admin:interviews_questionset_changelist"))


@pytest.mark.parametrize("size", [2, 12])
def test_admin_employee_changelist_queries(admin_client: Client, django_assert_num_queries, size):
    # given
    EmployeeFactory.create_batch(size)
    # when / then
    with django_assert_num_queries(6):
        admin_client.get(reverse("admin:interviews_employee_changelist"))


@pytest.mark.parametrize("size", [2, 12])
def test_api_interview_list_queries(api_client_with, django_assert_num_queries, size):
    # given
    client = api_client_with("interviews.view_interview")
    InterviewFactory.create_batch(size)
    # when / then: token, permissions (the user's own and their groups', in one), count, page
    with django_assert_num_queries(4):
        client.get(reverse("api:interview-list"))


@pytest.mark.parametrize("size", [1, 5])
def test_api_question_set_list_queries(api_client_with, django_assert_num_queries, size):
    # given
    client = api_client_with("interviews.view_questionset")
    for number in range(size):
        clone, _ = question_set_clone(question_set=QuestionSet.objects.get(is_default=True))
        QuestionSet.objects.filter(pk=clone.pk).update(slug=f"other-{number}")
    # when / then: token, permissions (own and groups', in one), count, sets, their questions
    with django_assert_num_queries(5):
        client.get(reverse("api:questionset-list"))


@pytest.mark.parametrize("existing", [False, True])
def test_api_interview_create_queries(api_client_with, django_assert_num_queries, existing):
    # given
    client = api_client_with("interviews.add_interview")
    if existing:
        EmployeeFactory.create(employee_id="E-7", name="Former name")
    question_list(question_set=QuestionSet.objects.get(is_default=True))
    body = {"employee_id": "E-7", "employee": {"name": "Robin Leaver"}}
    # when / then: token, permissions (own and groups', in one); in one transaction the
    # employee, its write, the default set, the rollout flags, the interview and its invite
    # token. No existence or uniqueness checks before the writes, and no answers to read for a
    # new one.
    with django_assert_num_queries(10):
        response = client.post(reverse("api:interview-list"), body, format="json")
    assert response.status_code == 201
    assert Interview.objects.get().employee.name == "Robin Leaver"
