"""The email of a notification: who it's from and to, what it says, and the headers that make it one email.

Plain text, naming the product (by id: the storefront holds the names) and quoting the question and each answer,
with a link to the product page (STOREFRONT_PRODUCT_URL). Headers:
- Message-ID: the notification's own, the same on every attempt, so a copy sent again is the same email;
- List-Unsubscribe and List-Unsubscribe-Post (RFC 8058): mail apps show an Unsubscribe button that POSTs to it;
- Auto-Submitted: auto-generated (RFC 3834), so that auto-responders don't answer it.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from notifications.selectors import NotificationContent
from notifications.tokens import unsubscribe_url

QUOTE = "> "


def quoted(text: str) -> str:
    """`text` quoted as email quotes it, every line behind "> "."""
    return "\n".join(f"{QUOTE}{line}".rstrip() for line in text.splitlines() or [""])


def product_url(product_id: int) -> str:
    return settings.STOREFRONT_PRODUCT_URL.format(product_id=product_id)


def notification_email(content: NotificationContent) -> EmailMessage:
    count = len(content.answers)
    news = "a new answer" if count == 1 else f"{count} new answers"
    subject = f"Your question about product {content.product_id} has {news}"
    unsubscribe = unsubscribe_url(content.recipient)
    body = (
        render_to_string(
            "notifications/answered.txt",
            {
                "asker_name": content.asker_name,
                "product_id": content.product_id,
                "question": quoted(content.question_body),
                "answers": [{"answerer_name": a.answerer_name, "body": quoted(a.body)} for a in content.answers],
                "product_url": product_url(content.product_id),
                "unsubscribe_url": unsubscribe,
            },
        ).rstrip("\n")
        + "\n"
    )  # one line end, whatever the template file ends with
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[content.recipient],
        headers={
            "Message-ID": content.message_id,
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
