"""Settings for the test suite: the real PostgreSQL and Redis, fast password hashing."""

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, REST_FRAMEWORK

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Test runs against different databases share one Redis: keep their keys apart.
CACHE_KEY_PREFIX = f"qa-test-{DATABASES['default']['NAME']}"
CACHES["default"]["KEY_PREFIX"] = CACHE_KEY_PREFIX
# The tests that take the primary away (tests/outage.py) wait this long for a connection per request, not a second.
if "pool" in DATABASES["default"]["OPTIONS"]:
    DATABASES["default"]["OPTIONS"]["pool"]["timeout"] = 0.5
STORAGES = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Serve static files from the apps, as in development: no collectstatic before the tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# A replica alias that mirrors the primary, as in production's routing; reads go to it only in the tests that
# list it in DATABASE_READ_REPLICAS (tests/test_db_router.py): other tests read and write in one transaction.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
# Its own application_name lets tests find (and drop) its connections.
DATABASES["replica"]["OPTIONS"] = {
    **DATABASES["default"]["OPTIONS"],
    "connect_timeout": 2,
    "application_name": "qa-test-replica",
}
if "pool" in DATABASES["replica"]["OPTIONS"]:
    DATABASES["replica"]["OPTIONS"]["pool"] = {**DATABASES["replica"]["OPTIONS"]["pool"], "timeout": 0.5}
DATABASE_READ_REPLICAS = []
# Tests write from one address many times a minute; tests/test_throttling.py sets the rates it checks.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = dict.fromkeys(REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "100000/min")
# Emails go to django.core.mail.outbox.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
