"""The analytics API: the interview export and the question statistics."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics.exports import csv_stream, interview_rows
from analytics.models import QuestionStats
from analytics.selectors import stats_latest_list
from audit.models import AuditEntry
from audit.services import audit_record
from interviews.api.common import error_responses, page_of, paginated

VIEW_INTERVIEW = ["interviews.view_interview"]
# As on the analyst pages: without this grant the export leaves the free-text columns out.
FREE_TEXT_PERMISSION = "analytics.view_free_text"


class InterviewExportApi(APIView):
    """All interviews as CSV, one row each, answers in columns by question key.

    Free-text columns only for a token whose account holds ``analytics.view_free_text``.
    """

    permissions = {"GET": VIEW_INTERVIEW}

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV file"),
            **error_responses(401, 403),
        }
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        audit_record(
            action=AuditEntry.Action.EXPORT_READ, request=request, target="api interviews.csv"
        )
        response = StreamingHttpResponse(
            csv_stream(
                interview_rows(
                    k=settings.ANONYMITY_MIN_GROUP,
                    k_comments=settings.ANONYMITY_MIN_GROUP_COMMENTS,
                    with_free_text=request.user.has_perm(FREE_TEXT_PERMISSION),
                )
            ),
            content_type="text/csv",
        )
        response["Content-Disposition"] = 'attachment; filename="interviews.csv"'
        return response


class QuestionStatsListApi(APIView):
    """The latest rolling 30-day statistics per question; figures under the threshold hidden."""

    permissions = {"GET": ["analytics.view_questionstats"]}

    @extend_schema_serializer(component_name="QuestionStats")
    class OutputSerializer(serializers.ModelSerializer[QuestionStats]):
        question_set = serializers.CharField(source="question_set.slug")
        question_set_version = serializers.IntegerField(source="question_set.version")
        question_key = serializers.CharField()
        mode = serializers.CharField()
        hidden = serializers.BooleanField(default=False)

        class Meta:
            model = QuestionStats
            fields = [
                "question_set",
                "question_set_version",
                "question_key",
                "mode",
                "period_start",
                "period_end",
                "responses",
                "hidden",
                *QuestionStats.FIGURES,
            ]
            # Null when hidden under the threshold.
            extra_kwargs: ClassVar[dict[str, Any]] = {
                name: {"allow_null": True} for name in QuestionStats.FIGURES
            }

    @extend_schema(
        operation_id="stats_questions_list",
        responses={
            200: page_of(OutputSerializer, "QuestionStatsPage"),
            **error_responses(401, 403),
        },
    )
    def get(self, request: Request) -> Response:
        rows = stats_latest_list().order_by("question_set__slug", "question_order", "mode")
        return paginated(request, self, rows, self._shown)

    def _shown(self, page: list[Any]) -> list[dict[str, Any]]:
        data = []
        for stats in page:
            item = dict(self.OutputSerializer(stats).data)
            figures = stats.shown_figures(settings.ANONYMITY_MIN_GROUP)
            item["hidden"] = figures is None
            if figures is None:
                item.update(dict.fromkeys(QuestionStats.FIGURES))
            data.append(item)
        return data
