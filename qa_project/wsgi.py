"""The WSGI entry point: the public API takes the lean handler, every other page Django's full one."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qa_project.settings.local")

site = get_wsgi_application()  # sets Django up, so the API's handler can load after it

from qa_project.handlers import ApiHandler, path_dispatcher  # noqa: E402

application = path_dispatcher(api=ApiHandler(), site=site)
