"""The production static files storage: the manifest's hashed URLs, as whitenoise gives them."""

from __future__ import annotations

import json

import pytest
from whitenoise.storage import CompressedManifestStaticFilesStorage

from exitbot.lib.staticfiles import ManifestStaticStorage


@pytest.fixture
def collected(tmp_path):
    manifest = {"version": "1.1", "hash": "0", "paths": {"css/site.css": "css/site.4f2a.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return tmp_path


def test_a_file_gets_its_hashed_url_every_time_as_whitenoise_gives_it(collected):
    # given
    storage = ManifestStaticStorage(location=collected, base_url="/static/")
    plain = CompressedManifestStaticFilesStorage(location=collected, base_url="/static/")
    # when
    urls = [storage.url("css/site.css") for _ in range(3)]
    # then
    assert urls == ["/static/css/site.4f2a.css"] * 3
    assert urls[0] == plain.url("css/site.css")


def test_a_file_missing_from_the_manifest_is_an_error_each_time(collected):
    # given
    storage = ManifestStaticStorage(location=collected, base_url="/static/")
    # when / then
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("js/gone.js")
