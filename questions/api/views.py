from django.http import HttpRequest, HttpResponse
from drf_spectacular.utils import extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from clients.identity import voter_key
from posts.api.params import ListParams, ParamsInvalid
from posts.api.views import ItemActionView, LeanReadView, cacheable_json_response, errors_response, variant_key
from questions.api.schema import (
    product_summary_schema,
    question_create_schema,
    question_helpful_schema,
    question_list_schema,
    question_report_schema,
)
from questions.api.serializers import QuestionCreateSerializer, QuestionListParamsSerializer, QuestionSerializer
from questions.cache import question_list_cache
from questions.models import Question
from questions.selectors import product_summary_document, question_list_document
from questions.services import question_create, question_mark_helpful, question_report

QUESTION_LIST_PARAMS = ListParams(QuestionListParamsSerializer)
# The product summary's name among the product's cached documents, beside its question lists'.
SUMMARY_VARIANT = b"summary"


@extend_schema_view(get=question_list_schema, post=question_create_schema)
class QuestionListCreateView(LeanReadView):
    throttle_scope = "ask"  # only the post: reads are never throttled

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            params = QUESTION_LIST_PARAMS.read(request.GET)
        except ParamsInvalid as invalid:
            return errors_response(invalid.errors)
        product_id = params.pop("product_id")
        document = question_list_cache.get_or_build(
            product_id, variant_key(params), build=lambda: question_list_document(product_id=product_id, **params)
        )
        return cacheable_json_response(request, document)

    def post(self, request: Request) -> Response:
        serializer = QuestionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        question = question_create(
            product_id=data["product_id"], body=data["body"], asker_name=data["name"], asker_email=data["email"]
        )
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)


@extend_schema_view(get=product_summary_schema)
class ProductSummaryView(LeanReadView):
    def get(self, request: HttpRequest, product_id: str) -> HttpResponse:
        document = question_list_cache.get_or_build(
            int(product_id), SUMMARY_VARIANT, build=lambda: product_summary_document(product_id=int(product_id))
        )
        return cacheable_json_response(request, document)


@extend_schema_view(put=question_helpful_schema)
class QuestionHelpfulView(ItemActionView):
    throttle_scope = "vote"
    model = Question

    def act(self, request: Request, item_id: int) -> None:
        question_mark_helpful(question_id=item_id, voter=voter_key(request))


@extend_schema_view(put=question_report_schema)
class QuestionReportView(ItemActionView):
    throttle_scope = "report"
    model = Question

    def act(self, request: Request, item_id: int) -> None:
        question_report(question_id=item_id)
