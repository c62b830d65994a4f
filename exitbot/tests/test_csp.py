"""A strict Content-Security-Policy on every page, the admin included (hole 8)."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from interviews.services.interviews import interview_create
from interviews.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/admin/",
    "/admin/login/",
    "/analytics/",
    "/analytics/funnel/",
    "/analytics/reasons/",
    "/analytics/enps/",
    "/analytics/comparison/",
    "/analytics/trends/",
    "/analytics/comments/",
    "/rollout/",
]


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def _admin_pages() -> list[str]:
    pages = []
    for model in admin.site._registry:
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    return pages


def _assert_strict(response, page: str) -> None:
    assert "Content-Security-Policy" in response, page
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"], page
    assert "'unsafe-inline'" not in policy["script-src"], page
    assert "'unsafe-eval'" not in policy["script-src"], page
    nonces = [s[7:-1] for s in policy["script-src"] if s.startswith("'nonce-")]
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or any(f'nonce="{n}"' in tag for n in nonces), (page, tag)


def test_every_staff_page_sends_a_strict_policy(admin_client):
    # given
    pages = PAGES + _admin_pages()
    for page in pages:
        # when
        response = admin_client.get(page)
        # then
        assert response.status_code in (200, 302, 403), page
        _assert_strict(response, page)


def test_interview_page_sends_a_strict_policy(client):
    # given
    created = interview_create(employee=EmployeeFactory.create())
    path = created.invite_url.split("8000")[-1]
    # when
    page = client.get(path)["Location"]
    response = client.get(page)
    # then
    assert response.status_code == 200
    _assert_strict(response, page)


def test_api_docs_loosen_styles_only_on_their_own_page(admin_client):
    # when
    docs = admin_client.get("/api/docs/")
    script = admin_client.get("/api/docs/?script=")
    # then
    assert docs.status_code == 200 and script.status_code == 200
    policy = _directives(docs["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["style-src"]
    _assert_strict(docs, "/api/docs/")
    assert "<script>" not in docs.content.decode()
    assert (
        "'unsafe-inline'"
        not in _directives(admin_client.get("/admin/")["Content-Security-Policy"])["style-src"]
    )
