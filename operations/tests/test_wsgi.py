"""A web process is ready before its first request: the theme classifiers are already read."""

from __future__ import annotations

import importlib

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
