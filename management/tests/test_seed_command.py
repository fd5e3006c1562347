"""The command's guard against production, its progress output and its errors."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError

from questions.models import Question

PRODUCTION_SETTINGS = "qa_project.settings.production"


def test_production_settings_are_refused_with_a_one_line_reason():
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": PRODUCTION_SETTINGS,
        "DJANGO_SECRET_KEY": "test",
        "DJANGO_ALLOWED_HOSTS": "example.com",
    }

    finished = subprocess.run(
        [sys.executable, "manage.py", "seed", "--questions", "10"],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert finished.returncode != 0
    assert finished.stderr.strip().splitlines() == [
        f"CommandError: Refusing to seed with the production settings {PRODUCTION_SETTINGS} (--force to do it anyway)"
    ]


def test_production_settings_are_refused_before_any_row_is_written(db, settings):
    settings.SETTINGS_MODULE = PRODUCTION_SETTINGS

    with pytest.raises(CommandError, match="production"):
        call_command("seed", questions=10, verbosity=0)

    assert not Question.objects.exists()


def test_force_seeds_even_with_production_settings(db, settings):
    settings.SETTINGS_MODULE = PRODUCTION_SETTINGS

    call_command("seed", questions=10, force=True, verbosity=0)

    assert Question.objects.count() == 10


def test_progress_is_shown_batch_by_batch(db, capsys):
    call_command("seed", questions=30, batch_size=10, seed=1)

    output = capsys.readouterr().out
    assert "Seeding 30 questions over 3 products with seed 1" in output
    assert [line.split("/")[0].strip() for line in output.splitlines() if "/ 30 questions" in line] == [
        "10",
        "20",
        "30",
    ]
    assert "Seeded 30 questions (ids from 1)" in output


@pytest.mark.parametrize("arguments", [["--questions", "0"], ["--seed", "-1"], ["--answers-per-question", "many"]])
def test_bad_arguments_are_refused(db, arguments):
    with pytest.raises(CommandError):
        call_command("seed", *arguments, verbosity=0)
