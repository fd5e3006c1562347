"""The staff's moderation of questions in the Django admin (the shared pieces: posts/admin.py)."""

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from notifications.admin import NotificationInline
from posts.admin import ModerationAdmin, excerpt
from questions.models import Question
from questions.services import question_moderate


@admin.register(Question)
class QuestionAdmin(ModerationAdmin):
    list_display = ("id", "body_excerpt", "product_id", "report_count", "status", "date")
    text_field = "body"
    search_help_text = (
        "A number finds the question with that id and the questions of that product; words after it search their text."
    )
    moderate = staticmethod(question_moderate)
    readonly_fields = ("answers",)
    inlines = (NotificationInline,)

    def ids_match(self, ids: list[int]) -> Q:
        # The primary key and question_product_idx.
        return Q(pk__in=ids) | Q(product_id__in=ids)

    @admin.display(description="question")
    def body_excerpt(self, question: Question) -> str:
        return excerpt(question.body)

    @admin.display(description="answers")
    def answers(self, question: Question) -> str:
        query = urlencode({"question__exact": str(question.pk), "status": "all"})
        return format_html(
            '<a href="{}?{}">Answers to this question</a>', reverse("admin:answers_answer_changelist"), query
        )
