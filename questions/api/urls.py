from django.urls import re_path

from questions.api.views import QuestionHelpfulView, QuestionListCreateView, QuestionReportView

# Ids are at most 18 digits, so every id the routes accept fits a bigint; the rest are 404s.
QUESTION = r"questions/(?P<question_id>[0-9]{1,18})"

urlpatterns = [
    re_path(r"^questions/?$", QuestionListCreateView.as_view()),
    re_path(rf"^{QUESTION}/helpful/?$", QuestionHelpfulView.as_view()),
    re_path(rf"^{QUESTION}/report/?$", QuestionReportView.as_view()),
]
