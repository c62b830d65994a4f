"""Reads for the analytics pages and exports; every breakdown goes through the anonymity rule."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from analytics.models import QuestionStats
from exitbot.lib.anonymity import OTHER, comments_allowed, fold_small_groups, group_shown
from exitbot.lib.stats import ProportionTest, enps, two_proportion_z_test
from interviews.kinds import free_text_kinds
from interviews.models import Interview, Question, Response
from interviews.redaction import redactor_get

REASON_KEY = "reason_for_leaving"
ENPS_KEY = "enps"
DIMENSIONS = {
    "department": _("Department"),
    "month": _("Month"),
    "exit_type": _("Voluntary or involuntary"),
    "regrettable": _("Regrettable"),
}
# The effectiveness table's columns: the row's identity, then its figures, with the share of
# non-empty answers in place of their count.
SORTABLE = [
    "question_order",
    "question_key",
    "mode",
    "responses",
    *("non_empty_rate" if f == "non_empty" else f for f in QuestionStats.FIGURES),
]


def _k() -> int:
    return int(settings.ANONYMITY_MIN_GROUP)


@dataclass
class EffectivenessRow:
    """One question in one mode over the latest 30-day window, with a plain-language verdict."""

    stats: QuestionStats
    hidden: bool
    weak_reasons: list[str] = field(default_factory=list)

    @property
    def question_text(self) -> str:
        """The question as asked (annotated by stats_latest_list), else its key."""
        return getattr(self.stats, "question_text", None) or self.stats.question_key

    def value(self, column: str) -> Any:
        if column == "non_empty_rate":
            return self.stats.non_empty_rate
        return getattr(self.stats, column)


def stats_latest_window() -> datetime.date | None:
    """Start of the newest rolling 30-day window that has statistics."""
    latest = QuestionStats.objects.filter(period=QuestionStats.Period.ROLLING_30).aggregate(
        start=Max("period_start")
    )
    return latest["start"]


def stats_latest_list() -> QuerySet[QuestionStats]:
    """The newest rolling 30-day statistics, with their question set joined."""
    start = stats_latest_window()
    if start is None:
        return QuestionStats.objects.none()
    text = Question.objects.filter(
        question_set=OuterRef("question_set"), key=OuterRef("question_key")
    ).values("text")[:1]
    return (
        QuestionStats.objects.filter(period=QuestionStats.Period.ROLLING_30, period_start=start)
        .select_related("question_set")
        .annotate(question_text=Subquery(text))
    )


def effectiveness_rows(
    *, sort: str = "question_order", descending: bool = False, mode: str = ""
) -> list[EffectivenessRow]:
    """The effectiveness table: hidden scores under the threshold, weak questions flagged."""
    stats = stats_latest_list()
    if mode:
        stats = stats.filter(mode=mode)
    rows = [_effectiveness_row(s) for s in stats]
    column = sort if sort in SORTABLE else "question_order"

    def value(row: EffectivenessRow) -> Any:
        if row.hidden and column not in ("question_order", "question_key", "mode"):
            return None
        return row.value(column)

    rows.sort(key=lambda r: (r.stats.question_set.slug, -r.stats.question_set.version))
    known = sorted((r for r in rows if value(r) is not None), key=value, reverse=descending)
    return known + [r for r in rows if value(r) is None]


def _effectiveness_row(stats: QuestionStats) -> EffectivenessRow:
    hidden = not group_shown(stats.responses, _k())
    reasons = []
    rate = stats.non_empty_rate
    if not hidden and rate is not None and rate < settings.WEAK_NON_EMPTY_RATE:
        reasons.append(f"Most people leave it empty ({rate:.0%} answer it).")
    if (
        not hidden
        and stats.responses
        and stats.drop_off / stats.responses > (settings.WEAK_DROP_OFF_RATE)
    ):
        reasons.append(f"{stats.drop_off} of {stats.responses} interviews stopped here.")
    return EffectivenessRow(stats=stats, hidden=hidden, weak_reasons=reasons)


@dataclass(frozen=True)
class FunnelStep:
    """How many answered one question of the sequence (None when under the threshold)."""

    order: int
    key: str
    text: str
    responses: int | None


def funnel_steps() -> tuple[str, list[FunnelStep]]:
    """Answers per question of the most used set version in the latest 30-day window."""
    stats = list(stats_latest_list())
    if not stats:
        return "", []
    by_set: dict[int, int] = defaultdict(int)
    for s in stats:
        by_set[s.question_set_id] += s.responses
    set_id = max(by_set, key=lambda pk: by_set[pk])
    totals: dict[str, int] = defaultdict(int)
    for s in stats:
        if s.question_set_id == set_id:
            totals[s.question_key] += s.responses
    questions = Question.objects.filter(question_set_id=set_id).select_related("question_set")
    label = ""
    steps = []
    for q in questions:
        label = str(q.question_set)
        count = totals.get(q.key, 0)
        steps.append(
            FunnelStep(q.order, q.key, q.text, count if group_shown(count, _k()) else None)
        )
    return label, steps


@dataclass
class Breakdown:
    """Counts of answers by group and answer, after folding small groups."""

    dimension: str
    answers: list[str]
    groups: list[str]
    cells: dict[str, dict[str, int]]
    group_totals: dict[str, int]
    hidden: int
    total: int

    @property
    def folded(self) -> bool:
        return OTHER in self.groups


def _group_label(dimension: str, value: Any) -> str:
    if dimension == "month":
        return value.strftime("%Y-%m") if value else "Unknown"
    if dimension == "regrettable":
        return {True: "Regrettable", False: "Not regrettable"}.get(value, "Not classified")
    if dimension == "exit_type":
        return str(dict(Interview.ExitType.choices).get(value, "Not classified"))
    return value or "Unknown"


def _dimension_field(dimension: str) -> Any:
    fields: dict[str, Any] = {
        "department": F("interview__employee__department"),
        "month": TruncMonth("created_at"),
        "exit_type": F("interview__exit_type"),
        "regrettable": F("interview__regrettable"),
    }
    return fields[dimension]


def reason_breakdown(*, dimension: str, since: datetime.date | None = None) -> Breakdown:
    """Reasons for leaving by a dimension; groups under the threshold folded or hidden."""
    answers = Response.objects.filter(question__key=REASON_KEY).exclude(employee_message="")
    if since:
        answers = answers.filter(created_at__date__gte=since)
    rows = (
        answers.annotate(group=_dimension_field(dimension))
        .values_list("group", "employee_message")
        .annotate(n=Count("id"))
    )
    raw: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for group, answer, n in rows:
        raw[_group_label(dimension, group)][answer] += n
    sizes = {group: sum(counts.values()) for group, counts in raw.items()}
    mapping = fold_small_groups(sizes, _k())
    cells: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    hidden = 0
    for group, counts in raw.items():
        target = mapping[group]
        if target is None:
            hidden += sizes[group]
            continue
        for answer, n in counts.items():
            cells[target][answer] += n
    group_totals = {g: sum(c.values()) for g, c in cells.items()}
    groups = sorted(group_totals, key=lambda g: (g == OTHER, g))
    answer_totals: dict[str, int] = defaultdict(int)
    for counts in cells.values():
        for answer, n in counts.items():
            answer_totals[answer] += n
    ordered = sorted(answer_totals, key=lambda a: -answer_totals[a])
    return Breakdown(
        dimension=dimension,
        answers=ordered,
        groups=groups,
        cells={g: dict(c) for g, c in cells.items()},
        group_totals=group_totals,
        hidden=hidden,
        total=sum(group_totals.values()),
    )


@dataclass(frozen=True)
class EnpsRow:
    """eNPS of one group."""

    group: str
    n: int
    score: float | None


def enps_by_department() -> tuple[EnpsRow | None, list[EnpsRow], int]:
    """Overall eNPS and by department, folded under the threshold; and the hidden count."""
    scored = (
        Response.objects.filter(question__key=ENPS_KEY, question__kind=Question.Kind.ENPS)
        .exclude(employee_message="")
        .annotate(score=Cast("employee_message", IntegerField()))
        .values_list("interview__employee__department")
        .annotate(
            n=Count("id"),
            promoters=Count("id", filter=Q(score__gte=9)),
            detractors=Count("id", filter=Q(score__lte=6)),
        )
    )
    raw = {(dept or "Unknown"): (n, p, d) for dept, n, p, d in scored}
    sizes = {group: n for group, (n, _, _) in raw.items()}
    mapping = fold_small_groups(sizes, _k())
    hidden = sum(sizes[group] for group, target in mapping.items() if target is None)
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for group, (n, p, d) in raw.items():
        target = mapping[group]
        if target is not None:
            sums[target][0] += n
            sums[target][1] += p
            sums[target][2] += d
    rows = [
        EnpsRow(group, n, round(100 * (p - d) / n, 1))
        for group, (n, p, d) in sorted(sums.items(), key=lambda i: (i[0] == OTHER, i[0]))
    ]
    total_n = sum(r.n for r in rows)
    overall = None
    if total_n:
        promoters = sum(v[1] for v in sums.values())
        detractors = sum(v[2] for v in sums.values())
        overall = EnpsRow("All", total_n, round(100 * (promoters - detractors) / total_n, 1))
    return overall, rows, hidden


@dataclass(frozen=True)
class ModeComparison:
    """Completion by mode with sample sizes, and the test when both samples are big enough.

    A mode with fewer started interviews than the anonymity threshold shows its size only.
    """

    started: dict[str, int]
    completed: dict[str, int | None]
    test: ProportionTest | None
    minimum: int


def mode_comparison(*, since: datetime.date | None = None) -> ModeComparison:
    """Predefined vs LLM completion rate among started interviews, with a z-test."""
    started = Interview.objects.filter(started_at__isnull=False)
    if since:
        started = started.filter(started_at__date__gte=since)
    rows = started.values_list("mode").annotate(
        n=Count("id"), done=Count("id", filter=Q(status=Interview.Status.COMPLETED))
    )
    counts = {mode: (n, done) for mode, n, done in rows}
    n_pre, done_pre = counts.get(Interview.Mode.PREDEFINED, (0, 0))
    n_llm, done_llm = counts.get(Interview.Mode.LLM, (0, 0))
    minimum = int(settings.COMPARISON_MIN_SAMPLE)
    minimum = max(minimum, _k())
    test = None
    if n_pre >= minimum and n_llm >= minimum:
        test = two_proportion_z_test(done_pre, n_pre, done_llm, n_llm)
    return ModeComparison(
        started={"predefined": n_pre, "llm": n_llm},
        completed={
            "predefined": done_pre if group_shown(n_pre, _k()) else None,
            "llm": done_llm if group_shown(n_llm, _k()) else None,
        },
        test=test,
        minimum=minimum,
    )


@dataclass(frozen=True)
class TrendPoint:
    """One month: interviews started and completed, completion rate and eNPS."""

    month: str
    started: int | None
    completed: int | None
    completion_rate: float | None
    enps: float | None


def monthly_trends(*, months: int = 12) -> list[TrendPoint]:
    """The last months; a month with fewer interviews than the threshold shows no figures."""
    since = timezone.localdate().replace(day=1) - datetime.timedelta(days=31 * (months - 1))
    interviews = (
        Interview.objects.filter(started_at__date__gte=since.replace(day=1))
        .annotate(month=TruncMonth("started_at"))
        .values_list("month")
        .annotate(n=Count("id"), done=Count("id", filter=Q(status=Interview.Status.COMPLETED)))
        .order_by("month")
    )
    scores: dict[str, list[int]] = defaultdict(list)
    enps_rows = (
        Response.objects.filter(question__key=ENPS_KEY, created_at__date__gte=since.replace(day=1))
        .exclude(employee_message="")
        .annotate(month=TruncMonth("created_at"), score=Cast("employee_message", IntegerField()))
        .values_list("month", "score")
        .annotate(n=Count("id"))
    )
    for month, score, n in enps_rows:
        scores[month.strftime("%Y-%m")].extend([score] * n)
    points = []
    for month, n, done in interviews:
        label = month.strftime("%Y-%m")
        if not group_shown(n, _k()):
            points.append(TrendPoint(label, None, None, None, None))
            continue
        month_scores = scores.get(label, [])
        points.append(
            TrendPoint(
                label,
                n,
                done,
                done / n,
                enps(month_scores) if group_shown(len(month_scores), _k()) else None,
            )
        )
    return points


@dataclass(frozen=True)
class Comments:
    """Free-text answers to one question, or the reason they cannot be shown."""

    key: str
    text: str
    count: int
    items: list[str]
    allowed: bool


def comments_for(*, key: str, limit: int = 50) -> Comments | None:
    """The newest comments for a free-text question, only above the comments threshold.

    Sensitive answers are never among them; names and contact details are redacted.
    """
    question = Question.objects.filter(key=key, kind__in=free_text_kinds()).order_by("-id").first()
    if question is None:
        return None
    answers = Response.objects.filter(question__key=key, sensitive__isnull=True).exclude(
        employee_message=""
    )
    count = answers.count()
    allowed = comments_allowed(count, int(settings.ANONYMITY_MIN_GROUP_COMMENTS))
    items = []
    if allowed:
        redactor = redactor_get()
        newest = answers.order_by("-created_at").values_list("employee_message", flat=True)
        items = [redactor.redact(text) for text in newest[:limit]]
    return Comments(key, question.text, count, items, allowed)


def text_question_keys() -> list[str]:
    """Keys of free-text questions, for the comments picker."""
    return list(
        Question.objects.filter(kind__in=free_text_kinds())
        .values_list("key", flat=True)
        .distinct()
        .order_by("key")
    )
