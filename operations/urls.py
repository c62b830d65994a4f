from __future__ import annotations

from django.urls import path

from operations import views

app_name = "operations"

urlpatterns = [
    path("metrics", views.metrics_view, name="metrics"),
    path("health/live", views.health_live_view, name="health-live"),
    path("health/ready", views.health_ready_view, name="health-ready"),
]
