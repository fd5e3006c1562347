"""The staff's moderation of answers, each shown with its question and photos (the shared pieces: posts/admin.py)."""

from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html

from answers.models import Answer, AnswerPhoto
from answers.services import answer_moderate
from posts.admin import BigTableAdmin, ModerationAdmin, ReadOnlyTabularInline, excerpt
from questions.models import Question


class AnswerPhotoInline(ReadOnlyTabularInline):
    model = AnswerPhoto
    fields = ("url",)
    # The photo URLs are absolute http(s) ones; say so rather than rely on Django 5's http default.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Answer)
class AnswerAdmin(ModerationAdmin):
    list_display = ("id", "body_excerpt", "question_excerpt", "product_id", "report_count", "status", "date")
    list_select_related = ("question",)
    text_field = "body"
    search_help_text = (
        "A number finds the answer with that id and the answers of that question or product; "
        "words after it search their text."
    )
    moderate = staticmethod(answer_moderate)
    readonly_fields = ("question_body", "product_id")
    inlines = (AnswerPhotoInline,)

    def ids_match(self, ids: list[int]) -> Q:
        # The primary key and the foreign key's index; a product's questions through question_product_idx.
        question_ids = [*ids, *Question.objects.filter(product_id__in=ids).values_list("pk", flat=True)]
        return Q(pk__in=ids) | Q(question_id__in=question_ids)

    @admin.display(description="answer")
    def body_excerpt(self, answer: Answer) -> str:
        return excerpt(answer.body)

    @admin.display(description="question")
    def question_excerpt(self, answer: Answer) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:questions_question_change", args=[answer.question_id]),
            excerpt(answer.question.body),
        )

    @admin.display(description="question's text")
    def question_body(self, answer: Answer) -> str:
        return answer.question.body

    @admin.display(description="product id")
    def product_id(self, answer: Answer) -> int:
        return answer.question.product_id


@admin.register(AnswerPhoto)
class AnswerPhotoAdmin(BigTableAdmin):
    list_display = ("id", "url", "answer")
    list_select_related = ("answer",)
    ordering = ("-id",)
    text_field = "url"
    search_help_text = (
        "A number finds the photo with that id and the photos of that answer; words after it search their URL."
    )

    def ids_match(self, ids: list[int]) -> Q:
        # The primary key and answer_photo_answer_idx.
        return Q(pk__in=ids) | Q(answer_id__in=ids)
