from __future__ import annotations

from django.urls import path

from rollout import views

app_name = "rollout"

urlpatterns = [
    path("rollout/", views.rollout_status_view, name="rollout-status"),
]
