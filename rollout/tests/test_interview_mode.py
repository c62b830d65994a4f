"""Rollout's flags choose the mode of new interviews through the hook interviews offers."""

from __future__ import annotations

import pytest

from interviews.models import Interview
from interviews.services.interviews import interview_create
from interviews.tests.factories import EmployeeFactory
from rollout.models import Flag

pytestmark = pytest.mark.django_db


def test_interview_create_uses_predefined_questions_when_no_llm_is_configured(settings):
    # given: the flags would send everybody to LLM mode
    settings.LLM_BASE_URL = ""
    Flag.objects.filter(name="predefined_questions").update(percentage=0)
    # when
    created = interview_create(employee=EmployeeFactory.create())
    # then
    assert created.interview.mode == Interview.Mode.PREDEFINED


def test_interview_create_asks_the_rollout_flags_for_the_mode(chat_server):
    # given: no employee is in the predefined share, LLM mode is allowed for all
    Flag.objects.filter(name="predefined_questions").update(percentage=0)
    # when
    created = interview_create(employee=EmployeeFactory.create())
    # then
    assert created.interview.mode == Interview.Mode.LLM


def test_interview_create_keeps_an_explicit_mode_whatever_the_flags(chat_server):
    # given
    Flag.objects.filter(name="predefined_questions").update(percentage=0)
    # when
    created = interview_create(employee=EmployeeFactory.create(), mode=Interview.Mode.PREDEFINED)
    # then
    assert created.interview.mode == Interview.Mode.PREDEFINED
