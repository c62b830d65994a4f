from __future__ import annotations

from django.urls import path

from analytics import views

app_name = "analytics"

urlpatterns = [
    path("", views.effectiveness_view, name="effectiveness"),
    path("funnel/", views.funnel_view, name="funnel"),
    path("reasons/", views.reasons_view, name="reasons"),
    path("enps/", views.enps_view, name="enps"),
    path("comparison/", views.comparison_view, name="comparison"),
    path("trends/", views.trends_view, name="trends"),
    path("comments/", views.comments_view, name="comments"),
    path("themes/", views.themes_view, name="themes"),
    path("recompute/", views.recompute_view, name="recompute"),
    path("export/<str:what>.<str:fmt>", views.export_view, name="export"),
]
