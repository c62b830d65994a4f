"""Pieces every app's API shares: the error shape, documented pages, the calling user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from interviews.api.pagination import Pagination


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


def page_of(item: Any, name: str) -> Any:
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


def error_responses(*codes: int) -> dict[int, Any]:
    return {code: ErrorSerializer for code in codes}


def request_user(request: Request) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - ModelPermission let only users in
    return request.user


def paginated(request: Request, view: APIView, items: Any, serialize: Any) -> Response:
    paginator = Pagination()
    page: list[Any] | None = paginator.paginate_queryset(items, request, view=view)
    return paginator.get_paginated_response(serialize(page or []))
