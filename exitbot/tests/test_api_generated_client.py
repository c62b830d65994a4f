"""What an HR system's developer does: generate a client from the live schema and use it.

The package openapi-python-client writes from /api/schema/ must import and complete an
interview, every reply parsed by the schema's own models. It only works because the API
speaks JSON alone: with DRF's default parsers each write declared three body types and the
generated package did not import.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.contrib.auth.models import User
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from openapi_python_client import generate
from openapi_python_client.config import Config, ConfigFile, MetaType
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db

ANSWERS: dict[str, Any] = {
    "text": "The commute was long.",
    "rating": 4,
    "enps": 9,
    "yes_no": True,
}


@pytest.fixture
def token(db: None) -> str:
    user = User.objects.create_user(username="hris", is_staff=True, is_superuser=True)
    return Token.objects.create(user=user).key


@pytest.fixture
def wsgi() -> Iterator[httpx.WSGITransport]:
    # As Django's test client does: the test's transaction must survive each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield httpx.WSGITransport(app=get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def client_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, token: str, wsgi: httpx.WSGITransport
) -> str:
    with httpx.Client(transport=wsgi, base_url="http://testserver") as http:
        schema = http.get("/api/schema/?format=json", headers={"Authorization": f"Token {token}"})
    assert schema.status_code == 200
    document = tmp_path / "schema.json"
    document.write_bytes(schema.content)
    config = Config.from_sources(
        ConfigFile(post_hooks=[]),
        MetaType.NONE,
        document_source=document,
        file_encoding="utf-8",
        overwrite=True,
        output_path=tmp_path / "hris_client",
    )
    assert list(generate(config=config)) == []
    monkeypatch.syspath_prepend(str(tmp_path))
    return "hris_client"


def test_a_client_generated_from_the_schema_completes_an_interview(
    client_package: str, token: str, wsgi: httpx.WSGITransport
):
    # given: the generated package, imported
    package = importlib.import_module(client_package)
    models = importlib.import_module(f"{client_package}.models")
    create = importlib.import_module(f"{client_package}.api.v1.v1_interviews_create")
    message = importlib.import_module(f"{client_package}.api.v1.v1_interviews_messages_create")
    report = importlib.import_module(f"{client_package}.api.v1.v1_interviews_report_retrieve")
    client = package.AuthenticatedClient(
        base_url="http://testserver",
        token=token,
        prefix="Token",
        httpx_args={"transport": wsgi},
    )
    employee = models.InterviewCreateInputRequestEmployee.from_dict({"name": "Ana Leaver"})
    # when: create, then answer every question the state asks
    state = create.sync(
        client=client,
        body=models.InterviewCreateInputRequest(employee_id="GEN-1", employee=employee),
    )
    assert isinstance(state, models.InterviewCreated), state
    current = state.current_question
    answered = 0
    while current is not None:
        value = current.choices[0] if current.choices else ANSWERS[current.kind.value]
        body = models.MessageInputRequest(question_id=current.id, message=value)
        next_state = message.sync(state.id, client=client, body=body)
        assert isinstance(next_state, models.StateOutput), next_state
        current, answered = next_state.current_question, answered + 1
    # then
    assert next_state.status.value == "completed"
    assert next_state.progress.answered == next_state.progress.total == answered
    read = report.sync(state.id, client=client)
    assert isinstance(read, models.InterviewReport)
    assert len(read.answers.additional_properties) == answered
