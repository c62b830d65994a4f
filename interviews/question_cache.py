"""The questions of published and retired set versions, read once per process.

Every answer and every page view needs its interview's questions. A published version is
frozen (editing makes a new draft), so its questions can be kept in memory instead of being
read again on each request. A save or delete of a question still drops its set's entry, so a
correction made directly in the database layer (a data migration, the shell) is seen too.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from interviews.models import Question

_frozen: dict[int, tuple[Question, ...]] = {}


def frozen_questions(question_set_id: int) -> tuple[Question, ...]:
    """The questions of a version that no longer changes, in order."""
    found = _frozen.get(question_set_id)
    if found is None:
        questions = Question.objects.filter(question_set_id=question_set_id)
        found = tuple(questions.order_by("order", "id"))
        _frozen[question_set_id] = found
    return found


def _forget(sender: type[Question], instance: Question, **kwargs: Any) -> None:
    _frozen.pop(instance.question_set_id, None)


post_save.connect(_forget, sender=Question, dispatch_uid="question_cache_forget_saved")
post_delete.connect(_forget, sender=Question, dispatch_uid="question_cache_forget_deleted")
