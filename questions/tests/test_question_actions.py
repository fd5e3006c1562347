from posts.models import Status
from questions.models import Question


def test_marking_helpful_adds_one_per_client(api_client, question_factory):
    question = question_factory(helpfulness=2)

    first = api_client.put(f"/qa/questions/{question.id}/helpful", REMOTE_ADDR="203.0.113.1")
    second = api_client.put(f"/qa/questions/{question.id}/helpful/", REMOTE_ADDR="203.0.113.2")

    assert (first.status_code, second.status_code) == (204, 204)
    assert first.content == b""
    question.refresh_from_db()
    assert question.helpfulness == 4


def test_reporting_hides_the_question_and_repeating_it_is_harmless(api_client, question_factory):
    question = question_factory(product_id=5)

    responses = [api_client.put(f"/qa/questions/{question.id}/report") for _ in range(2)]

    assert [response.status_code for response in responses] == [204, 204]
    assert Question.objects.get(pk=question.id).status == Status.REPORTED
    assert api_client.get("/qa/questions", {"product_id": 5}).json()["results"] == []


def test_actions_on_an_unknown_question_are_404s(api_client, db):
    for action in ["helpful", "report"]:
        response = api_client.put(f"/qa/questions/987654/{action}")

        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
