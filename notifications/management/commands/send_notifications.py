"""`manage.py send_notifications`: the worker that sends the answer notifications (notifications/worker.py)."""

import signal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from notifications.worker import NotificationWorker, Totals
from qa_project.exceptions import DATABASE_UNAVAILABLE_ERRORS


class Command(BaseCommand):
    help = (
        "Send the notification emails that are due, then keep sending them as they fall due, until SIGTERM or "
        "SIGINT. Several may run at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Send what is due now, then exit (cron, checks).")
        parser.add_argument(
            "--poll-seconds",
            type=float,
            default=None,
            help="How long to wait before looking for due notifications again (NOTIFICATION_POLL_SECONDS).",
        )

    def handle(self, *args: Any, once: bool, poll_seconds: float | None, **options: Any) -> None:
        poll = settings.NOTIFICATION_POLL_SECONDS if poll_seconds is None else poll_seconds
        if poll <= 0:
            raise CommandError(f"--poll-seconds must be positive, not {poll}")
        worker = NotificationWorker(poll_seconds=poll, report=self.report if options["verbosity"] > 1 else None)
        signal.signal(signal.SIGTERM, worker.stop)
        signal.signal(signal.SIGINT, worker.stop)
        if not once and options["verbosity"]:
            self.stdout.write(f"Sending notifications as they fall due, looking every {poll:g} s")
        try:
            totals = worker.run(once=once)
        except DATABASE_UNAVAILABLE_ERRORS as error:
            raise CommandError(f"The database did not answer: {error}".splitlines()[0]) from error
        if options["verbosity"]:
            self.stdout.write(f"Notifications: {totals}")

    def report(self, totals: Totals) -> None:
        self.stdout.write(f"Notifications: {totals}")
