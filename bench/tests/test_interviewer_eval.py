"""The LLM-mode evaluation runs in CI: a regression in any simulated leaver's score fails."""

from __future__ import annotations

import pytest

from bench.interviewer_eval import PERSONAS, ScriptedInterviewer, evaluate, table

pytestmark = pytest.mark.django_db


@pytest.fixture
def interviewer(settings):
    server = ScriptedInterviewer().start()
    settings.LLM_BASE_URL = server.url
    settings.LLM_MODEL = "eval"
    settings.LLM_TIMEOUT = 2.0
    yield server
    server.stop()


def test_interviewer_eval_every_simulated_leaver_meets_expectations(interviewer):
    # when
    rows = evaluate(interviewer)
    # then
    print(table(rows))
    assert [r.persona for r in rows] == [p.name for p in PERSONAS]
    assert {r.persona: r.problems for r in rows} == {p.name: [] for p in PERSONAS}
    by_name = {r.persona: r for r in rows}
    assert by_name["terse"].followups >= 3
    assert by_name["prompt injection"].fallbacks >= 1
    assert not by_name["withdraws consent"].completed
    assert by_name["in German"].completed
    assert all(r.pii_sent == 0 for r in rows)


def test_interviewer_eval_pii_scorer_finds_names_and_contacts_when_present():
    # given
    from bench.interviewer_eval import _pii_patterns
    from exitbot.lib.redact import fold
    from interviews.models import Employee

    Employee.objects.create(employee_id="x1", name="Ana Lima", manager_name="Tomás Ortega")
    sent = fold("Tomás Ortega, ana.lima@example.com, 07700 900456")
    # when
    found = sum(len(p.findall(sent)) for p in _pii_patterns())
    # then
    assert found >= 4
