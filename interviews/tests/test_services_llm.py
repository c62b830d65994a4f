"""Answers in LLM mode: the model's turn, its fallbacks, follow-ups and their answers, timings."""

from __future__ import annotations

import json

import pytest
from prometheus_client import REGISTRY

from interviews.answers import AnswerInvalidError
from interviews.engine import Turn
from interviews.models import Interview, Question, Response
from interviews.selectors import interview_state_get
from interviews.services.answers import (
    _turn_store,
    _TurnRequest,
    interview_answer_submit,
    interview_followup_submit,
    interview_message_submit,
)
from interviews.services.interviews import InterviewError, QuestionNotCurrentError, interview_create
from interviews.tests.factories import EmployeeFactory, QuestionFactory, QuestionSetFactory

pytestmark = pytest.mark.django_db

Outcome = Response.LlmOutcome


def _llm_interview(**employee_fields: object) -> Interview:
    employee = EmployeeFactory.create(**employee_fields)
    return interview_create(employee=employee, mode=Interview.Mode.LLM).interview


def _two_text_questions_interview() -> tuple[Interview, Question, Question]:
    question_set = QuestionSetFactory.create()
    first = QuestionFactory.create(question_set=question_set, text="Why are you leaving?")
    second = QuestionFactory.create(question_set=question_set, text="Anything else?")
    employee = EmployeeFactory.create()
    interview = interview_create(
        employee=employee, question_set=question_set, mode=Interview.Mode.LLM
    ).interview
    return interview, first, second


def _current(interview: Interview) -> Question:
    question = interview_state_get(interview=interview).progress.current
    assert question is not None
    return question


def _fallbacks(reason: str) -> float:
    return REGISTRY.get_sample_value("llm_fallbacks_total", {"reason": reason}) or 0.0


def test_interview_create_refuses_llm_mode_when_no_llm_is_configured(settings):
    # given
    settings.LLM_BASE_URL = ""
    # when / then
    with pytest.raises(InterviewError, match="LLM_BASE_URL"):
        interview_create(employee=EmployeeFactory.create(), mode=Interview.Mode.LLM)


def test_answer_in_llm_mode_stores_the_model_follow_up(chat_server):
    # given
    interview = _llm_interview()
    question = _current(interview)
    chat_server.reply({"action": "follow_up", "message": "What would have changed your mind?"})
    # when
    result = interview_answer_submit(
        interview=interview, question_id=question.pk, raw=question.choices[0]
    )
    # then
    response = Response.objects.get(interview=interview, question=question)
    assert result.stored is True
    assert response.llm_outcome == Outcome.FOLLOW_UP
    assert response.followup_question == "What would have changed your mind?"
    assert response.followup_pending is True
    assert response.bot_response == ""


def test_answer_in_llm_mode_stores_the_model_acknowledgement(chat_server):
    # given
    interview = _llm_interview()
    question = _current(interview)
    chat_server.reply({"action": "next", "message": "Thanks, that helps us understand."})
    # when
    interview_answer_submit(interview=interview, question_id=question.pk, raw=question.choices[0])
    # then
    response = Response.objects.get(interview=interview, question=question)
    assert response.llm_outcome == Outcome.ACKNOWLEDGED
    assert response.bot_response == "Thanks, that helps us understand."
    assert response.bot_response_from_model is True
    assert _current(interview).pk != question.pk


def test_answer_in_llm_mode_sends_only_the_question_and_answer_never_who_answered(chat_server):
    # given
    interview = _llm_interview(name="Zelda Quartermaine", employee_id="HR-99173")
    interview = Interview.objects.select_related("employee").get(pk=interview.pk)
    question = _current(interview)
    # when
    interview_answer_submit(interview=interview, question_id=question.pk, raw=question.choices[1])
    # then
    sent = json.dumps(chat_server.last_payload)
    assert "Zelda" not in sent
    assert "Quartermaine" not in sent
    assert "HR-99173" not in sent
    assert interview.employee.department not in sent
    assert question.choices[1] in sent


