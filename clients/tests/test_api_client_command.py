"""manage.py api_client create|rotate|revoke: the new key alone on the last line; failures exit 1 with one line."""

import io

import pytest
from django.core.management import CommandError, call_command

from clients.keys import key_digest
from clients.models import ApiClient, ClientStatus

pytestmark = pytest.mark.django_db


def api_client_command(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("api_client", *args, stdout=out)
    return out.getvalue().splitlines()


def failure(*args: str) -> tuple[int, str]:
    """How the command fails: the exit status and the line manage.py prints (`CommandError: <reason>`)."""
    with pytest.raises(CommandError) as failed:
        api_client_command(*args)
    return failed.value.returncode, f"CommandError: {failed.value}"


def test_create_prints_the_key_alone_on_its_last_line_and_stores_only_its_digest():
    *said, key = api_client_command("create", "storefront-eu", "--trusted")

    client = ApiClient.objects.get(name="storefront-eu")
    assert said == [
        "Created the API client storefront-eu (trusted: it may send X-Shopper-Id). Its key, shown only this once:"
    ]
    assert key.startswith("aqa_")
    assert len(key) == 47
    assert client.key_digest == key_digest(key)
    assert key not in {str(value) for value in vars(client).values()}
    assert (client.trusted, client.status, client.quotas()) == (
        True,
        ClientStatus.ACTIVE,
        {"ask": 1000, "answer": 1500, "vote": 6000, "report": 3000},
    )


def test_create_without_trusted_makes_an_untrusted_client():
    said, _key = api_client_command("create", "widget")

    assert said == (
        "Created the API client widget (untrusted: its shoppers are their addresses). Its key, shown only this once:"
    )
    assert ApiClient.objects.get(name="widget").trusted is False


def test_rotate_prints_a_new_key_on_its_last_line():
    *_, old_key = api_client_command("create", "storefront")

    *said, new_key = api_client_command("rotate", "storefront")

    assert said == ["Rotated the key of storefront: the old key stops working within seconds. The new key:"]
    assert new_key != old_key
    assert ApiClient.objects.get(name="storefront").key_digest == key_digest(new_key)


def test_revoke_revokes_once():
    api_client_command("create", "storefront")

    first, again = api_client_command("revoke", "storefront"), api_client_command("revoke", "storefront")

    client = ApiClient.objects.get(name="storefront")
    assert first == ["Revoked storefront: its key stops working within seconds."]
    assert again == ["storefront was already revoked."]
    assert client.status == ClientStatus.REVOKED
    assert client.revoked_at is not None


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("rotate", "nobody"), "No API client is named 'nobody'."),
        (("revoke", "nobody"), "No API client is named 'nobody'."),
        (("create", "taken"), "create taken: API client with this Name already exists."),
        (
            ("create", "keyless"),
            "create keyless: keyless and unknown are the metrics' labels of callers without a client: pick another "
            "name.",
        ),
        (("create", "two words"), "create two words: Letters, digits, '.', '_' and '-' only."),
    ],
)
def test_a_failure_exits_1_with_a_one_line_reason(args, reason):
    api_client_command("create", "taken")

    assert failure(*args) == (1, f"CommandError: {reason}")
    assert ApiClient.objects.count() == 1


def test_a_revoked_clients_key_cannot_be_rotated():
    api_client_command("create", "storefront")
    api_client_command("revoke", "storefront")
    revoked = ApiClient.objects.get()

    assert failure("rotate", "storefront") == (
        1,
        "CommandError: rotate storefront: storefront is revoked: its key can't be rotated, create a new client "
        "instead.",
    )
    assert ApiClient.objects.get().key_digest == revoked.key_digest
