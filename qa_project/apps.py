from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ServiceConfig(AppConfig):
    """The service's own wiring that needs Django loaded: the database query timer."""

    name = "qa_project"
    verbose_name = "Atelier Q&A service"

    def ready(self) -> None:
        from qa_project.metrics import query_timer_install

        connection_created.connect(query_timer_install, dispatch_uid="qa_project.metrics.query_timer_install")
