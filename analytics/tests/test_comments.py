"""Free-text answers: themes and the sensitive queue at save time, corrections, the nightly pass."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.auth.models import Permission, User
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from analytics.comments import (
    emerging_topics_compute,
    llm_themes_parse,
    sensitive_notify,
    theme_correct,
    themes_catch_up,
    themes_llm_code,
)
from analytics.models import AnswerTheme, EmergingTopic, SensitiveComment, ThemeCorrection
from interviews.models import Interview, Question, Response
from interviews.services.answers import interview_message_submit
from interviews.services.interviews import interview_create
from interviews.tests.factories import EmployeeFactory, QuestionFactory, QuestionSetFactory

pytestmark = pytest.mark.django_db

HARASSMENT = "My team lead harassed me for months and HR did nothing."


@pytest.fixture
def handler():
    user = User.objects.create_user(username="safe", email="safe@example.com", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_sensitive"))
    return user


def test_a_saved_text_answer_gets_its_themes_with_a_confidence(small_set, answered):
    # when
    interview = answered(small_set, ["4", "The salary was too low and there was no raise", "no"])
    # then
    themes = list(AnswerTheme.objects.filter(response__interview=interview))
    assert themes[0].theme == "compensation"
    assert 0 < themes[0].confidence <= 1
    assert themes[0].source == AnswerTheme.Source.MODEL
    assert not SensitiveComment.objects.exists()


def test_a_sensitive_answer_is_queued_and_its_handlers_notified_without_the_text(
    small_set, answered, handler, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        interview = answered(small_set, ["2", HARASSMENT, "no"])
    # then
    comment = SensitiveComment.objects.get(response__interview=interview)
    assert comment.status == SensitiveComment.Status.NEW
    assert "harassment" in comment.reasons
    assert [m.to for m in mail.outbox] == [["safe@example.com"]]
    assert "harassed" not in mail.outbox[0].body
    assert f"/admin/analytics/sensitivecomment/{comment.pk}/change/" in mail.outbox[0].body


def _llm_interview() -> tuple[Interview, Question]:
    """An LLM-mode interview of two questions, and its first question."""
    question_set = QuestionSetFactory.create()
    question = QuestionFactory.create(question_set=question_set, text="Why are you leaving?")
    QuestionFactory.create(question_set=question_set, text="Anything else?")
    interview = interview_create(
        employee=EmployeeFactory.create(), question_set=question_set, mode=Interview.Mode.LLM
    ).interview
    return interview, question


def test_a_sensitive_follow_up_answer_queues_its_response_with_both_texts(
    chat_server, admin_client
):
    # given: in LLM mode the model follows up on a harmless answer
    interview, question = _llm_interview()
    chat_server.reply({"action": "follow_up", "message": "What happened with your lead?"})
    interview_message_submit(interview=interview, question_id=question.pk, raw="The team.")
    # when: the follow-up answer reports harassment
    interview_message_submit(interview=interview, question_id=question.pk, raw=HARASSMENT)
    # then: the whole response is in the restricted queue, and its handler reads both answers
    comment = SensitiveComment.objects.get(response__interview=interview)
    assert "harassment" in comment.reasons
    page = admin_client.get(f"/admin/analytics/sensitivecomment/{comment.pk}/change/")
    assert "The team." in page.content.decode()
    assert "HR did nothing" in page.content.decode()


def test_a_follow_up_answer_adds_its_themes_and_keeps_those_already_read(chat_server):
    # given: in LLM mode, an answer about pay has its themes
    interview, question = _llm_interview()
    chat_server.reply({"action": "follow_up", "message": "Anything besides the pay?"})
    interview_message_submit(
        interview=interview, question_id=question.pk, raw="The salary was too low, no raise."
    )
    first = {t.theme: t.confidence for t in AnswerTheme.objects.filter(response__question=question)}
    # when: the follow-up answer speaks of the pay again, and of the manager
    interview_message_submit(
        interview=interview,
        question_id=question.pk,
        raw="The pay again, and my manager never listened or gave feedback.",
    )
    # then: the pay theme is stored once, as first read; the manager's is added
    themes = list(AnswerTheme.objects.filter(response__question=question))
    read = {t.theme: t.confidence for t in themes}
    assert len(themes) == len(read)
    assert "compensation" in first and read["compensation"] == first["compensation"]
    assert "manager" in read and "manager" not in first


def test_sensitive_notify_sends_nothing_without_handlers_or_comment(small_set, answered):
    # given
    interview = answered(small_set, ["2", HARASSMENT, "no"])
    comment = SensitiveComment.objects.get(response__interview=interview)
    # when / then
    assert sensitive_notify(comment_id=comment.pk) == 0
    assert sensitive_notify(comment_id=comment.pk + 1000) == 0
    assert mail.outbox == []


def test_theme_correct_replaces_the_theme_and_keeps_the_correction(small_set, answered, staff_user):
    # given
    interview = answered(small_set, ["4", "The salary was too low", "no"])
    answer_theme = AnswerTheme.objects.filter(response__interview=interview).first()
    # when
    theme_correct(answer_theme=answer_theme, new_theme="recognition", user=staff_user)
    # then
    answer_theme.refresh_from_db()
    assert (answer_theme.theme, answer_theme.source) == ("recognition", AnswerTheme.Source.HR)
    correction = ThemeCorrection.objects.get()
    assert (correction.old_theme, correction.new_theme) == ("compensation", "recognition")
    assert correction.corrected_by == staff_user
    with pytest.raises(ValueError, match="unknown theme"):
        theme_correct(answer_theme=answer_theme, new_theme="nonsense", user=staff_user)


def test_themes_catch_up_reads_answers_stored_without_themes(small_set, answered):
    # given: answers stored before themes existed
    answered(small_set, ["4", "Too many meetings and overtime", "no"])
    AnswerTheme.objects.all().delete()
    # when
    done = themes_catch_up()
    # then
    assert done == 1
    assert AnswerTheme.objects.filter(theme="workload_balance").exists()
    assert themes_catch_up() == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"themes": ["manager"]}', ["manager"]),
        ('```json\n{"themes": ["manager", "recognition"]}\n```', ["manager", "recognition"]),
        ('{"themes": ["bad boss"]}', None),
        ('{"themes": []}', None),
        ('{"themes": ["manager", "other", "recognition"]}', None),
        ("manager", None),
        ('["manager"]', None),
    ],
)
def test_llm_themes_parse_accepts_only_the_taxonomy(content, expected):
    assert llm_themes_parse(content) == expected


def test_themes_llm_code_sends_redacted_text_and_ignores_replies_outside_the_taxonomy(
    small_set, answered, chat_server
):
    # given: two answers the classifier is unsure about, one naming a colleague
    first = answered(small_set, ["3", "Ask Marek Nowak, marek@example.com, he knows", "no"])
    second = answered(small_set, ["3", "Hmm, it is complicated", "no"])
    first.employee.name = "Marek Nowak"
    first.employee.save()
    AnswerTheme.objects.update(confidence=0.1)
    chat_server.reply({"themes": ["manager"]})
    chat_server.reply({"themes": ["vibes"]})
    # when
    coded = themes_llm_code()
    # then
    assert coded == 1
    sent = [r["json"]["messages"][1]["content"] for r in chat_server.requests]
    assert sent[0] == "Ask [name], [email], he knows"
    assert list(
        AnswerTheme.objects.filter(response__interview=first).values_list("theme", "source")
    ) == [("manager", "llm")]
    assert AnswerTheme.objects.filter(response__interview=second, source="model").exists()


def test_themes_llm_code_does_nothing_without_an_llm(settings, small_set, answered):
    # given
    settings.LLM_BASE_URL = ""
    answered(small_set, ["3", "Hmm", "no"])
    # when / then
    assert themes_llm_code() == 0


def test_emerging_topics_cluster_weak_answers_and_keep_groups_of_ten(small_set, answered):
    # given: twelve answers about a parking problem the taxonomy does not know
    for number in range(12):
        answered(
            small_set, ["3", f"The car park barrier broke again, parking fines {number}", "no"]
        )
    answered(small_set, ["3", "The salary was too low", "no"])
    AnswerTheme.objects.exclude(theme="compensation").update(confidence=0.2)
    # when
    topics = emerging_topics_compute(today=timezone.localdate() + datetime.timedelta(days=1))
    # then
    assert len(topics) == 1
    assert topics[0].count == 12
    assert {"parking", "park", "barrier"} & set(topics[0].terms)


def test_emerging_topics_leave_out_names_and_small_clusters(small_set, answered):
    # given: fewer than ten weak answers
    for number in range(5):
        answered(small_set, ["3", f"Canteen queue {number}", "no"])
    AnswerTheme.objects.update(confidence=0.2)
    # when
    topics = emerging_topics_compute(today=timezone.localdate() + datetime.timedelta(days=1))
    # then
    assert topics == []
    assert not EmergingTopic.objects.exists()


def test_read_comments_command_reports_what_it_did(small_set, answered, settings, capsys):
    # given
    settings.LLM_BASE_URL = ""
    answered(small_set, ["3", "Too much bureaucracy", "no"])
    Response.objects.update()
    # when
    call_command("read_comments")
    # then
    assert "Read 0 answers, LLM-coded 0, 0 emerging topics." in capsys.readouterr().out


def test_build_theme_model_command_saves_the_models_and_reports_scores(tmp_path, capsys):
    # when
    call_command("build_theme_model", output=str(tmp_path / "m.npz"))
    # then
    out = capsys.readouterr().out
    assert "macro-F1" in out and "sensitive recall 1.00" in out
    assert (tmp_path / "m.npz").stat().st_size > 0
    assert json.dumps(out)
