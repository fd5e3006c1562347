"""The outbox's Prometheus metrics at /metrics.

Counters where things happen: queued on the app servers (after the answer's transaction commits), the rest in the
worker, whose numbers reach /metrics through the PROMETHEUS_MULTIPROC_DIR it shares with its host's app server.

The age of the oldest due notification is read from PostgreSQL when /metrics is scraped (one read of the first
entry of notification_due_idx), not kept by the workers: it must keep growing when no worker runs at all, which is
what its alert is for. Every app server reports the same value: aggregate it with max(), not sum().
"""

import logging
import threading
from collections.abc import Iterator

from django.db import Error as DatabaseError
from prometheus_client import Counter
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from notifications.selectors import notification_oldest_due_age
from qa_project.metrics import SCRAPE_TIME_REGISTRY

logger = logging.getLogger("qa.notifications")

# The counters qa_notifications_<event>_total.
COUNTERS = {
    "queued": "Notification emails queued: one per question and window (answers joining a queued one add none).",
    "sent": "Notification emails the mail server took; one sent again after its worker died counts again.",
    "retried": "Attempts to send a notification that failed and will be retried.",
    "failed": "Notifications given up on: out of attempts, or refused by the mail server for good.",
}
# The worker's, made when it starts so that /metrics shows them (and the alerts' sums have them) before they count.
WORKER_COUNTERS = ("sent", "retried", "failed")
SKIPPED = Counter(
    "qa_notifications_skipped",
    "Notifications with nothing to send when their turn came, by reason (unsubscribed, answers or question hidden).",
    ["reason"],
)
_counters: dict[str, Counter] = {}
_counters_lock = threading.Lock()


def counter(event: str) -> Counter:
    """The counter of `event` (COUNTERS), made on first use: not at import, when a management command may load this
    module with an app server's environment but not its metrics directory (PROMETHEUS_MULTIPROC_DIR)."""
    with _counters_lock:
        if event not in _counters:
            _counters[event] = Counter(f"qa_notifications_{event}", COUNTERS[event])
        return _counters[event]


OLDEST_DUE_AGE = "qa_notifications_oldest_due_age_seconds"
OLDEST_DUE_AGE_HELP = (
    "Seconds the unsent notification due longest has waited past its due time (0: none is waiting): "
    "it grows while no worker sends."
)


class OldestDueAgeCollector(Collector):
    """The gauge OLDEST_DUE_AGE, read from the database at each scrape; left out while the database is away."""

    def describe(self) -> Iterator[GaugeMetricFamily]:
        yield GaugeMetricFamily(OLDEST_DUE_AGE, OLDEST_DUE_AGE_HELP)  # lets the registry skip a query at start

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            age = notification_oldest_due_age()
        except DatabaseError as error:
            logger.warning("%s left out of /metrics, the database did not answer: %r", OLDEST_DUE_AGE, error)
            return
        yield GaugeMetricFamily(OLDEST_DUE_AGE, OLDEST_DUE_AGE_HELP, value=age)


def scrape_time_metrics_register() -> None:
    """Called once per process, when the app is ready."""
    SCRAPE_TIME_REGISTRY.register(OldestDueAgeCollector())
