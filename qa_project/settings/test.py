"""Settings for the test suite: the real PostgreSQL and Redis, fast password hashing."""

from .base import *  # noqa: F403
from .base import CACHES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES["default"]["KEY_PREFIX"] = "qa-test"
STORAGES = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Serve static files from the apps, as in development: no collectstatic before the tests.
WHITENOISE_AUTOREFRESH = True