def test_answer_in_llm_mode_falls_back_and_counts_it_when_the_model_fails(chat_server):
    # given
    interview = _llm_interview()
    question = _current(interview)
    chat_server.reply_raw(503, b"")
    before = _fallbacks("http_error")
    # when
    result = interview_answer_submit(
        interview=interview, question_id=question.pk, raw=question.choices[0]
    )
    # then: the answer is kept, the next predefined question is asked, the fallback recorded
    response = Response.objects.get(interview=interview, question=question)
    assert result.stored is True
    assert response.llm_outcome == Outcome.FALLBACK
    assert response.llm_fallback_reason == Response.FallbackReason.HTTP_ERROR
    assert response.bot_response == ""
    assert response.followup_question == ""
    assert _current(interview).pk != question.pk
    assert _fallbacks("http_error") == before + 1


def test_answer_in_llm_mode_falls_back_at_the_timeout(chat_server, settings):
    # given
    settings.LLM_TIMEOUT = 0.2
    interview = _llm_interview()
    question = _current(interview)
    chat_server.reply_raw(200, b"{}", delay=3.0)
    # when
    interview_answer_submit(interview=interview, question_id=question.pk, raw=question.choices[0])
    # then
    response = Response.objects.get(interview=interview, question=question)
    assert response.llm_fallback_reason == Response.FallbackReason.TIMEOUT


def test_answers_go_straight_on_while_a_failing_model_is_paused(chat_server, settings):
    # given: the model's last two calls failed
    settings.LLM_PAUSE_AFTER_FAILURES = 2
    interviews = [_llm_interview() for _ in range(3)]
    for _ in range(2):
        chat_server.reply_raw(500, b"{}")
    for interview in interviews[:2]:
        question = _current(interview)
        interview_answer_submit(
            interview=interview, question_id=question.pk, raw=question.choices[0]
        )
    # when
    question = _current(interviews[2])
    result = interview_answer_submit(
        interview=interviews[2], question_id=question.pk, raw=question.choices[0]
    )
    # then: stored, no call made, and the next predefined question is asked
    response = Response.objects.get(interview=interviews[2], question=question)
    assert response.llm_fallback_reason == Response.FallbackReason.PAUSED
    assert len(chat_server.requests) == 2
    assert result.stored and result.progress.answered == 1


def test_answer_records_its_handling_time_in_both_modes(chat_server):
    # given
    llm = _llm_interview()
    predefined = interview_create(
        employee=EmployeeFactory.create(), mode=Interview.Mode.PREDEFINED
    ).interview
    # when
    for interview in (llm, predefined):
        question = _current(interview)
        interview_answer_submit(
            interview=interview, question_id=question.pk, raw=question.choices[0]
        )
    # then
    timings = Response.objects.values_list("handling_ms", flat=True)
    assert len(timings) == 2
    assert all(ms is not None and ms >= 0 for ms in timings)


def test_skipped_answer_in_llm_mode_does_not_ask_the_model(chat_server):
    # given
    question_set = QuestionSetFactory.create()
    optional = QuestionFactory.create(question_set=question_set, required=False)
    QuestionFactory.create(question_set=question_set)
    interview = interview_create(
        employee=EmployeeFactory.create(), question_set=question_set, mode=Interview.Mode.LLM
    ).interview
    # when
    interview_answer_submit(interview=interview, question_id=optional.pk, raw="")
    # then
    assert chat_server.requests == []
    assert Response.objects.get(question=optional).llm_outcome == Outcome.NONE


def test_last_answer_in_llm_mode_completes_the_interview_without_asking_the_model(chat_server):
    # given
    interview, first, second = _two_text_questions_interview()
    interview_answer_submit(interview=interview, question_id=first.pk, raw="Pay.")
    requests_before = len(chat_server.requests)
    # when
    result = interview_answer_submit(interview=interview, question_id=second.pk, raw="No.")
    # then
    assert result.interview.status == Interview.Status.COMPLETED
    assert len(chat_server.requests) == requests_before


def test_next_question_is_refused_while_a_follow_up_waits(chat_server):
    # given
    interview, first, second = _two_text_questions_interview()
    chat_server.reply({"action": "follow_up", "message": "What about pay?"})
    interview_answer_submit(interview=interview, question_id=first.pk, raw="Pay.")
    # when / then
    with pytest.raises(QuestionNotCurrentError):
        interview_answer_submit(interview=interview, question_id=second.pk, raw="No.")


