"""The mode-chooser hook: predefined questions unless an app above registers a chooser."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from interviews import modes
from interviews.models import Interview
from interviews.services.interviews import interview_create
from interviews.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def restore_chooser() -> Iterator[None]:
    registered = modes._chooser
    yield
    modes.mode_chooser_register(registered)


def test_without_a_chooser_new_interviews_use_predefined_questions(restore_chooser):
    # given
    modes.mode_chooser_register(None)
    # when
    created = interview_create(employee=EmployeeFactory.create())
    # then
    assert created.interview.mode == Interview.Mode.PREDEFINED


def test_a_registered_chooser_decides_from_the_employee(restore_chooser, chat_server):
    # given
    asked = []

    def chooser(*, employee_id: str, department: str) -> str:
        asked.append((employee_id, department))
        return Interview.Mode.LLM

    modes.mode_chooser_register(chooser)
    # when
    created = interview_create(employee=EmployeeFactory.create(employee_id="E-7", department="Ops"))
    # then
    assert created.interview.mode == Interview.Mode.LLM
    assert asked == [("E-7", "Ops")]
