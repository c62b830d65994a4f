"""Walking the interview pages as an employee does: the helpers the page specs share."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from interviews.models import Interview, Question
from interviews.services.interviews import interview_create
from interviews.tests.factories import EmployeeFactory

GOOD_ANSWERS = {
    Question.Kind.TEXT: "Because of the commute.",
    Question.Kind.RATING: "4",
    Question.Kind.ENPS: "9",
    Question.Kind.YES_NO: "yes",
}


def _invite(**employee_fields: object) -> tuple[Interview, str]:
    created = interview_create(employee=EmployeeFactory.create(**employee_fields))
    return created.interview, created.invite_url.split("testserver")[-1].split("8000")[-1]


def _open(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 302
    return response["Location"]


def _current_question_id(html: str) -> int:
    match = re.search(r'name="question_id" value="(\d+)"', html)
    assert match, "the page shows no question form"
    return int(match.group(1))


def _good_answer(question: Question) -> str:
    if question.has_choices:
        return question.choices[0]
    return GOOD_ANSWERS[Question.Kind(question.kind)]


def _answer_current(client: Client, page: str, **extra: str) -> Any:
    html = client.get(page).content.decode()
    question = Question.objects.get(pk=_current_question_id(html))
    answer_url = page + "answer/"
    return client.post(
        answer_url, {"question_id": question.pk, "answer": _good_answer(question), **extra}
    )
