"""manage.py api_client create NAME [--trusted] | rotate NAME | revoke NAME

create and rotate print the new key alone on their last line (for a script: `| tail -n 1`); it is shown only then.
A failure exits non-zero with a one-line reason.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clients.models import ApiClient
from clients.selectors import api_client_get
from clients.services import api_client_create, api_client_revoke, api_client_rotate


class Command(BaseCommand):
    help = "Create an API client (printing its key), rotate its key (printing the new one), or revoke it."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="a new client; its key is printed once, on the last line")
        create.add_argument("name")
        create.add_argument(
            "--trusted", action="store_true", help="it may say who its shopper is (X-Shopper-Id): server-side only"
        )
        rotate = actions.add_parser("rotate", help="a new key, printed on the last line; the old one stops working")
        rotate.add_argument("name")
        revoke = actions.add_parser("revoke", help="the client's key stops working, for good")
        revoke.add_argument("name")

    def handle(self, *args: object, action: str, name: str, **options: object) -> None:
        try:
            if action == "create":
                self.create(name, trusted=bool(options["trusted"]))
            elif action == "rotate":
                key = api_client_rotate(client=self.client(name))
                self.stdout.write(f"Rotated the key of {name}: the old key stops working within seconds. The new key:")
                self.stdout.write(key)
            else:
                if api_client_revoke(client=self.client(name)):
                    self.stdout.write(f"Revoked {name}: its key stops working within seconds.")
                else:
                    self.stdout.write(f"{name} was already revoked.")
        except ValidationError as error:
            raise CommandError(f"{action} {name}: {' '.join(error.messages)}") from None

    def create(self, name: str, *, trusted: bool) -> None:
        client, key = api_client_create(name=name, trusted=trusted)
        kind = "trusted: it may send X-Shopper-Id" if client.trusted else "untrusted: its shoppers are their addresses"
        self.stdout.write(f"Created the API client {client.name} ({kind}). Its key, shown only this once:")
        self.stdout.write(key)

    def client(self, name: str) -> ApiClient:
        try:
            return api_client_get(name=name)
        except ApiClient.DoesNotExist:
            raise CommandError(f"No API client is named {name!r}.") from None
