"""gunicorn settings, read from the environment: `APP_SERVER=gunicorn make serve` (deploy/serve.py) uses this file."""

import json
import multiprocessing
import os
import socket

from gunicorn import util
from gunicorn.arbiter import Arbiter
from gunicorn.workers.base import Worker

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "0"))
# "-" logs to stdout; empty turns the access log off (as load tests want).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
access_log_format = os.environ.get(
    "GUNICORN_ACCESS_LOG_FORMAT", '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(L)s'
)
errorlog = "-"
# Load the app before forking: a restarted server answers at once instead of after each worker's
# import of Django (the connection pool opens lazily, in each worker).
preload_app = os.environ.get("GUNICORN_PRELOAD", "false").lower() == "true"


def child_exit(server: Arbiter, worker: Worker) -> None:
    """Drop a dead worker's Prometheus files, so /metrics doesn't keep adding its gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def write_json_error(sock: socket.socket, status_int: int, reason: str, mesg: str) -> None:
    """The errors gunicorn answers itself (a request line too long, a bad Content-Length...) in the API's
    error format, `{"detail": ...}`, instead of its HTML page."""
    body = json.dumps({"detail": f"{reason}: {mesg}" if mesg else reason}).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin1") + body)


util.write_error = write_json_error
