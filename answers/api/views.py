from django.http import HttpRequest, HttpResponse
from drf_spectacular.utils import extend_schema_view
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from answers.api.schema import (
    answer_create_schema,
    answer_helpful_schema,
    answer_list_schema,
    answer_report_schema,
)
from answers.api.serializers import AnswerCreateSerializer, AnswerSerializer
from answers.cache import answer_list_cache
from answers.models import Answer
from answers.selectors import answer_list_document
from answers.services import answer_create, answer_mark_helpful, answer_report
from clients.identity import voter_key
from posts.api.params import ListParams, ParamsInvalid
from posts.api.serializers import ListParamsSerializer
from posts.api.views import (
    ItemActionView,
    LeanReadView,
    cacheable_json_response,
    errors_response,
    variant_key,
)
from questions.selectors import question_get_listed

ANSWER_LIST_PARAMS = ListParams(ListParamsSerializer)


@extend_schema_view(get=answer_list_schema, post=answer_create_schema)
class AnswerListCreateView(LeanReadView):
    throttle_scope = "answer"  # only the post: reads are never throttled

    def get(self, request: HttpRequest, question_id: str) -> HttpResponse:
        try:
            params = ANSWER_LIST_PARAMS.read(request.GET)
        except ParamsInvalid as invalid:
            return errors_response(invalid.errors)
        document = answer_list_cache.get_or_build(
            int(question_id),
            variant_key(params),
            build=lambda: answer_list_document(question_id=int(question_id), **params),
        )
        if document is None:
            return errors_response({"detail": "Not found."}, status=404)
        return cacheable_json_response(request, document)

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
