from django.apps import AppConfig


class ManagementConfig(AppConfig):
    """Bulk data operations: the legacy CSV import and the load-test seed."""

    name = "management"
    verbose_name = "Data operations"
