"""The question list's storefront parameters: `sort`, `answered` and the search `q`, and their errors."""

from datetime import UTC, datetime

import pytest

from questions.api.serializers import SEARCH_MAX_LENGTH

URL = "/qa/questions"
PRODUCT_ID = 40344


def on(day: int) -> datetime:
    return datetime(2024, 5, day, 12, tzinfo=UTC)


def listed_ids(api_client, **params: str | int) -> list[int]:
    response = api_client.get(URL, {"product_id": PRODUCT_ID, "count": 100, **params})
    assert response.status_code == 200, response.content
    return [question["question_id"] for question in response.json()["results"]]


@pytest.fixture
def dated(question_factory) -> dict[str, int]:
    """Questions written on different days, two on the same day, with helpfulness against their age."""
    questions = {
        "first": question_factory(date_written=on(1), helpfulness=9),
        "tied_a": question_factory(date_written=on(2), helpfulness=5),
        "tied_b": question_factory(date_written=on(2), helpfulness=5),
        "last": question_factory(date_written=on(3), helpfulness=0),
    }
    question_factory(date_written=on(4), reported=True)
    question_factory(date_written=on(5), removed=True)
    question_factory(date_written=on(6), product_id=PRODUCT_ID + 1)
    return {name: question.id for name, question in questions.items()}


def test_newest_first_breaks_ties_by_the_newer_id(api_client, dated):
    assert listed_ids(api_client, sort="newest") == [dated["last"], dated["tied_b"], dated["tied_a"], dated["first"]]


def test_oldest_first_breaks_ties_by_the_older_id(api_client, dated):
    assert listed_ids(api_client, sort="oldest") == [dated["first"], dated["tied_a"], dated["tied_b"], dated["last"]]


def test_helpful_is_the_default_order(api_client, dated):
    expected = [dated["first"], dated["tied_a"], dated["tied_b"], dated["last"]]

    assert listed_ids(api_client, sort="helpful") == listed_ids(api_client) == expected


def test_sorted_lists_page_like_the_default_one(api_client, dated):
    pages = [listed_ids(api_client, sort="newest", count=3, page=page) for page in (1, 2)]

    assert pages == [[dated["last"], dated["tied_b"], dated["tied_a"]], [dated["first"]]]


def test_answered_filters_by_listed_answers(api_client, question_factory, answer_factory):
    answered = question_factory(helpfulness=2)
    answer_factory(question=answered)
    only_reported_answer = question_factory(helpfulness=1)
    answer_factory(question=only_reported_answer, reported=True)
    unanswered = question_factory(helpfulness=0)

    assert listed_ids(api_client, answered="true") == [answered.id]
    assert listed_ids(api_client, answered="false") == [only_reported_answer.id, unanswered.id]


def test_answered_combines_with_a_sort(api_client, question_factory, answer_factory):
    older, newer = question_factory(date_written=on(1)), question_factory(date_written=on(2))
    for question in (older, newer):
        answer_factory(question=question)
    question_factory(date_written=on(3))

    assert listed_ids(api_client, answered="true", sort="newest") == [newer.id, older.id]


def test_search_matches_question_and_answer_text_with_stemming_best_match_first(
    api_client, question_factory, answer_factory
):
    in_an_answer = question_factory(body="How warm is it?", helpfulness=9)
    answer_factory(question=in_an_answer, body="Warm, and it kept me dry under my rain jackets.")
    in_the_question = question_factory(body="Does it fit over a jacket?", helpfulness=0)
    question_factory(body="Does it shrink?", helpfulness=5)

    assert listed_ids(api_client, q="jackets") == [in_the_question.id, in_an_answer.id]


def test_search_follows_a_given_sort(api_client, question_factory):
    older = question_factory(body="Is the jacket warm?", date_written=on(1))
    newer = question_factory(body="Is the jacket waterproof?", date_written=on(2))

    assert listed_ids(api_client, q="jacket", sort="newest") == [newer.id, older.id]
    assert listed_ids(api_client, q="jacket", sort="oldest") == [older.id, newer.id]


def test_search_takes_web_search_syntax(api_client, question_factory):
    waterproof = question_factory(body="Is the jacket waterproof?")
    warm = question_factory(body="Is the jacket warm?")

    assert listed_ids(api_client, q="jacket -warm") == [waterproof.id]
    assert listed_ids(api_client, q='"warm jacket"') == []
    assert sorted(listed_ids(api_client, q="waterproof or warm")) == sorted([waterproof.id, warm.id])


def test_reported_and_removed_items_never_match(api_client, question_factory, answer_factory):
    question_factory(body="A reported question about zippers", reported=True)
    question_factory(body="A removed question about zippers", removed=True)
    hidden_answer = question_factory(body="Is it sturdy?")
    answer_factory(question=hidden_answer, body="The zipper broke.", reported=True)
    answer_factory(question=hidden_answer, body="Zippers everywhere.", removed=True)
    question_factory(body="Zippers on another product", product_id=PRODUCT_ID + 1)

    assert listed_ids(api_client, q="zipper") == []


def test_search_combines_with_answered(api_client, question_factory, answer_factory):
    answered = question_factory(body="Is the strap adjustable?")
    answer_factory(question=answered)
    question_factory(body="Is the strap long?")

    assert listed_ids(api_client, q="strap", answered="true") == [answered.id]


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"sort": "best"}, {"sort": ['"best" is not a valid choice.']}),
        ({"sort": ""}, {"sort": ['"" is not a valid choice.']}),
        ({"answered": "yes"}, {"answered": ['"yes" is not a valid choice.']}),
        ({"answered": ""}, {"answered": ['"" is not a valid choice.']}),
        ({"q": ""}, {"q": ["This field may not be blank."]}),
        ({"q": "   "}, {"q": ["This field may not be blank."]}),
        (
            {"q": "x" * (SEARCH_MAX_LENGTH + 1)},
            {"q": [f"Ensure this field has no more than {SEARCH_MAX_LENGTH} characters."]},
        ),
    ],
)
def test_bad_parameters_are_400s_naming_the_field(api_client, db, params, errors):
    response = api_client.get(URL, {"product_id": PRODUCT_ID, **params})

    assert (response.status_code, response.json()) == (400, errors)


def test_a_search_of_stop_words_only_matches_nothing(api_client, question_factory):
    question_factory(body="Is it the one?")

    assert listed_ids(api_client, q="the") == []
