import orjson
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema_view
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from answers.api.schema import (
    answer_create_schema,
    answer_helpful_schema,
    answer_list_schema,
    answer_report_schema,
)
from answers.api.serializers import AnswerCreateSerializer, AnswerSerializer
from answers.models import Answer
from answers.selectors import answer_list_for_question
from answers.services import answer_create, answer_mark_helpful, answer_report
from questions.api.serializers import PageParamsSerializer
from questions.api.views import ItemActionView
from questions.api.voters import voter_key
from questions.cache import answer_list_cache
from questions.selectors import question_get_listed


@extend_schema_view(get=answer_list_schema, post=answer_create_schema)
class AnswerListCreateView(APIView):
    throttle_scope = "answer"  # only the post: reads are never throttled

    def get(self, request: Request, question_id: str) -> HttpResponse:
        params = PageParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        page, count = params.validated_data["page"], params.validated_data["count"]

        def build() -> bytes | None:
            document = answer_list_for_question(question_id=int(question_id), page=page, count=count)
            return None if document is None else orjson.dumps(document)

        document = answer_list_cache.get_or_build(int(question_id), page, count, build=build)
        if document is None:
            raise NotFound
        return HttpResponse(document, content_type="application/json")

    def post(self, request: Request, question_id: str) -> Response:
        question = question_get_listed(question_id=int(question_id))
        if question is None:
            raise NotFound
        serializer = AnswerCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        answer = answer_create(
            question=question,
            body=data["body"],
            answerer_name=data["name"],
            answerer_email=data["email"],
            photo_urls=data["photos"],
        )
        return Response(AnswerSerializer(answer).data, status=status.HTTP_201_CREATED)


@extend_schema_view(put=answer_helpful_schema)
class AnswerHelpfulView(ItemActionView):
    throttle_scope = "vote"
    model = Answer

    def act(self, request: Request, item_id: int) -> None:
        answer_mark_helpful(answer_id=item_id, voter=voter_key(request))


@extend_schema_view(put=answer_report_schema)
class AnswerReportView(ItemActionView):
    throttle_scope = "report"
    model = Answer

    def act(self, request: Request, item_id: int) -> None:
        answer_report(answer_id=item_id)
