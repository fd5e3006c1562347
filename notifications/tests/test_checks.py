"""`manage.py check --deploy` warns of emails that would reach nobody and of unsubscribe links over plain http."""

from django.core.checks import run_checks


def warnings() -> list[str]:
    return [str(message.id) for message in run_checks(include_deployment_checks=True, tags=["notifications"])]


def test_a_backend_that_delivers_nothing_and_an_http_base_url_are_warned_of(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.PUBLIC_BASE_URL = "http://qa.example.com"

    assert warnings() == ["notifications.W001", "notifications.W002"]


def test_smtp_and_https_pass(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.PUBLIC_BASE_URL = "https://qa.example.com"

    assert warnings() == []
