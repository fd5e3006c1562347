from datetime import UTC, datetime

from rest_framework import serializers

# The largest id or product id PostgreSQL's bigint holds: larger numbers are rejected as input.
MAX_BIGINT = 2**63 - 1


class IsoMillisecondDateTimeField(serializers.DateTimeField):
    """A date as JavaScript's `toISOString()` writes it: `2020-07-04T14:03:21.000Z`."""

    def to_representation(self, value: datetime) -> str:
        utc = value.astimezone(UTC)
        return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"
