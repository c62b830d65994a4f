from __future__ import annotations

from django.urls import path

from integrations.api import views

urlpatterns = [
    path("leavers/", views.LeaversUpsertApi.as_view(), name="leavers-upsert"),
]
