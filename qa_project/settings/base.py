"""Settings shared by every environment; each knob is read from the environment.

`.env.example` lists every variable with its default.
"""

from pathlib import Path
from typing import Any

import environ
import orjson

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-development-key")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "qa_project.apps.ServiceConfig",
    "posts",
    "clients",
    "questions",
    "answers",
    "notifications",
    "management",
]

# The admin, the API docs, health and metrics: Django's full stack.
MIDDLEWARE = [
    # A request id, one log line, and the request's count and latency: first, so it times all the rest.
    "qa_project.observability.RequestObservabilityMiddleware",
    # A body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413; a database fault in any view a 503 (docs/reliability.md).
    "qa_project.limits.RequestBodyLimitMiddleware",
    "qa_project.exceptions.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "qa_project.db_router.ReadRoutingMiddleware",
]
# The public API's own chain (qa_project/handlers.py): an anonymous JSON API needs no sessions, CSRF, auth,
# messages or static files; nor SecurityMiddleware, which costs as much as the rest of this chain
# (docs/performance.md): nginx adds `nosniff` and HSTS and redirects to https (deploy/nginx/).
API_MIDDLEWARE = [
    "qa_project.observability.RequestObservabilityMiddleware",
    "qa_project.handlers.ContentLengthMiddleware",
    "qa_project.limits.AllowedHostMiddleware",
    # Who calls: the API client of the Authorization header's key, or none; 401 for a key no active client has.
    "clients.middleware.ApiClientMiddleware",
    "qa_project.limits.RequestBodyLimitMiddleware",
    "qa_project.exceptions.DatabaseUnavailableMiddleware",
    "qa_project.db_router.ReadRoutingMiddleware",
]

ROOT_URLCONF = "qa_project.urls"
ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/")
WSGI_APPLICATION = "qa_project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


# Runs of a statement on a connection before psycopg prepares it (Django's default is never).
PREPARE_THRESHOLD = 5


def database(url: str, *, pool_timeout: float, connect_timeout: int, prepared_statements: bool) -> dict[str, Any]:
    """Django's settings for the database at `url`, with Django's built-in psycopg 3 pool unless it is off.

    With the pool (one per worker process per database), CONN_MAX_AGE must stay 0.

    While the database doesn't answer (docs/reliability.md), a request waits `pool_timeout` for a connection, then
    is answered 503. Meanwhile the pool's workers keep trying to connect, each attempt bounded by `connect_timeout`
    (libpq's, in whole seconds, 2 at least), at psycopg_pool's backoff (1 s, then doubling) but giving up after
    DATABASE_POOL_RECONNECT_TIMEOUT: the next request that waits starts a fresh attempt at once. So the pool tries
    again at least every couple of seconds while requests come, and serves again within that of the database's
    return, where psycopg_pool's own default (5 minutes of doubling delays) could take as long as the outage lasted.
    """
    # Django's backend behind a circuit breaker: qa_project/postgresql/base.py.
    config = environ.Env.db_url_config(url, engine="qa_project.postgresql")
    config.setdefault("OPTIONS", {})
    config["OPTIONS"]["connect_timeout"] = connect_timeout
    # On behind PgBouncer in transaction mode (deploy/pgbouncer/): no cursor may outlive its transaction.
    config["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DATABASE_DISABLE_SERVER_SIDE_CURSORS", default=False)
    # Prepared statements: psycopg prepares a statement once it has run PREPARE_THRESHOLD times on a
    # connection, so the list queries skip parsing and planning (docs/performance.md). They need
    # server-side binding. PgBouncer before 1.21 in transaction mode can't keep them: off behind it.
    if prepared_statements:
        config["OPTIONS"]["server_side_binding"] = True
        config["OPTIONS"]["prepare_threshold"] = PREPARE_THRESHOLD
    if env.bool("DATABASE_POOL", default=True):
        config["OPTIONS"]["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=1),
            "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=8),
            "timeout": pool_timeout,
            "reconnect_timeout": env.float("DATABASE_POOL_RECONNECT_TIMEOUT", default=2.0),
        }
    return config


# DATABASE_URL is the primary: every write, and every read outside a read-only request. Without it a request is a
# 503 within DATABASE_POOL_TIMEOUT: a worker's threads never outnumber its pool (APP_THREADS 4, pool 8), so
# while the database answers no request waits for a connection longer than one takes to open.
DATABASES = {
    "default": database(
        env("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/atelier_qa"),
        pool_timeout=env.float("DATABASE_POOL_TIMEOUT", default=1.0),
        connect_timeout=env.int("DATABASE_CONNECT_TIMEOUT", default=2),
        prepared_statements=env.bool("DATABASE_PREPARED_STATEMENTS", default=True),
    ),
}
# After this many requests in a row found no connection, a worker process doesn't try for DATABASE_BREAKER_SECONDS: its
# requests are 503s at once, then one tries again (qa_project/postgresql/base.py). Per database alias.
DATABASE_BREAKER_FAILURES = env.int("DATABASE_BREAKER_FAILURES", default=1)
DATABASE_BREAKER_SECONDS = env.float("DATABASE_BREAKER_SECONDS", default=1.0)
# Streaming replicas, as `replica1`, `replica2`...: qa_project/db_router.py sends the reads of GET requests
# to them. A replica that doesn't answer must fail fast, so it has short connect and pool timeouts.
DATABASE_READ_REPLICAS: list[str] = []
for number, url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    alias = f"replica{number}"
    DATABASES[alias] = database(
        url,
        pool_timeout=env.float("DATABASE_REPLICA_POOL_TIMEOUT", default=0.5),
        connect_timeout=env.int("DATABASE_REPLICA_CONNECT_TIMEOUT", default=2),
        # Replicas are reached directly, not through PgBouncer (deploy/cluster/): the reads keep their prepared plans.
        prepared_statements=env.bool("DATABASE_REPLICA_PREPARED_STATEMENTS", default=True),
    )
    DATABASE_READ_REPLICAS.append(alias)
