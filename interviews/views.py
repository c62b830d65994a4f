"""The employee's interview pages: parse, call a service, respond."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.middleware import HtmxDetails

from exitbot.context_processors import organisation
from interviews import ratelimit
from interviews.answers import AnswerInvalidError, RawAnswer
from interviews.binding import Binding, binding_get, binding_save
from interviews.kinds import KINDS
from interviews.language import interview_language_activate, language_scoped
from interviews.metrics import message_timed
from interviews.models import Interview, Response
from interviews.rendered import rendered_once
from interviews.selectors import (
    interview_get_by_public_id,
    interview_get_by_token,
    interview_read_by_public_id,
    interview_state_get,
)
from interviews.services.answers import interview_page_message_submit
from interviews.services.interviews import (
    InterviewClosedError,
    InterviewNotFoundError,
    QuestionNotCurrentError,
    interview_open,
    interview_resume_record,
    interview_view_record,
)

ALREADY_ANSWERED = gettext_lazy(
    "This question was already answered in another window; here is where you are now."
)

View = Callable[..., HttpResponse]

PAGE_TEMPLATE = "interviews/interview_detail.html"
MAIN_TEMPLATE = "interviews/_main.html"
CHAT_TEMPLATE = "interviews/_chat.html"
# Where the page's main part goes in the page rendered around it.
MAIN_MARK = "<!-- the interview's main part -->"


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def private_page(referrer_policy: str) -> Callable[[View], View]:
    """Interview pages are never cached and send no Referer to other sites.

    The token URL sends none at all. The token-free pages use ``same-origin``: under
    ``no-referrer`` browsers send ``Origin: null`` with a form POST, which Django's CSRF check
    rightly refuses, and the page URLs carry no secret.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            response["Referrer-Policy"] = referrer_policy
            return response

        return wrapped

    return decorate


@lru_cache(maxsize=10_000)
def _page_urls(script_prefix: str, public_id: str) -> tuple[str, str]:
    """The interview page's URL and its answer URL, which do not change while a process runs.

    Every round trip needs both, and reversing them took 2 % of a worker's time under load.
    """
    kwargs = {"public_id": public_id}
    detail = reverse("interviews:interview-detail", kwargs=kwargs)
    return detail, reverse("interviews:interview-answer", kwargs=kwargs)


def page_urls(interview: Interview) -> tuple[str, str]:
    """The URLs of ``interview``'s page and of its answers."""
    return _page_urls(get_script_prefix(), str(interview.public_id))


def question_input_context() -> dict[str, Any]:
    """What the question input template needs besides the question."""
    return {"max_length": settings.ANSWER_MAX_LENGTH}


def bound_interview_get(binding: Binding, public_id: Any) -> Interview:
    """The interview behind a page URL if this browser holds it, in its language; else 404."""
    if not binding.holds(public_id):
        raise Http404
    interview = interview_get_by_public_id(public_id=str(public_id))
    if interview is None:
        raise Http404
    interview_language_activate(interview)
    return interview


def bound_interview_read(binding: Binding, public_id: Any) -> tuple[Interview, list[Response]]:
    """bound_interview_get, with the interview's answers read in the same statement."""
    if not binding.holds(public_id):
        raise Http404
    found = interview_read_by_public_id(public_id=str(public_id))
    if found is None:
        raise Http404
    interview_language_activate(found[0])
    return found


@require_GET
@private_page("no-referrer")
def invite_open_view(request: HttpRequest, token: str) -> HttpResponse:
    """Check the invite token, bind the interview to the session, drop the token from the URL."""
    interview = interview_get_by_token(token=token)
    if interview is None:
        if ratelimit.token_miss_record(request):
            return render(request, "interviews/too_many_attempts.html", status=429)
        raise Http404
    binding = binding_get(request)
    binding.bind(interview.public_id)
    interview_resume_record(interview=interview)
    response = redirect("interviews:interview-detail", public_id=interview.public_id)
    binding_save(binding, response)
    return response


def _reviewable(binding: Binding, interview: Interview) -> bool:
    """Answers stay readable only in the browser that completed them, within the review window."""
    if not binding.completed_here(interview.public_id):
        return False
    window = datetime.timedelta(hours=settings.INTERVIEW_REVIEW_HOURS)
    return interview.completed_at is not None and timezone.now() < interview.completed_at + window


