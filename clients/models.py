"""The API's callers with a key: storefront integrations, each with its quotas and whether it may name its shopper.

A key is shown once, when it is made (clients/services.py), and stored only as its SHA-256 digest: keys are random
and long (clients/keys.py), so a fast unsalted hash is as strong as a slow salted one would be for a password.
"""

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

# A name is a metrics label and a command argument: letters, digits, `.`, `_` and `-`.
NAME_CHARACTERS = r"[A-Za-z0-9][A-Za-z0-9._-]*"
# The metrics labels of the requests without a key and of those with a key no active client has.
RESERVED_NAMES = ("keyless", "unknown")
# The write actions (the views' throttle scopes) and each one's default quota, per minute, for a whole client:
# 50 shoppers at once at the default rates per shopper (THROTTLE_RATE_*: 20, 30, 120 and 60 a minute), about.
DEFAULT_QUOTAS = {"ask": 1_000, "answer": 1_500, "vote": 6_000, "report": 3_000}
QUOTA_WRITES = {"ask": "Questions", "answer": "Answers", "vote": "Helpful votes", "report": "Reports"}


class ClientStatus(models.TextChoices):
    """An active client's key is accepted; a revoked one's never again (clients/services.py)."""

    ACTIVE = "active", "Active"
    REVOKED = "revoked", "Revoked"


def quota_field(action: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        default=DEFAULT_QUOTAS[action],
        validators=[MinValueValidator(1)],
        help_text=f"{QUOTA_WRITES[action]} a minute from the whole client; each of its shoppers also has the default "
        "rate.",
    )


class ApiClient(models.Model):
    name = models.CharField(
        max_length=60,
        unique=True,
        validators=[RegexValidator(rf"^{NAME_CHARACTERS}\Z", "Letters, digits, '.', '_' and '-' only.")],
        help_text="Who the integration is, e.g. storefront-eu. It labels the client's metrics.",
    )
    # SHA-256 of the key, hex: the key itself is never stored.
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    trusted = models.BooleanField(
        default=False,
        help_text="May say who its shopper is (X-Shopper-Id): only for a server-side integration whose key stays "
        "on its servers. A key used from browsers is public: leave it untrusted.",
    )
    status = models.CharField(max_length=7, choices=ClientStatus, default=ClientStatus.ACTIVE, editable=False)
    ask_per_minute = quota_field("ask")
    answer_per_minute = quota_field("answer")
    vote_per_minute = quota_field("vote")
    report_per_minute = quota_field("report")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # When the current key was made: at creation, then at each rotation.
    key_created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "API client"
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=ClientStatus.values), name="api_client_status_valid"),
            # revoked_at says when, and only of a revoked client.
            models.CheckConstraint(
                condition=models.Q(status=ClientStatus.ACTIVE, revoked_at__isnull=True)
                | models.Q(status=ClientStatus.REVOKED, revoked_at__isnull=False),
                name="api_client_revoked_at_iff_revoked",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    ask_per_minute__gt=0, answer_per_minute__gt=0, vote_per_minute__gt=0, report_per_minute__gt=0
                ),
                name="api_client_quotas_positive",
            ),
            models.CheckConstraint(
                condition=~models.Q(name__in=RESERVED_NAMES),
                name="api_client_name_not_reserved",
                violation_error_message=f"{' and '.join(RESERVED_NAMES)} are the metrics' labels of callers without "
                "a client: pick another name.",
            ),
            models.CheckConstraint(
                condition=models.Q(name__regex=f"^{NAME_CHARACTERS}$"), name="api_client_name_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def quotas(self) -> dict[str, int]:
        """Per action (a write view's throttle scope), the client's requests a minute."""
        return {action: getattr(self, f"{action}_per_minute") for action in DEFAULT_QUOTAS}
