"""seed_demo: demo data for every page, analytics included, safe to run twice."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import Client

from interviews.models import Interview

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_seed_demo_prints_a_working_login_and_invite_link():
    # when
    out = _run("seed_demo")
    # then
    user, password = re.search(r"HR admin:\s+(\S+) / (\S+)", out).groups()
    assert authenticate(username=user, password=password) is not None
    link = re.search(r"Open invite:\s+(\S+)", out).group(1)
    page = Client().get(link.split("8000")[-1], follow=True)
    assert "Question 1 of" in page.content.decode()
    statuses = set(Interview.objects.values_list("status", flat=True))
    assert statuses == {"pending", "in_progress", "completed", "cancelled", "expired"}


def test_seed_demo_run_twice_does_not_duplicate_interviews():
    # given
    _run("seed_demo")
    count = Interview.objects.count()
    # when
    out = _run("seed_demo")
    # then
    assert Interview.objects.count() == count
    assert "Open invite:" in out


def test_seed_demo_answers_in_predefined_mode_even_when_an_llm_is_configured(chat_server):
    # given: the rollout would put new interviews in LLM mode, and the model follows up
    chat_server.reply({"action": "follow_up", "message": "Could you say more?"})
    # when
    _run("seed_demo")
    # then
    answered = Interview.objects.filter(status="completed")
    assert answered.exists()
    assert set(answered.values_list("mode", flat=True)) == {"predefined"}
