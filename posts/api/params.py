"""The list routes' query parameters, read without DRF's machinery and with exactly its results.

`page`, `count` and `product_id` are plain digits in nearly every request, and the storefront's optional
parameters (`sort`, `answered`, `q`) are absent from every legacy request: that case is read here, in a few
microseconds. Anything else (an optional parameter given; signs, spaces, decimals, empty values, numbers out of
range) goes to the route's DRF serializer, which decides and words the errors as everywhere else in the API.
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
    """Reads the query parameters a serializer declares, as that serializer would: its integer fields here, the
    whole query by the serializer as soon as one of its other fields is given. Those others are optional: a field
    not given is its default, or None."""

    def __init__(self, serializer_class: type[serializers.Serializer]) -> None:
        self.serializer_class = serializer_class
        prototype = serializer_class()
        self.params = tuple(
            IntegerParam.of(name, field)
            for name, field in prototype.fields.items()
            if isinstance(field, serializers.IntegerField)
        )
        # The values of the other fields when they are not given: their defaults, or None.
        self.optional_defaults = {
            name: None if field.default is empty else field.default
            for name, field in prototype.fields.items()
            if not isinstance(field, serializers.IntegerField)
        }
        # The serializer's `validate_<name>` methods, which run on a valid value (the cap of `count`).
        self.field_validators = {
            param.name: validator
            for param in self.params
            if (validator := getattr(prototype, f"validate_{param.name}", None))
        }

    def read(self, query: QueryDict) -> dict[str, Any]:
        """The validated values, in the serializer's field order; raises ParamsInvalid with the serializer's errors."""
        if any(name in query for name in self.optional_defaults):
            return self.read_by_serializer(query)
        values: dict[str, Any] = {}
        for param in self.params:
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
        return values | self.optional_defaults

    def read_by_serializer(self, query: QueryDict) -> dict[str, Any]:
        serializer = self.serializer_class(data=query)
        if not serializer.is_valid():
            raise ParamsInvalid(serializer.errors)
        return self.optional_defaults | serializer.validated_data