def _render_interview(
    request: HttpRequest,
    interview: Interview,
    binding: Binding,
    *,
    error: str = "",
    typed: RawAnswer = None,
    status: int = 200,
    record_view: bool = False,
    fragment: bool = False,
    notice: str = "",
    responses: list[Response] | None = None,
) -> HttpResponse:
    if interview.status in (Interview.Status.CANCELLED, Interview.Status.EXPIRED):
        return render(
            request, "interviews/interview_closed.html", {"interview": interview}, status=410
        )
    if interview.status == Interview.Status.COMPLETED and not _reviewable(binding, interview):
        return render(request, "interviews/interview_completed.html", {"interview": interview})
    state = interview_state_get(interview=interview, responses=responses)
    typed_list = typed if isinstance(typed, list) else [typed] if typed else []
    context = {
        "interview": interview,
        "state": state,
        "progress": state.progress,
        "followup": state.open_followup,
        "question": state.current_question,
        "error": error,
        "notice": notice,
        "typed": typed if isinstance(typed, str) else "",
        "typed_list": [str(item) for item in typed_list],
        "answer_url": page_urls(interview)[1],
        **question_input_context(),
    }
    if record_view:
        interview_view_record(interview=interview, question=context["question"])
    if fragment:
        return render(request, CHAT_TEMPLATE, context, status=status)
    before, after = _page_around(request)
    main = render_to_string(MAIN_TEMPLATE, context, request)
    return HttpResponse(before + main + after, status=status)


def _page_around(request: HttpRequest) -> tuple[str, str]:
    """The interview page's HTML before and after its main part, which is the same for every
    employee reading it in one language: rendered once per process, without the request (see
    interviews.rendered). Rendering it took a third of the page's time, after every answer.
    """
    shared = organisation(request)
    values = {
        "main": mark_safe(MAIN_MARK),  # noqa: S308  # nosec B308 B703 - a constant
        "LANGUAGE_CODE": get_language(),
        **shared,
    }
    # The language is part of every key; the rest of the values is the settings shared above.
    key = tuple(shared.items())
    before, _, after = rendered_once(key, PAGE_TEMPLATE, values).partition(MAIN_MARK)
    return before, after


@require_GET
@private_page("same-origin")
@language_scoped
def interview_detail_view(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The interview as it stands in the database: transcript, question n of N, the input."""
    binding = binding_get(request)
    interview, responses = bound_interview_read(binding, public_id)
    expired = interview.is_open and interview.expires_at <= timezone.now()
    if interview.status == Interview.Status.PENDING or expired:
        interview = interview_open(interview=interview)
    return _render_interview(request, interview, binding, record_view=True, responses=responses)


def _raw_answer(request: HttpRequest) -> RawAnswer:
    if "skip" in request.POST:
        return ""
    values = request.POST.getlist("answer")
    kind = KINDS.get(request.POST.get("kind", ""))
    if len(values) > 1 or (kind is not None and kind.many):
        return values
    return values[0] if values else ""


@message_timed
@require_POST
@private_page("same-origin")
@language_scoped
def interview_answer_view(request: HtmxHttpRequest, public_id: Any) -> HttpResponse:
    """Store one answer, then redirect to the page (post, redirect, get).

    An htmx request gets the chat with the next question at once instead of the redirect:
    one round trip less, and a refresh still lands on the page from the database.
    """
    binding = binding_get(request)
    if not binding.holds(public_id):
        raise Http404
    raw = _raw_answer(request)
    try:
        question_id = int(request.POST.get("question_id", ""))
    except ValueError:
        interview = bound_interview_get(binding, public_id)
        messages.info(request, _("That answer did not say which question it was for; try again."))
        return redirect("interviews:interview-detail", public_id=interview.public_id)
    htmx = bool(request.htmx)
    response: HttpResponse
    notice = ""
    stored = False
    try:
        # The service finds the interview under its lock, and returns it as it committed it:
        # fresh enough to render.
        result = interview_page_message_submit(
            public_id=str(public_id), question_id=question_id, raw=raw
        )
        interview = result.interview
        interview_language_activate(interview)
    except InterviewNotFoundError:
        raise Http404 from None
    except AnswerInvalidError as exc:
        interview = bound_interview_get(binding, public_id)
        status = 200 if htmx else 422
        return _render_interview(
            request, interview, binding, error=exc.message, typed=raw, status=status, fragment=htmx
        )
    except QuestionNotCurrentError as exc:
        notice = exc.message
        interview = bound_interview_get(binding, public_id)
    except InterviewClosedError:
        interview = bound_interview_get(binding, public_id)  # the page explains it is closed
    else:
        stored = result.stored
        if not stored:  # another window (or a double submit) got there first
            notice = str(ALREADY_ANSWERED)
        elif interview.status == Interview.Status.COMPLETED:
            binding.complete(public_id)
    detail_url = page_urls(interview)[0]
    if htmx:
        response = _render_interview(
            request, interview, binding, record_view=True, fragment=True, notice=notice
        )
        if stored:
            # One history entry per answer, all on the page's own URL: Back and Forward stay in
            # the interview and reload it from the server (see interview_detail.html).
            response["HX-Push-Url"] = detail_url
    else:
        if notice:
            messages.info(request, notice)
        response = HttpResponseRedirect(detail_url)
    binding_save(binding, response)
    return response