def test_follow_up_answer_is_stored_once_and_the_interview_moves_on(chat_server):
    # given
    interview, first, second = _two_text_questions_interview()
    chat_server.reply({"action": "follow_up", "message": "What about pay?"})
    interview_answer_submit(interview=interview, question_id=first.pk, raw="Pay.")
    # when
    stored = interview_followup_submit(interview=interview, question_id=first.pk, text="Too low.")
    again = interview_followup_submit(interview=interview, question_id=first.pk, text="Changed")
    # then
    response = Response.objects.get(question=first)
    assert stored.stored is True
    assert again.stored is False
    assert response.followup_answer == "Too low."
    assert response.followup_pending is False
    assert stored.progress.current == second
    assert stored.progress.answered == 1


def test_message_submit_answers_the_waiting_follow_up_then_the_next_question(chat_server):
    # given: the model follows up on the first answer
    interview, first, second = _two_text_questions_interview()
    chat_server.reply({"action": "follow_up", "message": "What about pay?"})
    interview_message_submit(interview=interview, question_id=first.pk, raw="Pay.")
    # when: the same question id again, then the next question
    followup = interview_message_submit(interview=interview, question_id=first.pk, raw="Low.")
    chat_server.reply({"action": "acknowledge", "message": "Thanks."})
    answer = interview_message_submit(interview=interview, question_id=second.pk, raw="No.")
    # then
    assert followup.stored is True
    assert Response.objects.get(question=first).followup_answer == "Low."
    assert answer.stored is True
    assert Response.objects.get(question=second).employee_message == "No."


def test_follow_up_left_empty_is_recorded_as_skipped(chat_server):
    # given
    interview, first, _ = _two_text_questions_interview()
    chat_server.reply({"action": "follow_up", "message": "What about pay?"})
    interview_answer_submit(interview=interview, question_id=first.pk, raw="Pay.")
    # when
    interview_followup_submit(interview=interview, question_id=first.pk, text="   ")
    # then
    response = Response.objects.get(question=first)
    assert response.followup_answer == ""
    assert response.followup_answered_at is not None


def test_follow_up_answer_over_the_length_cap_is_refused_and_not_stored(chat_server, settings):
    # given
    settings.ANSWER_MAX_LENGTH = 10
    interview, first, _ = _two_text_questions_interview()
    chat_server.reply({"action": "follow_up", "message": "What about pay?"})
    interview_answer_submit(interview=interview, question_id=first.pk, raw="Pay.")
    # when / then
    with pytest.raises(AnswerInvalidError):
        interview_followup_submit(interview=interview, question_id=first.pk, text="x" * 11)
    assert Response.objects.get(question=first).followup_pending is True


def test_follow_up_answer_without_a_follow_up_is_refused(chat_server):
    # given
    interview, first, _ = _two_text_questions_interview()
    interview_answer_submit(interview=interview, question_id=first.pk, raw="Pay.")
    # when / then
    with pytest.raises(QuestionNotCurrentError):
        interview_followup_submit(interview=interview, question_id=first.pk, text="More.")


def test_model_turn_is_dropped_when_the_interview_moved_on_while_the_model_ran(chat_server):
    # given: a second tab answered the next question before the model's reply was stored
    interview, first, second = _two_text_questions_interview()
    chat_server.reply_raw(500, b"")
    interview_answer_submit(interview=interview, question_id=first.pk, raw="Pay.")
    response = Response.objects.get(question=first)
    Response.objects.filter(pk=response.pk).update(
        llm_outcome=Outcome.PENDING, llm_fallback_reason=""
    )
    interview_answer_submit(interview=interview, question_id=second.pk, raw="No.")
    late = Turn(outcome=Outcome.FOLLOW_UP, message="What about pay?")
    # when
    _turn_store(
        interview=interview,
        request=_TurnRequest(response.pk, first, "Pay.", second),
        turn=late,
        handling_ms=5,
    )
    # then
    response.refresh_from_db()
    assert response.llm_outcome == Outcome.FALLBACK
    assert response.llm_fallback_reason == Response.FallbackReason.SUPERSEDED
    assert response.followup_question == ""
