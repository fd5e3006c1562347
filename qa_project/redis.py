"""Redis, for every part of the service that uses it: a client per URL, and a circuit breaker per Redis server.

Redis holds the list cache (questions/cache.py) and the write rate limits' counters (clients/throttling.py), both
through `redis_client()`, and Django's cache; /readyz pings it. Each caller already treats a `redis.RedisError` as
Redis being down and carries on without it. What a breaker adds: a Redis that hangs (accepts connections, never
answers) costs each call REDIS_SOCKET_TIMEOUT, so after REDIS_BREAKER_FAILURES failures in a row this process stops
calling that server for REDIS_BREAKER_SECONDS. Calls then fail at once with `CircuitOpenError`, a
`redis.ConnectionError`. When the time is up, one call tries the server again while the others keep skipping it: its
success closes the breaker, its failure opens it for another period.

The breaker (qa_project/circuit.py) sits in the connection pool, the one door every command goes through:
`redis_client()` builds its clients on `BreakerConnectionPool`, and Django's cache names it as its `pool_class`
(settings). A command that failed on a connection hands it back disconnected (redis-py drops a connection after a
connection error or a timeout, so that no late reply is read as the next command's): that is how the pool tells a
failure from a success.
"""

import functools
from typing import Any

import redis
from django.conf import settings

from qa_project.circuit import CircuitBreaker, circuit_breaker


class CircuitOpenError(redis.ConnectionError):
    """Redis was not called: it failed too often lately."""


def redis_breaker(server: str) -> CircuitBreaker:
    """The breaker of a Redis server, `host:port` or a Unix socket's path."""
    return circuit_breaker(f"Redis {server}", settings_prefix="REDIS_BREAKER")


class BreakerConnectionPool(redis.ConnectionPool):
    """redis-py's connection pool, which hands out no connection while its server's breaker is open."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        options = self.connection_kwargs
        self.breaker = redis_breaker(
            options.get("path") or f"{options.get('host', 'localhost')}:{options.get('port', 6379)}"
        )

    def get_connection(self, *args: Any, **kwargs: Any) -> Any:
        if not self.breaker.allow():
            raise CircuitOpenError(f"{self.breaker.name} not called: it failed too often lately")
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
