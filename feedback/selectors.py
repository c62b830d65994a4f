"""Reads for the feedback surveys: who has answered what, the results, and HR's satisfaction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Permission, User
from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from exitbot.lib.anonymity import comments_allowed, fold_small_groups, threshold
from feedback.models import RATING_MAX, RATING_MIN, FeedbackSurvey, SurveyAnswer, SurveyResponse
from feedback.models import SurveyQuestion as Question
from interviews.models import Interview

ANSWER_PERMISSION = "feedback.add_surveyresponse"
RESULTS_PERMISSION = "feedback.view_results"
EMPLOYEE_SURVEY_SLUG = "interview-experience"


def can_answer(user: User | AnonymousUser) -> bool:
    """HR staff: staff accounts allowed to answer the HR surveys."""
    return bool(user.is_active and user.is_staff and user.has_perm(ANSWER_PERMISSION))


def can_see_results(user: User | AnonymousUser) -> bool:
    """HR admins and analysts: staff accounts allowed to read the results."""
    return bool(user.is_active and user.is_staff and user.has_perm(RESULTS_PERMISSION))


def _open_filter(now: datetime.datetime) -> Q:
    return Q(active=True, opens_at__lte=now) & (Q(closes_at__isnull=True) | Q(closes_at__gt=now))


def hr_survey_open_list(*, now: datetime.datetime | None = None) -> QuerySet[FeedbackSurvey]:
    """HR surveys taking answers now, newest first."""
    return FeedbackSurvey.objects.filter(
        _open_filter(now or timezone.now()), audience=FeedbackSurvey.Audience.HR
    ).order_by("-opens_at", "-id")


def hr_survey_get(*, slug: str) -> FeedbackSurvey | None:
    """An HR survey by slug, with its questions, open or not."""
    return (
        FeedbackSurvey.objects.filter(slug=slug, audience=FeedbackSurvey.Audience.HR)
        .prefetch_related("questions")
        .first()
    )


def hr_survey_all_list() -> QuerySet[FeedbackSurvey]:
    """Every HR survey with its questions, newest first."""
    return (
        FeedbackSurvey.objects.filter(audience=FeedbackSurvey.Audience.HR)
        .prefetch_related("questions")
        .order_by("-opens_at", "-id")
    )


def hr_survey_active_get() -> FeedbackSurvey | None:
    """The HR survey whose ratings gate the rollout: the newest active one."""
    return (
        FeedbackSurvey.objects.filter(active=True, audience=FeedbackSurvey.Audience.HR)
        .order_by("-opens_at", "-id")
        .first()
    )


def employee_survey_get() -> FeedbackSurvey | None:
    """The survey offered on the completion screen, when it is active (its questions unread:
    the screen asks a fixed rating and comment, and only a submitted rating needs them)."""
    return FeedbackSurvey.objects.filter(
        slug=EMPLOYEE_SURVEY_SLUG, audience=FeedbackSurvey.Audience.EMPLOYEES, active=True
    ).first()


def _with_answers(responses: QuerySet[SurveyResponse]) -> QuerySet[SurveyResponse]:
    return responses.prefetch_related(
        Prefetch("answers", queryset=SurveyAnswer.objects.select_related("question"))
    )


def response_for_user(*, survey: FeedbackSurvey, user: User) -> SurveyResponse | None:
    """This user's answers to this survey, if any."""
    return _with_answers(SurveyResponse.objects.filter(survey=survey, user_id=user.pk)).first()


def response_for_interview(*, interview: Interview) -> SurveyResponse | None:
    """The employee's rating of this interview, if they gave one."""
    return _with_answers(SurveyResponse.objects.filter(interview=interview)).first()


@dataclass(frozen=True)
class SurveyListItem:
    """An open HR survey and, when this user has answered it, when."""

    survey: FeedbackSurvey
    answered_at: datetime.datetime | None


def hr_survey_list_for(*, user: User) -> list[SurveyListItem]:
    """The open HR surveys with the time this user answered each, if they did."""
    surveys = list(hr_survey_open_list())
    answered = dict(
        SurveyResponse.objects.filter(survey__in=surveys, user_id=user.pk).values_list(
            "survey_id", "submitted_at"
        )
    )
    return [SurveyListItem(s, answered.get(s.pk)) for s in surveys]


