"""The operator's rollout page: the phase, the split by mode and the live success criteria."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from rollout.selectors import rollout_status_get


@require_GET
@staff_member_required
def rollout_status_view(request: HttpRequest) -> HttpResponse:
    """Staff with view permission on the phases see the rollout as it stands."""
    if not request.user.has_perm("rollout.view_rolloutphase"):
        raise PermissionDenied(
            gettext("The rollout page is for operators (permission: can view rollout phase).")
        )
    return render(request, "rollout/rollout_status.html", {"status": rollout_status_get()})
