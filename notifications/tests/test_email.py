"""The email: who it's from and to, what it says, and its headers (Message-ID, RFC 8058 unsubscribe)."""

from urllib.parse import parse_qs, urlsplit

from django.core import mail

from notifications.models import Notification
from notifications.tests.support import answer, send_due, time_passes
from notifications.tokens import address_hash, token_address_hash


def test_the_email_names_the_product_quotes_the_question_and_answers_and_links_the_product_page(
    api_client, question_factory, settings
):
    settings.STOREFRONT_PRODUCT_URL = "https://shop.example.com/products/{product_id}"
    settings.PUBLIC_BASE_URL = "https://qa.example.com"
    settings.DEFAULT_FROM_EMAIL = "Atelier <no-reply@shop.example.com>"
    question = question_factory(
        product_id=40344, asker_name="jbilas", asker_email="jbilas@example.com", body="Does this run\ntrue to size?"
    )
    answer(api_client, question.id, "Yes, order your usual size.")
    api_client.post(
        f"/qa/questions/{question.id}/answers",
        {"body": "Mine ran small.\n\nSize up.", "name": "Seller", "email": "seller@example.com"},
        format="json",
    )

    time_passes()
    send_due()

    [email] = mail.outbox
    unsubscribe = f"https://qa.example.com/qa/unsubscribe?{urlsplit(email.extra_headers['List-Unsubscribe']).query}"
    unsubscribe = unsubscribe.rstrip(">")
    assert (email.from_email, email.to, email.subject) == (
        "Atelier <no-reply@shop.example.com>",
        ["jbilas@example.com"],
        "Your question about product 40344 has 2 new answers",
    )
    assert email.body == (
        "Hello jbilas,\n"
        "\n"
        "Your question about product 40344 has 2 new answers.\n"
        "\n"
        "You asked:\n"
        "\n"
        "> Does this run\n"
        "> true to size?\n"
        "\n"
        "seller answered:\n"
        "\n"
        "> Yes, order your usual size.\n"
        "\n"
        "Seller answered:\n"
        "\n"
        "> Mine ran small.\n"
        ">\n"
        "> Size up.\n"
        "\n"
        "See the product and every answer: https://shop.example.com/products/40344\n"
        "\n"
        "--\n"
        "You get this email because you asked this question. To get no more of them, use your email\n"
        f"app's Unsubscribe button, or send a POST request to {unsubscribe}\n"
    )


def test_the_headers_carry_a_stable_message_id_and_a_one_click_unsubscribe(api_client, question_factory, settings):
    settings.PUBLIC_BASE_URL = "https://qa.example.com"
    answer(api_client, question_factory(asker_email="asker@example.com").id)

    time_passes()
    send_due()

    headers = mail.outbox[0].message()
    link = headers["List-Unsubscribe"]
    assert headers["Message-ID"] == Notification.objects.get().message_id
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["Auto-Submitted"] == "auto-generated"
    assert link.startswith("<https://qa.example.com/qa/unsubscribe?token=")
    assert link.endswith(">")
    [token] = parse_qs(urlsplit(link.strip("<>")).query)["token"]
    assert token_address_hash(token) == address_hash("asker@example.com")


def test_the_unsubscribe_link_of_an_email_unsubscribes_its_recipient(api_client, question_factory):
    answer(api_client, question_factory(asker_email="asker@example.com").id)
    time_passes()
    send_due()
    link = urlsplit(mail.outbox[0].message()["List-Unsubscribe"].strip("<>"))

    response = api_client.post(f"{link.path}?{link.query}", "List-Unsubscribe=One-Click", content_type="text/plain")

    assert (response.status_code, response.json()["unsubscribed"]) == (200, True)
    answer(api_client, question_factory(asker_email="asker@example.com").id)
    time_passes()
    send_due()
    assert len(mail.outbox) == 1
