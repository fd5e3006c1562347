"""Circuit breakers: per worker process, a server that failed too often in a row is not called for a while.

`circuit_breaker(name, settings_prefix=...)` gives each server (a Redis, a PostgreSQL alias) one breaker in the
process. It is closed while calls go through. After `<prefix>_FAILURES` failed calls in a row it opens: callers skip
the server (they fail at once) for `<prefix>_SECONDS`. When the time is up one caller tries the server again while
the others keep skipping it; its success closes the breaker, its failure opens it for another period. The two
settings are read when used.
"""

import logging
import threading
from time import monotonic

from django.conf import settings

logger = logging.getLogger(__name__)


class CircuitBreaker:
    def __init__(self, name: str, *, settings_prefix: str) -> None:
        self.name = name
        self.settings_prefix = settings_prefix
        self._lock = threading.Lock()
        self._failures = 0
        self._retry_at: float | None = None

    @property
    def state(self) -> str:
        return "closed" if self._retry_at is None else "open"

    @property
    def seconds(self) -> float:
        return getattr(settings, f"{self.settings_prefix}_SECONDS")

    def allow(self) -> bool:
        """Whether to call the server now: always while closed; once open, one caller a period."""
        with self._lock:
            if self._retry_at is None:
                return True
            now = monotonic()
            if now < self._retry_at:
                return False
            # This caller tries the server again; the others keep skipping it until it answers or this period ends.
            self._retry_at = now + self.seconds
            return True

    def succeeded(self) -> None:
        if self._retry_at is not None:
            logger.warning("%s answers again: calling it again", self.name)
        self.close()

    def failed(self) -> None:
        with self._lock:
            self._failures += 1
            if self._failures < getattr(settings, f"{self.settings_prefix}_FAILURES"):
                return
            if self._retry_at is None:
                message = "%s failed %d times in a row: not called for %ss at a time"
                logger.warning(message, self.name, self._failures, self.seconds)
            self._retry_at = monotonic() + self.seconds

    def close(self) -> None:
        with self._lock:
            self._failures, self._retry_at = 0, None


_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def circuit_breaker(name: str, *, settings_prefix: str) -> CircuitBreaker:
    """The process's breaker of the server `name`, made on first use, its thresholds in `settings_prefix`'s settings."""
    with _breakers_lock:
        if name not in _breakers:
            _breakers[name] = CircuitBreaker(name, settings_prefix=settings_prefix)
        return _breakers[name]


def close_circuit_breakers() -> None:
    """Every breaker back to closed, as in a new process (for the tests)."""
    with _breakers_lock:
        breakers = list(_breakers.values())
    for breaker in breakers:
        breaker.close()
