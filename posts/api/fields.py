import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, cast

from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

# The largest id or product id PostgreSQL's bigint holds: larger numbers are rejected as input.
MAX_BIGINT = 2**63 - 1
# An id written as a string, as the lists write them: at most 18 digits, as in the routes' paths.
ID_STRING = r"^[1-9][0-9]{0,17}\Z"
# Text that is not blank once DRF trims it, without a NUL character. drf-spectacular writes a RegexValidator
# into the schema as the field's `pattern`, so the schema says what the code does. (Python's `\s` is what
# `str.strip()` trims; ECMAScript's differs by a few control characters.)
NOT_BLANK_WITHOUT_NUL = r"^[^\x00]*[^\s\x00][^\x00]*\Z"
# A DNS host name: labels of letters, digits and inner hyphens, then an alphabetic (or punycode) top-level domain.
LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
DNS_HOST = rf"(?:{LABEL}\.)+(?:[A-Za-z]{{2,63}}|xn--[A-Za-z0-9]{{1,59}})"
# An email address: an ASCII dot-atom, `@`, a DNS host name. Narrower than both Django's EmailValidator (no quoted
# local parts, no non-ASCII domains) and JSON Schema's `format: email` (no one-letter top-level domain, which Django
# refuses), so the schema's `pattern` and the code accept the same addresses.
ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
EMAIL_ADDRESS = RegexValidator(rf"^{ATOM}(?:\.{ATOM})*@{DNS_HOST}\Z", message="Enter a valid email address.")


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"})
class IsoMillisecondDateTimeField(serializers.DateTimeField):
    """A date as JavaScript's `toISOString()` writes it: `2020-07-04T14:03:21.000Z`."""

    def to_representation(self, value: datetime) -> str:
        utc = value.astimezone(UTC)
        return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


@extend_schema_field(
    {
        "anyOf": [
            {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_BIGINT},
            {"type": "string", "pattern": ID_STRING.replace("\\Z", "$")},
        ]
    }
)
class PositiveIdField(serializers.IntegerField):
    """A positive bigint id in a body: a JSON integer or, as the lists echo ids (`"product_id": "40344"`), its digits.

    DRF's IntegerField also reads " 7", "+7" and "7.0" as 7, and calls `str()` on a list or an object, which recurses
    through a deeply nested one; here a string is the digits only, and any other type is not an integer.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_BIGINT, **kwargs)

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            self.fail("invalid")
        if isinstance(data, str) and not re.match(ID_STRING, data):
            self.fail("invalid")
        return super().to_internal_value(data)


class StringField(serializers.CharField):
    """A JSON string and nothing else, its length counted as it was sent, as the schema's `maxLength` counts it.

    DRF's CharField saves a number as its text (`"name": 0` became "0") and calls `str()` on any other value,
    which recurses through every level of a deeply nested array. DRF trims the whitespace around a value before
    its length validators run; checking the length as sent first keeps `maxLength` true.
    """

    default_error_messages = {"not_a_string": "Not a valid string."}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if self.trim_whitespace and not self.allow_blank:
            # A trimmed value reaches the validators only if it is not blank, so this pattern fails exactly where
            # DRF's NUL check does, with its message; the schema shows it, with the blank rule it implies.
            self.validators = [
                RegexValidator(
                    NOT_BLANK_WITHOUT_NUL,
                    message=ProhibitNullCharactersValidator.message,
                    code=ProhibitNullCharactersValidator.code,
                )
                if isinstance(validator, ProhibitNullCharactersValidator)
                else validator
                for validator in self.validators
            ]

    def run_validation(self, data: Any = empty) -> Any:
        if data is not empty and data is not None:
            if not isinstance(data, str):
                self.fail("not_a_string")
            if self.max_length is not None and len(data) > self.max_length:
                self.fail("max_length", max_length=self.max_length)
        return super().run_validation(data)


class EmptyIsGiven(serializers.Field):
    """A query parameter's field that reads `name=` as given empty, to be validated, where DRF reads an optional
    field left empty in a form as absent (its default)."""

    def get_value(self, dictionary: Mapping[str, Any]) -> Any:
        return dictionary.get(cast(str, self.field_name), empty)  # a bound field has its name


class QueryChoiceField(EmptyIsGiven, serializers.ChoiceField):
    pass


class QueryBooleanField(QueryChoiceField):
    """A query parameter that is `true` or `false`, read as a bool. (DRF's BooleanField takes `yes`, `on`, `1` and
    more, and reads a parameter missing from a query string as False rather than as its default.)"""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=["true", "false"], **kwargs)

    def to_internal_value(self, data: Any) -> bool:
        return super().to_internal_value(data) == "true"


class QueryStringField(EmptyIsGiven, StringField):
    pass


def email_field(*, max_length: int) -> StringField:
    """An email address as sent: not trimmed, since the pattern admits no whitespace around it."""
    return StringField(max_length=max_length, trim_whitespace=False, validators=[EMAIL_ADDRESS])
