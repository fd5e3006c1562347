from django.urls import re_path

from answers.api.views import AnswerHelpfulView, AnswerListCreateView, AnswerReportView
from questions.api.urls import QUESTION

ANSWER = r"answers/(?P<answer_id>[0-9]{1,18})"

urlpatterns = [
    re_path(rf"^{QUESTION}/answers/?$", AnswerListCreateView.as_view()),
    re_path(rf"^{ANSWER}/helpful/?$", AnswerHelpfulView.as_view()),
    re_path(rf"^{ANSWER}/report/?$", AnswerReportView.as_view()),
]
