"""The integration API: leavers filed by an HR system."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from integrations.services import leavers_upsert
from interviews.api.common import error_responses
from interviews.models import Employee


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
    class RowInput(serializers.ModelSerializer[Employee]):
        class Meta:
            model = Employee
            fields = ["employee_id", *Employee.HR_FIELDS]
            # A leaver already known is updated, not refused: the id is unique, not new.
            extra_kwargs: ClassVar[dict[str, Any]] = {"employee_id": {"validators": []}}

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
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 401, 403, 429)},
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
