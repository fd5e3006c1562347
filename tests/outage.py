"""Faults of the servers underneath, for tests: a database alias pointed at a port where no PostgreSQL listens, and a
port in front of a real PostgreSQL or Redis that forwards, hangs or refuses as the test says."""

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from django.db import connections


def closed_port() -> int:
    """A local port nothing listens on: the kernel hands it out, then it is closed again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def forget_connections(alias: str) -> None:
    connection = connections[alias]
    connection.close()
    if connection.pool:
        connection.close_pool()


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
    port accepted: the attempts a client made to reach the server.
    """

    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1") -> None:
        self.upstream = (upstream_host, upstream_port)
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
                upstream = socket.create_connection(self.upstream)
                self._open.append(upstream)
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

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
def faulty_server(upstream_port: int) -> Iterator[FaultyServer]:
    server = FaultyServer(upstream_port)
    try:
        yield server
    finally:
        server.close()
