"""Settings for the test suite: the real PostgreSQL and Redis, fast password hashing."""

from .base import *  # noqa: F403
from .base import CACHES, DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Test runs against different databases share one Redis: keep their keys apart.
CACHE_KEY_PREFIX = f"qa-test-{DATABASES['default']['NAME']}"
CACHES["default"]["KEY_PREFIX"] = CACHE_KEY_PREFIX
STORAGES = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Serve static files from the apps, as in development: no collectstatic before the tests.
WHITENOISE_AUTOREFRESH = True
