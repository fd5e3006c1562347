"""Redis faults: with Redis not answering, every read and write still works, served by PostgreSQL."""

import pytest

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings) -> None:
    settings.REDIS_URL = DEAD_REDIS
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": DEAD_REDIS}}


def test_reads_and_writes_work_without_redis(api_client, answer_factory, redis_down):
    answer = answer_factory(question__product_id=7)
    question_id = answer.question_id

    asked = api_client.post(
        "/qa/questions", {"body": "Waterproof?", "name": "n", "email": "n@example.com", "product_id": 7}, format="json"
    )
    answered = api_client.post(
        f"/qa/questions/{question_id}/answers", {"body": "Yes.", "name": "s", "email": "s@example.com"}, format="json"
    )
    voted = api_client.put(f"/qa/questions/{question_id}/helpful")
    reported = api_client.put(f"/qa/answers/{answer.id}/report")
    questions = api_client.get("/qa/questions?product_id=7")
    answers = api_client.get(f"/qa/questions/{question_id}/answers")

    assert (asked.status_code, answered.status_code, voted.status_code, reported.status_code) == (201, 201, 204, 204)
    assert questions.status_code == answers.status_code == 200
    listed = {question["question_id"]: question for question in questions.json()["results"]}
    assert set(listed) == {question_id, asked.json()["question_id"]}
    assert listed[question_id]["question_helpfulness"] == 1
    assert list(listed[question_id]["answers"]) == [str(answered.json()["answer_id"])]
    assert [item["answer_id"] for item in answers.json()["results"]] == [answered.json()["answer_id"]]
