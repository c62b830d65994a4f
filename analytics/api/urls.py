from __future__ import annotations

from django.urls import path

from analytics.api import views

urlpatterns = [
    path("exports/interviews.csv", views.InterviewExportApi.as_view(), name="export-interviews"),
    path("stats/questions/", views.QuestionStatsListApi.as_view(), name="stats-questions"),
]
