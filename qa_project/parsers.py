"""The JSON request parser: orjson's, which refuses nesting deeper than 1024 levels with a parse error.

DRF's own JSONParser uses the standard library, which recurses once per level and raises `RecursionError` (not a
`ValueError`, so not caught as a parse error) on about 1,000 levels: a 2 KB body was a 500. orjson also refuses what
the standard library let through: numbers out of the double range (`1e400`), lone surrogates and a byte order mark.
"""

from typing import Any

from drf_orjson_renderer.parsers import ORJSONParser
from rest_framework.parsers import get_encoding  # type: ignore[attr-defined]  # new in DRF 3.18.3, not in its stubs


class JSONParser(ORJSONParser):
    """drf-orjson-renderer's parser (`JSONDecodeError` is a `ValueError`: a 400 `{"detail": "JSON parse error - ..."}`)
    behind DRF's check of the charset a `Content-Type` names, which it skips: a codec that is not a text encoding
    (`bz2_codec`, which would decompress the body after its size was checked) is a 400, not a `LookupError`."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict[str, Any] | None = None) -> Any:
        get_encoding(parser_context or {})
        return super().parse(stream, media_type, parser_context)
