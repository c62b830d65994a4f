"""Reads for the rollout: flag decisions, the phases, and the success criteria from live data."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from exitbot.lib.buckets import bucket_of
from exitbot.lib.rows import ModelRows
from feedback.selectors import hr_satisfaction
from interviews.engine import llm_configured
from interviews.models import Interview, Response
from interviews.selectors import (
    LlmTurnCounts,
    answer_handling_percentile,
    interview_completion_by_mode,
    interview_mode_daily_counts,
    llm_turn_counts,
)
from rollout.models import (
    LLM_FALLBACK_ALLOWED,
    PREDEFINED_QUESTIONS,
    Flag,
    FlagChange,
    Incident,
    PhaseChange,
    RolloutPhase,
)

P95_TARGET_MS = 500
SATISFACTION_TARGET = 4.0
SPLIT_DAYS = 14
_FLAGS = ModelRows(Flag, "f")
SEVERITY_ORDER = [
    Incident.Severity.CRITICAL,
    Incident.Severity.HIGH,
    Incident.Severity.MEDIUM,
    Incident.Severity.LOW,
]


def flag_is_on(*, flag: Flag | None, employee_id: str, department: str) -> bool:
    """Whether a flag is on for one employee: enabled, in its departments, bucket below the %."""
    if flag is None or not flag.enabled:
        return False
    if flag.departments:
        wanted = {d.strip().casefold() for d in flag.departments}
        if department.strip().casefold() not in wanted:
            return False
    return bucket_of(flag.name, employee_id) < flag.percentage


@functools.cache
def _mode_flags_sql() -> str:
    return _FLAGS.select("WHERE f.name IN (%s, %s)")


def interview_mode_choose(*, employee_id: str, department: str) -> str:
    """The mode of a new interview for this employee; the same employee always gets the same.

    Predefined questions unless the predefined_questions flag leaves the employee out, the
    llm_fallback_allowed flag lets them in, and an LLM is configured. Every creation reads the
    two flags, so their SQL is built once per process: compiling the ORM query took a tenth of
    an API creation's time.
    """
    found = _FLAGS.fetch(_mode_flags_sql(), [PREDEFINED_QUESTIONS, LLM_FALLBACK_ALLOWED])
    flags = {f.name: f for f in found}
    who = {"employee_id": employee_id, "department": department}
    if flag_is_on(flag=flags.get(PREDEFINED_QUESTIONS), **who):
        return Interview.Mode.PREDEFINED
    if llm_configured() and flag_is_on(flag=flags.get(LLM_FALLBACK_ALLOWED), **who):
        return Interview.Mode.LLM
    return Interview.Mode.PREDEFINED


def flag_list() -> QuerySet[Flag]:
    """Every flag, by name."""
    return Flag.objects.order_by("name")


def flag_change_list(*, flag: Flag) -> QuerySet[FlagChange]:
    """A flag's history, newest first."""
    return FlagChange.objects.filter(flag=flag).select_related("changed_by")


def phase_list() -> list[RolloutPhase]:
    """The phases of the plan in order."""
    return list(RolloutPhase.objects.order_by("number"))


def phase_current_get() -> RolloutPhase | None:
    """The phase the rollout is in."""
    return RolloutPhase.objects.filter(is_current=True).first()


def phase_change_list() -> QuerySet[PhaseChange]:
    """Phase moves, newest first."""
    return PhaseChange.objects.select_related("from_phase", "to_phase", "changed_by")


def incident_open_list() -> QuerySet[Incident]:
    """Open incidents, most severe first."""
    rank = Case(
        *[When(severity=s, then=Value(i)) for i, s in enumerate(SEVERITY_ORDER)],
        output_field=IntegerField(),
    )
    return (
        Incident.objects.filter(status=Incident.Status.OPEN)
        .annotate(severity_rank=rank)
        .order_by("severity_rank", "-opened_at")
    )


# Success criteria


@dataclass(frozen=True)
class Criterion:
    """One success criterion as it stands now: met, not met, or not enough data to say."""

    MET = "met"
    NOT_MET = "not_met"
    NO_DATA = "no_data"

    key: str
    name: str
    target: str
    status: str
    value: str
    details: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return self.status == self.MET

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "status": self.status, "value": self.value}


def criteria_hold(criteria: list[Criterion]) -> bool:
    """True only when every criterion is met; missing data never counts as met."""
    return all(c.met for c in criteria)


def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.0%}"


