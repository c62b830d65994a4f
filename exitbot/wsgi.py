"""WSGI entry point for gunicorn."""

from __future__ import annotations

import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exitbot.settings")
application = get_wsgi_application()

# Every free-text answer is read by the theme classifiers inside its transaction: load them (or,
# when `manage.py build_theme_model` has not written THEME_MODEL_PATH, train them) now, before
# the worker takes requests, so that no employee's answer waits for it.
from analytics.themes import models_get  # noqa: E402 - needs the app registry set up above

models_get(settings.THEME_MODEL_PATH)

# The URLconf, and with it every view, as a worker's first request would import them.
import_module(settings.ROOT_URLCONF)

# What is loaded by now lives as long as the process. Frozen, it is left out of every garbage
# collection: under load, a worker's full collections held the GIL (and all its threads) for up
# to 132 ms, and 50 ms once the objects loaded at start were frozen.
gc.freeze()
