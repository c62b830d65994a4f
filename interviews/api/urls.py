from __future__ import annotations

from django.urls import path

from interviews.api import views
from interviews.metrics import message_timed

urlpatterns = [
    path("interviews/", views.InterviewCollectionApi.as_view(), name="interview-list"),
    path("interviews/<int:pk>/", views.InterviewDetailApi.as_view(), name="interview-detail"),
    path(
        "interviews/<int:pk>/messages/",
        message_timed(views.InterviewMessageApi.as_view()),
        name="interview-messages",
    ),
    path(
        "interviews/<int:pk>/report/", views.InterviewReportApi.as_view(), name="interview-report"
    ),
    path("question-sets/", views.QuestionSetListApi.as_view(), name="questionset-list"),
]
