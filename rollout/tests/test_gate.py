"""The rollout gate on hand-made data: HR's satisfaction decides with the other three criteria."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from feedback.models import FeedbackSurvey
from feedback.services import survey_answer_submit
from feedback.tests.factories import UserFactory
from interviews.models import Interview
from interviews.tests.factories import InterviewFactory, ResponseFactory
from rollout.models import RolloutPhase
from rollout.selectors import hr_satisfaction_get, rollout_criteria_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_criteria_hold(settings: object) -> None:
    """Fast predefined answers, predefined completing as often as LLM, no incident."""
    settings.ROLLOUT_MIN_SAMPLE = 2  # type: ignore[attr-defined]
    settings.ROLLOUT_MIN_HR_RESPONSES = 5  # type: ignore[attr-defined]
    now = timezone.now()
    for mode, statuses in (
        (Interview.Mode.PREDEFINED, [Interview.Status.COMPLETED, Interview.Status.COMPLETED]),
        (Interview.Mode.LLM, [Interview.Status.COMPLETED, Interview.Status.IN_PROGRESS]),
    ):
        for status in statuses:
            InterviewFactory.create(mode=mode, status=status, started_at=now)
    ResponseFactory.create_batch(3, handling_ms=40)


def answer(speed: int, quality: int, ease: int) -> None:
    """One more HR staff member answers the seeded HR survey."""
    survey = FeedbackSurvey.objects.get(slug="predefined-questions-feedback")
    raw = {"system_speed": str(speed), "data_quality": str(quality), "ease_of_use": str(ease)}
    survey_answer_submit(survey=survey, user=UserFactory.create(groups=["HR staff"]), raw=raw)


def _run(*args: str) -> str:
    out = StringIO()
    call_command("rollout", *args, stdout=out)
    return out.getvalue()


def _satisfaction() -> tuple[str, str]:
    criterion = next(c for c in rollout_criteria_get() if c.key == "hr_satisfaction")
    return criterion.status, criterion.value


def test_rollout_advance_moves_on_without_force_when_every_criterion_holds(other_criteria_hold):
    # given: five HR responses, every rating 4 -> mean 4.00
    for _ in range(5):
        answer(4, 4, 4)
    # when
    out = _run("advance")
    # then
    assert "Now in Phase 2: Limited production: 25 %" in out
    assert "(forced)" not in out
    assert "[ok]      HR satisfaction: 4.00 of 5 (n=5)" in out
    assert RolloutPhase.objects.get(is_current=True).number == 2


def test_rollout_advance_refuses_at_a_mean_of_3_9(other_criteria_hold):
    # given: 3 x (4,4,3) + 7 x (4,4,4) = 117 over 30 ratings = 3.9
    for _ in range(3):
        answer(4, 4, 3)
    for _ in range(7):
        answer(4, 4, 4)
    # when / then
    assert hr_satisfaction_get() == pytest.approx(3.9)
    assert _satisfaction() == ("not_met", "3.90 of 5 (n=10)")
    with pytest.raises(CommandError, match=r"HR satisfaction: 3.90 of 5 \(n=10\)"):
        _run("advance")
    assert RolloutPhase.objects.get(is_current=True).number == 1


def test_rollout_advance_refuses_with_four_responses_however_good(other_criteria_hold):
    # given
    for _ in range(4):
        answer(5, 5, 5)
    # when / then
    assert _satisfaction() == ("no_data", "not enough responses (4 of 5)")
    assert "5.00 of 5 (n=4) from 12 ratings" in _run("status")
    with pytest.raises(CommandError, match=r"not enough responses \(4 of 5\)"):
        _run("advance")
    assert RolloutPhase.objects.get(is_current=True).number == 1


def test_status_page_and_results_show_the_same_satisfaction_figure(
    other_criteria_hold, admin_client
):
    # given
    for ratings in [(5, 4, 4), (4, 4, 4), (5, 5, 4), (3, 4, 4), (4, 5, 5)]:
        answer(*ratings)
    figure = "4.27 of 5 (n=5)"  # 64 / 15
    # when
    status = _run("status")
    rollout_page = admin_client.get("/rollout/").content.decode()
    results_page = admin_client.get("/feedback/results/").content.decode()
    # then
    assert f"HR satisfaction: {figure}" in status
    assert figure in rollout_page
    assert figure in results_page
