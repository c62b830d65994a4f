"""WSGI entry point for gunicorn."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exitbot.settings")
application = get_wsgi_application()

# Every free-text answer is read by the theme classifiers inside its transaction: load them (or,
# when `manage.py build_theme_model` has not written THEME_MODEL_PATH, train them) now, before
# the worker takes requests, so that no employee's answer waits for it.
from analytics.themes import models_get  # noqa: E402 - needs the app registry set up above

models_get(settings.THEME_MODEL_PATH)
