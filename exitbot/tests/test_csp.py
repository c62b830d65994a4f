"""A strict Content-Security-Policy on every page, the admin included (hole 8)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from analytics.models import AnswerTheme
from feedback.guides import GUIDES
from interviews.models import Interview
from interviews.selectors import question_set_default_get
from interviews.services.interviews import interview_cancel, interview_create
from interviews.tests.factories import EmployeeFactory
from interviews.tests.test_views import _answer_current, _invite, _open

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


# Styles: no inline style attribute or <style> element in anything we render, so the policy's
# style-src needs no 'unsafe-inline' (only the API docs page, which is Swagger UI's, loosens it).

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
INLINE_STYLE = re.compile(r"<style\b|<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
# Django's own change list adds this rule when a list has no actions; the policy blocks it and
# the column merely keeps its default width.
DJANGO_CHANGELIST_RULE = re.compile(
    r"<style>\s*#changelist table thead th:first-child \{width: inherit\}\s*</style>"
)
# Named pages that are not HTML pages of ours: redirects, POST endpoints, files, probes.
NOT_PAGES = {
    "interviews:invite-open",
    "interviews:interview-answer",
    "feedback:interview-rating",
    "analytics:recompute",
    "analytics:export",
    "feedback:results-export",
    "operations:metrics",
    "operations:health-live",
    "operations:health-ready",
    "api-schema",
    "api-docs",
}


def _named_pages(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace not in ("admin", "api"):
                names |= _named_pages(
                    pattern, namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                )
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names - NOT_PAGES


def _inline_styles(html: str) -> list[str]:
    return INLINE_STYLE.findall(DJANGO_CHANGELIST_RULE.sub("", html))


def _employee_pages(client: Client) -> list[str]:
    """The interview in progress, then completed with its rating form, a closed link and a 404."""
    interview, path = _invite()
    page = _open(client, path)
    _answer_current(client, page)
    pages = [page]
    while interview.status != Interview.Status.COMPLETED:
        _answer_current(client, page)
        interview.refresh_from_db()
    cancelled, cancelled_path = _invite()
    interview_cancel(interview=cancelled)
    return [*pages, page, _open(client, cancelled_path), "/i/not-a-token/"]


def _staff_pages() -> list[str]:
    default_set = question_set_default_get()
    assert default_set is not None
    theme = AnswerTheme.objects.values_list("theme", flat=True).first() or "pay"
    pages = [
        "/analytics/",
        "/analytics/funnel/",
        "/analytics/reasons/?by=department",
        "/analytics/enps/",
        "/analytics/comparison/",
        "/analytics/trends/",
        "/analytics/comments/?key=reason_detail",
        f"/analytics/themes/?by=department&theme={theme}",
        "/rollout/",
        reverse("feedback:survey-list"),
        reverse("feedback:results"),
        reverse("feedback:survey-answer", args=["predefined-questions-feedback"]),
        reverse("feedback:survey-thanks", args=["predefined-questions-feedback"]),
        *(reverse("feedback:guide", args=[name]) for name in GUIDES),
        "/admin/",
        reverse("admin:interviews_questionset_preview", args=[default_set.pk]),
        reverse("admin:interviews_employee_import"),
    ]
    for model in admin.site._registry:
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
            )
    return pages


def test_every_template_we_own_is_free_of_inline_styles():
    # given
    templates = [
        *TEMPLATES_DIR.rglob("*.html"),
        *Path(settings.BASE_DIR).glob("*/templates/**/*.html"),
    ]
    # then
    assert templates
    for template in templates:
        assert not INLINE_STYLE.search(template.read_text(encoding="utf-8")), template


def test_every_page_we_own_renders_without_inline_styles_under_a_strict_policy(
    client, admin_client
):
    # given: an interview taken through its pages, and the staff pages over that data
    employee = Client()
    pages = [(employee, page) for page in _employee_pages(employee)]
    pages += [(admin_client, page) for page in _staff_pages()]
    seen = set()
    for browser, page in pages:
        # when
        response = browser.get(page)
        # then
        assert response.status_code in (200, 403, 404, 410), (page, response.status_code)
        _assert_strict(response, page)
        policy = _directives(response["Content-Security-Policy"])
        assert "'unsafe-inline'" not in policy.get("style-src", []), page
        assert not _inline_styles(response.content.decode()), page
        match = resolve(page.split("?")[0])
        seen.add(f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name)
    # and: no page of ours was left out
    assert _named_pages() <= seen
