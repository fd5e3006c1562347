"""The load tests' baseline route must serve exactly what the tuned route serves, or the ratio means nothing."""

import pytest
from django.test import override_settings


@override_settings(ROOT_URLCONF="loadtests.urls")
@pytest.mark.parametrize("params", [{"product_id": 5}, {"product_id": 5, "page": 2, "count": 2}])
def test_baseline_route_serves_the_same_document_as_the_tuned_route(
    api_client, question_factory, answer_factory, photo_factory, params
):
    for helpfulness in [3, 0, 3, 1, 7]:
        question = question_factory(product_id=5, helpfulness=helpfulness)
        answer_factory(question=question, reported=True)
        for answer in answer_factory.create_batch(2, question=question):
            photo_factory.create_batch(2, answer=answer)
    question_factory(product_id=5, reported=True)

    tuned = api_client.get("/qa/questions", params)
    baseline = api_client.get("/baseline/qa/questions", params)

    assert tuned.json()["results"]
    assert baseline.content == tuned.content
