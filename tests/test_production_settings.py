"""Production settings pass `manage.py check --deploy`, and put the admin where DJANGO_ADMIN_URL says."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "qa_project.settings.production",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "qa.example.com",
    # The notifications' mail server and the https address of their unsubscribe links (notifications/checks.py).
    "EMAIL_URL": "smtp://mail.example.com:25",
    "PUBLIC_BASE_URL": "https://qa.example.com",
}


def run_manage(*args: str, unset: str = "", **env: str) -> subprocess.CompletedProcess:
    """`manage.py` with production settings, `env` added to the environment and the variable `unset` removed."""
    environment = {**os.environ, **PRODUCTION_ENV, **env}
    environment.pop(unset, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=Path(settings.BASE_DIR),
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_finds_no_issues():
    # DEBUG fail level: a warning (DEBUG on, a short secret, an insecure cookie or header) fails it too.
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", unset="DJANGO_SECRET_KEY")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_an_empty_secret_key():
    result = run_manage("check", DJANGO_SECRET_KEY="")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is empty" in result.stderr


def test_the_admin_is_served_at_the_configured_path():
    script = "from django.urls import resolve; print(resolve('/backstage-7f3a/login/').app_name)"

    result = run_manage("shell", "--no-imports", "-c", script, DJANGO_ADMIN_URL="backstage-7f3a/")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "admin"
