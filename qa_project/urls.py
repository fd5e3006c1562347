from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path

urlpatterns = [
    path("qa/", include("questions.api.urls")),
    path("qa/", include("answers.api.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]


def not_found(request: HttpRequest, exception: Exception) -> JsonResponse:
    return JsonResponse({"detail": "Not found."}, status=404)


handler404 = not_found
handler500 = "rest_framework.exceptions.server_error"