def _p95_criterion(since: datetime.datetime, min_sample: int) -> Criterion:
    predefined = answer_handling_percentile(since=since, mode=Interview.Mode.PREDEFINED)
    llm = answer_handling_percentile(since=since, mode=Interview.Mode.LLM)
    details = [
        f"Predefined mode: p95 {predefined.value} ms over {predefined.sample} answers"
        if predefined.sample
        else "Predefined mode: no answers yet",
        f"LLM mode (model call included, for comparison): p95 {llm.value} ms over "
        f"{llm.sample} answers"
        if llm.sample
        else "LLM mode: no answers yet",
    ]
    target = f"p95 of predefined answers under {P95_TARGET_MS} ms"
    if predefined.value is None or predefined.sample < min_sample:
        value = f"no data ({predefined.sample} of {min_sample} answers needed)"
        return Criterion(
            "p95_answer_time", "Answer time", target, Criterion.NO_DATA, value, details
        )
    status = Criterion.MET if predefined.value < P95_TARGET_MS else Criterion.NOT_MET
    value = f"{predefined.value} ms (n={predefined.sample})"
    return Criterion("p95_answer_time", "Answer time", target, status, value, details)


def _completion_criterion(since: datetime.datetime, min_sample: int) -> Criterion:
    by_mode = interview_completion_by_mode(since=since)
    predefined, llm = by_mode[Interview.Mode.PREDEFINED], by_mode[Interview.Mode.LLM]
    details = [
        f"Predefined: {predefined.completed} of {predefined.started} started interviews "
        f"completed ({_percent(predefined.rate)})",
        f"LLM: {llm.completed} of {llm.started} started interviews completed "
        f"({_percent(llm.rate)})",
    ]
    target = "completion rate of predefined ≥ LLM"
    value = f"predefined {_percent(predefined.rate)} vs LLM {_percent(llm.rate)}"
    if predefined.started < min_sample or llm.started < min_sample:
        value = (
            f"no data (n={predefined.started} predefined, {llm.started} LLM; "
            f"{min_sample} each needed)"
        )
        return Criterion("completion_rate", "Completion", target, Criterion.NO_DATA, value, details)
    met = (predefined.rate or 0) >= (llm.rate or 0)
    status = Criterion.MET if met else Criterion.NOT_MET
    return Criterion("completion_rate", "Completion", target, status, value, details)


def hr_satisfaction_get() -> float | None:
    """HR's average satisfaction with the tool (1–5): the active HR survey's mean rating."""
    return hr_satisfaction().mean


def _satisfaction_criterion() -> Criterion:
    target = f"HR satisfaction ≥ {SATISFACTION_TARGET:g} of 5"
    needed = settings.ROLLOUT_MIN_HR_RESPONSES
    score = hr_satisfaction()
    if score.survey is None:
        details = ["There is no active HR survey."]
    elif score.mean is None:
        details = [f"{score.survey.name}: no answers yet"]
    else:
        details = [f"{score.survey.name}: {score.label} from {score.ratings} ratings"]
    if score.mean is None or score.responses < needed:
        value = f"not enough responses ({score.responses} of {needed})"
        return Criterion(
            "hr_satisfaction", "HR satisfaction", target, Criterion.NO_DATA, value, details
        )
    status = Criterion.MET if score.mean >= SATISFACTION_TARGET else Criterion.NOT_MET
    return Criterion("hr_satisfaction", "HR satisfaction", target, status, score.label, details)


def _incident_criterion() -> Criterion:
    critical = list(
        Incident.objects.filter(
            status=Incident.Status.OPEN, severity=Incident.Severity.CRITICAL
        ).order_by("opened_at")
    )
    target = "no open critical incident"
    if not critical:
        return Criterion("incidents", "Incidents", target, Criterion.MET, "none open")
    details = [
        f"{i.title} (open since {timezone.localtime(i.opened_at):%Y-%m-%d})" for i in critical
    ]
    value = f"{len(critical)} open"
    return Criterion("incidents", "Incidents", target, Criterion.NOT_MET, value, details)


def criteria_since(*, now: datetime.datetime | None = None) -> datetime.datetime:
    """Criteria look at data since the current phase began (the last 14 days without one)."""
    now = now or timezone.now()
    phase = phase_current_get()
    if phase is not None and phase.started_at is not None:
        return phase.started_at
    return now - datetime.timedelta(days=SPLIT_DAYS)


def rollout_criteria_get(*, now: datetime.datetime | None = None) -> list[Criterion]:
    """The four success criteria, computed from the data as it stands."""
    since = criteria_since(now=now)
    min_sample = settings.ROLLOUT_MIN_SAMPLE
    return [
        _p95_criterion(since, min_sample),
        _completion_criterion(since, min_sample),
        _satisfaction_criterion(),
        _incident_criterion(),
    ]


# The rollout page


@dataclass(frozen=True)
class DaySplit:
    """New interviews of one day by mode."""

    day: datetime.date
    predefined: int
    llm: int

    @property
    def total(self) -> int:
        return self.predefined + self.llm

    @property
    def predefined_percent(self) -> int | None:
        return round(100 * self.predefined / self.total) if self.total else None


@dataclass(frozen=True)
class ModeSplit:
    """New interviews by mode over the last days, day by day and in total."""

    days: list[DaySplit]

    @property
    def predefined(self) -> int:
        return sum(d.predefined for d in self.days)

    @property
    def llm(self) -> int:
        return sum(d.llm for d in self.days)

    @property
    def total(self) -> int:
        return self.predefined + self.llm

    @property
    def predefined_percent(self) -> int | None:
        return round(100 * self.predefined / self.total) if self.total else None


