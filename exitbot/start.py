"""The start page ("View site" in the admin): the tools this account may open."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_GET


@require_GET
@login_required(login_url="admin:login")
def start_view(request: HttpRequest) -> HttpResponse:
    """Links to the admin, analytics, rollout, feedback and the guides, as far as allowed."""
    return render(request, "start.html")


@require_GET
def favicon_view(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for on their own, is the static icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
