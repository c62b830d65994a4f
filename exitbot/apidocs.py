"""The Swagger UI page, with the one relaxation of the site's Content-Security-Policy it needs."""

from __future__ import annotations

from typing import Any

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularSwaggerSplitView


# Swagger UI sets inline styles throughout; its script stays a same-origin file (the split view),
# so scripts keep the strict policy.
@method_decorator(csp_update({"style-src": [SELF, UNSAFE_INLINE]}), name="dispatch")
class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI for the /api/v1/ schema, served without inline scripts.

    A logged-out browser is sent to the login page; an API client (no text/html in Accept, or
    an Authorization header) keeps the JSON 401.
    """

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if (
            not request.user.is_authenticated
            and "HTTP_AUTHORIZATION" not in request.META
            and "text/html" in request.headers.get("Accept", "")
        ):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return super().dispatch(request, *args, **kwargs)