def hr_survey_pending_for(*, user: User | AnonymousUser) -> list[FeedbackSurvey]:
    """Open HR surveys this user may answer and has not; empty for everyone else."""
    if not isinstance(user, User) or not can_answer(user):
        return []
    return list(hr_survey_open_list().exclude(responses__user=user))


def hr_invited_count() -> int:
    """How many people are asked to answer the HR surveys: active staff who may answer."""
    app_label, codename = ANSWER_PERMISSION.split(".")
    permission = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()
    can = Q(is_superuser=True)
    if permission is not None:
        can |= Q(user_permissions=permission) | Q(groups__permissions=permission)
    users = get_user_model().objects.filter(can, is_active=True, is_staff=True)
    return users.values("pk").distinct().count()


# HR's satisfaction, read by the rollout gate and the results page


@dataclass(frozen=True)
class Satisfaction:
    """Mean of the rating answers of one survey and how many people answered it."""

    survey: FeedbackSurvey | None
    mean: float | None
    responses: int
    ratings: int

    @property
    def label(self) -> str:
        if self.mean is None:
            return "no answers yet"
        return f"{self.mean:.2f} of 5 (n={self.responses})"


def survey_satisfaction(*, survey: FeedbackSurvey | None) -> Satisfaction:
    """Mean of every rating answer of the survey, with the number of responses."""
    if survey is None:
        return Satisfaction(None, None, 0, 0)
    figures = SurveyAnswer.objects.filter(
        response__survey=survey, question__kind=Question.Kind.RATING, rating__isnull=False
    ).aggregate(mean=Avg("rating"), ratings=Count("id"))
    responses = SurveyResponse.objects.filter(survey=survey).count()
    mean = figures["mean"]
    return Satisfaction(
        survey, None if mean is None else float(mean), responses, figures["ratings"]
    )


def hr_satisfaction() -> Satisfaction:
    """HR's satisfaction with the tool: the active HR survey's mean rating and response count."""
    return survey_satisfaction(survey=hr_survey_active_get())


# Results of one HR survey


@dataclass(frozen=True)
class RatingResult:
    """One rating question: average, number of answers and how many gave each score."""

    question: Question
    mean: float | None
    count: int
    distribution: list[tuple[int, int]]


@dataclass(frozen=True)
class TextAnswer:
    """One free-text answer and when it was given."""

    text: str
    submitted_at: datetime.datetime


@dataclass(frozen=True)
class TextResult:
    """One text question and its answers, newest first."""

    question: Question
    answers: list[TextAnswer]


@dataclass(frozen=True)
class SurveyResults:
    """Everything the results page shows for one HR survey."""

    survey: FeedbackSurvey
    satisfaction: Satisfaction
    invited: int
    ratings: list[RatingResult] = field(default_factory=list)
    texts: list[TextResult] = field(default_factory=list)

    @property
    def responses(self) -> int:
        return self.satisfaction.responses

    @property
    def rate(self) -> float | None:
        return self.responses / self.invited if self.invited else None


def _distribution(survey: FeedbackSurvey) -> dict[int, dict[int, int]]:
    rows = (
        SurveyAnswer.objects.filter(response__survey=survey, rating__isnull=False)
        .values("question_id", "rating")
        .annotate(n=Count("id"))
    )
    counts: dict[int, dict[int, int]] = {}
    for row in rows:
        counts.setdefault(row["question_id"], {})[row["rating"] or 0] = row["n"]
    return counts


def hr_survey_results(*, survey: FeedbackSurvey, text_limit: int = 200) -> SurveyResults:
    """Response count and rate, each rating's mean and distribution, text answers newest first."""
    counts = _distribution(survey)
    ratings, texts = [], []
    for question in survey.questions.all():
        if question.kind == Question.Kind.RATING:
            scores = counts.get(question.pk, {})
            n = sum(scores.values())
            mean = sum(score * c for score, c in scores.items()) / n if n else None
            distribution = [(s, scores.get(s, 0)) for s in range(RATING_MIN, RATING_MAX + 1)]
            ratings.append(RatingResult(question, mean, n, distribution))
        else:
            rows = (
                SurveyAnswer.objects.filter(question=question)
                .exclude(text="")
                .order_by("-response__submitted_at", "-id")
                .values_list("text", "response__submitted_at")[:text_limit]
            )
            texts.append(TextResult(question, [TextAnswer(t, at) for t, at in rows]))
    return SurveyResults(
        survey=survey,
        satisfaction=survey_satisfaction(survey=survey),
        invited=hr_invited_count(),
        ratings=ratings,
        texts=texts,
    )


