"""schemathesis against the schema at /api/schema/: generated requests to every route, in process, on the test database.

No response is a 500, and each one is valid against the schema: a documented status code and content type, the
documented headers (`Retry-After`), a body of the documented shape. Not checked: that the schema predicts which
inputs are accepted, as DRF trims whitespace and fills in defaults for empty parameters, which JSON Schema can't say.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from qa_project.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def listed_items(question_factory, answer_factory, photo_factory) -> None:
    """Question 1 of product 1, with answer 1 and a photo (sequences start at 1): generated ids may name them."""
    photo_factory(answer=answer_factory(question=question_factory(product_id=1)))


# The WSGI app closes the database connection after each request, as in production: so no test transaction.
@pytest.mark.django_db(transaction=True, reset_sequences=True)
@schema.parametrize()
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_every_response_is_valid_against_the_schema(case, listed_items):
    case.call_and_validate(checks=CHECKS)
