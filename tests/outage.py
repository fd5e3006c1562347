"""Make a database alias point at a port where no PostgreSQL listens, for as long as a block runs."""

import socket
from collections.abc import Iterator
from contextlib import contextmanager

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
    """Also shortens the pool's wait for a connection, so the failure shows in half a second."""
    settings_dict = connections[alias].settings_dict
    port, options = settings_dict["PORT"], settings_dict["OPTIONS"]
    forget_connections(alias)
    settings_dict["PORT"] = closed_port()
    if "pool" in options:
        settings_dict["OPTIONS"] = {**options, "pool": {**options["pool"], "timeout": 0.5}}
    try:
        yield
    finally:
        forget_connections(alias)
        settings_dict["PORT"], settings_dict["OPTIONS"] = port, options
