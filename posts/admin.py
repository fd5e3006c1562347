"""What the questions' and answers' admins share: big read-only tables and the moderators' queue.

The admin is read-only: nobody adds, edits or deletes here. Its only writes are the moderation
decisions, each a service of the post's app. Every page is built to open fast on tables of
millions of rows: no full COUNT, every filter and search served by an index, fixed ordering.
"""

from collections.abc import Callable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.contrib.auth import get_permission_codename
from django.core.paginator import Paginator
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator

from posts.api.fields import MAX_BIGINT
from posts.models import Post, Status
from posts.moderation import Decision

if TYPE_CHECKING:
    from django.contrib.admin.filters import _ListFilterChoices  # the stubs' type of a filter's choice

# A changelist counts at most this many items: it pages through them, and a filter narrows further.
COUNT_CAP = 10_000
# A moderation action acts on at most this many items at once.
ACTION_ITEMS_MAX = 1_000
# A post's text in a changelist, cut to fit beside the other columns.
EXCERPT_CHARACTERS = 60


class CappedCountPaginator(Paginator):
    """Counts up to COUNT_CAP items, never the whole table: COUNT(*) would read all 10M rows."""

    object_list: QuerySet[Any]  # the admin's changelists page through querysets

    @cached_property
    def count(self) -> int:
        return self.object_list[:COUNT_CAP].count()


def search_terms(search_term: str) -> tuple[list[int], list[str]]:
    """The ids (whole numbers) and the words of a search."""
    ids, words = [], []
    for term in search_term.split():
        if term.isascii() and term.isdigit() and int(term) <= MAX_BIGINT:
            ids.append(int(term))
        else:
            words.append(term)
    return ids, words


class BigTableAdmin(admin.ModelAdmin):
    """Read-only, no full COUNT, searched by ids first: text is only searched among the ids' items.

    `icontains` over ten million rows reads them all, so words alone find nothing and say why.
    """

    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    sortable_by = ()  # the ordering is the one an index serves
    text_field: str
    # The search box only shows when search_fields is set; get_search_results does the searching.
    search_fields = ("id",)

    def ids_match(self, ids: list[int]) -> Q:
        """The items a search's ids name."""
        raise NotImplementedError

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str) -> tuple[QuerySet, bool]:
        ids, words = search_terms(search_term)
        if words and not ids:
            self.message_user(
                request, f"Text is searched among the items of an id: {self.search_help_text}", messages.WARNING
            )
            return queryset.none(), False
        if ids:
            queryset = queryset.filter(self.ids_match(ids))
        for word in words:
            queryset = queryset.filter(**{f"{self.text_field}__icontains": word})
        return queryset, False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReadOnlyTabularInline(admin.TabularInline):
    """Rows shown on their parent's page, which nobody adds, changes or deletes there."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ModerationStatusFilter(admin.SimpleListFilter):
    """The moderation queue by default, or a search through everything; each choice has its index."""

    title = "moderation"
    parameter_name = "status"
    statuses: dict[str, tuple[str, Q]] = {
        # question_queue_idx, answer_queue_idx
        "queue": ("Awaiting review", Q(status=Status.REPORTED)),
        # question_removed_idx, answer_removed_idx
        "removed": ("Removed", Q(status=Status.REMOVED)),
        # question_date_idx, answer_date_idx: nearly every post is published
        "published": ("Published", Q(status=Status.PUBLISHED)),
        "all": ("All", Q()),
    }

    def __init__(self, request: HttpRequest, params: dict, model: type[Model], model_admin: admin.ModelAdmin) -> None:
        super().__init__(request, params, model, model_admin)
        self.default = "all" if request.GET.get(SEARCH_VAR) else "queue"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [(status, label) for status, (label, _) in self.statuses.items()]

    def value(self) -> str:
        value = super().value()
        return value if value in self.statuses else self.default

    def choices(self, changelist: ChangeList) -> Iterator["_ListFilterChoices"]:
        for status, label in self.lookup_choices:
            yield {
                "selected": self.value() == status,
                "query_string": changelist.get_query_string({self.parameter_name: status}),
                "display": label,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(self.statuses[self.value()][1])


def moderation_action(decision: Decision, *, description: str, done: str) -> Callable:
    """An admin action taking `decision` on the selected posts; `done` says what it did to "{items}"."""

    @admin.action(description=description, permissions=["moderate"])
    def action(model_admin: "ModerationAdmin", request: HttpRequest, queryset: QuerySet) -> None:
        if queryset[: ACTION_ITEMS_MAX + 1].count() > ACTION_ITEMS_MAX:
            model_admin.message_user(
                request, f"Select at most {ACTION_ITEMS_MAX} items for one action; nothing was changed.", messages.ERROR
            )
            return
        changed = model_admin.moderate(queryset=queryset, decision=decision, user=request.user)
        items = f"{changed} {model_ngettext(model_admin.opts, changed)}"
        model_admin.message_user(request, done.format(items=items), messages.SUCCESS)

    action.__name__ = decision.value
    return action


class ModerationAdmin(BigTableAdmin):
    """The queue of reported posts, newest first, and the moderators' decisions on them.

    The list shows what a decision needs, narrow enough for a 1366 px screen without scrolling: the
    text, where it was posted, its reports, its status and date; the rest is on each post's page.
    """

    list_filter = (ModerationStatusFilter, "date_written")
    ordering = ("-date_written", "-id")
    actions = [
        moderation_action(Decision.RESTORE, description="Restore: show again in the API", done="Restored {items}."),
        moderation_action(Decision.REMOVE, description="Remove: hide from the API for good", done="Removed {items}."),
    ]
    # The service taking a decision on a queryset of the model; returns how many posts it changed.
    moderate: Callable[..., int]

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.{get_permission_codename('moderate', self.opts)}")

    @admin.display(description="date", ordering="date_written")
    def date(self, post: Post) -> str:
        return f"{post.date_written:%Y-%m-%d %H:%M}"


def excerpt(text: str) -> str:
    return Truncator(text).chars(EXCERPT_CHARACTERS)
