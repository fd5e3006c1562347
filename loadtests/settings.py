"""Settings of the server under load: production-like, plus the baseline route (loadtests.urls)."""

from qa_project.settings.local import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "loadtests.urls"