DATABASE_ROUTERS = ["qa_project.db_router.ReadReplicaRouter"]
# A replica that failed is skipped for this long by the worker process that saw it fail.
DATABASE_REPLICA_RETRY_SECONDS = env.float("DATABASE_REPLICA_RETRY_SECONDS", default=5.0)
# After a write, the client's reads go to the primary for this long (a cookie), so it reads its own write.
READ_YOUR_WRITES_SECONDS = env.int("READ_YOUR_WRITES_SECONDS", default=5)
# For as long after a write, a list document is not cached: it may have been read from a replica that has
# not replayed the write yet. No replica, no lag.
CACHE_REPLICA_LAG_SECONDS = READ_YOUR_WRITES_SECONDS if DATABASE_READ_REPLICAS else 0
# Queries slower than this are logged with their request id (PostgreSQL logs its own: log_min_duration_statement).
SLOW_QUERY_MS = env.float("SLOW_QUERY_MS", default=200.0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis caches the list routes (questions/cache.py) and backs Django's cache. With the cache off, or
# with Redis not answering, every read is served from PostgreSQL.
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=0.25)
# After this many failed Redis calls in a row, a worker process stops calling Redis for REDIS_BREAKER_SECONDS, then
# lets one call try it again (qa_project/redis.py): a Redis that hangs costs REDIS_SOCKET_TIMEOUT only that often.
REDIS_BREAKER_FAILURES = env.int("REDIS_BREAKER_FAILURES", default=3)
REDIS_BREAKER_SECONDS = env.float("REDIS_BREAKER_SECONDS", default=5.0)
CACHE_ENABLED = env.bool("CACHE_ENABLED", default=True)
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", default="qa")
CACHE_TIMEOUT = env.int("CACHE_TIMEOUT", default=300)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache"
        if CACHE_ENABLED
        else "django.core.cache.backends.dummy.DummyCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": CACHE_KEY_PREFIX,
        "TIMEOUT": CACHE_TIMEOUT,
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_RENDERER_CLASSES": ["drf_orjson_renderer.renderers.ORJSONRenderer"],
    # DRF keys the errors of a list's items by index: {"photos": {0: [...]}}.
    "ORJSON_RENDERER_OPTIONS": (orjson.OPT_NON_STR_KEYS,),
    "DEFAULT_PARSER_CLASSES": ["qa_project.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
}

# LOG_FORMAT=json writes one JSON object a line (production's default); every line carries the request id.
LOG_FORMAT = env("LOG_FORMAT", default="plain")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "qa_project.observability.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.orjson.OrjsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# API clients (clients/, README "Callers"): a key in the Authorization header names the client. Without a key a
# request is allowed unless API_KEYS_REQUIRED. Each worker reloads the active clients every API_CLIENTS_RELOAD_SECONDS,
# so a new, rotated or revoked key takes effect within that time.
API_KEYS_REQUIRED = env.bool("API_KEYS_REQUIRED", default=False)
# Routes a keyless request may call even then: the emails' one-click unsubscribe (notifications/api/), which mail
# providers POST without a key (its signed token is its credential).
API_KEYLESS_PATHS = ["/qa/unsubscribe"]
API_CLIENTS_RELOAD_SECONDS = env.float("API_CLIENTS_RELOAD_SECONDS", default=5.0)

# Reliability (docs/reliability.md): rate limits, bounded requests, database faults, the OpenAPI schema.
# The writes' rates per shopper ("N/s", "N/min", "N/hour", "N/day"), counted in Redis, within each client's own
# quotas (clients/throttling.py): a keyless caller is its address.
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = ["clients.throttling.ClientRateThrottle"]
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "ask": env("THROTTLE_RATE_ASK", default="20/min"),
    "answer": env("THROTTLE_RATE_ANSWER", default="30/min"),
    "vote": env("THROTTLE_RATE_VOTE", default="120/min"),
    "report": env("THROTTLE_RATE_REPORT", default="60/min"),
}
# How many proxies (nginx, a load balancer) append to X-Forwarded-For before the request reaches gunicorn:
# the client is the address that many entries from its end. 0 trusts no header and uses the peer's address.
REST_FRAMEWORK["NUM_PROXIES"] = env.int("NUM_PROXIES", default=0)
if CACHE_ENABLED:
    # Django's cache (the service's own code calls Redis through qa_project.redis.redis_client) behind the same
    # circuit breaker: a Redis that hangs costs a call REDIS_SOCKET_TIMEOUT, then nothing while the breaker is open.
    CACHES["default"]["OPTIONS"] = {
        "pool_class": "qa_project.redis.BreakerConnectionPool",
        "socket_timeout": REDIS_SOCKET_TIMEOUT,
        "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
    }
