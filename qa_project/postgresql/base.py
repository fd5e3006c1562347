"""Django's PostgreSQL backend, with a circuit breaker in front of each alias's new connections.

While PostgreSQL doesn't answer, a request that needs a connection waits DATABASE_POOL_TIMEOUT for one and gets a
503 (qa_project/exceptions.py). A worker has only its few threads, so under load those waits queue every later
request behind them, cached reads too: 32 clients on 2 workers x 4 threads got their 503s in 3 s at the median and
6 s at the 95th percentile (docs/reliability.md). So after DATABASE_BREAKER_FAILURES failures in a row to get a
connection, this process doesn't try for DATABASE_BREAKER_SECONDS: requests fail at once with an OperationalError,
the same 503. Then one request tries again (waiting at most the pool's timeout) while the others keep failing
fast, and the first connection it gets closes the breaker (qa_project/circuit.py).
"""

from typing import Any

import psycopg
from django.db.backends.postgresql import base

from qa_project.circuit import CircuitBreaker, circuit_breaker


def database_breaker(alias: str) -> CircuitBreaker:
    """The breaker of a database alias."""
    return circuit_breaker(f"PostgreSQL {alias}", settings_prefix="DATABASE_BREAKER")


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        breaker = database_breaker(self.alias)
        if not breaker.allow():
            raise psycopg.OperationalError(f"{breaker.name} not called: no connection came lately")
        try:
            connection = super().get_new_connection(conn_params)
        except psycopg.OperationalError:  # refused, timed out, or the pool's PoolTimeout
            breaker.failed()
            raise
        breaker.succeeded()
        return connection
