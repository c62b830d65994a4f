"""The seed surveys from feedback/surveys/*.yaml, and who may answer them and read results.

The HR groups are shared with the other apps, so they are fetched or created by name.
"""

from __future__ import annotations

from django.contrib.auth.management import create_permissions
from django.db import migrations

from feedback.survey_io import EMPLOYEE_SURVEY_FILE, HR_SURVEY_FILE, survey_parse

ANSWER = "add_surveyresponse"
RESULTS = "view_results"
GROUP_PERMISSIONS = {
    "HR admins": [
        ANSWER,
        RESULTS,
        "view_feedbacksurvey",
        "add_feedbacksurvey",
        "change_feedbacksurvey",
        "view_surveyquestion",
        "add_surveyquestion",
        "change_surveyquestion",
        "delete_surveyquestion",
        "view_surveyresponse",
        "view_surveyanswer",
    ],
    "HR staff": [ANSWER],
    "Analysts": [RESULTS],
}


def install(apps, schema_editor):
    FeedbackSurvey = apps.get_model("feedback", "FeedbackSurvey")
    SurveyQuestion = apps.get_model("feedback", "SurveyQuestion")
    for path in (HR_SURVEY_FILE, EMPLOYEE_SURVEY_FILE):
        doc = survey_parse(path.read_text(encoding="utf-8"))
        survey, created = FeedbackSurvey.objects.get_or_create(
            slug=doc.slug,
            defaults={"name": doc.name, "audience": doc.audience, "description": doc.description},
        )
        if not created:
            continue
        for number, q in enumerate(doc.questions, start=1):
            SurveyQuestion.objects.create(
                survey=survey,
                key=q.key,
                kind=q.kind,
                text=q.text,
                help_text=q.help_text,
                required=q.required,
                order=number * 10,
            )


def grant(apps, schema_editor):
    app_config = apps.get_app_config("feedback")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="feedback", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_surveys"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
