"""Make sure the services a local run needs answer, and print the environment that points at them.

`make run` and `make test` call it as `eval "$(python deploy/local_services.py)"`:
- PostgreSQL at DATABASE_URL; where none answers, an embedded server from the `pgserver` package is
  started in `.pgdata/` (git-ignored) and used instead. The database is created if it is missing.
- Redis at REDIS_URL; where none answers, the service runs with the cache off and says so.
Diagnostics go to stderr; stdout holds only `export` lines.
"""

import shlex
import sys
from pathlib import Path

import environ
import psycopg
import redis
from psycopg import sql
from psycopg.conninfo import make_conninfo

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_PGDATA = BASE_DIR / ".pgdata"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/atelier_qa"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def log(message: str) -> None:
    print(f"local_services: {message}", file=sys.stderr)


def server_conninfo(database_url: str) -> str:
    """The connection string of the server of DATABASE_URL, on its maintenance database."""
    config = environ.Env.db_url_config(database_url)
    conninfo = {
        "dbname": "postgres",
        "user": config["USER"],
        "password": config["PASSWORD"],
        "host": config["HOST"],
        "port": str(config["PORT"]),
        **config.get("OPTIONS", {}),
    }
    return make_conninfo(**{key: value for key, value in conninfo.items() if value})


def server_answers(database_url: str) -> bool:
    try:
        psycopg.connect(server_conninfo(database_url), connect_timeout=3).close()
    except psycopg.OperationalError as error:
        log(f"no PostgreSQL answers at DATABASE_URL ({error.__class__.__name__}).")
        return False
    return True


def start_embedded_server(database_name: str) -> str:
    import pgserver  # only needed on machines without a PostgreSQL server

    server = pgserver.get_server(EMBEDDED_PGDATA, cleanup_mode=None)  # keeps running after we exit
    socket_dir = server.get_postmaster_info().socket_dir
    log(f"using the embedded PostgreSQL in {EMBEDDED_PGDATA} (socket in {socket_dir}).")
    return f"postgres://postgres@/{database_name}?host={socket_dir}"


def ensure_database(database_url: str) -> None:
    name = environ.Env.db_url_config(database_url)["NAME"]
    with psycopg.connect(server_conninfo(database_url), autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            log(f"created database {name}.")


def redis_answers(redis_url: str) -> bool:
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        log(f"no Redis answers at REDIS_URL ({error}): the service runs with its cache off.")
        return False
    return True


def main() -> None:
    env = environ.Env()
    env.read_env(BASE_DIR / ".env", overwrite=False)
    database_url = env("DATABASE_URL", default=DEFAULT_DATABASE_URL)
    if not server_answers(database_url):
        database_url = start_embedded_server(environ.Env.db_url_config(database_url)["NAME"])
    ensure_database(database_url)
    exports = {"DATABASE_URL": database_url}
    if not redis_answers(env("REDIS_URL", default=DEFAULT_REDIS_URL)):
        exports["CACHE_ENABLED"] = "false"
    for name, value in exports.items():
        print(f"export {name}={shlex.quote(value)}")


if __name__ == "__main__":
    main()
