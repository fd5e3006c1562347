from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from qa_project.health import healthz, readyz
from qa_project.metrics import metrics_page

# The moderation lists need the screen's width (docs/moderation.md): no app list beside them.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("qa/", include("questions.api.urls")),
    path("qa/", include("answers.api.urls")),
    path("qa/", include("notifications.api.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    # Prometheus scrapes each app server directly; nginx does not pass /metrics on (deploy/nginx/).
    path("metrics", metrics_page, name="prometheus-metrics"),
    # The OpenAPI 3 schema of the routes and its Swagger UI (docs/reliability.md).
    path("api/schema/", SpectacularAPIView.as_view(), name="openapi-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="openapi-schema"), name="openapi-docs"),
]


def not_found(request: HttpRequest, exception: Exception) -> JsonResponse:
    return JsonResponse({"detail": "Not found."}, status=404)


handler400 = "rest_framework.exceptions.bad_request"
handler404 = not_found
handler500 = "qa_project.exceptions.server_error"
