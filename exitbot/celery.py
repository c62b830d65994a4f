"""Celery application; tasks are discovered in each installed app's tasks.py."""

from __future__ import annotations

import os

from celery import Celery
from django_structlog.celery.steps import DjangoStructLogInitStep

# The one place outside settings that names the settings module, as Django's manage.py does.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exitbot.settings")

app = Celery("exitbot")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Log lines of a task carry the request_id of the request that enqueued it.
app.steps["worker"].add(DjangoStructLogInitStep)
