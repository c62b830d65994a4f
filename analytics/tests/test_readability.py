"""Analytics readability: question text with the key on hover, whole labels, a visible title and
what each chart measures, and one number format in chart and table."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from analytics.charts import bar_chart
from analytics.services import question_stats_compute

pytestmark = pytest.mark.django_db

LONG = "Looking back over your whole time with us, what would have made you stay a while longer?"


@pytest.fixture
def analyst(client):
    user = User.objects.create_user(username="ana", is_staff=True)
    user.groups.add(Group.objects.get(name="Analysts"))
    client.force_login(user)
    return client


@pytest.fixture
def stats(small_set, answered):
    small_set.questions.filter(key="comment").update(text=LONG)
    for number in range(6):
        answered(small_set, ["4", "" if number % 3 == 0 else f"note {number}", "yes"])
    question_stats_compute(day=timezone.localdate())


def _label_text(svg: str) -> list[str]:
    """Each bar's label as a reader sees it: its lines joined."""
    return [
        " ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", label))
        for label in re.findall(r'<text class="chart-label".*?</text>', svg)
    ]


def test_bar_chart_wraps_a_long_label_instead_of_cutting_it_and_hints_on_hover():
    # when
    svg = str(bar_chart([(LONG, 3)], title="T", desc="D", hints=["stay_reason"]))
    # then
    assert _label_text(svg) == [LONG]
    assert "…" not in svg
    assert '<text class="chart-label" text-anchor="end"><title>stay_reason</title>' in svg


def test_effectiveness_chart_and_table_name_questions_by_text_in_one_number_format(analyst, stats):
    # when
    html = analyst.get("/analytics/", {"mode": "predefined"}).content.decode()
    # then: a visible title and a line on what it measures, above the chart
    assert '<h2 class="chart-title">Share of answers that are not empty</h2>' in html
    assert '<p class="chart-measures">Of the interviews that reached a question' in html
    labels = _label_text(html)
    assert f"{LONG} (predefined questions)" in labels
    assert "<title>comment</title>" in html
    # the chart's 67% is the table's 67%, not 0.67
    assert re.search(r'class="chart-value">67%<', html)
    table = html.split("<tbody>", 1)[1]
    assert "<td>67%</td>" in table and "0.67" not in table
    assert LONG in table and "<code>comment</code>" in table


def test_trend_charts_have_headings(analyst, stats):
    # when
    html = analyst.get("/analytics/trends/").content.decode()
    # then
    assert '<h2 class="chart-title">Completion rate by month</h2>' in html
    assert '<h2 class="chart-title">eNPS by month</h2>' in html


@pytest.mark.parametrize("path", ["/analytics/funnel/", "/analytics/comparison/"])
def test_every_chart_says_what_it_measures(analyst, stats, path):
    # when
    html = analyst.get(path).content.decode()
    # then
    assert html.count('<h2 class="chart-title">') == html.count('<svg class="chart"') >= 1
    assert html.count('<p class="chart-measures">') == html.count('<svg class="chart"')
