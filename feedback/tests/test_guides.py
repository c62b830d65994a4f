from __future__ import annotations

import re

import pytest
from django.urls import reverse

from feedback.guides import DOCS_DIR, GUIDES

pytestmark = pytest.mark.django_db


def _url(name: str) -> str:
    return reverse("feedback:guide", args=[name])


def test_every_guide_named_on_the_admin_index_exists():
    # when / then
    assert all((DOCS_DIR / name).is_file() for name in GUIDES)


def test_every_screenshot_the_guides_show_exists():
    # given
    shown = {
        (DOCS_DIR / name).parent / path
        for name in GUIDES
        for path in re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", (DOCS_DIR / name).read_text())
    }
    # when / then
    assert shown
    assert all(path.resolve().is_file() for path in shown)


def test_staff_read_a_guide_as_a_page(admin_client):
    # when
    response = admin_client.get(_url("hr-guide.md"))
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="exitbot-for-hr-the-training-guide">' in html
    assert '<h2 id="what-changed-from-the-llm-chatbot-and-why">' in html
    assert "<table>" in html
    assert 'src="screenshots/interview-question.png"' in html


def test_a_screenshot_is_served_as_an_image(admin_client):
    # when
    response = admin_client.get(_url("screenshots/admin-index.png"))
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    "name", ["../README.md", "training/../../README.md", "nope.md", ".hidden.md", "api.py"]
)
def test_only_existing_docs_files_are_served(admin_client, name):
    # when / then
    assert admin_client.get(_url(name)).status_code == 404


def test_guides_need_a_staff_login(client):
    # when
    response = client.get(_url("hr-guide.md"))
    # then
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
