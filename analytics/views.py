"""The analyst pages: parse the query, call a selector, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from analytics import charts, exports, selectors, theme_selectors
from analytics.tasks import question_stats_compute_task
from audit.models import AuditEntry
from audit.services import audit_record

View = Callable[..., HttpResponseBase]
PERMISSION = "analytics.view_questionstats"
# Raw comments are a separate grant: the Analysts role alone sees aggregates only.
FREE_TEXT_PERMISSION = "analytics.view_free_text"


def analyst_required(view: View) -> View:
    """Staff in the Analysts group (or with the statistics view permission) only."""

    @wraps(view)
    @login_required(login_url="admin:login")
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not (request.user.is_staff and request.user.has_perm(PERMISSION)):
            raise PermissionDenied(
                gettext(
                    "The analytics pages are for staff in the Analysts group (permission: can "
                    "view question stats)."
                )
            )
        return view(request, *args, **kwargs)

    return wrapped


def _percent(value: float) -> str:
    return f"{value:.0%}"


@require_GET
@analyst_required
def effectiveness_view(request: HttpRequest) -> HttpResponse:
    """Question effectiveness over the latest 30 days, sortable by each column."""
    sort = request.GET.get("sort", "question_order")
    descending = request.GET.get("dir") == "desc"
    mode = request.GET.get("mode", "")
    rows = selectors.effectiveness_rows(sort=sort, descending=descending, mode=mode)
    chart = charts.bar_chart(
        [
            (
                f"{r.question_text} ({r.stats.get_mode_display().lower()})",
                None if r.hidden else r.stats.non_empty_rate,
            )
            for r in rows
        ],
        title=gettext("Share of answers that are not empty"),
        desc=gettext(
            "Of the interviews that reached a question in the latest 30 days, the share that "
            "answered it with something; the table below has the same figures."
        ),
        fmt=_percent,
        maximum=1,
        hints=[r.stats.question_key for r in rows],
        captioned=True,
    )
    context = {
        "rows": rows,
        "sort": sort,
        "descending": descending,
        "mode": mode,
        "window": selectors.stats_latest_window(),
        "chart": chart if rows else None,
        "columns": _columns(),
    }
    return render(request, "analytics/effectiveness.html", context)


def _columns() -> list[tuple[str, str]]:
    labels = {
        "question_order": "#",
        "question_key": gettext("Question"),
        "mode": gettext("Mode"),
        "responses": gettext("Answers"),
        "non_empty_rate": gettext("Not empty"),
        "avg_length": gettext("Avg length"),
        "completion_rate": gettext("Completed"),
        "drop_off": gettext("Stopped here"),
        "median_seconds": gettext("Median time"),
        "avg_sentiment": gettext("Sentiment"),
    }
    return [(name, labels[name]) for name in selectors.SORTABLE]


@require_GET
@analyst_required
def funnel_view(request: HttpRequest) -> HttpResponse:
    """How many interviews answered each question of the sequence."""
    label, steps = selectors.funnel_steps()
    chart = charts.bar_chart(
        [(f"{s.order}. {s.text}", s.responses) for s in steps],
        title=gettext("Answers per question, in order"),
        desc=gettext(
            "How many interviews of %(label)s answered each question over the latest 30 days; "
            "a drop between two bars is where people stopped."
        )
        % {"label": label},
        hints=[s.key for s in steps],
        captioned=True,
    )
    return render(
        request,
        "analytics/funnel.html",
        {"label": label, "steps": steps, "chart": chart if steps else None},
    )


@require_GET
@analyst_required
def reasons_view(request: HttpRequest) -> HttpResponse:
    """Reasons for leaving broken down by department, month, exit type or regret."""
    dimension = request.GET.get("by", "department")
    if dimension not in selectors.DIMENSIONS:
        dimension = "department"
    breakdown = selectors.reason_breakdown(dimension=dimension)
    overall: dict[str, int] = {}
    for cells in breakdown.cells.values():
        for answer, n in cells.items():
            overall[answer] = overall.get(answer, 0) + n
    chart = charts.bar_chart(
        [(answer, overall[answer]) for answer in breakdown.answers],
        title=gettext("Main reason for leaving"),
        desc=gettext("How many completed interviews named each reason, all groups together."),
        captioned=True,
    )
    table = [
        (
            group,
            [breakdown.cells[group].get(a, 0) for a in breakdown.answers],
            breakdown.group_totals[group],
        )
        for group in breakdown.groups
    ]
    context = {
        "breakdown": breakdown,
        "dimension": dimension,
        "dimensions": selectors.DIMENSIONS,
        "dimension_label": selectors.DIMENSIONS[dimension],
        "table": table,
        "chart": chart if breakdown.total else None,
        "k": settings.ANONYMITY_MIN_GROUP,
    }
    return render(request, "analytics/reasons.html", context)


@require_GET
@analyst_required
def enps_view(request: HttpRequest) -> HttpResponse:
    """eNPS overall and by department."""
    overall, rows, hidden = selectors.enps_by_department()
    chart = charts.bar_chart(
        [(r.group, r.score) for r in rows],
        title=gettext("eNPS by department"),
        desc=gettext(
            "How likely leavers are to recommend working here: the share of promoters (9–10) "
            "minus detractors (0–6), in points from -100 to 100."
        ),
        maximum=100,
        captioned=True,
    )
    context = {
        "overall": overall,
        "rows": rows,
        "hidden": hidden,
        "chart": chart if rows else None,
        "k": settings.ANONYMITY_MIN_GROUP,
    }
    return render(request, "analytics/enps.html", context)


@require_GET
@analyst_required
def comparison_view(request: HttpRequest) -> HttpResponse:
    """Predefined vs LLM completion with sample sizes and a two-proportion test."""
    comparison = selectors.mode_comparison()
    rates = {}
    for mode, n in comparison.started.items():
        done = comparison.completed[mode]
        rates[mode] = None if done is None or not n else done / n
    chart = charts.bar_chart(
        [
            (gettext("Predefined questions"), rates["predefined"]),
            (gettext("LLM conversation"), rates["llm"]),
        ],
        title=gettext("Completion rate by mode"),
        desc=gettext("Of the interviews started in each mode, the share completed."),
        fmt=_percent,
        maximum=1,
        captioned=True,
    )
    context = {"comparison": comparison, "rates": rates, "chart": chart}
    return render(request, "analytics/comparison.html", context)


@require_GET
@analyst_required
def trends_view(request: HttpRequest) -> HttpResponse:
    """Interviews, completion and eNPS by month."""
    points = selectors.monthly_trends()
    completion = charts.line_chart(
        [(p.month, p.completion_rate) for p in points],
        title=gettext("Completion rate by month"),
        desc=gettext(
            "Of the interviews started each month, the share completed; months under the "
            "threshold are gaps."
        ),
        low=0,
        high=1,
        fmt=_percent,
        captioned=True,
    )
    enps = charts.line_chart(
        [(p.month, p.enps) for p in points],
        title=gettext("eNPS by month"),
        desc=gettext(
            "Promoters minus detractors among each month's leavers, from -100 to 100; months "
            "under the threshold are gaps."
        ),
        low=-100,
        high=100,
        captioned=True,
    )
    context = {
        "points": points,
        "completion_chart": completion if points else None,
        "enps_chart": enps if points else None,
        "k": settings.ANONYMITY_MIN_GROUP,
    }
    return render(request, "analytics/trends.html", context)


@require_GET
@analyst_required
def comments_view(request: HttpRequest) -> HttpResponse:
    """Free-text answers to one question, above the comments threshold only."""
    if not request.user.has_perm(FREE_TEXT_PERMISSION):
        raise PermissionDenied(
            gettext(
                "Reading free-text comments is a separate grant (permission: can read free-text "
                "answers on the analytics pages), held by HR admins; the Analysts group alone "
                "sees aggregates."
            )
        )
    keys = selectors.text_question_keys()
    key = request.GET.get("key") or (keys[-1] if keys else "")
    comments = selectors.comments_for(key=key) if key else None
    audit_record(action=AuditEntry.Action.COMMENTS_READ, request=request, target=key)
    context = {
        "keys": keys,
        "key": key,
        "comments": comments,
        "k_comments": settings.ANONYMITY_MIN_GROUP_COMMENTS,
    }
    return render(request, "analytics/comments.html", context)


@require_GET
@analyst_required
def themes_view(request: HttpRequest) -> HttpResponse:
    """Themes of free-text answers by a dimension, a theme's comments, and emerging topics."""
    dimension = request.GET.get("by", "month")
    if dimension not in theme_selectors.THEME_DIMENSIONS:
        dimension = "month"
    table = theme_selectors.theme_table(dimension=dimension)
    theme = request.GET.get("theme", "")
    chart = charts.bar_chart(
        [(label, table.totals.get(key, 0)) for key, label in table.themes],
        title=gettext("Respondents naming each theme"),
        desc=gettext(
            "How many completed interviews have at least one free-text answer coded with the theme."
        ),
        captioned=True,
    )
    context = {
        "table": table,
        "rows": [
            (
                group,
                table.group_sizes[group],
                [
                    (table.cells.get(group, {}).get(key, 0), _percent(table.share(group, key) or 0))
                    for key, _ in table.themes
                ],
            )
            for group in table.groups
        ],
        "dimension": dimension,
        "dimensions": theme_selectors.THEME_DIMENSIONS,
        "dimension_label": theme_selectors.THEME_DIMENSIONS[dimension],
        "comments": theme_selectors.theme_comments(theme=theme) if theme else None,
        "topics": theme_selectors.emerging_topic_list(),
        "chart": chart if table.respondents else None,
        "k_comments": settings.ANONYMITY_MIN_GROUP_COMMENTS,
    }
    return render(request, "analytics/themes.html", context)


