from django.urls import re_path

from questions.api.views import ProductSummaryView, QuestionHelpfulView, QuestionListCreateView, QuestionReportView

# Ids are at most 18 digits, so every id the routes accept fits a bigint; the rest are 404s.
QUESTION = r"questions/(?P<question_id>[0-9]{1,18})"
# Product ids are positive, as the question list's `product_id` is.
PRODUCT = r"products/(?P<product_id>[1-9][0-9]{0,17})"

urlpatterns = [
    re_path(r"^questions/?$", QuestionListCreateView.as_view()),
    re_path(rf"^{QUESTION}/helpful/?$", QuestionHelpfulView.as_view()),
    re_path(rf"^{QUESTION}/report/?$", QuestionReportView.as_view()),
    re_path(rf"^{PRODUCT}/summary/?$", ProductSummaryView.as_view()),
]
