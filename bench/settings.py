"""The product's settings with the benchmark's URLconf, which adds the floor view.

Selected by DJANGO_SETTINGS_MODULE=bench.settings in the benchmark's processes only.
"""

from __future__ import annotations

from exitbot.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
