"""What the legacy import tests share: the sample files and a way to run the command on them."""

import csv
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

LEGACY_FIXTURES = settings.BASE_DIR / "fixtures" / "legacy"


def import_legacy(*arguments: str, rejects: Path) -> str:
    """Run `manage.py import_legacy` with `arguments`, the report at `rejects`; returns what it printed."""
    output = StringIO()
    call_command("import_legacy", *arguments, "--rejects", str(rejects), stdout=output)
    return output.getvalue()


def import_fixtures(tmp_path: Path, *arguments: str) -> str:
    return import_legacy("--dir", str(LEGACY_FIXTURES), *arguments, rejects=tmp_path / "rejects.csv")


def report_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as report:
        return list(csv.DictReader(report))
