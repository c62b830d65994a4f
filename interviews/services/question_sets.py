"""Writes for question sets: versions, publishing, cloning, the default set, loading files."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from interviews.models import Question, QuestionSet
from interviews.question_set_io import (
    QuestionSetDocumentError,
    QuestionSetSpec,
    QuestionSpec,
    questions_problems,
)
from interviews.selectors import question_list
from interviews.services.interviews import InterviewError


class QuestionSetError(InterviewError):
    """A question set operation that its status does not allow."""


def _questions_create(question_set: QuestionSet, specs: list[QuestionSpec]) -> None:
    Question.objects.bulk_create(
        Question(
            question_set=question_set,
            key=q.key,
            text=q.text,
            help_text=q.help_text,
            kind=q.kind,
            choices=q.choices,
            required=q.required,
            order=(number + 1) * 10,
            show_if_key=q.show_if_key,
            show_if_values=q.show_if_values,
        )
        for number, q in enumerate(specs)
    )


def question_set_next_version(*, slug: str) -> int:
    """The version number a new set with this slug gets: one more than the latest."""
    latest = QuestionSet.objects.filter(slug=slug).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


@transaction.atomic
def question_set_publish(*, question_set: QuestionSet) -> QuestionSet:
    """Freeze a draft, retire the older published version and take over its default role."""
    question_set = QuestionSet.objects.select_for_update().get(pk=question_set.pk)
    if question_set.status != QuestionSet.Status.DRAFT:
        raise QuestionSetError(f"'{question_set}' is not a draft; only drafts can be published.")
    problems = questions_problems(
        [QuestionSpec.from_question(q) for q in question_list(question_set=question_set)]
    )
    if problems:
        raise QuestionSetDocumentError(problems)
    older = QuestionSet.objects.filter(
        slug=question_set.slug, status=QuestionSet.Status.PUBLISHED
    ).exclude(pk=question_set.pk)
    was_default = older.filter(is_default=True).exists()
    older.update(status=QuestionSet.Status.RETIRED, is_default=False)
    question_set.status = QuestionSet.Status.PUBLISHED
    question_set.published_at = timezone.now()
    question_set.is_default = (
        was_default or not QuestionSet.objects.filter(is_default=True).exists()
    )
    question_set.save(update_fields=["status", "published_at", "is_default"])
    return question_set


@transaction.atomic
def question_set_clone(*, question_set: QuestionSet) -> tuple[QuestionSet, bool]:
    """A new draft version with the same questions; the existing draft if there is one."""
    draft = QuestionSet.objects.filter(
        slug=question_set.slug, status=QuestionSet.Status.DRAFT
    ).first()
    if draft is not None:
        return draft, False
    clone = QuestionSet.objects.create(
        name=question_set.name,
        slug=question_set.slug,
        language=question_set.language,
        description=question_set.description,
        intro_message=question_set.intro_message,
        version=question_set_next_version(slug=question_set.slug),
    )
    _questions_create(
        clone, [QuestionSpec.from_question(q) for q in question_list(question_set=question_set)]
    )
    return clone, True


@transaction.atomic
def question_set_make_default(*, question_set: QuestionSet) -> QuestionSet:
    """Make a published set the one new interviews use."""
    if question_set.status != QuestionSet.Status.PUBLISHED:
        raise QuestionSetError("Only a published question set can be the default.")
    QuestionSet.objects.filter(is_default=True).exclude(pk=question_set.pk).update(is_default=False)
    QuestionSet.objects.filter(pk=question_set.pk).update(is_default=True)
    question_set.is_default = True
    return question_set


@transaction.atomic
def question_set_retire(*, question_set: QuestionSet) -> QuestionSet:
    """Stop using a published set for new interviews; running interviews carry on."""
    if question_set.is_default:
        raise QuestionSetError("This is the default set; make another set the default first.")
    if question_set.status != QuestionSet.Status.PUBLISHED:
        raise QuestionSetError("Only a published question set can be retired.")
    question_set.status = QuestionSet.Status.RETIRED
    question_set.save(update_fields=["status"])
    return question_set


def _same_questions(question_set: QuestionSet, spec: QuestionSetSpec) -> bool:
    current = [QuestionSpec.from_question(q) for q in question_list(question_set=question_set)]
    return current == spec.questions and question_set.name == spec.name


@transaction.atomic
def question_set_load(*, spec: QuestionSetSpec, publish: bool = True) -> tuple[QuestionSet, bool]:
    """Install a set from a document as a new version; a no-op if the latest is identical."""
    latest = QuestionSet.objects.filter(slug=spec.slug).order_by("-version").first()
    if latest is not None and _same_questions(latest, spec):
        return latest, False
    question_set = QuestionSet.objects.create(
        name=spec.name,
        slug=spec.slug,
        language=spec.language,
        description=spec.description,
        intro_message=spec.intro_message,
        version=question_set_next_version(slug=spec.slug),
    )
    _questions_create(question_set, spec.questions)
    if publish:
        question_set = question_set_publish(question_set=question_set)
    return question_set, True
