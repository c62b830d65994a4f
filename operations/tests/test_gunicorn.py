"""The shipped gunicorn config: summed metrics from two workers, and logs free of secrets."""

from __future__ import annotations

import contextlib
import http.cookiejar
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.management import call_command

from interviews.services.interviews import interview_create
from interviews.tests.factories import EmployeeFactory
from operations.tests.conftest import parse, value
from operations.tests.gunicorn_server import Gunicorn

pytestmark = pytest.mark.django_db(transaction=True)

SECRET_ANSWER = "my manager shouted at the quarterly review"
EMAIL = "leaver.secret@example.org"


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[Gunicorn]:
    server = Gunicorn(
        tmp_path / "logs",
        LOG_LEVEL="DEBUG",
        LOG_FORMAT="json",
        METRICS_ALLOWED_IPS="127.0.0.1",
        DJANGO_SECURE_COOKIES="false",  # plain HTTP on loopback
    ).start()
    yield server
    server.stop()


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
        return response.read()


def test_gunicorn_metrics_sum_the_samples_of_both_workers(gunicorn):
    # given
    metrics_dir = Path(gunicorn.env["PROMETHEUS_MULTIPROC_DIR"])
    sent = _served(gunicorn)
    # when: concurrent requests until both workers have served some
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(20):
            list(pool.map(lambda _: _get(gunicorn.url + "/health/live"), range(16)))
            sent += 16
            pids = {p.stem.rsplit("_", 1)[-1] for p in metrics_dir.glob("counter_*.db")}
            if len(pids) >= 2:
                break
    # then
    assert len(pids) >= 2
    deadline = time.monotonic() + 10
    while (served := _served(gunicorn)) != sent and time.monotonic() < deadline:
        time.sleep(0.1)
    assert served == sent


def _served(server: Gunicorn) -> float:
    """/health/live responses counted by every worker, summed by the scrape."""
    return value(
        parse(_get(server.url + "/metrics").decode()),
        "django_http_responses_total_by_status_view_method_total",
        status="200",
        view="operations:health-live",
        method="GET",
    )


def _complete_through_pages(base: str, invite_url: str) -> None:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page_response = opener.open(base + invite_url.split("8000", 1)[-1], timeout=10)
    page = page_response.geturl()
    for _ in range(30):
        html = opener.open(page, timeout=10).read().decode()
        question = re.search(r'name="question_id" value="(\d+)"', html)
        if question is None:
            return
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        choice = re.search(r'name="answer" value="([^"]+)"', html)
        form = {
            "csrfmiddlewaretoken": csrf.group(1) if csrf else "",
            "question_id": question.group(1),
            "answer": choice.group(1) if choice else SECRET_ANSWER,
        }
        data = urllib.parse.urlencode(form).encode()
        opener.open(page + "answer/", data=data, timeout=10).read()
    raise AssertionError("the interview did not complete")


def test_gunicorn_logs_never_hold_the_token_the_answers_or_the_email(gunicorn):
    # given
    call_command("load_question_set", "interviews/question_sets/default.yaml")
    employee = EmployeeFactory.create(work_email=EMAIL, personal_email=EMAIL)
    created = interview_create(employee=employee)
    token = created.invite_url.rstrip("/").rsplit("/", 1)[-1]
    # when
    _complete_through_pages(gunicorn.url, created.invite_url)
    with contextlib.suppress(urllib.error.HTTPError):  # a new browser: the page is a 404
        _get(gunicorn.url + f"/i/{token}/?again={token}")
    gunicorn.stop()
    # then
    created.interview.refresh_from_db()
    assert created.interview.status == "completed"
    logs = gunicorn.log_text()
    assert '"GET /i/<redacted>/ HTTP/1.1" 302' in logs  # the access log saw the link
    assert "request_finished" in logs  # and so did the app's JSON log
    assert token not in logs
    assert SECRET_ANSWER not in logs
    assert EMAIL not in logs
