from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Emails telling askers their question was answered: an outbox written with the answer, sent by a worker."""

    name = "notifications"

    def ready(self) -> None:
        from notifications.metrics import scrape_time_metrics_register

        scrape_time_metrics_register()
