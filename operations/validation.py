"""Deployment validation: complete interviews through the live API, check the database, time it.

Every failure is a ValidationFailure whose message names what broke (server down, token refused,
a 5xx, a lost answer, a threshold missed); the command turns it into a non-zero exit.
"""

from __future__ import annotations

import math
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from django.db.models import Count

from interviews.kinds import kind_get
from interviews.models import Employee, Interview, Response

EMPLOYEE_PREFIX = "validation-"


class ValidationFailure(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass
class Timings:
    """Milliseconds per call: creation, each message, and each whole interview (completion)."""

    creation: list[float] = field(default_factory=list)
    message: list[float] = field(default_factory=list)
    completion: list[float] = field(default_factory=list)

    def rows(self) -> list[tuple[str, float, float, float, float, int]]:
        return [
            (name, sum(v) / len(v), min(v), max(v), p95(v), len(v))
            for name, v in (
                ("creation", self.creation),
                ("message", self.message),
                ("completion", self.completion),
            )
            if v
        ]


def validation_answer(question: dict[str, Any]) -> Any:
    """A valid answer for a question as the API describes it."""
    return kind_get(question["kind"]).example(question.get("choices") or [])


class DeploymentValidator:
    def __init__(self, *, base_url: str, token: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.run_id = uuid.uuid4().hex[:8]
        self.timings = Timings()
        self.client = httpx.Client(
            base_url=self.base_url,
            headers={"Authorization": f"Token {token}", "Accept": "application/json"},
            timeout=timeout,
            follow_redirects=False,
        )

    def _call(self, method: str, path: str, what: str, **kwargs: Any) -> tuple[Any, float]:
        started = time.perf_counter()
        try:
            response = self.client.request(method, path, **kwargs)
        except httpx.ConnectError as exc:
            raise ValidationFailure(
                f"Server down: cannot connect to {self.base_url} ({exc})."
            ) from exc
        except httpx.TimeoutException as exc:
            raise ValidationFailure(f"{what} timed out at {self.base_url}{path}.") from exc
        ms = (time.perf_counter() - started) * 1000
        if response.status_code in (401, 403):
            raise ValidationFailure(
                f"The API token was refused ({response.status_code}) on {what}: check --token "
                "and that its user may add, change and view interviews and employees."
            )
        if response.status_code >= 500:
            raise ValidationFailure(
                f"{what} failed with a server error {response.status_code} ({method} {path})."
            )
        if response.status_code >= 400 or response.status_code in (301, 302):
            raise ValidationFailure(
                f"{what} answered {response.status_code}: {response.text[:300]}"
            )
        return response.json(), ms

    def check_ready(self) -> None:
        try:
            response = self.client.get("/health/ready")
        except httpx.ConnectError as exc:
            raise ValidationFailure(
                f"Server down: cannot connect to {self.base_url} ({exc})."
            ) from exc
        except httpx.TimeoutException as exc:
            raise ValidationFailure(f"/health/ready timed out at {self.base_url}.") from exc
        if response.status_code != 200:
            checks = response.json().get("checks", {}) if response.content else {}
            failed = "; ".join(
                f"{name}: {c.get('error', c.get('status'))}"
                for name, c in checks.items()
                if c.get("status") != "ok"
            )
            raise ValidationFailure(
                f"/health/ready answered {response.status_code}: {failed or response.text[:300]}"
            )

    def run_interview(self, number: int) -> tuple[int, int]:
        """Create, answer every question and fetch the report; returns (interview id, answers)."""
        started = time.perf_counter()
        state, ms = self._call(
            "POST",
            "/api/v1/interviews/",
            "creating an interview",
            json={
                "employee_id": f"{EMPLOYEE_PREFIX}{self.run_id}-{number}",
                "employee": {"name": "Deployment validation"},
                "mode": "predefined",
                "send_invite": False,
            },
        )
        self.timings.creation.append(ms)
        answered = 0
        while state["current_question"]:
            question = state["current_question"]
            state, ms = self._call(
                "POST",
                f"/api/v1/interviews/{state['id']}/messages/",
                f"answering question {answered + 1}",
                json={"question_id": question["id"], "message": validation_answer(question)},
            )
            self.timings.message.append(ms)
            answered += 1
        report, _ = self._call(
            "GET", f"/api/v1/interviews/{state['id']}/report/", "fetching the report"
        )
        self.timings.completion.append((time.perf_counter() - started) * 1000)
        if report["status"] != "completed" or len(report["answers"]) != answered:
            raise ValidationFailure(
                f"Interview {state['id']} is {report['status']} with {len(report['answers'])} "
                f"answers in its report after {answered} were accepted."
            )
        return state["id"], answered

    def check_stored(self, expected: dict[int, int]) -> None:
        """Each validation interview is completed with every answer stored exactly once."""
        for interview_id, answered in expected.items():
            interview = Interview.objects.filter(pk=interview_id).first()
            if interview is None:
                raise ValidationFailure(
                    f"Interview {interview_id} is not in this database: is --base-url the "
                    "server that uses this DATABASE_URL?"
                )
            if interview.status != Interview.Status.COMPLETED:
                raise ValidationFailure(f"Interview {interview_id} is {interview.status}.")
            responses = Response.objects.filter(interview=interview)
            stored = responses.count()
            twice = responses.values("question").annotate(n=Count("id")).filter(n__gt=1).exists()
            if stored != answered or twice:
                raise ValidationFailure(
                    f"Lost or doubled answers: interview {interview_id} has {stored} stored "
                    f"answers for {answered} accepted."
                )

    def clean_up(self) -> int:
        """Delete this run's employees with their interviews, answers and events."""
        employees = Employee.objects.filter(employee_id__startswith=EMPLOYEE_PREFIX + self.run_id)
        deleted, _ = employees.delete()
        return deleted
