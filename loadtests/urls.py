"""The service's URLs plus the baseline route the load tests compare the tuned route with."""

from django.urls import path

from loadtests.baseline import BaselineQuestionListView
from qa_project.urls import urlpatterns as service_urlpatterns

urlpatterns = [
    *service_urlpatterns,
    path("baseline/qa/questions", BaselineQuestionListView.as_view()),
]
