"""The orders the list routes offer (`sort`), as SQL: each is served by an index of the listed posts
(posts/models.py: listed_index for `helpful`, dated_index for `newest` and `oldest`), ties broken by id."""

from django.db import models


class Sort(models.TextChoices):
    HELPFUL = "helpful", "Most helpful first (the default, the legacy order)"
    NEWEST = "newest", "Newest first"
    OLDEST = "oldest", "Oldest first"


# The ORDER BY of each sort over a table or subquery aliased `{alias}`.
ORDER_BY = {
    Sort.HELPFUL: "{alias}.helpfulness DESC, {alias}.id",
    Sort.NEWEST: "{alias}.date_written DESC, {alias}.id DESC",
    Sort.OLDEST: "{alias}.date_written, {alias}.id",
}


def order_by(sort: Sort, *, alias: str) -> str:
    return ORDER_BY[sort].format(alias=alias)
