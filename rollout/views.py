"""The operator's rollout page: the phase, the split by mode and the live success criteria."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from rollout.selectors import rollout_status_get


@require_GET
@staff_member_required
@permission_required("rollout.view_rolloutphase", raise_exception=True)
def rollout_status_view(request: HttpRequest) -> HttpResponse:
    """Staff with view permission on the phases see the rollout as it stands."""
    return render(request, "rollout/rollout_status.html", {"status": rollout_status_get()})