# A list's `count` above this is served as this: a storefront's "show all" asks count=99999.
MAX_PAGE_SIZE = env.int("MAX_PAGE_SIZE", default=1000)
# The Cache-Control of the list routes and the product summary, which send an ETag and answer If-None-Match with
# 304. `no-cache` (the default): a browser or proxy may keep a copy but asks every time, so a shopper sees their own
# write at once. `max-age=N` lets copies up to N seconds old be shown without asking (docs/api.md).
API_CACHE_CONTROL = env("API_CACHE_CONTROL", default="no-cache")
# The text-search configuration `q` searches with (stemming, stop words): one of PostgreSQL's, `\dF` in psql. The
# posts' stored documents are built with it: after a change, `manage.py search_documents --rebuild`.
SEARCH_LANGUAGE = env("SEARCH_LANGUAGE", default="english")
# The largest request body any route reads (qa_project/limits.py); a valid post is under 25 KB.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("REQUEST_BODY_MAX_BYTES", default=64 * 1024)
# A statement running longer than this is cancelled and its request answered 503. 0 = no limit, the default,
# since bulk management commands share these settings: the web servers' environment sets it (e.g. 5000).
DATABASE_STATEMENT_TIMEOUT_MS = env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=0)
if DATABASE_STATEMENT_TIMEOUT_MS:
    for alias_config in DATABASES.values():
        alias_config["OPTIONS"]["options"] = f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
# Retry-After of the 503 a request gets while PostgreSQL doesn't answer (qa_project/exceptions.py).
DATABASE_RETRY_AFTER_SECONDS = env.int("DATABASE_RETRY_AFTER_SECONDS", default=5)

# drf-spectacular-sidecar serves Swagger UI's own files: /api/docs/ works without reaching a CDN.
INSTALLED_APPS += ["drf_spectacular", "drf_spectacular_sidecar"]
REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "drf_spectacular.openapi.AutoSchema"
SPECTACULAR_SETTINGS = {
    "TITLE": "Atelier Q&A",
    "DESCRIPTION": "The questions and answers API of the Atelier storefront (the contract: docs/api.md).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # An API client's key (clients/): optional on every route, unless the deployment sets API_KEYS_REQUIRED.
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "ApiKey": {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "An API client's key: bare, or after `Bearer ` or `Token `. Without a key a request is "
                "allowed unless the deployment requires keys; an unknown or revoked key is a 401.",
            }
        }
    },
    "SECURITY": [{"ApiKey": []}],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "qa_project.openapi.close_objects",
        "qa_project.openapi.empty_query_values",
        "qa_project.openapi.contract_paths",
    ],
}

# Answer notifications (notifications/, docs/notifications.md): an outbox written with each answer, sent by
# `manage.py send_notifications`. EMAIL_URL picks Django's email backend: smtp://host:25 (smtp+tls://user:password@
# host:587, smtp+ssl://...:465) in production, consolemail:// (printed, the default) for `make run`.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# Seconds any one exchange with the mail server may take: a server that hangs fails the attempt, not the worker.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Atelier <no-reply@localhost>")
# Where shoppers reach this service (the unsubscribe links of the emails): https in production (RFC 8058).
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
# The storefront's page of a product, linked from the emails.
STOREFRONT_PRODUCT_URL = env("STOREFRONT_PRODUCT_URL", default="https://shop.example.com/products/{product_id}")
# Answers to one question within this many seconds of the first go out as one email.
NOTIFICATION_WINDOW_SECONDS = env.int("NOTIFICATION_WINDOW_SECONDS", default=600)
# How often an idle worker looks for notifications that have fallen due.
NOTIFICATION_POLL_SECONDS = env.float("NOTIFICATION_POLL_SECONDS", default=5.0)
# How long a worker holds the notification it sends: one that dies is replaced after this (longer than EMAIL_TIMEOUT).
NOTIFICATION_CLAIM_SECONDS = env.int("NOTIFICATION_CLAIM_SECONDS", default=300)
# Attempts before a notification is given up; between them, a backoff from the base doubling up to the maximum
# (60 s to an hour: 12 attempts span about 6 hours of a mail server's outage).
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=12)
NOTIFICATION_RETRY_BASE_SECONDS = env.int("NOTIFICATION_RETRY_BASE_SECONDS", default=60)
NOTIFICATION_RETRY_MAX_SECONDS = env.int("NOTIFICATION_RETRY_MAX_SECONDS", default=3600)
# How long an email's unsubscribe link works.
NOTIFICATION_UNSUBSCRIBE_MAX_AGE_DAYS = env.int("NOTIFICATION_UNSUBSCRIBE_MAX_AGE_DAYS", default=90)
