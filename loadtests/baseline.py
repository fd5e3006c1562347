"""The question list as a plain DRF nested ModelSerializer would serve it: the baseline the tuned
route (questions/selectors.py) is measured against. Same output, no SQL-built JSON, no cache.
Mounted only by loadtests.urls, never in production."""

from django.db.models import Prefetch, QuerySet
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from answers.models import Answer, AnswerPhoto
from posts.models import Status
from questions.api.serializers import AnswerInQuestionSerializer, QuestionListParamsSerializer, QuestionSerializer
from questions.models import Question


class BaselineQuestionSerializer(QuestionSerializer):
    """The service's question serializer with its answers, from prefetched rows, as the nested DRF way serves them."""

    def get_answers(self, question: Question) -> dict[str, dict]:
        return {str(answer.id): AnswerInQuestionSerializer(answer).data for answer in question.answers.all()}


class BaselineQuestionListView(generics.GenericAPIView):
    serializer_class = BaselineQuestionSerializer

    def get_queryset(self) -> QuerySet[Question]:
        photos = AnswerPhoto.objects.order_by("id")
        answers = (
            Answer.objects.filter(status=Status.PUBLISHED).order_by("id").prefetch_related(Prefetch("photos", photos))
        )
        return (
            Question.objects.filter(status=Status.PUBLISHED)
            .order_by("-helpfulness", "id")
            .prefetch_related(Prefetch("answers", answers))
        )

    def get(self, request: Request) -> Response:
        params = QuestionListParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        product_id, page, count = (params.validated_data[name] for name in ("product_id", "page", "count"))
        questions = self.get_queryset().filter(product_id=product_id)[(page - 1) * count : page * count]
        return Response({"product_id": str(product_id), "results": self.get_serializer(questions, many=True).data})
