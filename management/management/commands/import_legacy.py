from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from management.bulk import IdsBusyError
from management.legacy_import.files import ANSWERS, PHOTOS, QUESTIONS, LegacyFile, legacy_files_in
from management.legacy_import.reading import LegacyFileError
from management.legacy_import.service import ImportResult, legacy_import
from management.progress import CommandProgress

DEFAULT_REJECTS_REPORT = Path("legacy_import_rejects.csv")


class Command(BaseCommand):
    help = (
        "Import the legacy CSV exports (questions, answers, photos): all their good rows or none. Bad rows are "
        "rejected and listed in a report; rows already in the database are left as they are."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--questions", type=Path, help="questions.csv")
        parser.add_argument("--answers", type=Path, help="answers.csv")
        parser.add_argument("--photos", type=Path, help="answers_photos.csv")
        parser.add_argument(
            "--dir", type=Path, help="a directory holding any of questions.csv, answers.csv, answers_photos.csv"
        )
        parser.add_argument(
            "--rejects",
            type=Path,
            default=DEFAULT_REJECTS_REPORT,
            help=f"the rejects report to write (default: {DEFAULT_REJECTS_REPORT})",
        )
        parser.add_argument(
            "--offline",
            action="store_true",
            help="the database serves no traffic: lock the tables and rebuild indexes (done anyway when the "
            "tables are empty; without it, an import into tables with rows never blocks the API)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check everything and write the report, load nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths = self.paths(options)
        progress = CommandProgress(self.stdout, verbose=options["verbosity"] >= 1)
        try:
            result = legacy_import(
                paths=paths,
                rejects_report=options["rejects"],
                offline=options["offline"],
                dry_run=options["dry_run"],
                progress=progress,
            )
        except (LegacyFileError, IdsBusyError, OSError) as error:
            raise CommandError(f"Nothing imported: {error}") from error
        self.summarize(result, progress)

    def paths(self, options: dict) -> dict[LegacyFile, Path]:
        paths = legacy_files_in(options["dir"]) if options["dir"] else {}
        for legacy_file, option in ((QUESTIONS, "questions"), (ANSWERS, "answers"), (PHOTOS, "photos")):
            if options[option]:
                paths[legacy_file] = options[option]
        if options["dir"] and not options["dir"].is_dir():
            raise CommandError(f"Nothing imported: {options['dir']} is not a directory")
        if not paths:
            raise CommandError("Nothing imported: give --questions, --answers, --photos, or a --dir holding them")
        return paths

    def summarize(self, result: ImportResult, progress: CommandProgress) -> None:
        verb = "would load" if result.dry_run else "loaded"
        for outcome in result.files:
            self.stdout.write(
                f"{outcome.path}: {outcome.loaded} {verb}, {outcome.rejected} rejected, "
                f"{outcome.already_present} already present"
            )
        self.stdout.write(f"Rejected rows are listed in {result.rejects_report}")
        progress.say(
            f"Done in {progress.elapsed():.1f} s"
            + (", indexes rebuilt" if result.indexes_rebuilt else "")
            + ("; dry run, nothing saved" if result.dry_run else "")
        )
