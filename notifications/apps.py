from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Emails telling askers their question was answered: an outbox written with the answer, sent by a worker."""

    name = "notifications"

    def ready(self) -> None:
        from notifications import checks  # noqa: F401  (registers the deploy checks)
        from notifications.metrics import scrape_time_metrics_register

        scrape_time_metrics_register()
