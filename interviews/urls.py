from __future__ import annotations

from django.urls import path

from interviews import views

app_name = "interviews"

urlpatterns = [
    path("i/<str:token>/", views.invite_open_view, name="invite-open"),
    path("interview/<uuid:public_id>/", views.interview_detail_view, name="interview-detail"),
    path(
        "interview/<uuid:public_id>/answer/",
        views.interview_answer_view,
        name="interview-answer",
    ),
]
