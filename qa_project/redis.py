"""Redis, for every part of the service that uses it: a client per URL, and a circuit breaker per Redis server.

Redis holds the list cache (questions/cache.py) and Django's cache, where the write throttles count
(qa_project/throttling.py); /readyz pings it. Each caller already treats a `redis.RedisError` as Redis being down
and carries on without it. What a breaker adds: a Redis that hangs (accepts connections, never answers) costs each
call REDIS_SOCKET_TIMEOUT, so after REDIS_BREAKER_FAILURES failures in a row this process stops calling that server
for REDIS_BREAKER_SECONDS. Calls then fail at once with `CircuitOpenError`, a `redis.ConnectionError`. When the time
is up, one call tries the server again while the others keep skipping it: its success closes the breaker, its
failure opens it for another period.

The breaker sits in the connection pool, the one door every command goes through: `redis_client()` builds its
clients on `BreakerConnectionPool`, and Django's cache names it as its `pool_class` (settings). A command that
failed on a connection hands it back disconnected (redis-py drops a connection after a connection error or a
timeout, so that no late reply is read as the next command's): that is how the pool tells a failure from a success.
"""

import functools
import logging
import threading
from time import monotonic
from typing import Any

import redis
from django.conf import settings

logger = logging.getLogger(__name__)


class CircuitOpenError(redis.ConnectionError):
    """Redis was not called: it failed too often lately."""


class CircuitBreaker:
    """Per process and Redis server: closed (calls go through) or open (calls are skipped until `retry_at`)."""

    def __init__(self, server: str) -> None:
        self.server = server
        self._lock = threading.Lock()
        self._failures = 0
        self._retry_at: float | None = None

    @property
    def state(self) -> str:
        return "closed" if self._retry_at is None else "open"

    def allow(self) -> bool:
        """Whether to call the server now: always while closed; once open, one caller each REDIS_BREAKER_SECONDS."""
        with self._lock:
            if self._retry_at is None:
                return True
            now = monotonic()
            if now < self._retry_at:
                return False
            # This caller tries the server again; the others keep skipping it until it answers or this period ends.
            self._retry_at = now + settings.REDIS_BREAKER_SECONDS
            return True

    def succeeded(self) -> None:
        if self._retry_at is not None:
            logger.warning("Redis %s answers again: calling it again", self.server)
        self.close()

    def close(self) -> None:
        with self._lock:
            self._failures, self._retry_at = 0, None

    def failed(self) -> None:
        with self._lock:
            self._failures += 1
            if self._failures < settings.REDIS_BREAKER_FAILURES:
                return
            if self._retry_at is None:
                logger.warning(
                    "Redis %s failed %d times in a row: not called for %ss at a time",
                    self.server,
                    self._failures,
                    settings.REDIS_BREAKER_SECONDS,
                )
            self._retry_at = monotonic() + settings.REDIS_BREAKER_SECONDS


_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def circuit_breaker(server: str) -> CircuitBreaker:
    """The breaker of a server, `host:port` or a Unix socket's path: one per process, whichever client calls it."""
    with _breakers_lock:
        return _breakers.setdefault(server, CircuitBreaker(server))


def close_circuit_breakers() -> None:
    """Every breaker back to closed, as in a new process (for the tests)."""
    with _breakers_lock:
        breakers = list(_breakers.values())
    for breaker in breakers:
        breaker.close()


class BreakerConnectionPool(redis.ConnectionPool):
    """redis-py's connection pool, which hands out no connection while its server's breaker is open."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        options = self.connection_kwargs
        server = options.get("path") or f"{options.get('host', 'localhost')}:{options.get('port', 6379)}"
        self.breaker = circuit_breaker(server)

    def get_connection(self, *args: Any, **kwargs: Any) -> Any:
        if not self.breaker.allow():
            raise CircuitOpenError(f"Redis {self.breaker.server} not called: it failed too often lately")
        return super().get_connection(*args, **kwargs)

    def release(self, connection: Any) -> None:
        if connection.is_connected:
            self.breaker.succeeded()
        else:
            self.breaker.failed()
        super().release(connection)


@functools.cache
def redis_client(url: str) -> redis.Redis:
    """The client of the Redis at `url`, with REDIS_SOCKET_TIMEOUT to connect and for each reply, and no retries."""
    timeout = settings.REDIS_SOCKET_TIMEOUT
    pool = BreakerConnectionPool.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
    return redis.Redis(connection_pool=pool)