@require_POST
@analyst_required
def recompute_view(request: HttpRequest) -> HttpResponse:
    """Queue a recomputation of today's statistics."""
    day = timezone.localdate().isoformat()
    transaction.on_commit(lambda: question_stats_compute_task.delay(day))
    messages.success(request, gettext("Statistics are being recomputed; refresh in a moment."))
    return redirect("analytics:effectiveness")


EXPORTS = {"interviews": "Interviews", "stats": "Question statistics"}


@require_GET
@analyst_required
def export_view(request: HttpRequest, what: str, fmt: str) -> HttpResponseBase:
    """Download interviews with answers, or the statistics, as CSV or XLSX."""
    if what not in EXPORTS or fmt not in ("csv", "xlsx"):
        raise Http404
    audit_record(action=AuditEntry.Action.EXPORT_READ, request=request, target=f"{what}.{fmt}")
    rows = (
        exports.interview_rows(
            k=settings.ANONYMITY_MIN_GROUP,
            k_comments=settings.ANONYMITY_MIN_GROUP_COMMENTS,
            with_free_text=request.user.has_perm(FREE_TEXT_PERMISSION),
        )
        if what == "interviews"
        else exports.stats_rows(settings.ANONYMITY_MIN_GROUP)
    )
    filename = f"exitbot-{what}-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_stream(rows), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return FileResponse(
        exports.xlsx_file(rows, EXPORTS[what]),
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
