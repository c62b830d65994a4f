"""The HR-system API: thin views over the same services the web pages use."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from analytics.exports import csv_stream, interview_rows
from analytics.selectors import stats_latest_list
from audit.models import AuditEntry
from audit.services import audit_record
from exitbot.lib.anonymity import threshold
from interviews.api.pagination import Pagination
from interviews.models import Interview, Question, QuestionSet
from interviews.selectors import interview_list, interview_state_get, question_set_published_get
from interviews.services import (
    employee_upsert,
    interview_answer_submit,
    interview_create,
    interview_create_once,
    interview_followup_submit,
    leavers_upsert,
)

VIEW_INTERVIEW = ["interviews.view_interview"]
HIDDEN_FIGURES = [
    "non_empty",
    "avg_length",
    "completion_rate",
    "drop_off",
    "median_seconds",
    "avg_sentiment",
]
ERRORS = {
    400: OpenApiResponse(description="Invalid input: `detail` and per-field `errors`."),
    401: OpenApiResponse(description="No or bad credentials."),
    403: OpenApiResponse(description="The account lacks the permission."),
    404: OpenApiResponse(description="No such interview."),
    409: OpenApiResponse(description="The interview is closed, or the question is not current."),
    429: OpenApiResponse(description="Too many writes; retry later."),
}


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


def _page_of(item: Any, name: str) -> Any:
    """The documented shape of a paginated list of ``item``."""
    return inline_serializer(
        name=name,
        fields={
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item(many=True),
        },
    )


def _errors(*codes: int) -> dict[int, Any]:
    return {code: ErrorSerializer for code in codes}


class QuestionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    text = serializers.CharField()
    # help_text and required are also attributes of DRF fields; as declared fields they work.
    help_text = serializers.CharField()  # type: ignore[assignment]
    kind = serializers.ChoiceField(choices=Question.Kind.choices)
    choices = serializers.ListField(child=serializers.CharField())
    required = serializers.BooleanField()  # type: ignore[assignment]


class ProgressOutput(serializers.Serializer):
    answered = serializers.IntegerField()
    total = serializers.IntegerField()


class StateOutput(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Interview.Status.choices)
    mode = serializers.ChoiceField(choices=Interview.Mode.choices)
    employee_id = serializers.CharField()
    question_set = serializers.CharField()
    question_set_version = serializers.IntegerField()
    expires_at = serializers.DateTimeField()
    progress = ProgressOutput()
    current_question = QuestionOutput(allow_null=True)
    followup_question = serializers.CharField(allow_null=True)


def _state(interview: Interview) -> dict[str, Any]:
    state = interview_state_get(interview=interview)
    pending, current = state.open_followup, state.current_question
    return {
        "id": interview.pk,
        "status": interview.status,
        "mode": interview.mode,
        "employee_id": interview.employee.employee_id,
        "question_set": interview.question_set.slug,
        "question_set_version": interview.question_set.version,
        "expires_at": interview.expires_at,
        "progress": {"answered": state.progress.answered, "total": state.progress.total},
        "current_question": QuestionOutput(current).data if current else None,
        "followup_question": pending.followup_question if pending else None,
    }


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time in any offset Python accepts, converted to UTC.

    PostgreSQL refuses offsets beyond ±15:59 that ISO allows, and a date at either end of the
    calendar cannot move to UTC at all: both are form errors here, not a 500 later.
    """

    def to_python(self, value: Any) -> datetime.datetime | None:
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(datetime.UTC)
        except OverflowError as exc:
            raise DjangoValidationError(
                "This date-time is outside the range that can be searched.", code="invalid"
            ) from exc


class UtcDateTimeFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 date-time filter compared in UTC."""

    field_class = UtcDateTimeField


class InterviewFilter(filters.FilterSet):
    department = filters.CharFilter(field_name="employee__department")
    created_after = UtcDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UtcDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = Interview
        fields = ["status", "mode", "department", "created_after", "created_before"]


class InterviewCollectionApi(APIView):
    """List interviews (filtered, paginated) and create one."""

    permissions = {"GET": VIEW_INTERVIEW, "POST": ["interviews.add_interview"]}
    throttle_scope = "writes"

    @extend_schema_serializer(component_name="EmployeeInput")
    class EmployeeInput(serializers.Serializer):
        name = serializers.CharField(max_length=200)
        work_email = serializers.EmailField(required=False, allow_blank=True)
        personal_email = serializers.EmailField(required=False, allow_blank=True)
        department = serializers.CharField(max_length=120, required=False, allow_blank=True)
        job_title = serializers.CharField(max_length=120, required=False, allow_blank=True)
        manager_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
        exit_date = serializers.DateField(required=False, allow_null=True)

    @extend_schema_serializer(component_name="InterviewCreateInput")
    class InputSerializer(serializers.Serializer):
        employee_id = serializers.CharField(max_length=64)
        employee = serializers.DictField(required=False, help_text="Create or update inline.")
        question_set = serializers.SlugField(required=False, help_text="Default set if omitted.")
        mode = serializers.ChoiceField(choices=Interview.Mode.choices, required=False)
        valid_days = serializers.IntegerField(min_value=1, max_value=365, required=False)
        send_invite = serializers.BooleanField(default=False)

    @extend_schema_serializer(component_name="InterviewCreated")
    class CreatedOutput(StateOutput):
        invite_url = serializers.URLField(allow_null=True)

    @extend_schema_serializer(component_name="InterviewListItem")
    class ListOutput(serializers.Serializer):
        id = serializers.IntegerField()
        status = serializers.CharField()
        mode = serializers.CharField()
        employee_id = serializers.CharField(source="employee.employee_id")
        department = serializers.CharField(source="employee.department")
        question_set = serializers.CharField(source="question_set.slug")
        answered = serializers.IntegerField()
        created_at = serializers.DateTimeField()
        started_at = serializers.DateTimeField(allow_null=True)
        completed_at = serializers.DateTimeField(allow_null=True)

    def get_throttles(self) -> list[Any]:
        return [ScopedRateThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        operation_id="interviews_list",
        parameters=[
            OpenApiParameter("status", enum=Interview.Status.values),
            OpenApiParameter("mode", enum=Interview.Mode.values),
            OpenApiParameter("department", str),
            OpenApiParameter("created_after", OpenApiTypes.DATETIME),
            OpenApiParameter("created_before", OpenApiTypes.DATETIME),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={200: _page_of(ListOutput, "InterviewPage"), **_errors(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        interviews = interview_list().annotate(answered=Count("responses")).order_by("-id")
        filtered = InterviewFilter(request.query_params, queryset=interviews)
        if not filtered.is_valid():
            raise serializers.ValidationError(filtered.errors)
        return _paginated(
            request, self, filtered.qs, lambda page: self.ListOutput(page, many=True).data
        )

    @extend_schema(
        request=InputSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="Repeat a create safely: the same key returns the same interview.",
            )
        ],
        responses={
            201: CreatedOutput,
            200: CreatedOutput,
            **_errors(400, 401, 403, 429),
        },
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        employee_fields = self._employee_fields(values.pop("employee", None))
        employee = employee_upsert(employee_id=values.pop("employee_id"), **employee_fields)
        options = self._options(values, employee)
        key = request.headers.get("Idempotency-Key", "").strip()[:200]
        if key:
            interview, created = interview_create_once(user=_user(request), key=key, **options)
        else:
            created = interview_create(created_by=_user(request), **options)
            interview = created.interview
        body = {**_state(interview), "invite_url": created.invite_url if created else None}
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def _employee_fields(self, raw: dict[str, Any] | None) -> dict[str, Any]:
        if raw is None:
            return {}
        employee = self.EmployeeInput(data=raw)
        if not employee.is_valid():
            raise serializers.ValidationError({"employee": employee.errors})
        return dict(employee.validated_data)

    def _options(self, values: dict[str, Any], employee: Any) -> dict[str, Any]:
        question_set = None
        if slug := values.get("question_set"):
            question_set = question_set_published_get(slug=slug)
            if question_set is None:
                raise serializers.ValidationError(
                    {"question_set": [f"No published question set '{slug}'."]}
                )
        expires_at = None
        if days := values.get("valid_days"):
            expires_at = timezone.now() + datetime.timedelta(days=days)
        return {
            "employee": employee,
            "question_set": question_set,
            "mode": values.get("mode"),
            "expires_at": expires_at,
            "send_invite": values["send_invite"],
        }


def _user(request: Request) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - ModelPermission let only users in
    return request.user


def _paginated(request: Request, view: APIView, items: Any, serialize: Any) -> Response:
    paginator = Pagination()
    page: list[Any] | None = paginator.paginate_queryset(items, request, view=view)
    return paginator.get_paginated_response(serialize(page or []))


def _interview(pk: int) -> Interview:
    return get_object_or_404(interview_list(), pk=pk)


class InterviewDetailApi(APIView):
    """The interview's state: status, progress and the question to answer now."""

    permissions = {"GET": VIEW_INTERVIEW}

    @extend_schema(responses={200: StateOutput, **_errors(401, 403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_state(_interview(pk)))


class InterviewMessageApi(APIView):
    """Answer the current question (or the model's follow-up); returns the next state."""

    permissions = {"POST": ["interviews.change_interview"]}
    throttle_scope = "writes"
    throttle_classes = [ScopedRateThrottle]

    @extend_schema_serializer(component_name="MessageInput")
    class InputSerializer(serializers.Serializer):
        question_id = serializers.IntegerField()
        message = serializers.JSONField(
            help_text="The answer: text, a number, yes/no, or a list of choices."
        )

        def validate_message(self, value: Any) -> Any:
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                return value
            if isinstance(value, (str, int, bool)) or value is None:
                return value
            raise serializers.ValidationError("Send text, a number, true/false or a list of text.")

    @extend_schema(
        request=InputSerializer,
        responses={200: StateOutput, **_errors(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request: Request, pk: int) -> Response:
        interview = _interview(pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        question_id, message = data.validated_data["question_id"], data.validated_data["message"]
        pending = interview_state_get(interview=interview).open_followup
        if pending is not None and pending.question_id == question_id:
            interview_followup_submit(
                interview=interview, question_id=question_id, text=str(message or "")
            )
        else:
            interview_answer_submit(interview=interview, question_id=question_id, raw=message)
        interview.refresh_from_db()
        return Response(_state(interview))


class ReportAnswerOutput(serializers.Serializer):
    question = serializers.CharField()
    kind = serializers.CharField()
    answer = serializers.CharField()
    value = serializers.JSONField(allow_null=True)
    answered_at = serializers.DateTimeField()
    followup_question = serializers.CharField()
    followup_answer = serializers.CharField()


class InterviewReportApi(APIView):
    """The interview's answers grouped by question key."""

    permissions = {"GET": VIEW_INTERVIEW}

    @extend_schema_serializer(component_name="InterviewReport")
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        status = serializers.CharField()
        mode = serializers.CharField()
        employee_id = serializers.CharField()
        question_set = serializers.CharField()
        question_set_version = serializers.IntegerField()
        completed_at = serializers.DateTimeField(allow_null=True)
        answers = serializers.DictField(child=ReportAnswerOutput())

    @extend_schema(responses={200: OutputSerializer, **_errors(401, 403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        interview = _interview(pk)
        audit_record(
            action=AuditEntry.Action.REPORT_READ,
            request=request,
            target=f"interview #{pk}",
            interview_id=pk,
        )
        state = interview_state_get(interview=interview)
        answers = {
            r.question.key: {
                "question": r.question.text,
                "kind": r.question.kind,
                "answer": r.employee_message,
                "value": r.value,
                "answered_at": r.created_at,
                "followup_question": r.followup_question,
                "followup_answer": r.followup_answer,
            }
            for r in state.responses
        }
        body = {
            "id": interview.pk,
            "status": interview.status,
            "mode": interview.mode,
            "employee_id": interview.employee.employee_id,
            "question_set": interview.question_set.slug,
            "question_set_version": interview.question_set.version,
            "completed_at": interview.completed_at,
            "answers": answers,
        }
        return Response(self.OutputSerializer(body).data)


class QuestionSetListApi(APIView):
    """Question sets (every version) with their questions."""

    permissions = {"GET": ["interviews.view_questionset"]}

    @extend_schema_serializer(component_name="QuestionSet")
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        slug = serializers.CharField()
        version = serializers.IntegerField()
        status = serializers.CharField()
        is_default = serializers.BooleanField()
        language = serializers.CharField()
        questions = QuestionOutput(many=True)

    @extend_schema(
        operation_id="question_sets_list",
        responses={200: _page_of(OutputSerializer, "QuestionSetPage"), **_errors(401, 403)},
    )
    def get(self, request: Request) -> Response:
        sets: QuerySet[QuestionSet] = QuestionSet.objects.order_by(
            "slug", "-version"
        ).prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("order", "id")))
        return _paginated(
            request, self, sets, lambda page: self.OutputSerializer(page, many=True).data
        )


class InterviewExportApi(APIView):
    """All interviews as CSV, one row each, answers in columns by question key."""

    permissions = {"GET": VIEW_INTERVIEW}

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV file"),
            **_errors(401, 403),
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
    class OutputSerializer(serializers.Serializer):
        question_set = serializers.CharField(source="question_set.slug")
        question_set_version = serializers.IntegerField(source="question_set.version")
        question_key = serializers.CharField()
        mode = serializers.CharField()
        period_start = serializers.DateField()
        period_end = serializers.DateField()
        responses = serializers.IntegerField()
        hidden = serializers.BooleanField(default=False)
        non_empty = serializers.IntegerField(allow_null=True)
        avg_length = serializers.FloatField(allow_null=True)
        completion_rate = serializers.FloatField(allow_null=True)
        drop_off = serializers.IntegerField(allow_null=True)
        median_seconds = serializers.FloatField(allow_null=True)
        avg_sentiment = serializers.FloatField(allow_null=True)

    @extend_schema(
        operation_id="stats_questions_list",
        responses={200: _page_of(OutputSerializer, "QuestionStatsPage"), **_errors(401, 403)},
    )
    def get(self, request: Request) -> Response:
        rows = stats_latest_list().order_by("question_set__slug", "question_order", "mode")
        return _paginated(request, self, rows, self._shown)

    def _shown(self, page: list[Any]) -> list[dict[str, Any]]:
        k = threshold(settings.ANONYMITY_MIN_GROUP)
        data = []
        for stats in page:
            item = dict(self.OutputSerializer(stats).data)
            item["hidden"] = stats.responses < k
            if item["hidden"]:
                item.update(dict.fromkeys(HIDDEN_FIGURES))
            data.append(item)
        return data


class LeaverResultOutput(serializers.Serializer):
    index = serializers.IntegerField()
    employee_id = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=["created", "updated", "error"])
    problems = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Per field, what is wrong with the row (empty when it was stored).",
    )


class LeaversUpsertApi(APIView):
    """Create or update up to API_LEAVERS_MAX leavers; a result per row, bad rows apart."""

    permissions = {"POST": ["interviews.add_employee", "interviews.change_employee"]}
    throttle_scope = "writes"
    throttle_classes = [ScopedRateThrottle]

    @extend_schema_serializer(component_name="LeaverInput")
    class RowInput(serializers.Serializer):
        employee_id = serializers.CharField(max_length=64)
        name = serializers.CharField(max_length=200)
        work_email = serializers.EmailField(required=False, allow_blank=True)
        personal_email = serializers.EmailField(required=False, allow_blank=True)
        department = serializers.CharField(max_length=120, required=False, allow_blank=True)
        job_title = serializers.CharField(max_length=120, required=False, allow_blank=True)
        manager_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
        hire_date = serializers.DateField(required=False, allow_null=True)
        exit_date = serializers.DateField(required=False, allow_null=True)

    @extend_schema_serializer(component_name="LeaversInput")
    class InputSerializer(serializers.Serializer):
        leavers = serializers.ListField(child=serializers.DictField(), allow_empty=False)

        def validate_leavers(self, value: list[Any]) -> list[Any]:
            if len(value) > settings.API_LEAVERS_MAX:
                raise serializers.ValidationError(
                    f"Send at most {settings.API_LEAVERS_MAX} leavers per call."
                )
            return value

    @extend_schema_serializer(component_name="LeaversResult")
    class OutputSerializer(serializers.Serializer):
        created = serializers.IntegerField()
        updated = serializers.IntegerField()
        failed = serializers.IntegerField()
        results = LeaverResultOutput(many=True)

    @extend_schema(
        request=InputSerializer, responses={200: OutputSerializer, **_errors(400, 401, 403, 429)}
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        valid: list[dict[str, Any]] = []
        positions: list[int] = []
        results: dict[int, dict[str, Any]] = {}
        for index, raw in enumerate(data.validated_data["leavers"]):
            row = self.RowInput(data=raw)
            if row.is_valid():
                valid.append(dict(row.validated_data))
                positions.append(index)
                continue
            results[index] = {
                "index": index,
                "employee_id": str(raw.get("employee_id", ""))[:64],
                "status": "error",
                "problems": row.errors,
            }
        for position, result in zip(positions, leavers_upsert(rows=valid), strict=True):
            results[position] = {
                "index": position,
                "employee_id": result.employee_id,
                "status": result.status,
                "problems": result.errors,
            }
        ordered = [results[i] for i in sorted(results)]
        statuses = [r["status"] for r in ordered]
        body = {
            "created": statuses.count("created"),
            "updated": statuses.count("updated"),
            "failed": statuses.count("error"),
            "results": ordered,
        }
        return Response(self.OutputSerializer(body).data)
