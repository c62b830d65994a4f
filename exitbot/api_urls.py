"""The one /api/v1/ namespace ("api"): each app contributes its own endpoints."""

from __future__ import annotations

from analytics.api.urls import urlpatterns as analytics_urls
from integrations.api.urls import urlpatterns as integrations_urls
from interviews.api.urls import urlpatterns as interviews_urls

app_name = "api"

urlpatterns = [*interviews_urls, *integrations_urls, *analytics_urls]
