from django.urls import re_path

from notifications.api.views import UnsubscribeView

urlpatterns = [
    re_path(r"^unsubscribe/?$", UnsubscribeView.as_view(), name="notifications-unsubscribe"),
]
