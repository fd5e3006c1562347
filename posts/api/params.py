"""The list routes' query parameters, read without DRF's machinery and with exactly its results.

`page`, `count` and `product_id` are plain digits in nearly every request, and `sort` and `answered` one of their
choices: those are read here, in a few microseconds. Anything else (a search `q`; signs, spaces, decimals, empty
values, numbers out of range, unknown choices) goes to the route's DRF serializer, which decides and words the
errors as everywhere else in the API.
"""

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from rest_framework import serializers
from rest_framework.fields import empty

# Longer digit strings go to the serializer, which checks them against the bigint range.
FAST_DIGITS_MAX = 18


@dataclass(frozen=True)
class IntegerParam:
    name: str
    min_value: int | None
    max_value: int | None
    default: int | None

    @classmethod
    def of(cls, name: str, field: serializers.IntegerField) -> "IntegerParam":
        default = None if field.default is empty else field.default
        return cls(name=name, min_value=field.min_value, max_value=field.max_value, default=default)


class ParamsInvalid(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


class ListParams:
    """Reads the query parameters a serializer declares, as that serializer would: its integer and choice fields
    here, the whole query by the serializer when a value needs it or one of its other fields is given. Fields other
    than integers are optional: one not given is its default, or None."""

    def __init__(self, serializer_class: type[serializers.Serializer]) -> None:
        self.serializer_class = serializer_class
        prototype = serializer_class()
        fields = prototype.fields.items()
        self.integer_params = tuple(
            IntegerParam.of(name, field) for name, field in fields if isinstance(field, serializers.IntegerField)
        )
        self.choice_fields = {name: field for name, field in fields if isinstance(field, serializers.ChoiceField)}
        self.other_fields = [
            name for name, field in fields if not isinstance(field, serializers.IntegerField | serializers.ChoiceField)
        ]
        self.optional_defaults = {
            name: None if field.default is empty else field.default
            for name, field in fields
            if not isinstance(field, serializers.IntegerField)
        }
        # The serializer's `validate_<name>` methods, which run on a valid value (the cap of `count`).
        self.field_validators = {
            param.name: validator
            for param in self.integer_params
            if (validator := getattr(prototype, f"validate_{param.name}", None))
        }

    def read(self, query: QueryDict) -> dict[str, Any]:
        """The validated values; raises ParamsInvalid with the serializer's errors."""
        if any(name in query for name in self.other_fields):
            return self.read_by_serializer(query)
        values = dict(self.optional_defaults)
        for param in self.integer_params:
            raw = query.get(param.name)
            if raw is None and param.default is not None:
                values[param.name] = param.default
                continue
            if raw is None or not (raw.isascii() and raw.isdigit() and len(raw) <= FAST_DIGITS_MAX):
                return self.read_by_serializer(query)
            value = int(raw)
            too_small = param.min_value is not None and value < param.min_value
            if too_small or (param.max_value is not None and value > param.max_value):
                return self.read_by_serializer(query)
            validator = self.field_validators.get(param.name)
            values[param.name] = validator(value) if validator else value
        for name, field in self.choice_fields.items():
            raw = query.get(name)
            if raw is not None:
                if raw not in field.choices:
                    return self.read_by_serializer(query)
                values[name] = field.to_internal_value(raw)
        return values

    def read_by_serializer(self, query: QueryDict) -> dict[str, Any]:
        serializer = self.serializer_class(data=query)
        if not serializer.is_valid():
            raise ParamsInvalid(serializer.errors)
        return self.optional_defaults | serializer.validated_data
