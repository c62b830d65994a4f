"""The layers of the code: an app never imports from an app above it, not even in a function.

exitbot.lib <- interviews <- {integrations, analytics, feedback, rollout}; the contract is in
pyproject.toml ([tool.importlinter]).
"""

from __future__ import annotations

from pathlib import Path

from importlinter.cli import lint_imports

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_no_app_imports_from_an_app_above_it():
    # when
    result = lint_imports(config_filename=str(PYPROJECT), no_cache=True)
    # then: 0 is "every contract kept"; the report above names each import that breaks one
    assert result == 0
