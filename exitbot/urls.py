from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

admin.site.site_header = "exitbot administration"
admin.site.site_title = "exitbot"
admin.site.index_title = "Exit interviews"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
    path("analytics/", include("analytics.urls")),
    path("api/v1/", include("exitbot.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("interviews.urls")),
    path("", include("rollout.urls")),
    path("", include("feedback.urls")),
    path("", include("operations.urls")),
]
