"""Every role against every page, export and endpoint, with the status it must get."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client

from interviews.tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

ROLES = ["HR admins", "HR staff", "Analysts", "Analysts+free text", "staff, no role"]

# path: expected status per role, in the order of ROLES (302: sent to sign in, 403: refused)
MATRIX = {
    "/admin/": [200, 200, 200, 200, 200],
    "/admin/interviews/interview/": [200, 200, 403, 403, 403],
    "/admin/interviews/interview/{pk}/change/": [200, 200, 403, 403, 403],
    "/admin/interviews/employee/": [200, 200, 403, 403, 403],
    "/admin/interviews/questionset/": [200, 200, 403, 403, 403],
    "/admin/integrations/webhook/": [200, 403, 403, 403, 403],
    "/admin/rollout/flag/": [200, 403, 403, 403, 403],
    "/admin/auth/group/": [200, 403, 403, 403, 403],
    "/admin/analytics/questionstats/": [200, 403, 200, 200, 403],
    "/analytics/": [200, 403, 200, 200, 403],
    "/analytics/reasons/?by=department": [200, 403, 200, 200, 403],
    "/analytics/comments/": [200, 403, 403, 200, 403],
    "/analytics/export/interviews.csv": [200, 403, 200, 200, 403],
    "/rollout/": [200, 403, 403, 403, 403],
    "/api/v1/interviews/": [200, 200, 403, 403, 403],
    "/api/v1/interviews/{pk}/report/": [200, 200, 403, 403, 403],
    "/api/v1/exports/interviews.csv": [200, 200, 403, 403, 403],
    "/api/v1/stats/questions/": [200, 403, 200, 200, 403],
    "/api/v1/question-sets/": [200, 200, 403, 403, 403],
    "/api/schema/": [200, 200, 200, 200, 403],
    "/api/docs/": [200, 200, 200, 200, 403],
}


def _client(role: str) -> Client:
    user = User.objects.create_user(username=role.replace(" ", "_"), is_staff=True)
    group_name = role.split("+")[0]
    if Group.objects.filter(name=group_name).exists():
        user.groups.add(Group.objects.get(name=group_name))
    if role.endswith("free text"):
        user.user_permissions.add(Permission.objects.get(codename="view_free_text"))
    client = Client()
    client.force_login(user)
    return client


def test_roles_are_installed_by_migration_with_get_or_create_names():
    # then
    assert {"HR admins", "HR staff", "Analysts"} <= set(
        Group.objects.values_list("name", flat=True)
    )
    assert not Group.objects.get(name="Analysts").permissions.filter(codename="view_free_text")
    assert not Group.objects.get(name="HR staff").permissions.filter(codename__contains="webhook")


def test_hr_admins_hold_every_analytics_permission_and_alone_handle_sensitive_comments():
    # then
    assert set(Permission.objects.filter(content_type__app_label="analytics")) <= set(
        Group.objects.get(name="HR admins").permissions.all()
    )
    assert list(
        Group.objects.filter(permissions__codename="view_sensitive").values_list("name", flat=True)
    ) == ["HR admins"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_its_pages(role):
    # given
    client = _client(role)
    interview = InterviewFactory.create()
    column = ROLES.index(role)
    for path, expected in MATRIX.items():
        # when
        response = client.get(path.format(pk=interview.pk))
        # then
        assert response.status_code == expected[column], (role, path, response.status_code)


@pytest.mark.parametrize("path", list(MATRIX))
def test_anonymous_visitors_get_no_page(client, path):
    # when
    response = client.get(path.format(pk=1))
    # then
    assert response.status_code in (302, 401, 403), path
