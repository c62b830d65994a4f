"""HR answers the satisfaction surveys; HR admins and analysts read the results."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from analytics import charts
from analytics.exports import csv_stream
from feedback import selectors
from feedback.answers import RATINGS
from feedback.models import FeedbackSurvey
from feedback.selectors import can_answer, can_see_results
from feedback.services import (
    AlreadyAnsweredError,
    SurveyClosedError,
    SurveyInvalidError,
    interview_feedback_submit,
    survey_answer_submit,
)
from interviews.binding import binding_get
from interviews.language import language_scoped
from interviews.views import bound_interview_get, private_page

View = Callable[..., HttpResponseBase]
StrOrPromise = str | Promise


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # the decorators below let only logged-in staff through


def _allowed(check: Callable[[Any], bool], missing: StrOrPromise) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        @login_required(login_url="admin:login")
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not check(request.user):
                raise PermissionDenied(str(missing))
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


hr_required = _allowed(
    can_answer,
    gettext_lazy(
        "The HR surveys are for the HR staff and HR admins groups (permission: can add "
        "survey response)."
    ),
)
results_required = _allowed(
    can_see_results,
    gettext_lazy(
        "The feedback results are for the HR admins and Analysts groups "
        "(permission: can see the results of the feedback surveys)."
    ),
)


@require_GET
@hr_required
def survey_list_view(request: HttpRequest) -> HttpResponse:
    """The HR surveys open now, and which of them this person has answered."""
    items = selectors.hr_survey_list_for(user=_user(request))
    return render(request, "feedback/survey_list.html", {"items": items})


def _render_form(
    request: HttpRequest,
    survey: FeedbackSurvey,
    *,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    typed, errors = typed or {}, errors or {}
    rows = [
        {"question": q, "value": typed.get(q.key, ""), "error": errors.get(q.key, "")}
        for q in survey.questions.all()
    ]
    context = {
        "survey": survey,
        "rows": rows,
        "has_errors": bool(errors),
        "ratings": RATINGS,
        "max_length": settings.ANSWER_MAX_LENGTH,
    }
    return render(request, "feedback/survey_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@hr_required
def survey_answer_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The survey's form; once answered, what this person answered and when."""
    survey = selectors.hr_survey_get(slug=slug)
    if survey is None:
        raise Http404
    earlier = selectors.response_for_user(survey=survey, user=_user(request))
    if earlier is not None:
        if request.method == "POST":
            messages.info(request, "You had already answered this survey; nothing was changed.")
            return redirect("feedback:survey-answer", slug=slug)
        return render(
            request, "feedback/survey_answered.html", {"survey": survey, "response": earlier}
        )
    if not survey.is_open():
        return render(request, "feedback/survey_closed.html", {"survey": survey}, status=410)
    if request.method == "GET":
        return _render_form(request, survey)
    typed = {q.key: request.POST.get(q.key, "") for q in survey.questions.all()}
    try:
        survey_answer_submit(survey=survey, user=_user(request), raw=typed)
    except SurveyInvalidError as exc:
        return _render_form(request, survey, typed=typed, errors=exc.errors, status=422)
    except AlreadyAnsweredError:
        messages.info(request, "You had already answered this survey; nothing was changed.")
        return redirect("feedback:survey-answer", slug=slug)
    except SurveyClosedError:
        return render(request, "feedback/survey_closed.html", {"survey": survey}, status=410)
    return redirect("feedback:survey-thanks", slug=slug)


@require_GET
@hr_required
def survey_thanks_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Thanks, with a way back."""
    survey = selectors.hr_survey_get(slug=slug)
    if survey is None:
        raise Http404
    return render(request, "feedback/survey_thanks.html", {"survey": survey})


def _percent(value: float) -> str:
    return f"{value:.0%}"


def _one_decimal(value: float) -> str:
    return f"{value:.1f}"


@require_GET
@results_required
def results_view(request: HttpRequest) -> HttpResponse:
    """Each HR survey's results, then employees' ratings of their interviews."""
    surveys = []
    for survey in selectors.hr_survey_all_list():
        results = selectors.hr_survey_results(survey=survey)
        ratings = [
            (
                r,
                charts.bar_chart(
                    [(f"{score} of 5", count) for score, count in r.distribution],
                    title=f"{r.question.key}: answers per rating",
                    desc=f"How many people gave each rating from 1 to 5 to: {r.question.text}",
                ),
            )
            for r in results.ratings
        ]
        surveys.append((results, ratings))
    employees = selectors.employee_feedback_get()
    mode_chart = charts.bar_chart(
        [(g.label, g.mean) for g in employees.by_mode],
        title="Employees' rating of the interview by mode",
        desc="Average rating from 1 to 5, by interview mode; small groups combined or hidden.",
        fmt=_one_decimal,
        maximum=5,
    )
    context = {
        "surveys": surveys,
        "employees": employees,
        "mode_chart": mode_chart if employees.by_mode else None,
        "satisfaction": selectors.hr_satisfaction(),
        "min_hr_responses": settings.ROLLOUT_MIN_HR_RESPONSES,
    }
    return render(request, "feedback/results.html", context)


@require_GET
@results_required
def results_export_view(request: HttpRequest, slug: str) -> HttpResponseBase:
    """One HR survey's answers as CSV, one row per response, no names, formula-safe."""
    survey = selectors.hr_survey_get(slug=slug)
    if survey is None:
        raise Http404
    rows = selectors.hr_survey_answer_rows(survey=survey)
    response = StreamingHttpResponse(csv_stream(rows), content_type="text/csv")
    filename = f"exitbot-feedback-{survey.slug}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# The employee's rating of their interview, offered on the completion screen


@require_POST
@private_page("same-origin")
@language_scoped
def interview_rating_view(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Store the employee's optional rating once; any trouble leaves the interview untouched."""
    interview = bound_interview_get(binding_get(request), public_id)
    typed = {key: request.POST.get(key, "") for key in ("rating", "comment")}
    try:
        response = interview_feedback_submit(interview=interview, raw=typed)
    except SurveyInvalidError as exc:
        context = {
            "interview": interview,
            "typed": typed,
            "errors": exc.errors,
            "max_length": settings.ANSWER_MAX_LENGTH,
        }
        return render(request, "feedback/interview_rating.html", context, status=422)
    except AlreadyAnsweredError:
        messages.info(request, _("You had already rated this interview. Thank you!"))
    except SurveyClosedError:
        pass  # only a completed interview can be rated; its page shows where it stands
    else:
        if response is not None:
            messages.success(request, _("Thank you for rating this interview."))
    return redirect("interviews:interview-detail", public_id=interview.public_id)
