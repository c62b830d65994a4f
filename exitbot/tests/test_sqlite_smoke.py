"""The embedded default: a fresh SQLite database migrates and serves a whole interview."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

WALK_THROUGH = """
import re
from django.test import Client
from interviews.models import Interview
url = open(INVITE_FILE).read().strip()
client = Client()
page = client.get(url.split("8000")[-1])["Location"]
for _ in range(20):
    html = client.get(page).content.decode()
    match = re.search(r'name="question_id" value="(\\d+)"', html)
    if not match:
        break
    value = re.search(r'name="answer" value="([^"]+)"', html)
    client.post(page + "answer/", {"question_id": match.group(1),
                                   "answer": value.group(1) if value else "Fine."})
print(Interview.objects.get().status, Interview.objects.get().responses.count())
"""


def _manage(tmp_path: Path, *args: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "exitbot.settings",
        "DJANGO_DEBUG": "true",
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


def test_fresh_sqlite_database_migrates_and_completes_an_interview(tmp_path):
    # given
    _manage(tmp_path, "migrate", "--no-input")
    invite = _manage(tmp_path, "create_interview", "--employee-id", "S1", "--name", "Sam")
    (tmp_path / "invite.txt").write_text(invite.rsplit(" ", 1)[-1])
    # when
    script = f"INVITE_FILE = {str(tmp_path / 'invite.txt')!r}\n" + WALK_THROUGH
    out = _manage(tmp_path, "shell", "-c", script)
    # then
    status, answers = out.strip().splitlines()[-1].split()
    assert status == "completed"
    assert int(answers) >= 10


def test_fresh_sqlite_database_refuses_a_second_open_interview_with_the_reason(tmp_path):
    # given
    _manage(tmp_path, "migrate", "--no-input")
    _manage(tmp_path, "create_interview", "--employee-id", "S1", "--name", "Sam")
    # when
    try:
        _manage(tmp_path, "create_interview", "--employee-id", "S1", "--name", "Sam")
    except subprocess.CalledProcessError as error:
        refused = error
    else:
        raise AssertionError("a second open interview was created")
    # then
    assert "Sam already has an open interview" in refused.stderr
    assert "Traceback" not in refused.stderr
