from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "exitbot administration"
admin.site.site_title = "exitbot"
admin.site.index_title = "Exit interviews"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
    path("analytics/", include("analytics.urls")),
    path("", include("interviews.urls")),
    path("", include("rollout.urls")),
]
