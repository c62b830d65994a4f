"""Writes for the rollout: flag changes with their history, phase moves and incidents."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from rollout.models import (
    PREDEFINED_QUESTIONS,
    Flag,
    FlagChange,
    Incident,
    PhaseChange,
    RolloutPhase,
)
from rollout.selectors import criteria_hold, rollout_criteria_get

FLAG_FIELDS = ["enabled", "percentage", "departments", "note"]


class RolloutError(Exception):
    """A rollout step that is not allowed now; the message says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _flag_diff(before: Flag | None, after: Flag) -> dict[str, list[Any]]:
    return {
        name: [getattr(before, name) if before else None, getattr(after, name)]
        for name in FLAG_FIELDS
        if before is None or getattr(before, name) != getattr(after, name)
    }


@transaction.atomic
def flag_save(*, flag: Flag, source: str, changed_by: User | None = None, reason: str = "") -> Flag:
    """Save a new or edited flag and log what changed, by whom and why, in its history."""
    before = Flag.objects.select_for_update().filter(pk=flag.pk).first() if flag.pk else None
    flag.departments = [d.strip() for d in flag.departments if d.strip()]
    flag.full_clean()
    flag.save()
    changes = _flag_diff(before, flag)
    if changes:
        FlagChange.objects.create(
            flag=flag, changed_by=changed_by, source=source, changes=changes, reason=reason
        )
    return flag


@transaction.atomic
def phase_advance(
    *, source: str, force: bool = False, reason: str = "", changed_by: User | None = None
) -> PhaseChange:
    """Move to the next phase when every success criterion holds, or when forced with a reason.

    Entering a phase sets the predefined_questions flag to the phase's target percentage.
    Raises RolloutError with a message saying why not.
    """
    reason = reason.strip()
    if force and not reason:
        raise RolloutError("Forcing a phase change needs a reason (--reason).")
    # Lock the plan: two operators advancing at once must not skip a phase.
    phases = list(RolloutPhase.objects.select_for_update().order_by("number"))
    current = next((p for p in phases if p.is_current), None)
    following = [p for p in phases if current is None or p.number > current.number]
    if not following:
        raise RolloutError(
            f"{current} is the last phase; there is nothing to advance to."
            if current
            else "There are no rollout phases."
        )
    target = following[0]
    criteria = rollout_criteria_get()
    if not criteria_hold(criteria) and not force:
        unmet = "; ".join(f"{c.name}: {c.value}" for c in criteria if not c.met)
        raise RolloutError(
            f"The success criteria do not hold ({unmet}). Wait for them, or advance anyway "
            'with --force --reason "...", which is recorded.'
        )
    now = timezone.now()
    if current is not None:
        current.is_current = False
        current.ended_at = now
        current.save(update_fields=["is_current", "ended_at"])
    target.is_current = True
    target.started_at = now
    target.ended_at = None
    target.save(update_fields=["is_current", "started_at", "ended_at"])
    flag = Flag.objects.filter(name=PREDEFINED_QUESTIONS).first() or Flag(
        name=PREDEFINED_QUESTIONS, enabled=True
    )
    flag.percentage = target.target_percentage
    flag_save(
        flag=flag,
        source=source,
        changed_by=changed_by,
        reason=f"Entered {target}" + (f" (forced: {reason})" if force else ""),
    )
    return PhaseChange.objects.create(
        from_phase=current,
        to_phase=target,
        changed_by=changed_by,
        source=source,
        forced=force and not criteria_hold(criteria),
        reason=reason,
        criteria=[c.as_dict() for c in criteria],
    )


@transaction.atomic
def predefined_percentage_set(
    *, percentage: int, reason: str, source: str, changed_by: User | None = None
) -> Flag:
    """Set the share of new interviews with predefined questions, recorded with its reason."""
    reason = reason.strip()
    if not reason:
        raise RolloutError("Changing the rollout by hand needs a reason (--reason).")
    if not 0 <= percentage <= 100:
        raise RolloutError(f"The percentage must be 0 to 100, not {percentage}.")
    flag = Flag.objects.select_for_update().filter(name=PREDEFINED_QUESTIONS).first() or Flag(
        name=PREDEFINED_QUESTIONS
    )
    flag.enabled = True
    flag.percentage = percentage
    return flag_save(flag=flag, source=source, changed_by=changed_by, reason=reason)


def predefined_rollback(*, reason: str, source: str, changed_by: User | None = None) -> Flag:
    """Put the predefined_questions percentage back to where it was before its last change."""
    with transaction.atomic():
        last = (
            FlagChange.objects.select_for_update()
            .filter(flag__name=PREDEFINED_QUESTIONS, changes__has_key="percentage")
            .order_by("-changed_at", "-id")
            .first()
        )
        if last is None:
            raise RolloutError("The predefined_questions percentage has never changed.")
        before, after = last.changes["percentage"]
        return predefined_percentage_set(
            percentage=before or 0,
            reason=f"Rollback from {after} %: {reason.strip() or 'no reason given'}",
            source=source,
            changed_by=changed_by,
        )


def incident_save(*, incident: Incident) -> Incident:
    """Save an incident, stamping or clearing its resolution time to match its status."""
    if incident.status == Incident.Status.RESOLVED and incident.resolved_at is None:
        incident.resolved_at = timezone.now()
    if incident.status == Incident.Status.OPEN:
        incident.resolved_at = None
    incident.full_clean()
    incident.save()
    return incident
