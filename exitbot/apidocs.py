"""The Swagger UI page, with the one relaxation of the site's Content-Security-Policy it needs."""

from __future__ import annotations

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularSwaggerSplitView


# Swagger UI sets inline styles throughout; its script stays a same-origin file (the split view),
# so scripts keep the strict policy.
@method_decorator(csp_update({"style-src": [SELF, UNSAFE_INLINE]}), name="dispatch")
class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI for the /api/v1/ schema, served without inline scripts."""
