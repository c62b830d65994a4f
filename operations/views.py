"""/metrics for Prometheus and /health/ for load balancers and deploy scripts."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from operations.health import readiness_run
from operations.metrics import metrics_allowed, metrics_exposition


@require_GET
@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus exposition; a 404 for anyone not allowed, so it does not exist for them."""
    if not metrics_allowed(request):
        raise Http404
    return HttpResponse(metrics_exposition(), content_type=CONTENT_TYPE_LATEST)


@require_GET
@never_cache
def health_live_view(request: HttpRequest) -> JsonResponse:
    """The process answers; no I/O, so a slow database never restarts a healthy process."""
    return JsonResponse({"status": "ok", "deployment": settings.DEPLOYMENT_ID})


@require_GET
@never_cache
def health_ready_view(request: HttpRequest) -> JsonResponse:
    """Database and migrations, cache, broker and disk: 200 when all hold, else 503."""
    results = readiness_run()
    healthy = all(result.ok for result in results)
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "checks": {result.name: result.as_dict() for result in results},
        },
        status=200 if healthy else 503,
    )
