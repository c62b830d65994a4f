"""The nightly task, run by a real Celery worker over a real Redis broker.

The message is published on an explicit connection to the test broker: Celery keeps producer
pools per process, and the ones built for the eager test settings would point elsewhere.
"""

from __future__ import annotations

import datetime
import time

import pytest
from django.utils import timezone

from analytics.models import QuestionStats
from analytics.tasks import question_stats_compute_task
from exitbot.celery import app


@pytest.mark.django_db(transaction=True)
def test_nightly_task_runs_on_a_real_worker_through_redis(small_set, answered, celery_worker):
    # given: answers made yesterday, as the nightly run sees them
    answered(small_set, ["5", "good", "yes"], days_ago=1)
    # when
    with app.connection_for_write() as connection:
        question_stats_compute_task.apply_async(connection=connection)
    # then: the worker, in its own thread and database connection, writes the rows
    day = timezone.localdate() - datetime.timedelta(days=1)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and QuestionStats.objects.count() < 6:
        time.sleep(0.1)
    assert QuestionStats.objects.count() == 6
    assert QuestionStats.objects.filter(period="day", period_start=day).count() == 3


@pytest.mark.django_db
def test_task_takes_an_iso_day_when_run_eagerly(small_set, answered):
    # given
    answered(small_set, ["5", "good", "yes"])
    # when
    written = question_stats_compute_task.delay(timezone.localdate().isoformat()).get()
    # then
    assert written == 6
