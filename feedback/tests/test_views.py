"""HTTP concerns of the feedback pages: who gets in, what is shown, what a double post does."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback.models import SurveyAnswer, SurveyResponse
from feedback.tests.factories import FeedbackSurveyFactory, UserFactory
from interviews.models import Interview
from interviews.tests.factories import InterviewFactory, ResponseFactory, browser_bind

pytestmark = pytest.mark.django_db

SURVEY_URL = reverse("feedback:survey-answer", args=["predefined-questions-feedback"])
LIST_URL = reverse("feedback:survey-list")
RESULTS_URL = reverse("feedback:results")
# Session and user, then the page's own reads; pinned so a change either way is noticed.
RESULTS_QUERIES = 21
LIST_QUERIES = 5
# The completion screen: the interview with its transcript, the employee's name, the survey and
# the rating given; a given rating adds its answers. The survey's questions are not read.
COMPLETION_QUERIES = 4
GOOD = {"system_speed": "5", "data_quality": "4", "ease_of_use": "4", "suggestions": "More"}


def _as(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_hr_staff_see_the_open_survey_in_the_list(client, hr_user, hr_survey):
    # when
    page = _as(client, hr_user).get(LIST_URL)
    # then
    assert page.status_code == 200
    assert "Predefined Questions Feedback" in page.content.decode()
    assert SURVEY_URL in page.content.decode()


def test_survey_form_has_a_fieldset_and_legend_per_rating(client, hr_user, hr_survey):
    # when
    html = _as(client, hr_user).get(SURVEY_URL).content.decode()
    # then
    assert html.count("<fieldset") == 3
    assert html.count("<legend") == 3
    assert 'for="answer-missing_features"' in html


def test_answering_stores_the_answers_and_thanks(client, hr_user, hr_survey):
    # when
    response = _as(client, hr_user).post(SURVEY_URL, GOOD)
    # then
    assert response.status_code == 302
    assert response["Location"].endswith("/thanks/")
    assert SurveyResponse.objects.get().user == hr_user
    assert "Thank you" in client.get(response["Location"]).content.decode()


def test_a_missing_rating_shows_the_error_beside_it_and_keeps_what_was_typed(
    client, hr_user, hr_survey
):
    # given
    typed = {**GOOD, "data_quality": "", "missing_features": "The <b>old</b> summary"}
    # when
    response = _as(client, hr_user).post(SURVEY_URL, typed)
    # then
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="error-data_quality"' in html
    assert 'aria-errormessage="error-data_quality"' in html
    assert "The &lt;b&gt;old&lt;/b&gt; summary</textarea>" in html
    assert 'name="system_speed" value="5" checked' in html
    assert not SurveyResponse.objects.exists()


def test_answering_twice_shows_the_first_answers_and_stores_nothing(client, hr_user, hr_survey):
    # given
    _as(client, hr_user).post(SURVEY_URL, GOOD)
    # when
    again = client.post(SURVEY_URL, {**GOOD, "system_speed": "1"}, follow=True)
    # then
    html = again.content.decode()
    assert "You have already answered" in html
    assert "nothing was changed" in html
    assert "5 of 5" in html
    assert SurveyResponse.objects.count() == 1
    assert SurveyAnswer.objects.get(question__key="system_speed").rating == 5


def test_a_closed_survey_says_so(client, hr_user, hr_survey):
    # given
    hr_survey.active = False
    hr_survey.save()
    # when
    response = _as(client, hr_user).get(SURVEY_URL)
    # then
    assert response.status_code == 410
    assert "not taking answers" in response.content.decode()


def test_an_unknown_survey_is_a_404(client, hr_user):
    # when / then
    assert (
        _as(client, hr_user).get(reverse("feedback:survey-answer", args=["nope"])).status_code
        == 404
    )


def test_an_employee_interview_session_cannot_reach_the_surveys(client):
    # given: a browser that holds an employee's interview, but no account
    interview = InterviewFactory.create(in_progress=True)
    browser_bind(client, bound=[str(interview.public_id)])
    # when
    response = client.get(LIST_URL)
    # then
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_analyst_sees_results_but_cannot_answer_the_hr_survey(client, analyst, hr_survey):
    # when / then
    _as(client, analyst)
    assert client.get(RESULTS_URL).status_code == 200
    assert client.get(SURVEY_URL).status_code == 403
    assert client.post(SURVEY_URL, GOOD).status_code == 403
    assert not SurveyResponse.objects.exists()


def test_an_analyst_who_is_also_hr_staff_may_answer(client, hr_survey):
    # given
    user = UserFactory.create(groups=["Analysts", "HR staff"])
    # when
    response = _as(client, user).post(SURVEY_URL, GOOD)
    # then
    assert response.status_code == 302
    assert SurveyResponse.objects.get().user == user


def test_hr_staff_cannot_see_the_results(client, hr_user):
    # when / then
    assert _as(client, hr_user).get(RESULTS_URL).status_code == 403


def test_a_non_staff_user_cannot_see_the_results_even_with_the_permission(client):
    # given
    user = UserFactory.create(groups=["Analysts"], is_staff=False)
    # when / then
    assert _as(client, user).get(RESULTS_URL).status_code == 403


def test_results_show_the_figure_the_rollout_reads_and_escape_text_answers(client, analyst, answer):
    # given
    for _ in range(2):
        answer(5, 4, 3, suggestions="<script>alert(1)</script>")
    # when
    html = _as(client, analyst).get(RESULTS_URL).content.decode()
    # then
    assert "4.00 of 5 (n=2)" in html
    assert "<svg" in html and "Answers per rating" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html


def test_results_csv_is_formula_safe(client, analyst, answer):
    # given
    answer(4, 4, 4, missing_features="=cmd|' /C calc'!A0", suggestions="+1 more reports")
    # when
    response = _as(client, analyst).get(
        reverse("feedback:results-export", args=["predefined-questions-feedback"])
    )
    # then
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][-2:] == ["'=cmd|' /C calc'!A0", "'+1 more reports"]


def test_results_csv_of_an_unknown_survey_is_a_404(client, analyst):
    # when / then
    url = reverse("feedback:results-export", args=["nope"])
    assert _as(client, analyst).get(url).status_code == 404


# The employee's rating on the completion screen


def _completed_in(client: Client) -> Interview:
    """An interview just completed in this browser session, as the last answer leaves it."""
    interview = InterviewFactory.create(
        status=Interview.Status.COMPLETED, completed_at=timezone.now()
    )
    browser_bind(client, bound=[str(interview.public_id)], completed=[str(interview.public_id)])
    return interview


def _rating_url(interview: Interview) -> str:
    return reverse("feedback:interview-rating", args=[interview.public_id])


def _page(interview: Interview) -> str:
    return reverse("interviews:interview-detail", args=[interview.public_id])


def test_completion_screen_offers_an_optional_rating_form_without_script(client, employee_survey):
    # given
    interview = _completed_in(client)
    # when
    html = client.get(_page(interview)).content.decode()
    # then
    assert "How was this interview?" in html
    assert f'action="{_rating_url(interview)}"' in html
    assert (
        'name="rating"' in html
        and "required" not in html.split("rating-form")[1].split("</form>")[0]
    )


def test_rating_is_stored_once_and_the_screen_then_shows_it(client, employee_survey):
    # given
    interview = _completed_in(client)
    # when
    response = client.post(_rating_url(interview), {"rating": "4", "comment": "Clear"})
    # then
    assert response.status_code == 302 and response["Location"] == _page(interview)
    html = client.get(_page(interview)).content.decode()
    assert "You rated this interview 4 of 5" in html
    assert 'name="rating"' not in html
    assert SurveyResponse.objects.get().interview == interview


def test_a_second_tab_or_double_submit_keeps_the_first_rating(client, employee_survey):
    # given: two tabs showed the form; both are submitted
    interview = _completed_in(client)
    client.post(_rating_url(interview), {"rating": "5"})
    # when
    second = client.post(_rating_url(interview), {"rating": "1"}, follow=True)
    # then
    assert "You had already rated this interview" in second.content.decode()
    assert SurveyAnswer.objects.get().rating == 5


def test_a_bad_rating_keeps_the_typed_comment_and_stores_nothing(client, employee_survey):
    # given
    interview = _completed_in(client)
    # when
    response = client.post(_rating_url(interview), {"rating": "11", "comment": "Was fine <3"})
    # then
    html = response.content.decode()
    assert response.status_code == 422
    assert "Was fine &lt;3</textarea>" in html
    assert 'id="error-rating"' in html
    assert not SurveyResponse.objects.exists()
    assert Interview.objects.get(pk=interview.pk).status == Interview.Status.COMPLETED


def test_rating_an_unfinished_interview_stores_nothing_and_goes_back(client, employee_survey):
    # given
    interview = _completed_in(client)
    Interview.objects.filter(pk=interview.pk).update(status=Interview.Status.IN_PROGRESS)
    # when
    response = client.post(_rating_url(interview), {"rating": "5"})
    # then
    assert response.status_code == 302
    assert not SurveyResponse.objects.exists()


def test_rating_without_the_interview_in_the_session_is_a_404(client, employee_survey):
    # given
    interview = InterviewFactory.create(status=Interview.Status.COMPLETED)
    # when / then
    assert client.post(_rating_url(interview), {"rating": "5"}).status_code == 404
    assert not SurveyResponse.objects.exists()


# The admin index


def test_admin_index_invites_hr_staff_who_have_not_answered_and_links_the_guides(
    client, hr_user, hr_survey
):
    # when
    html = _as(client, hr_user).get(reverse("admin:index")).content.decode()
    # then
    assert "Your opinion decides the rollout" in html
    assert SURVEY_URL in html
    assert reverse("feedback:guide", args=["hr-guide.md"]) in html


def test_admin_index_banner_is_gone_once_answered(client, hr_user, hr_survey):
    # given
    _as(client, hr_user).post(SURVEY_URL, GOOD)
    # when
    html = client.get(reverse("admin:index")).content.decode()
    # then
    assert "Your opinion decides the rollout" not in html
    assert "Guides" in html


@pytest.mark.parametrize("rated", [False, True])
def test_completion_screen_runs_the_same_queries_whatever_the_transcript(
    client, employee_survey, rated
):
    # given: a rating (or none) and a short transcript
    interview = _completed_in(client)
    if rated:
        client.post(_rating_url(interview), {"rating": "4"})
    client.get(_page(interview))  # a published set's questions are read once per process
    short = _queries(client, _page(interview))
    # when: the transcript grows
    for question in interview.question_set.questions.all()[:6]:
        ResponseFactory.create(interview=interview, question=question)
    # then
    assert _queries(client, _page(interview)) == short == COMPLETION_QUERIES + rated


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_results_page_runs_the_same_queries_for_2_or_8_responses(client, analyst, answer, rate):
    # given
    _as(client, analyst)
    for _ in range(2):
        answer(4, 4, 4, suggestions="ok")
        rate(4, comment="fine")
    small = _queries(client, RESULTS_URL)
    # when
    for _ in range(6):
        answer(5, 3, 4, missing_features="x", suggestions="y")
        rate(5, mode=Interview.Mode.LLM, comment="good")
    # then
    assert _queries(client, RESULTS_URL) == small == RESULTS_QUERIES


def test_survey_list_runs_the_same_queries_whatever_the_surveys(client, hr_user, hr_survey):
    # given
    _as(client, hr_user)
    small = _queries(client, LIST_URL)
    # when
    for n in range(3):
        FeedbackSurveyFactory.create(name=f"Extra {n}")
    # then
    assert _queries(client, LIST_URL) == small == LIST_QUERIES
