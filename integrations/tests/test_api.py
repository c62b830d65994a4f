"""The integration API over HTTP: leavers filed by an HR system."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from interviews.models import Employee
from interviews.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hris(api_client_with) -> APIClient:
    return api_client_with("interviews.add_employee", "interviews.change_employee")


def test_api_leavers_upsert_reports_each_row(hris):
    # given
    EmployeeFactory(employee_id="L-2", name="Old Name")
    body = {
        "leavers": [
            {"employee_id": "L-1", "name": "New", "exit_date": "2026-12-01"},
            {"employee_id": "L-2", "name": "Renamed"},
            {"employee_id": "L-3", "name": "Bad", "work_email": "nope"},
            {"name": "No id"},
        ]
    }
    # when
    response = hris.post(reverse("api:leavers-upsert"), body, format="json")
    again = hris.post(reverse("api:leavers-upsert"), body, format="json")
    # then
    data = response.json()
    assert (data["created"], data["updated"], data["failed"]) == (1, 1, 2)
    assert [r["status"] for r in data["results"]] == ["created", "updated", "error", "error"]
    assert "work_email" in data["results"][2]["problems"]
    assert again.json()["created"] == 0 and again.json()["updated"] == 2
    assert Employee.objects.filter(employee_id__startswith="L-").count() == 2
    assert Employee.objects.get(employee_id="L-2").name == "Renamed"


def test_api_leavers_refuses_more_than_the_maximum(hris, settings):
    # given
    settings.API_LEAVERS_MAX = 2
    rows = [{"employee_id": f"M-{n}", "name": "x"} for n in range(3)]
    # when
    response = hris.post(reverse("api:leavers-upsert"), {"leavers": rows}, format="json")
    # then
    assert response.status_code == 400
    assert "at most 2" in str(response.json()["errors"])


def test_api_writes_are_throttled_per_token(hris, settings):
    # given
    cache.clear()
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "writes": "2/minute"}
    ScopedRateThrottle.THROTTLE_RATES = rates
    url = reverse("api:leavers-upsert")
    body = {"leavers": [{"employee_id": "T-1", "name": "x"}]}
    try:
        # when
        codes = [hris.post(url, body, format="json").status_code for _ in range(3)]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    # then
    assert codes == [200, 200, 429]
