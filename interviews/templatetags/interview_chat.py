"""The interview chat's transcript, the welcome, the current question's input, and the mark on
a model's messages: the parts of the interview page that cost the most to render.

The transcript is built in Python rather than by a template loop, whose nodes took about a
sixth of the interview page's render time; the page is rendered after every answer. Every value
is escaped with ``html.escape``, as the template's autoescape does, and answers go through
``linebreaksbr`` as before. The welcome, and the input of a question nobody has typed into yet,
are the same for every employee, so each is rendered once per process for each wording and
language.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from interviews.models import Question, QuestionSet, Response
from interviews.rendered import rendered_once

register = template.Library()

INPUT_TEMPLATE = "interviews/_question_input.html"
INTRO_TEMPLATE = "interviews/_intro.html"


@register.simple_tag
def interview_intro(question_set: QuestionSet) -> SafeString:
    """The set's welcome (or the default one naming the organisation) and the safety note."""
    organisation = settings.ORGANISATION_NAME
    values = {"question_set": question_set, "organisation_name": organisation}
    return rendered_once((question_set.intro_message, organisation), INTRO_TEMPLATE, values)


@register.simple_tag(takes_context=True)
def question_input(context: template.Context, question: Question) -> SafeString:
    """The question's input from its kind's template, with what was typed and the error, if any.

    An untyped input depends only on what the key below holds: every field of the question the
    kind templates read and the answer length limit (and the active language).
    """
    values = {
        "question": question,
        "typed": context.get("typed", ""),
        "typed_list": context.get("typed_list", []),
        "error": context.get("error", ""),
        "disabled": False,
        "max_length": settings.ANSWER_MAX_LENGTH,
    }
    if values["typed"] or values["typed_list"] or values["error"]:
        return render_to_string(INPUT_TEMPLATE, values)
    key = (
        question.pk,
        question.kind,
        question.text,
        question.help_text,
        question.required,
        tuple(question.choices),
        settings.ANSWER_MAX_LENGTH,
    )
    return rendered_once(key, INPUT_TEMPLATE, values)


@register.simple_tag
def model_mark() -> SafeString:
    """The small "AI" after a message a language model wrote."""
    return format_html(
        '<span class="turn-source" title="{}">{}</span>',
        _("Written by an AI language model, not by a person"),
        pgettext("marks a model-written message", "AI"),
    )


def _employee_bubble(text: str, skipped: str) -> str:
    shown = linebreaksbr(text, autoescape=True) if text else skipped
    return f'<li class="bubble employee">{shown}</li>'


@register.simple_tag
def transcript_bubbles(responses: Iterable[Response]) -> SafeString:
    """The bubbles of the answered questions: question, answer, follow-up, the bot's reply."""
    mark = model_mark()
    skipped = f"<em>{escape(_('Skipped'))}</em>"
    bubbles = []
    for response in responses:
        bubbles.append(f'<li class="bubble bot">{escape(response.question.text)}</li>')
        bubbles.append(_employee_bubble(response.employee_message, skipped))
        if response.followup_question and not response.followup_pending:
            followup = escape(response.followup_question)
            bubbles.append(f'<li class="bubble bot model">{followup}{mark}</li>')
            bubbles.append(_employee_bubble(response.followup_answer, skipped))
        if response.bot_response:
            reply = escape(response.bot_response)
            if response.bot_response_from_model:
                bubbles.append(f'<li class="bubble bot model">{reply}{mark}</li>')
            else:
                bubbles.append(f'<li class="bubble bot">{reply}</li>')
    return mark_safe("".join(bubbles))  # noqa: S308  # nosec B308 B703 - every value is escaped
