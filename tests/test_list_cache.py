"""The Redis cache of the list routes: served from cache, invalidated by every write, optional."""

import pytest

from answers.models import Answer
from questions.cache import question_list_cache
from questions.models import Question

pytestmark = pytest.mark.django_db(transaction=True)  # writes must commit for invalidation to run

PRODUCT_ID = 77
# A document's name among its product's cached documents.
VARIANT = b"page 1"


def question_list(api_client) -> dict:
    return api_client.get("/qa/questions", {"product_id": PRODUCT_ID}).json()


def answer_list(api_client, question: Question) -> dict:
    return api_client.get(f"/qa/questions/{question.id}/answers").json()


@pytest.fixture
def answered_question(question_factory, answer_factory) -> Question:
    question = question_factory(product_id=PRODUCT_ID)
    answer_factory(question=question)
    return question


def test_a_repeated_read_is_served_from_the_cache_without_a_query(
    api_client, answered_question, django_assert_num_queries
):
    first = question_list(api_client)
    Question.objects.update(body="changed behind the cache's back")

    with django_assert_num_queries(0):
        second = question_list(api_client)

    assert second == first


def test_asking_shows_on_the_next_read(api_client, answered_question):
    question_list(api_client)

    created = api_client.post(
        "/qa/questions",
        {"body": "New?", "name": "n", "email": "n@example.com", "product_id": PRODUCT_ID},
        format="json",
    ).json()

    assert created in question_list(api_client)["results"]


def test_answering_shows_on_the_next_read_of_both_lists(api_client, answered_question):
    question_list(api_client)
    answer_list(api_client, answered_question)

    created = api_client.post(
        f"/qa/questions/{answered_question.id}/answers",
        {"body": "New.", "name": "n", "email": "n@example.com"},
        format="json",
    ).json()

    assert created in answer_list(api_client, answered_question)["results"]
    [listed] = question_list(api_client)["results"]
    assert str(created["answer_id"]) in listed["answers"]


def test_question_helpful_shows_on_the_next_read(api_client, answered_question):
    question_list(api_client)

    api_client.put(f"/qa/questions/{answered_question.id}/helpful")

    assert question_list(api_client)["results"][0]["question_helpfulness"] == 1


def test_question_report_shows_on_the_next_read_of_both_lists(api_client, answered_question):
    question_list(api_client)
    answer_list(api_client, answered_question)

    api_client.put(f"/qa/questions/{answered_question.id}/report")

    assert question_list(api_client)["results"] == []
    assert api_client.get(f"/qa/questions/{answered_question.id}/answers").status_code == 404


def test_answer_helpful_shows_on_the_next_read_of_both_lists(api_client, answered_question):
    answer = Answer.objects.get(question=answered_question)
    question_list(api_client)
    answer_list(api_client, answered_question)

    api_client.put(f"/qa/answers/{answer.id}/helpful")

    assert answer_list(api_client, answered_question)["results"][0]["helpfulness"] == 1
    assert question_list(api_client)["results"][0]["answers"][str(answer.id)]["helpfulness"] == 1


def test_answer_report_shows_on_the_next_read_of_both_lists(api_client, answered_question):
    answer = Answer.objects.get(question=answered_question)
    question_list(api_client)
    answer_list(api_client, answered_question)

    api_client.put(f"/qa/answers/{answer.id}/report")

    assert answer_list(api_client, answered_question)["results"] == []
    assert question_list(api_client)["results"][0]["answers"] == {}


def listed_ids(api_client, **params: str) -> list[int]:
    response = api_client.get("/qa/questions", {"product_id": PRODUCT_ID, **params})
    return [question["question_id"] for question in response.json()["results"]]


def test_each_order_and_filter_is_cached_apart(api_client, question_factory):
    older = question_factory(product_id=PRODUCT_ID, body="Is the hood removable?", helpfulness=1)
    newer = question_factory(product_id=PRODUCT_ID, body="Does the hood fold?", date_written=older.date_written)
    variants = [({}, [older.id, newer.id]), ({"sort": "newest"}, [newer.id, older.id]), ({"q": "fold"}, [newer.id])]

    for _ in range(2):
        assert [listed_ids(api_client, **params) for params, _ in variants] == [ids for _, ids in variants]


def test_a_write_shows_in_every_cached_order_and_filter(api_client, question_factory):
    question_factory(product_id=PRODUCT_ID, body="Is the hood removable?")
    variants = [{"sort": "newest"}, {"sort": "oldest"}, {"q": "hood"}, {"answered": "false"}]
    for params in variants:
        listed_ids(api_client, **params)

    asked = api_client.post(
        "/qa/questions",
        {"product_id": PRODUCT_ID, "body": "Does the hood fold away?", "name": "n", "email": "n@example.com"},
        format="json",
    ).json()["question_id"]

    assert all(asked in listed_ids(api_client, **params) for params in variants)


def test_a_document_built_before_a_write_is_not_cached_after_it(db):
    def build_while_a_write_lands() -> bytes:
        question_list_cache.invalidate_now([PRODUCT_ID])
        return b"stale"

    assert question_list_cache.get_or_build(PRODUCT_ID, VARIANT, build=build_while_a_write_lands) == b"stale"
    assert question_list_cache.get_or_build(PRODUCT_ID, VARIANT, build=lambda: b"fresh") == b"fresh"


def test_without_redis_reads_and_writes_still_work(api_client, answered_question, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    answer = Answer.objects.get(question=answered_question)

    asked = api_client.post(
        "/qa/questions",
        {"body": "New?", "name": "n", "email": "n@example.com", "product_id": PRODUCT_ID},
        format="json",
    )
    helpful = api_client.put(f"/qa/answers/{answer.id}/helpful")
    questions = api_client.get("/qa/questions", {"product_id": PRODUCT_ID})
    answers = api_client.get(f"/qa/questions/{answered_question.id}/answers")

    assert (asked.status_code, helpful.status_code, questions.status_code, answers.status_code) == (201, 204, 200, 200)
    assert len(questions.json()["results"]) == 2
    assert answers.json()["results"][0]["helpfulness"] == 1


def test_with_the_cache_off_every_read_goes_to_postgresql(api_client, answered_question, settings):
    settings.CACHE_ENABLED = False
    question_list(api_client)

    Question.objects.update(body="changed directly")

    assert question_list(api_client)["results"][0]["question_body"] == "changed directly"


def builds_of_two_reads_after_a_write(cache_lag_seconds: float, settings) -> int:
    settings.CACHE_REPLICA_LAG_SECONDS = cache_lag_seconds
    question_list_cache.invalidate_now([PRODUCT_ID])
    builds = []

    def build() -> bytes:
        builds.append(1)
        return b"document"

    for _ in range(2):
        assert question_list_cache.get_or_build(PRODUCT_ID, VARIANT, build=build) == b"document"
    return len(builds)


def test_with_replicas_nothing_is_cached_while_a_replica_may_not_have_the_write(db, settings):
    assert builds_of_two_reads_after_a_write(5, settings) == 2


def test_without_replicas_the_first_read_after_a_write_is_cached(db, settings):
    assert builds_of_two_reads_after_a_write(0, settings) == 1


def test_forgetting_everything_drops_every_cached_document(db):
    for product_id in (1, 2, 3):
        question_list_cache.get_or_build(product_id, VARIANT, build=lambda: b"old")

    question_list_cache.invalidate_all_now()

    assert [question_list_cache.get_or_build(p, VARIANT, build=lambda: b"new") for p in (1, 2, 3)] == [b"new"] * 3
