"""Every manage.py command in the shell blocks of README.md and docs/*.md runs as written."""

from __future__ import annotations

import re
import shlex
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(?:sh|bash|console)\n(.*?)^```", re.MULTILINE | re.DOTALL)
# The interpreter before manage.py, and the command up to the end of a $(...) or of the line.
CALL = re.compile(r"(?:(?P<python>[^\s$(=]*python[\w.]*) )?manage\.py (?P<args>[^)\n]*)")
VENV_PYTHON = ".venv/bin/python"
# Commands these specs do not run, and why; each is covered where it is named.
NOT_RUN = {
    "runserver": "serves until stopped; exitbot/tests/test_runserver.py starts it",
    "createsuperuser": "asks for a password at the terminal",
    "collectstatic": "the production profile's build step; operations/tests/test_production.py",
    "check": "`check --deploy` judges the production profile; operations/tests/test_production.py",
    "db_snapshot": "pg_dump of a real deployment; operations/tests/test_snapshots.py",
    "db_restore": "replaces the whole database; operations/tests/test_snapshots.py",
    "validate_deployment": "drives a live deployment; operations/tests/test_validate_deployment.py",
    "make_env": "needs the staging variables of its block; operations/tests/test_make_env.py",
}


def _commands(text: str) -> list[tuple[str | None, list[str]]]:
    """(interpreter, arguments) of each manage.py call in the shell blocks of a Markdown text."""
    found = []
    for block in FENCE.findall(text):
        for line in block.replace("\\\n", " ").splitlines():
            for call in CALL.finditer(line):
                args = shlex.split(call["args"], comments=True)
                found.append((call["python"], args))
    return found


def _blocks() -> list[tuple[str, list[tuple[str | None, list[str]]]]]:
    blocks = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            commands = _commands(match.group(0))
            if commands:
                line = text[: match.start()].count("\n") + 1
                blocks.append((f"{path.relative_to(ROOT)}:{line}", commands))
    return blocks


BLOCKS = _blocks()


def test_docs_have_manage_py_commands_to_check():
    assert len(BLOCKS) >= 8
    assert any(args[0] == "create_api_client" for _, cmds in BLOCKS for _, args in cmds)


def test_extraction_reads_continuations_substitutions_and_comments():
    # given
    text = (
        "```sh\nexport T=$(.venv/bin/python manage.py issue_validation_token)\n"
        '.venv/bin/python manage.py rollout set --percentage 25 \\\n    --reason "a b"  # why\n```'
    )
    # when / then
    assert _commands(text) == [
        (VENV_PYTHON, ["issue_validation_token"]),
        (VENV_PYTHON, ["rollout", "set", "--percentage", "25", "--reason", "a b"]),
    ]
    assert _commands("```sh\nmanage.py migrate\n```") == [(None, ["migrate"])]


@pytest.mark.parametrize(("where", "commands"), BLOCKS, ids=[where for where, _ in BLOCKS])
def test_every_manage_py_command_in_the_docs_runs_as_written(where, commands, tmp_path):
    for python, args in commands:
        # then: the command names the project's interpreter (a container's own python aside)
        assert python in (VENV_PYTHON, "python"), f"{where}: {python} manage.py {args}"
        if args[0] in NOT_RUN:
            continue
        # when: run against the test database
        out = StringIO()
        call_command(*args, stdout=out, stderr=StringIO())
