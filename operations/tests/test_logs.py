"""Log lines: the request id of a request travels into the Celery tasks it enqueues."""

from __future__ import annotations

import logging
import time

import pytest
import structlog

from exitbot.celery import app
from interviews.tasks import interviews_expire_due_task


@pytest.mark.django_db(transaction=True)
def test_a_task_logs_with_the_request_id_of_the_request_that_enqueued_it(celery_worker, caplog):
    # given: a request's context, as django-structlog's middleware binds it
    structlog.contextvars.bind_contextvars(request_id="req-7f3a")
    # when
    with caplog.at_level(logging.INFO), app.connection_for_write() as connection:
        interviews_expire_due_task.apply_async(connection=connection)
        structlog.contextvars.clear_contextvars()

        def finished() -> list[dict]:
            return [
                r.msg
                for r in caplog.records
                if isinstance(r.msg, dict) and r.msg.get("event") == "task_succeeded"
            ]

        deadline = time.monotonic() + 30
        while not finished() and time.monotonic() < deadline:
            time.sleep(0.1)
    # then
    assert finished()
    assert finished()[0]["request_id"] == "req-7f3a"
