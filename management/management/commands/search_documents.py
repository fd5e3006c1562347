from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from management.progress import CommandProgress
from management.search_documents import search_documents_build


class Command(BaseCommand):
    help = (
        "Store the text-search document of each question and answer that has none (after an import or a seed): "
        "searches then read them instead of building them. Safe while the API serves traffic."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild", action="store_true", help="store every document again: after a change of SEARCH_LANGUAGE"
        )

    def handle(self, *args: object, **options: Any) -> None:
        progress = CommandProgress(self.stdout, verbose=options["verbosity"] >= 1)
        built = search_documents_build(rebuild=options["rebuild"], progress=progress)
        stored = ", ".join(f"{count:,} in {table}" for table, count in built.items())
        progress.say(f"Search documents stored: {stored}, in {progress.elapsed():.1f} s")
