from answers.models import Answer
from posts.models import Status


def test_marking_helpful_adds_one_per_client(api_client, answer_factory):
    answer = answer_factory(helpfulness=0)

    responses = [api_client.put(f"/qa/answers/{answer.id}/helpful", REMOTE_ADDR=f"203.0.113.{n}") for n in range(3)]

    assert [response.status_code for response in responses] == [204, 204, 204]
    answer.refresh_from_db()
    assert answer.helpfulness == 3


def test_reporting_hides_the_answer_from_both_lists_and_repeating_it_is_harmless(api_client, answer_factory):
    answer = answer_factory()
    question = answer.question

    responses = [api_client.put(f"/qa/answers/{answer.id}/report/") for _ in range(2)]

    assert [response.status_code for response in responses] == [204, 204]
    assert Answer.objects.get(pk=answer.id).status == Status.REPORTED
    assert api_client.get(f"/qa/questions/{question.id}/answers").json()["results"] == []
    [listed] = api_client.get("/qa/questions", {"product_id": question.product_id}).json()["results"]
    assert listed["answers"] == {}


def test_actions_on_an_unknown_answer_are_404s(api_client, db):
    for action in ["helpful", "report"]:
        response = api_client.put(f"/qa/answers/987654/{action}")

        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
