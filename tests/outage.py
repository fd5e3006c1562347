"""Faults of the servers underneath, for tests: a database alias pointed at a port where no PostgreSQL listens, and a
port in front of a real PostgreSQL or Redis that forwards, hangs or refuses as the test says."""

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from django.db import connections

from qa_project.postgresql.base import DatabaseWrapper, database_breaker


def closed_port() -> int:
    """A local port nothing listens on: the kernel hands it out, then it is closed again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgresql_connection(alias: str) -> DatabaseWrapper:
    """The alias's connection, with its pool: every alias is the service's PostgreSQL backend."""
    connection = connections[alias]
    assert isinstance(connection, DatabaseWrapper)
    return connection


def forget_connections(alias: str) -> None:
    """The alias's connections, pool and circuit breaker as a new worker process has them: none, none and closed."""
    connection = postgresql_connection(alias)
    connection.close()
    if connection.pool:
        connection.close_pool()
    database_breaker(alias).close()


@contextmanager
def unreachable(alias: str) -> Iterator[None]:
    """The alias's requests wait for a connection as long as its pool's timeout says, then fail."""
    settings_dict = connections[alias].settings_dict
    port = settings_dict["PORT"]
    forget_connections(alias)
    settings_dict["PORT"] = closed_port()
    try:
        yield
    finally:
        forget_connections(alias)
        settings_dict["PORT"] = port


class FaultyServer:
    """A local TCP port in front of a real server (PostgreSQL, Redis), whose fault a test chooses as it runs.

    - `forward()`: every connection is passed through to the real server;
    - `hang()`: connections are accepted and never answered (a server that is up but stuck);
    - `refuse()`: nothing listens on the port (a server that is down).

    Changing the mode cuts the connections already open, as a restart would. `accepted` counts the connections the
    port accepted: the attempts a client made to reach the server. The real server is a (host, port) or the path of
    a Unix socket.
    """

    def __init__(self, upstream: tuple[str, int] | str) -> None:
        self.upstream = upstream
        self.port = closed_port()
        self.accepted = 0
        self._mode = "refuse"
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()

    def forward(self) -> None:
        self._switch("forward")

    def hang(self) -> None:
        self._switch("hang")

    def refuse(self) -> None:
        self._switch("refuse")

    def close(self) -> None:
        self._switch("refuse")

    def _switch(self, mode: str) -> None:
        with self._lock:
            self._mode = mode
            for connection in self._open:
                close_now(connection)
            self._open.clear()
            if mode == "refuse" and self._listener is not None:
                close_now(self._listener)
                self._listener = None
            elif mode != "refuse" and self._listener is None:
                self._listener = socket.create_server(("127.0.0.1", self.port))
                threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # the listener was closed
                return
            with self._lock:
                self.accepted += 1
                self._open.append(client)
                if self._mode != "forward":
                    continue
                try:
                    upstream = self._connect_upstream()
                except OSError:  # the real server is down too: so is this connection
                    close_now(client)
                    continue
                self._open.append(upstream)
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _connect_upstream(self) -> socket.socket:
        if isinstance(self.upstream, tuple):
            return socket.create_connection(self.upstream)
        connection = socket.socket(socket.AF_UNIX)
        connection.connect(self.upstream)
        return connection

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            with suppress(OSError):  # either side was cut
                while data := source.recv(65536):
                    target.sendall(data)
        finally:
            close_now(source)
            close_now(target)


def close_now(connection: socket.socket) -> None:
    """Close a connection, waking whichever thread waits on it."""
    with suppress(OSError):  # already cut
        connection.shutdown(socket.SHUT_RDWR)
    connection.close()


@contextmanager
def faulty_server(upstream: tuple[str, int] | str) -> Iterator[FaultyServer]:
    server = FaultyServer(upstream)
    try:
        yield server
    finally:
        server.close()


@contextmanager
def postgres_behind_faulty_server(alias: str) -> Iterator[FaultyServer]:
    """The alias reaches its PostgreSQL (by TCP or by its Unix socket) through a FaultyServer, forwarding at first."""
    settings_dict = connections[alias].settings_dict
    saved = settings_dict["HOST"], settings_dict["PORT"], settings_dict["OPTIONS"]
    parameters = connections[alias].get_connection_params()
    host, port = parameters.get("host") or "127.0.0.1", int(parameters.get("port") or 5432)
    with faulty_server(f"{host}/.s.PGSQL.{port}" if host.startswith("/") else (host, port)) as server:
        server.forward()
        forget_connections(alias)
        options = {name: value for name, value in saved[2].items() if name != "host"}
        settings_dict["HOST"], settings_dict["PORT"], settings_dict["OPTIONS"] = "127.0.0.1", server.port, options
        try:
            yield server
        finally:
            forget_connections(alias)
            settings_dict["HOST"], settings_dict["PORT"], settings_dict["OPTIONS"] = saved
