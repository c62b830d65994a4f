"""deploy/: alert rules that promtool accepts, and no rule or panel on a metric we do not export."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

DEPLOY = Path(settings.BASE_DIR) / "deploy"
PROMQL_WORDS = {
    "sum",
    "avg",
    "max",
    "min",
    "count",
    "by",
    "without",
    "rate",
    "increase",
    "irate",
    "histogram_quantile",
    "avg_over_time",
    "max_over_time",
    "min_over_time",
    "offset",
    "and",
    "or",
    "unless",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "bool",
    "vector",
    "absent",
    "clamp_min",
    "clamp_max",
    "time",
    "e",
}
SUFFIXES = ("", "_total", "_bucket", "_count", "_sum", "_created")


def _expressions() -> list[str]:
    rules = yaml.safe_load((DEPLOY / "alerts.yml").read_text())
    exprs = [rule["expr"] for group in rules["groups"] for rule in group["rules"]]
    dashboard = json.loads((DEPLOY / "grafana-dashboard.json").read_text())
    exprs += [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]
    return exprs


def _metric_names(expr: str) -> set[str]:
    bare = re.sub(r'"[^"]*"', "", expr)  # label values
    bare = re.sub(r"\{[^}]*\}", "", bare)  # label matchers
    bare = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", "", bare)  # grouping labels
    bare = re.sub(r"\[[^\]]*\]", "", bare)  # ranges
    tokens = set(re.findall(r"\b[a-zA-Z_:][a-zA-Z0-9_:]*\b", bare))
    return {t for t in tokens if t not in PROMQL_WORDS and not re.fullmatch(r"\d+[smhdw]", t)}


@pytest.mark.django_db
def test_every_metric_in_the_rules_and_the_dashboard_is_exported():
    # given
    text = Client().get("/metrics").content.decode()
    exported = {
        family.name + suffix
        for family in text_string_to_metric_families(text)
        for suffix in SUFFIXES
    }
    # when
    used = set().union(*(_metric_names(expr) for expr in _expressions()))
    # then
    assert used  # the parsing found something
    assert "message_response_time_seconds_bucket" in used
    assert used <= exported, f"not exported: {sorted(used - exported)}"


def test_dashboard_has_the_panels_operators_need():
    # given
    dashboard = json.loads((DEPLOY / "grafana-dashboard.json").read_text())
    # when
    text = " ".join(t["expr"] for p in dashboard["panels"] for t in p["targets"])
    # then
    for metric in (
        "message_response_time_seconds_bucket",
        "interview_creation_time_seconds_bucket",
        "interviews_started_total",
        "interviews_completed_total",
        "interview_completion_rate",
        "api_errors_total",
        "llm_fallbacks_total",
        "celery_tasks_total",
    ):
        assert metric in text


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool is not installed")
def test_alert_rules_pass_promtool():
    # when
    result = subprocess.run(  # noqa: S603 - promtool on our own file
        [str(shutil.which("promtool")), "check", "rules", str(DEPLOY / "alerts.yml")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    # then
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS: 5 rules found" in result.stdout
