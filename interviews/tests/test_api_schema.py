"""A schemathesis run over the live OpenAPI schema: no 5xx, responses match the schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from interviews.tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(db: None) -> str:
    user = User.objects.create_user(username="fuzz", is_staff=True, is_superuser=True)
    return Token.objects.create(user=user).key


@pytest.fixture
def api_schema(token: str) -> Iterator[schemathesis.schemas.BaseSchema]:
    # As Django's test client does: the test's transaction must survive each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi(
            "/api/schema/?format=json",
            get_wsgi_application(),
            headers={"Authorization": f"Token {token}"},
        )
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_api_schema_fuzz_finds_no_server_error(api_schema, token):
    # given: every operation of the live schema, with generated valid and invalid input
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 9
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=40,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def call(case: schemathesis.Case) -> None:
            # when / then: no 5xx, and every response matches its documented shape
            case.call_and_validate(
                headers={"Authorization": f"Token {token}"},
                checks=[not_a_server_error, response_schema_conformance],
            )

        call()


# Values that once ended in a 500 (issue 11): NUL bytes, dates that cannot move to UTC.
HOSTILE_VALUES = ["\x00", "a\x00b", "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+05:00"]
NESTED = "[" * 50_000 + "]" * 50_000


def _hostile_bodies() -> list[Any]:
    leaver = {"employee_id": "E\x001", "name": "a\x00b", "exit_date": "2026-01-01"}
    return [
        {"question_id": 1, "message": "a\x00b"},
        {"question_id": 1, "message": ["a\x00b"]},
        {"employee_id": "a\x00b", "employee": {"employee_id": "E1", "name": "a\x00b"}},
        {"leavers": [leaver]},
        {"a\x00b": 1},
    ]


def test_api_schema_hostile_examples_find_no_server_error(api_schema, token):
    # given: every operation, with each query parameter and body set to a hostile value
    headers = {"Authorization": f"Token {token}"}
    interview = InterviewFactory.create()
    for result in api_schema.get_all_operations():
        operation = result.ok()
        path = {p.name: interview.pk for p in operation.iter_parameters() if p.location == "path"}
        cases = [
            operation.Case(path_parameters=path, query={p.name: value})
            for p in operation.iter_parameters()
            if p.location == "query"
            for value in HOSTILE_VALUES
        ]
        if operation.method.lower() == "post":
            cases += [
                operation.Case(path_parameters=path, body=body, media_type="application/json")
                for body in _hostile_bodies()
            ]
        for case in cases:
            # when
            response = case.call(headers=headers)
            # then
            assert response.status_code < 500, (operation.label, case.query, case.body)
        if operation.method.lower() == "post":
            nested = operation.Case(path_parameters=path, body=NESTED, media_type="text/plain")
            response = nested.call(headers={**headers, "Content-Type": "application/json"})
            assert response.status_code == 400, operation.label
