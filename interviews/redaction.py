"""The redactor for free text, built from every name exitbot knows (employees and managers)."""

from __future__ import annotations

from itertools import chain

from exitbot.lib.redact import Redactor
from interviews.models import Employee


def redactor_get() -> Redactor:
    """A redactor for the names known now: one query, to build once per request or job."""
    names = Employee.objects.values_list("name", "manager_name")
    return Redactor(chain.from_iterable(names))
