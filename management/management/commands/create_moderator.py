from django.core.management.base import BaseCommand, CommandParser

from management.moderators import moderator_create


class Command(BaseCommand):
    help = "Make a user a staff moderator (creating the user if needed); then set a password with changepassword."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="for a new user")

    def handle(self, *args: object, username: str, email: str, **options: object) -> None:
        user, created = moderator_create(username=username, email=email)
        if created:
            self.stdout.write(
                f"Created the moderator {user.username}. Set a password: manage.py changepassword {user.username}"
            )
        else:
            self.stdout.write(f"{user.username} is now a moderator.")