def hr_survey_answer_rows(*, survey: FeedbackSurvey) -> list[list[object]]:
    """A header, then one row per response with its answers by question key (no names)."""
    questions = list(survey.questions.all())
    rows: list[list[object]] = [["response", "submitted_at", *(q.key for q in questions)]]
    for response in _with_answers(SurveyResponse.objects.filter(survey=survey)).order_by(
        "submitted_at", "id"
    ):
        by_question = {a.question_id: a for a in response.answers.all()}
        cells: list[object] = []
        for q in questions:
            answer = by_question.get(q.pk)
            cells.append(
                ""
                if answer is None
                else answer.rating
                if answer.rating is not None
                else answer.text
            )
        rows.append([response.pk, response.submitted_at.isoformat(), *cells])
    return rows


# Employees' ratings of their interviews, under the anonymity thresholds


@dataclass(frozen=True)
class GroupRating:
    """The average rating of one group of respondents, or None when the group is hidden."""

    label: str
    respondents: int
    mean: float | None


@dataclass(frozen=True)
class EmployeeFeedback:
    """Employees' ratings: overall, by mode, by month, and their comments when allowed."""

    respondents: int
    mean: float | None
    by_mode: list[GroupRating]
    by_month: list[GroupRating]
    comments: list[TextAnswer]
    comments_shown: bool
    k: int
    k_comments: int


def _folded(rows: list[tuple[str, int, float]], k: int) -> list[GroupRating]:
    """Groups under k are merged into "Other" (weighted mean) or hidden, like analytics."""
    mapping = fold_small_groups({label: n for label, n, _ in rows}, k)
    merged: dict[str, tuple[int, float]] = {}
    order: list[str] = []
    for label, n, mean in rows:
        shown = mapping[label]
        if shown is None:
            return []
        if shown not in merged:
            order.append(shown)
            merged[shown] = (0, 0.0)
        total, weighted = merged[shown]
        merged[shown] = (total + n, weighted + n * mean)
    return [
        GroupRating(label, merged[label][0], merged[label][1] / merged[label][0]) for label in order
    ]


def employee_feedback_get(*, comment_limit: int = 50) -> EmployeeFeedback:
    """Employees' ratings of their interviews; groups counted by respondents, small ones hidden."""
    k = threshold(settings.ANONYMITY_MIN_GROUP)
    k_comments = threshold(settings.ANONYMITY_MIN_GROUP_COMMENTS)
    survey = employee_survey_get()
    rated = SurveyAnswer.objects.filter(
        response__survey=survey, rating__isnull=False, response__interview__isnull=False
    )
    overall = rated.aggregate(mean=Avg("rating"), n=Count("response", distinct=True))
    labels = dict(Interview.Mode.choices)
    by_mode = [
        (str(labels.get(row["mode"], row["mode"])), row["n"], float(row["mean"]))
        for row in rated.values(mode=F("response__interview__mode"))
        .annotate(n=Count("response", distinct=True), mean=Avg("rating"))
        .order_by("mode")
    ]
    by_month = [
        (f"{row['month']:%Y-%m}", row["n"], float(row["mean"]))
        for row in rated.annotate(month=TruncMonth("response__submitted_at"))
        .values("month")
        .annotate(n=Count("response", distinct=True), mean=Avg("rating"))
        .order_by("month")
    ]
    commented = SurveyAnswer.objects.filter(response__survey=survey).exclude(text="")
    respondents = SurveyResponse.objects.filter(survey=survey, interview__isnull=False).count()
    shown = comments_allowed(commented.count(), k_comments)
    comments = (
        [
            TextAnswer(text, at)
            for text, at in commented.order_by("-response__submitted_at", "-id").values_list(
                "text", "response__submitted_at"
            )[:comment_limit]
        ]
        if shown
        else []
    )
    n = overall["n"] or 0
    return EmployeeFeedback(
        respondents=respondents,
        mean=float(overall["mean"]) if overall["mean"] is not None and n >= k else None,
        by_mode=_folded(by_mode, k),
        by_month=_folded(by_month, k),
        comments=comments,
        comments_shown=shown,
        k=k,
        k_comments=k_comments,
    )
