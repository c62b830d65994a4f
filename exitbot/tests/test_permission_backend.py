"""Model permissions read in one statement (exitbot.backends.PermissionBackend)."""

from __future__ import annotations

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, Group, Permission, User

from exitbot.backends import PermissionBackend

pytestmark = pytest.mark.django_db


def _permission(label: str) -> Permission:
    app, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app, codename=codename)


@pytest.fixture
def analyst() -> User:
    """Own permissions, and more through two groups (one shared with their own)."""
    user = User.objects.create_user("analyst", password=None)
    user.user_permissions.add(_permission("interviews.view_interview"))
    readers = Group.objects.create(name="readers")
    readers.permissions.add(
        _permission("analytics.view_questionstats"), _permission("interviews.view_interview")
    )
    hr = Group.objects.create(name="hr")
    hr.permissions.add(_permission("interviews.add_interview"))
    user.groups.add(readers, hr)
    Group.objects.create(name="unrelated").permissions.add(_permission("audit.view_auditentry"))
    return user


def test_a_user_s_own_and_group_permissions_come_in_one_query(analyst, django_assert_num_queries):
    # given
    user = User.objects.get(pk=analyst.pk)
    # when
    with django_assert_num_queries(1):
        found = PermissionBackend().get_all_permissions(user)
        granted = user.has_perms(["interviews.add_interview", "analytics.view_questionstats"])
        refused = user.has_perm("audit.view_auditentry")
    # then
    assert found == {
        "interviews.view_interview",
        "analytics.view_questionstats",
        "interviews.add_interview",
    }
    assert found == ModelBackend().get_all_permissions(User.objects.get(pk=analyst.pk))
    assert granted
    assert not refused


def test_every_permission_check_of_a_request_asks_the_database_once(
    analyst, django_assert_num_queries
):
    # given: the user as a request reads it
    user = User.objects.get(pk=analyst.pk)
    # when / then: through the configured backends, as views and the API ask
    with django_assert_num_queries(1):
        assert user.has_perm("interviews.add_interview")
        assert not user.has_perm("audit.view_auditentry")
        assert user.has_module_perms("analytics")
        assert not user.has_module_perms("audit")


def test_a_permission_granted_meanwhile_counts_from_the_next_request(analyst):
    # given: the first request's user object has read its permissions
    first = User.objects.get(pk=analyst.pk)
    assert not first.has_perm("audit.view_auditentry")
    # when
    analyst.user_permissions.add(_permission("audit.view_auditentry"))
    # then
    assert not first.has_perm("audit.view_auditentry")
    assert User.objects.get(pk=analyst.pk).has_perm("audit.view_auditentry")


def test_a_user_without_permissions_has_none(django_assert_num_queries):
    # given
    user = User.objects.create_user("nobody", password=None)
    # when / then
    with django_assert_num_queries(1):
        assert PermissionBackend().get_all_permissions(user) == set()
        assert not user.has_module_perms("interviews")


def test_an_inactive_or_anonymous_user_and_an_object_permission_get_nothing(
    analyst, django_assert_num_queries
):
    # given
    analyst.is_active = False
    backend = PermissionBackend()
    # when / then
    with django_assert_num_queries(0):
        assert backend.get_all_permissions(analyst) == set()
        assert backend.get_all_permissions(AnonymousUser()) == set()
    active = User.objects.get(pk=analyst.pk)
    assert backend.get_all_permissions(active, obj=active) == set()


def test_a_superuser_has_every_permission_as_model_backend_reads_them():
    # given
    admin = User.objects.create_superuser("admin", password=None)
    # when
    found = PermissionBackend().get_all_permissions(admin)
    # then
    assert found == ModelBackend().get_all_permissions(User.objects.get(pk=admin.pk))
    assert len(found) == Permission.objects.count()
