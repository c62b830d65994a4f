from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from exitbot.apidocs import ApiDocsView
from exitbot.start import favicon_view, start_view

handler500 = "exitbot.unavailable.server_error_view"

admin.site.site_header = "exitbot administration"
admin.site.site_title = "exitbot"
admin.site.index_title = "Exit interviews"

urlpatterns = [
    path("", start_view, name="start"),
    path("favicon.ico", favicon_view),
    path("admin/", admin.site.urls),
    path("analytics/", include("analytics.urls")),
    path("api/v1/", include("exitbot.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("interviews.urls")),
    path("", include("rollout.urls")),
    path("", include("feedback.urls")),
    path("", include("operations.urls")),
]
