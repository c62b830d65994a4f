"""The HR-system API: thin views over the same services the web pages use."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from audit.models import AuditEntry
from audit.services import audit_record
from exitbot.lib.serializers import FieldsBuiltOnce
from interviews.api.answers import ANSWER_SHAPES, AnswerField
from interviews.api.common import error_responses, page_of, paginated, request_user
from interviews.kinds import kind_choices
from interviews.models import Employee, Interview, Question, QuestionSet
from interviews.selectors import interview_list, interview_state_get, question_set_published_get
from interviews.services.answers import interview_message_submit
from interviews.services.interviews import interview_create_for_employee

VIEW_INTERVIEW = ["interviews.view_interview"]


class QuestionOutput(FieldsBuiltOnce, serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    text = serializers.CharField()
    # help_text and required are also attributes of DRF fields; as declared fields they work.
    help_text = serializers.CharField()  # type: ignore[assignment]
    kind = serializers.ChoiceField(choices=kind_choices())
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
    language = serializers.CharField(help_text="The question set's language: en or de.")
    expires_at = serializers.DateTimeField()
    progress = ProgressOutput()
    current_question = QuestionOutput(allow_null=True)
    followup_question = serializers.CharField(allow_null=True)


def _state(interview: Interview, *, new: bool = False) -> dict[str, Any]:
    """The interview's state; a ``new`` one, whose link nobody has had yet, has no answers."""
    state = interview_state_get(interview=interview, responses=[] if new else None)
    pending, current = state.open_followup, state.current_question
    return {
        "id": interview.pk,
        "status": interview.status,
        "mode": interview.mode,
        "employee_id": interview.employee.employee_id,
        "question_set": interview.question_set.slug,
        "question_set_version": interview.question_set.version,
        "language": interview.question_set.language,
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
    class EmployeeInput(FieldsBuiltOnce, serializers.ModelSerializer[Employee]):
        class Meta:
            model = Employee
            fields = Employee.HR_FIELDS

    @extend_schema_serializer(component_name="InterviewCreateInput")
    class InputSerializer(FieldsBuiltOnce, serializers.Serializer):
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
        responses={200: page_of(ListOutput, "InterviewPage"), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        interviews = interview_list().annotate(answered=Count("responses")).order_by("-id")
        filtered = InterviewFilter(request.query_params, queryset=interviews)
        if not filtered.is_valid():
            raise serializers.ValidationError(filtered.errors)
        return paginated(
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
            **error_responses(400, 401, 403, 429),
        },
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        result = interview_create_for_employee(
            employee_id=values.pop("employee_id"),
            employee_fields=self._employee_fields(values.pop("employee", None)),
            created_by=request_user(request),
            idempotency_key=request.headers.get("Idempotency-Key", "").strip()[:200],
            **self._options(values),
        )
        created = result.invite_url is not None
        body = {**_state(result.interview, new=created), "invite_url": result.invite_url}
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def _employee_fields(self, raw: dict[str, Any] | None) -> dict[str, Any]:
        if raw is None:
            return {}
        employee = self.EmployeeInput(data=raw)
        if not employee.is_valid():
            raise serializers.ValidationError({"employee": employee.errors})
        return dict(employee.validated_data)

    def _options(self, values: dict[str, Any]) -> dict[str, Any]:
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
            "question_set": question_set,
            "mode": values.get("mode"),
            "expires_at": expires_at,
            "send_invite": values["send_invite"],
        }


def _interview(pk: int) -> Interview:
    return get_object_or_404(interview_list(), pk=pk)


class InterviewDetailApi(APIView):
    """The interview's state: status, progress and the question to answer now."""

    permissions = {"GET": VIEW_INTERVIEW}

    @extend_schema(responses={200: StateOutput, **error_responses(401, 403, 404)})
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
        message = AnswerField(help_text=f"The answer, by the question's kind: {ANSWER_SHAPES}.")

        def validate_message(self, value: Any) -> Any:
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                return value
            if isinstance(value, (str, int, bool)) or value is None:
                return value
            raise serializers.ValidationError("Send text, a number, true/false or a list of text.")

    @extend_schema(
        request=InputSerializer,
        responses={200: StateOutput, **error_responses(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request: Request, pk: int) -> Response:
        interview = _interview(pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        question_id, message = data.validated_data["question_id"], data.validated_data["message"]
        result = interview_message_submit(interview=interview, question_id=question_id, raw=message)
        return Response(_state(result.interview))


class ReportAnswerOutput(serializers.Serializer):
    question = serializers.CharField()
    kind = serializers.CharField()
    answer = serializers.CharField()
    value = AnswerField(allow_null=True, help_text="The answer as analytics reads it.")
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
        language = serializers.CharField(help_text="The question set's language: en or de.")
        completed_at = serializers.DateTimeField(allow_null=True)
        answers = serializers.DictField(child=ReportAnswerOutput())

    @extend_schema(responses={200: OutputSerializer, **error_responses(401, 403, 404)})
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
            "language": interview.question_set.language,
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
        responses={200: page_of(OutputSerializer, "QuestionSetPage"), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        sets: QuerySet[QuestionSet] = QuestionSet.objects.order_by(
            "slug", "-version"
        ).prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("order", "id")))
        return paginated(
            request, self, sets, lambda page: self.OutputSerializer(page, many=True).data
        )
