from __future__ import annotations

from django.urls import path

from feedback import guides, views

app_name = "feedback"

urlpatterns = [
    path("feedback/", views.survey_list_view, name="survey-list"),
    path("feedback/results/", views.results_view, name="results"),
    path("feedback/results/<slug:slug>.csv", views.results_export_view, name="results-export"),
    path("feedback/surveys/<slug:slug>/", views.survey_answer_view, name="survey-answer"),
    path("feedback/surveys/<slug:slug>/thanks/", views.survey_thanks_view, name="survey-thanks"),
    path(
        "interview/<uuid:public_id>/rating/",
        views.interview_rating_view,
        name="interview-rating",
    ),
    path("guides/<path:name>", guides.guide_view, name="guide"),
]
