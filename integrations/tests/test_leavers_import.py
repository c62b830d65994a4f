"""Leavers imported from a CSV or XLSX file in the admin, with a preview before saving."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from interviews.models import Employee
from interviews.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

URL = "/admin/interviews/employee/import/"


def _upload(admin_client, name: str, content: bytes, fmt: str):
    return admin_client.post(
        URL,
        {"resource": "0", "format": fmt, "import_file": SimpleUploadedFile(name, content)},
    )


def _confirm(admin_client, preview) -> None:
    html = preview.content.decode()
    fields = dict(re.findall(r'name="([a-z_]+)"[^>]*value="([^"]*)"', html))
    fields.pop("csrfmiddlewaretoken", None)
    response = admin_client.post("/admin/interviews/employee/process_import/", fields)
    assert response.status_code == 302


def test_csv_import_previews_then_creates_and_updates_leavers(admin_client):
    # given
    EmployeeFactory(employee_id="C-2", name="Old")
    csv_text = (
        "employee_id,name,work_email,department,exit_date\n"
        "C-1,Cara New,cara@example.com,Sales,2026-12-31\n"
        "C-2,Cy Renamed,,Support,2027-01-15\n"
    )
    # when
    preview = _upload(admin_client, "leavers.csv", csv_text.encode(), "0")
    # then: nothing is saved before the confirmation
    assert preview.status_code == 200
    assert "Cara New" in preview.content.decode()
    assert not Employee.objects.filter(employee_id="C-1").exists()
    # when
    _confirm(admin_client, preview)
    # then
    assert Employee.objects.get(employee_id="C-1").exit_date.isoformat() == "2026-12-31"
    assert Employee.objects.get(employee_id="C-2").name == "Cy Renamed"


def test_xlsx_import_is_accepted(admin_client):
    # given
    book = Workbook()
    sheet = book.active
    sheet.append(["employee_id", "name", "exit_date"])
    sheet.append(["X-1", "Xena Sheet", "2026-12-01"])
    data = io.BytesIO()
    book.save(data)
    # when
    preview = _upload(admin_client, "leavers.xlsx", data.getvalue(), "1")
    _confirm(admin_client, preview)
    # then
    assert Employee.objects.get(employee_id="X-1").name == "Xena Sheet"


def test_import_with_a_bad_row_shows_the_error_and_saves_nothing(admin_client):
    # given
    csv_text = "employee_id,name,work_email\nB-1,Bee,not-an-email\n"
    # when
    preview = _upload(admin_client, "bad.csv", csv_text.encode(), "0")
    # then
    assert preview.status_code == 200
    assert "Enter a valid email address" in preview.content.decode()
    assert not Employee.objects.filter(employee_id="B-1").exists()
