"""The product's URLs plus the floor: the cheapest useful Django request on the same stack.

Mounted only when the benchmark runs (bench.settings); the product never serves it.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

from exitbot.urls import handler500  # noqa: F401 - the product's error handler, unchanged
from exitbot.urls import urlpatterns as product_urlpatterns

FLOOR_TABLE = """
CREATE TABLE IF NOT EXISTS bench_floor (
    id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now()
)
"""


def floor_view(request: HttpRequest) -> HttpResponse:
    """One INSERT and one SELECT through the whole middleware stack, as an answer does at least."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_floor DEFAULT VALUES RETURNING id")
        (row_id,) = cursor.fetchone()
        cursor.execute("SELECT id, created_at FROM bench_floor WHERE id = %s", [row_id])
        cursor.fetchone()
    return HttpResponse(str(row_id), content_type="text/plain")


urlpatterns = [path("bench/floor/", floor_view), *product_urlpatterns]
