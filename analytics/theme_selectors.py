"""Reads for the themes page: counts and shares by respondents, comments of a theme, topics.

Sensitive answers are left out of everything here; comments are redacted before they leave.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, F, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from analytics.models import AnswerTheme, EmergingTopic
from analytics.taxonomy import THEMES
from exitbot.lib.anonymity import OTHER, comments_allowed, fold_small_groups
from interviews.models import Interview
from interviews.redaction import redactor_get

THEME_DIMENSIONS = {
    "month": _("Month"),
    "department": _("Department"),
    "mode": _("Mode"),
    "exit_type": _("Voluntary or involuntary"),
}
_INTERVIEW_FIELDS: dict[str, Any] = {
    "month": TruncMonth("completed_at"),
    "department": F("employee__department"),
    "mode": F("mode"),
    "exit_type": F("exit_type"),
}


def _label(dimension: str, value: Any) -> str:
    if dimension == "month":
        return value.strftime("%Y-%m") if value else "Unknown"
    if dimension == "exit_type":
        return str(dict(Interview.ExitType.choices).get(value, "Not classified"))
    if dimension == "mode":
        return dict(Interview.Mode.choices).get(value, value)
    return value or "Unknown"


def visible_themes() -> QuerySet[AnswerTheme]:
    """Themes of completed interviews' answers that are not in the sensitive queue."""
    return AnswerTheme.objects.filter(
        response__interview__status=Interview.Status.COMPLETED, response__sensitive__isnull=True
    )


@dataclass
class ThemeTable:
    """Respondents naming each theme, by group; groups under the threshold folded or hidden."""

    dimension: str
    groups: list[str]
    group_sizes: dict[str, int]
    cells: dict[str, dict[str, int]]
    totals: dict[str, int]
    respondents: int
    hidden: int

    def share(self, group: str, theme: str) -> float | None:
        size = self.group_sizes.get(group, 0)
        return self.cells.get(group, {}).get(theme, 0) / size if size else None

    @property
    def themes(self) -> list[tuple[str, str]]:
        return sorted(THEMES.items(), key=lambda item: -self.totals.get(item[0], 0))


def theme_table(*, dimension: str) -> ThemeTable:
    """Counts and shares of respondents (completed interviews) per theme and group."""
    field = _INTERVIEW_FIELDS[dimension]
    sizes_raw: dict[str, int] = defaultdict(int)
    rows = (
        Interview.objects.filter(status=Interview.Status.COMPLETED)
        .annotate(group=field)
        .values_list("group")
        .annotate(n=Count("id"))
        .order_by()
    )
    for group, n in rows:
        sizes_raw[_label(dimension, group)] += n
    mapping = fold_small_groups(sizes_raw, int(settings.ANONYMITY_MIN_GROUP))
    counted = (
        visible_themes()
        .annotate(group=_prefixed(dimension))
        .values_list("group", "theme")
        .annotate(n=Count("response__interview", distinct=True))
        .order_by()
    )
    cells: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[str, int] = defaultdict(int)
    for group, theme, n in counted:
        target = mapping.get(_label(dimension, group))
        if target is None:
            continue
        cells[target][theme] += n
        totals[theme] += n
    group_sizes: dict[str, int] = defaultdict(int)
    hidden = 0
    for group, n in sizes_raw.items():
        target = mapping[group]
        if target is None:
            hidden += n
        else:
            group_sizes[target] += n
    groups = sorted(group_sizes, key=lambda g: (g == OTHER, g))
    return ThemeTable(
        dimension=dimension,
        groups=groups,
        group_sizes=dict(group_sizes),
        cells={g: dict(c) for g, c in cells.items()},
        totals=dict(totals),
        respondents=sum(group_sizes.values()),
        hidden=hidden,
    )


def _prefixed(dimension: str) -> Any:
    fields: dict[str, Any] = {
        "month": TruncMonth("response__interview__completed_at"),
        "department": F("response__interview__employee__department"),
        "mode": F("response__interview__mode"),
        "exit_type": F("response__interview__exit_type"),
    }
    return fields[dimension]


@dataclass(frozen=True)
class ThemeComments:
    """The redacted comments of one theme, or how many there are when too few to show."""

    theme: str
    label: str
    count: int
    items: list[str]
    allowed: bool


def theme_comments(*, theme: str, limit: int = 50) -> ThemeComments | None:
    """The newest comments coded with a theme, redacted, only above the comments threshold."""
    if theme not in THEMES:
        return None
    answers = visible_themes().filter(theme=theme)
    count = answers.values("response__interview").distinct().count()
    allowed = comments_allowed(count, int(settings.ANONYMITY_MIN_GROUP_COMMENTS))
    items: list[str] = []
    if allowed:
        redactor = redactor_get()
        texts = answers.order_by("-response__created_at").values_list(
            "response__employee_message", flat=True
        )[:limit]
        items = [redactor.redact(text) for text in texts]
    return ThemeComments(theme, THEMES[theme], count, items, allowed)


def emerging_topic_list() -> list[EmergingTopic]:
    """The latest emerging topics (each already holds at least ten answers)."""
    return list(EmergingTopic.objects.all())
