"""Load tests of the Q&A API (run by benchmarks/load.py; see docs/benchmarks.md).

- LegacyBenchmarkUser: like the legacy service's benchmark, each user asks for the questions of a
  random product among the last 10% of product ids.
- MixedWorkloadUser: 90% reads of both list routes, 10% writes (ask, answer, helpful, report).

The ranges of ids come from the environment (benchmarks/load.py reads them from the database):
PRODUCT_ID_MAX, QUESTION_ID_MIN, QUESTION_ID_MAX, ANSWER_ID_MIN, ANSWER_ID_MAX. USER_RPS paces
each user (requests per second; 0 = as fast as it can). Only ever aim it at 127.0.0.1.
"""

import os
import random

import gevent
from locust import FastHttpUser, constant, constant_throughput, task

PRODUCT_ID_MAX = int(os.environ.get("PRODUCT_ID_MAX", "1000000"))
QUESTION_ID_MIN = int(os.environ.get("QUESTION_ID_MIN", "1"))
QUESTION_ID_MAX = int(os.environ.get("QUESTION_ID_MAX", "1000000"))
ANSWER_ID_MIN = int(os.environ.get("ANSWER_ID_MIN", "1"))
ANSWER_ID_MAX = int(os.environ.get("ANSWER_ID_MAX", "1000000"))
USER_RPS = float(os.environ.get("USER_RPS", "1"))
LAST_TENTH_OF_PRODUCTS = (PRODUCT_ID_MAX - PRODUCT_ID_MAX // 10, PRODUCT_ID_MAX)


def paced():
    return constant_throughput(USER_RPS) if USER_RPS > 0 else constant(0)


class ShopperUser(FastHttpUser):
    """A paced user whose first request comes at a random moment of its first period.

    Locust starts users together, and constant_throughput keeps them in step: without the offset
    every user would fire in the same instant each period, a burst no real crowd of shoppers makes.
    """

    abstract = True
    wait_time = paced()

    def on_start(self) -> None:
        if USER_RPS > 0:
            gevent.sleep(random.random() / USER_RPS)


class LegacyBenchmarkUser(ShopperUser):
    @task
    def questions_of_a_recent_product(self) -> None:
        product_id = random.randint(*LAST_TENTH_OF_PRODUCTS)
        self.client.get(f"/qa/questions?product_id={product_id}", name="GET /qa/questions")


class MixedWorkloadUser(ShopperUser):
    def question_id(self) -> int:
        return random.randint(QUESTION_ID_MIN, QUESTION_ID_MAX)

    def answer_id(self) -> int:
        return random.randint(ANSWER_ID_MIN, ANSWER_ID_MAX)

    @task(60)
    def read_questions(self) -> None:
        product_id = random.randint(*LAST_TENTH_OF_PRODUCTS)
        self.client.get(f"/qa/questions?product_id={product_id}", name="GET /qa/questions")

    @task(30)
    def read_answers(self) -> None:
        # A reported question's answers are a 404 by contract: that is a correct answer here.
        with self.client.get(
            f"/qa/questions/{self.question_id()}/answers", name="GET /qa/questions/:id/answers", catch_response=True
        ) as response:
            if response.status_code in (200, 404):
                response.success()

    @task(3)
    def ask(self) -> None:
        product_id = random.randint(*LAST_TENTH_OF_PRODUCTS)
        body = {"body": "Does it come in other colors?", "name": "loadtest", "email": "load@example.com"}
        self.client.post("/qa/questions", json={**body, "product_id": product_id}, name="POST /qa/questions")

    @task(3)
    def answer(self) -> None:
        body = {"body": "Yes, three more.", "name": "loadtest", "email": "load@example.com", "photos": []}
        with self.client.post(
            f"/qa/questions/{self.question_id()}/answers",
            json=body,
            name="POST /qa/questions/:id/answers",
            catch_response=True,
        ) as response:
            if response.status_code in (201, 404):
                response.success()

    @task(2)
    def mark_helpful(self) -> None:
        if random.random() < 0.5:
            self.client.put(f"/qa/questions/{self.question_id()}/helpful", name="PUT /qa/questions/:id/helpful")
        else:
            self.client.put(f"/qa/answers/{self.answer_id()}/helpful", name="PUT /qa/answers/:id/helpful")

    @task(2)
    def report(self) -> None:
        if random.random() < 0.5:
            self.client.put(f"/qa/questions/{self.question_id()}/report", name="PUT /qa/questions/:id/report")
        else:
            self.client.put(f"/qa/answers/{self.answer_id()}/report", name="PUT /qa/answers/:id/report")
