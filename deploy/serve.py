"""Start the production app server in the foreground: `make serve`; `make run`, the cluster and systemd use it.

    BIND             host:port to listen on (default 127.0.0.1:8000; [::1]:8000 for IPv6)
    WEB_CONCURRENCY  worker processes (default: one per core)
    APP_SERVER       granian (the default: the fastest measured, docs/benchmarks.md) or gunicorn
                     (deploy/gunicorn.conf.py, which reads its own GUNICORN_* settings)
    APP_THREADS      threads per granian worker running the app (default 4)
plus the service's settings (DATABASE_URL, REDIS_URL, ...: .env.example). With more than one worker and no
PROMETHEUS_MULTIPROC_DIR, an empty one is made so that /metrics adds up every worker's.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WSGI_APPLICATION = "qa_project.wsgi:application"


def bind_address(bind: str) -> tuple[str, str]:
    """(host, port) of `host:port` or `[v6 host]:port`."""
    host, _, port = bind.rpartition(":")
    return host.strip("[]"), port


def process_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        pass
    return True


def metrics_directory(workers: int) -> None:
    """A directory for prometheus_client's multiprocess mode, unless none is set and there is one worker.

    A set one starts empty but for the files of processes still running: the notifications worker shares its app
    server's directory so that its counts show at /metrics, and may have started first (`make run`).
    """
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="atelier-qa-metrics-")
    elif directory := os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        Path(directory).mkdir(parents=True, exist_ok=True)
        for path in Path(directory).iterdir():
            # prometheus_client names each process's files <kind>_<pid>.db.
            pid = path.stem.rpartition("_")[2]
            if path.suffix == ".db" and pid.isdigit() and process_running(int(pid)):
                continue
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def granian_command(host: str, port: str, workers: int) -> list[str]:
    return [
        str(BIN / "granian"),
        "--interface", "wsgi",
        "--host", host,
        "--port", port,
        "--workers", str(workers),
        "--blocking-threads", os.environ.get("APP_THREADS", "4"),
        "--http", "1",
        "--no-ws",
        "--respawn-failed-workers",
        # The service logs one line a request itself (qa_project/observability.py).
        "--no-access-log",
        WSGI_APPLICATION,
    ]  # fmt: skip


def gunicorn_command(workers: int) -> list[str]:
    """gunicorn reads BIND and WEB_CONCURRENCY itself (deploy/gunicorn.conf.py)."""
    os.environ.setdefault("WEB_CONCURRENCY", str(workers))
    return [str(BIN / "gunicorn"), "--config", str(ROOT / "deploy" / "gunicorn.conf.py"), "qa_project.wsgi"]


def main() -> None:
    bind = os.environ.get("BIND", "127.0.0.1:8000")
    workers = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 1)
    server = os.environ.get("APP_SERVER", "granian")
    metrics_directory(workers)
    if server == "granian":
        command = granian_command(*bind_address(bind), workers)
    elif server == "gunicorn":
        command = gunicorn_command(workers)
    else:
        sys.exit(f"APP_SERVER is {server!r}: granian or gunicorn")
    os.chdir(ROOT)
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
