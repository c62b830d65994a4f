"""A web process is ready before its first request: the theme classifiers are already read."""

from __future__ import annotations

import gc
import importlib
import sys

from analytics import themes


def test_a_web_process_reads_the_theme_classifiers_when_it_starts(settings, tmp_path):
    # given: classifiers written where this deployment keeps them, not yet read by anyone
    path = tmp_path / "theme_model.npz"
    themes.models_save(themes.models_get(settings.THEME_MODEL_PATH), str(path))
    settings.THEME_MODEL_PATH = str(path)
    assert str(path) not in themes._loaded
    # when: the WSGI application is loaded, as gunicorn does in each worker
    import exitbot.wsgi

    importlib.reload(exitbot.wsgi)
    # then
    assert str(path) in themes._loaded


def test_a_web_process_loads_its_urlconf_and_leaves_it_out_of_garbage_collection(settings):
    # given: a process that has not imported the URLconf (and so no view) yet
    gc.unfreeze()
    urlconf = sys.modules.pop(settings.ROOT_URLCONF)
    import exitbot.wsgi

    try:
        # when: the WSGI application is loaded, as gunicorn does in each worker
        importlib.reload(exitbot.wsgi)
        # then: the URLconf is imported, and what was loaded is no longer scanned by collections
        assert settings.ROOT_URLCONF in sys.modules
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
        sys.modules[settings.ROOT_URLCONF] = urlconf
