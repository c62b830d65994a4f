"""Serializers whose fields are built once per class (exitbot.lib.serializers)."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from rest_framework import serializers

from exitbot.lib.serializers import FieldsBuiltOnce


class CountedField(serializers.CharField):
    """A CharField that counts how often it is constructed."""

    made: ClassVar[int] = 0

    def __init__(self, **kwargs: Any) -> None:
        type(self).made += 1
        super().__init__(**kwargs)


class Leaver(FieldsBuiltOnce, serializers.Serializer):
    name = CountedField(max_length=5)
    teams = serializers.ListField(child=serializers.CharField(max_length=3), required=False)
    extra = serializers.DictField(required=False)
    level = serializers.ChoiceField(choices=["junior", "senior"], default="junior")


def test_two_serializers_validate_their_own_data_with_their_own_fields():
    # given: both built before either validates
    good = Leaver(data={"name": "Ana", "teams": ["ops"], "extra": {"a": 1}})
    bad = Leaver(data={"name": "Robinson", "teams": ["finance"], "level": "chief"})
    assert good.fields["name"] is not bad.fields["name"]
    # when
    good_valid, bad_valid = good.is_valid(), bad.is_valid()
    # then
    assert good_valid
    assert good.validated_data == {
        "name": "Ana",
        "teams": ["ops"],
        "extra": {"a": 1},
        "level": "junior",
    }
    assert not bad_valid
    assert bad.errors == {
        "name": ["Ensure this field has no more than 5 characters."],
        "teams": {0: ["Ensure this field has no more than 3 characters."]},
        "level": ['"chief" is not a valid choice.'],
    }
    assert good.fields["name"].parent is good
    assert bad.fields["name"].parent is bad
    assert bad.fields["name"].label == "Name"


def test_fields_are_constructed_once_whatever_the_number_of_serializers():
    # given: the declaration made one; the class's first instance copies it once as DRF does
    assert "name" in Leaver(data={}).fields
    made = CountedField.made
    # when
    for _ in range(5):
        Leaver(data={"name": "Ana"}).is_valid()
    # then
    assert CountedField.made == made


def test_output_serializes_each_instance_on_its_own():
    # given
    class Row(FieldsBuiltOnce, serializers.Serializer):
        id = serializers.IntegerField()
        tags = serializers.ListField(child=serializers.CharField())

    # when
    first = Row({"id": 1, "tags": ["a"]}).data
    second = Row({"id": "2", "tags": [3]}).data
    # then
    assert first == {"id": 1, "tags": ["a"]}
    assert second == {"id": 2, "tags": ["3"]}


class Inner(serializers.Serializer):
    when = serializers.DateField()


@pytest.mark.parametrize(
    ("field", "named"),
    [
        (Inner(), "inner"),
        (serializers.ListField(child=Inner()), "inner"),
        (Inner(many=True), "inner"),
    ],
)
def test_a_serializer_with_a_nested_one_is_refused_with_the_field_named(field, named):
    # given
    nested = type(
        "Nested",
        (FieldsBuiltOnce, serializers.Serializer),
        {"name": serializers.CharField(), named: field},
    )
    # when / then
    with pytest.raises(TypeError, match=r"Nested nests serializers in \['inner'\]"):
        assert nested(data={}).fields
