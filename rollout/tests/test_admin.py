from __future__ import annotations

import pytest

from rollout.models import Flag, Incident

pytestmark = pytest.mark.django_db


def test_flag_change_in_the_admin_is_logged_and_shown_in_its_history(admin_client, staff_user):
    # given
    flag = Flag.objects.get(name="predefined_questions")
    url = f"/admin/rollout/flag/{flag.pk}/change/"
    data = {
        "enabled": "on",
        "percentage": "40",
        "departments": "Sales\nSupport",
        "note": flag.note,
        "reason": "More predefined in sales",
        "changes-TOTAL_FORMS": "1",
        "changes-INITIAL_FORMS": "1",
        "changes-MIN_NUM_FORMS": "0",
        "changes-MAX_NUM_FORMS": "1000",
        "changes-0-id": str(flag.changes.get().pk),
        "changes-0-flag": str(flag.pk),
    }
    # when
    response = admin_client.post(url, data)
    page = admin_client.get(url).content.decode()
    # then
    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.percentage, flag.departments) == (40, ["Sales", "Support"])
    change = flag.changes.first()
    assert change is not None
    assert (change.changed_by, change.reason) == (staff_user, "More predefined in sales")
    assert "More predefined in sales" in page


def test_rollout_admin_pages_render(admin_client):
    # when / then
    for path in [
        "/admin/rollout/flag/",
        "/admin/rollout/rolloutphase/",
        "/admin/rollout/rolloutphase/1/change/",
        "/admin/rollout/phasechange/",
        "/admin/rollout/incident/",
        "/admin/rollout/incident/add/",
    ]:
        assert admin_client.get(path).status_code == 200, path


def test_incident_resolved_in_the_admin_gets_its_resolution_time(admin_client):
    # given
    data = {
        "title": "Invites bounce",
        "severity": "critical",
        "status": "resolved",
        "description": "",
        "opened_at_0": "2026-01-05",
        "opened_at_1": "10:00:00",
    }
    # when
    response = admin_client.post("/admin/rollout/incident/add/", data)
    # then
    assert response.status_code == 302
    assert Incident.objects.get().resolved_at is not None