def mode_split_get(*, days: int = SPLIT_DAYS, now: datetime.datetime | None = None) -> ModeSplit:
    """New interviews by mode for each of the last ``days`` local days, today included."""
    today = timezone.localdate(now or timezone.now())
    first = today - datetime.timedelta(days=days - 1)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    counts: dict[tuple[datetime.date, str], int] = {
        (row["day"], row["mode"]): row["count"] for row in interview_mode_daily_counts(since=start)
    }
    return ModeSplit(
        [
            DaySplit(
                day,
                counts.get((day, Interview.Mode.PREDEFINED), 0),
                counts.get((day, Interview.Mode.LLM), 0),
            )
            for day in (first + datetime.timedelta(days=n) for n in range(days))
        ]
    )


@dataclass(frozen=True)
class RolloutStatus:
    """Everything the rollout page and `manage.py rollout status` show."""

    phases: list[RolloutPhase]
    current: RolloutPhase | None
    flags: list[Flag]
    llm_configured: bool
    llm_model: str
    split: ModeSplit
    criteria: list[Criterion]
    criteria_since: datetime.datetime
    turns: LlmTurnCounts
    incidents: list[Incident]
    min_sample: int

    @property
    def next_phase(self) -> RolloutPhase | None:
        if self.current is None:
            return self.phases[0] if self.phases else None
        return next((p for p in self.phases if p.number > self.current.number), None)

    @property
    def criteria_hold(self) -> bool:
        return criteria_hold(self.criteria)

    @property
    def effective(self) -> EffectiveSplit:
        return effective_split(flags=self.flags, llm_is_configured=self.llm_configured)

    @property
    def fallback_reasons(self) -> list[tuple[str, int]]:
        """Fallbacks by reason, most frequent first, with readable labels."""
        labels = dict(Response.FallbackReason.choices)
        counted = sorted(self.turns.fallbacks_by_reason.items(), key=lambda item: -item[1])
        return [(str(labels.get(reason, reason)), count) for reason, count in counted]


@dataclass(frozen=True)
class EffectiveSplit:
    """What new interviews get now, in per cent, and the one reason that decides it."""

    predefined_percent: int
    reason: str
    limited_to: list[str] = field(default_factory=list)

    @property
    def llm_percent(self) -> int:
        return 100 - self.predefined_percent


def effective_split(*, flags: list[Flag], llm_is_configured: bool) -> EffectiveSplit:
    """The share of new interviews in each mode, as interview_mode_choose decides it.

    The two flags bucket employees independently, so an employee ends in LLM mode when left
    out by predefined_questions and let in by llm_fallback_allowed.
    """
    by_name = {f.name: f for f in flags}
    predefined, llm = by_name.get(PREDEFINED_QUESTIONS), by_name.get(LLM_FALLBACK_ALLOWED)
    if not llm_is_configured:
        return EffectiveSplit(100, gettext("no LLM is configured (LLM_BASE_URL, LLM_MODEL)"))
    if llm is None or not llm.enabled or llm.percentage == 0:
        return EffectiveSplit(
            100, gettext("the %(flag)s flag is off") % {"flag": LLM_FALLBACK_ALLOWED}
        )
    kept = predefined.percentage if predefined and predefined.enabled else 0
    share = kept / 100 + (1 - kept / 100) * (1 - llm.percentage / 100)
    limits = sorted({d for f in (predefined, llm) if f and f.enabled for d in f.departments})
    return EffectiveSplit(
        round(share * 100),
        gettext(
            "the %(predefined)s flag keeps %(kept)s %% and %(llm)s lets %(share)s %% of the rest "
            "into LLM mode"
        )
        % {
            "predefined": PREDEFINED_QUESTIONS,
            "kept": kept,
            "llm": LLM_FALLBACK_ALLOWED,
            "share": llm.percentage,
        },
        limits,
    )


def rollout_status_get(*, now: datetime.datetime | None = None) -> RolloutStatus:
    """The rollout as it stands: phases, flags, the 14-day split, criteria, fallbacks, incidents."""
    now = now or timezone.now()
    phases = phase_list()
    since = criteria_since(now=now)
    return RolloutStatus(
        phases=phases,
        current=next((p for p in phases if p.is_current), None),
        flags=list(flag_list()),
        llm_configured=llm_configured(),
        llm_model=settings.LLM_MODEL if llm_configured() else "",
        split=mode_split_get(now=now),
        criteria=rollout_criteria_get(now=now),
        criteria_since=since,
        turns=llm_turn_counts(since=now - datetime.timedelta(days=SPLIT_DAYS)),
        incidents=list(incident_open_list()),
        min_sample=settings.ROLLOUT_MIN_SAMPLE,
    )
