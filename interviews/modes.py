"""How a new interview's mode is chosen.

Predefined questions unless an app above registers a chooser (rollout does, with its flags,
in its AppConfig.ready()), so interview creation never imports the app that decides.
"""

from __future__ import annotations

from typing import Protocol

from interviews.models import Interview


class ModeChooser(Protocol):
    def __call__(self, *, employee_id: str, department: str) -> str: ...


_chooser: ModeChooser | None = None


def mode_chooser_register(chooser: ModeChooser | None) -> None:
    """Make ``chooser`` decide the mode of new interviews (None: always predefined)."""
    global _chooser  # one process-wide hook, set once at start-up
    _chooser = chooser


def interview_mode_choose(*, employee_id: str, department: str) -> str:
    """The mode of a new interview for this employee."""
    if _chooser is None:
        return Interview.Mode.PREDEFINED
    return _chooser(employee_id=employee_id, department=department)
