"""validate_deployment against a live server on loopback: pass, each failure, and rollback."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from interviews.models import Employee
from interviews.tests.factories import EmployeeFactory, InterviewFactory
from operations.tests.conftest import hris_token
from operations.tests.gunicorn_server import free_port
from operations.validation import EMPLOYEE_PREFIX, DeploymentValidator, ValidationFailure

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def token() -> str:
    call_command("load_question_set", "interviews/question_sets/default.yaml", stdout=StringIO())
    return hris_token()


def _validate(*args: str) -> str:
    out = StringIO()
    try:
        call_command("validate_deployment", *args, stdout=out)
    except CommandError as exc:
        raise CommandError(f"{exc}\n{out.getvalue()}") from exc
    return out.getvalue()


def test_validate_deployment_passes_and_leaves_no_validation_data(live_server, token):
    # when
    out = _validate(
        "--base-url",
        live_server.url,
        "--token",
        token,
        "--iterations",
        "2",
        "--threshold-ms",
        "60000",  # a loaded CI machine must not fail the flow under test
    )
    # then
    assert "PASS" in out
    assert "message" in out and "creation" in out and "completion" in out
    assert not Employee.objects.filter(employee_id__startswith=EMPLOYEE_PREFIX).exists()


def test_validate_deployment_fails_when_the_threshold_is_missed(live_server, token):
    # when
    with pytest.raises(CommandError) as failed:
        _validate(
            "--base-url",
            live_server.url,
            "--token",
            token,
            "--iterations",
            "1",
            "--threshold-ms",
            "0.001",
        )
    # then
    assert "p95 over the threshold for creation" in str(failed.value)
    assert "MISSED" in str(failed.value)


def test_validate_deployment_fails_when_the_token_is_wrong(live_server, token):
    # when
    with pytest.raises(CommandError) as failed:
        _validate("--base-url", live_server.url, "--token", "not-a-token", "--iterations", "1")
    # then
    assert "The API token was refused (401)" in str(failed.value)


def test_validate_deployment_fails_when_the_server_is_down(token):
    # when
    with pytest.raises(CommandError) as failed:
        _validate("--base-url", f"http://127.0.0.1:{free_port()}", "--token", token)
    # then
    assert "Server down: cannot connect" in str(failed.value)


def test_validate_deployment_rolls_back_to_the_snapshot_on_failure(live_server, token, tmp_path):
    # given
    EmployeeFactory.create(employee_id="BEFORE-DEPLOY")
    out = StringIO()
    call_command("db_snapshot", "--dir", str(tmp_path), stdout=out)
    snapshot = Path(out.getvalue().strip())
    Employee.objects.filter(employee_id="BEFORE-DEPLOY").delete()
    # when
    with pytest.raises(CommandError) as failed:
        _validate(
            "--base-url",
            live_server.url,
            "--token",
            token,
            "--iterations",
            "1",
            "--threshold-ms",
            "0.001",
            "--rollback-on-failure",
            str(snapshot),
        )
    # then
    assert f"Restored {snapshot}" in str(failed.value)
    assert Employee.objects.filter(employee_id="BEFORE-DEPLOY").exists()


def test_validation_check_stored_names_a_lost_answer():
    # given
    interview = InterviewFactory.create(status="completed")
    validator = DeploymentValidator(base_url="http://127.0.0.1:9", token="x")
    # when
    with pytest.raises(ValidationFailure) as failed:
        validator.check_stored({interview.pk: 3})
    # then
    assert "Lost or doubled answers" in failed.value.message


def test_issue_validation_token_prints_a_token_that_validates(live_server):
    # given
    call_command("load_question_set", "interviews/question_sets/default.yaml", stdout=StringIO())
    out = StringIO()
    call_command("issue_validation_token", stdout=out)
    # when
    result = _validate(
        "--base-url",
        live_server.url,
        "--token",
        out.getvalue().strip(),
        "--iterations",
        "1",
        "--threshold-ms",
        "60000",
    )
    # then
    assert "PASS" in result


class _Failing(BaseHTTPRequestHandler):
    """Ready, then a 500 for every API call: a release that breaks on first use."""

    def do_GET(self) -> None:
        status = 200 if self.path == "/health/ready" else 500
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"status": "ok", "checks": {}}')

    def do_POST(self) -> None:
        self.send_response(500)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        """Quiet."""


def test_validate_deployment_fails_on_a_server_error(token):
    # given
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # when
    try:
        with pytest.raises(CommandError) as failed:
            _validate("--base-url", f"http://127.0.0.1:{server.server_port}", "--token", token)
    finally:
        server.shutdown()
    # then
    assert "creating an interview failed with a server error 500" in str(failed.value)
