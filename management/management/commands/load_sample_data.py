from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from questions.models import Question

SAMPLE_FIXTURE = settings.BASE_DIR / "fixtures" / "sample.json"


class Command(BaseCommand):
    help = "Load the small sample data set into an empty database; a database with questions is left alone."

    def handle(self, *args: object, **options: object) -> None:
        if Question.objects.exists():
            self.stdout.write("The database already holds questions: sample data not loaded.")
            return
        call_command("loaddata", SAMPLE_FIXTURE, verbosity=options["verbosity"])
