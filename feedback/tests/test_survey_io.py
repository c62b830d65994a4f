from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from feedback.models import FeedbackSurvey
from feedback.survey_io import HR_SURVEY_FILE, SurveyDocumentError, survey_parse


def test_the_hr_survey_file_has_exactly_the_five_keys():
    # when
    doc = survey_parse(HR_SURVEY_FILE.read_text(encoding="utf-8"))
    # then
    assert doc.name == "Predefined Questions Feedback"
    assert [(q.key, q.kind) for q in doc.questions] == [
        ("system_speed", "rating"),
        ("data_quality", "rating"),
        ("ease_of_use", "rating"),
        ("missing_features", "text"),
        ("suggestions", "text"),
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("- just a list", "is a mapping"),
        (
            "name: x\nslug: x\naudience: everyone\nquestions: [{key: a, kind: rating, text: A}]",
            "audience",
        ),
        ("name: x\nslug: x\naudience: hr\nquestions: []", "at least one question"),
        ("name: x\nslug: x\naudience: hr\nquestions: [{key: a, kind: stars, text: A}]", "kind"),
        ("name: x\nslug: x\naudience: hr\nquestions: [{key: a, kind: text}]", "key and a text"),
        ("name: x\nslug: x\naudience: hr\nquestions: [nope]", "not a mapping"),
        (
            "name: x\nslug: x\naudience: hr\nquestions: [{key: a, kind: text, text: A}, "
            "{key: a, kind: text, text: B}]",
            "unique",
        ),
        ("slug: x\naudience: hr\nquestions: [{key: a, kind: text, text: A}]", "name is missing"),
    ],
)
def test_survey_parse_names_the_problem(text, problem):
    # when / then
    with pytest.raises(SurveyDocumentError, match=problem):
        survey_parse(text)


@pytest.mark.django_db
def test_data_migration_installs_both_surveys_with_ordered_questions():
    # when
    hr = FeedbackSurvey.objects.get(slug="predefined-questions-feedback")
    employees = FeedbackSurvey.objects.get(slug="interview-experience")
    # then
    assert hr.audience == FeedbackSurvey.Audience.HR and hr.active and hr.is_open()
    assert list(hr.questions.values_list("key", flat=True)) == [
        "system_speed",
        "data_quality",
        "ease_of_use",
        "missing_features",
        "suggestions",
    ]
    assert list(hr.questions.values_list("required", flat=True)) == [True, True, True, False, False]
    assert employees.audience == FeedbackSurvey.Audience.EMPLOYEES
    assert not employees.questions.filter(required=True).exists()


@pytest.mark.django_db
def test_data_migration_grants_answering_to_hr_and_results_to_hr_admins_and_analysts():
    # when
    perms = {
        g.name: set(
            g.permissions.filter(content_type__app_label="feedback").values_list(
                "codename", flat=True
            )
        )
        for g in Group.objects.filter(name__in=["HR admins", "HR staff", "Analysts"])
    }
    # then
    assert {"add_surveyresponse", "view_results"} <= perms["HR admins"]
    assert perms["HR staff"] == {"add_surveyresponse"}
    assert perms["Analysts"] == {"view_results"}
