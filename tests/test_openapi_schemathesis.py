"""schemathesis against the schema at /api/schema/: generated requests to every route, in process, on the test database.

Every check schemathesis 4 has runs on every response (`ALL_CHECKS`, taken from its registry, so a check a new
version adds runs too): no 500; a documented status code, content type, headers (`Retry-After`) and body; schema-valid
requests accepted (`positive_data_acceptance`) and schema-violating ones refused (`negative_data_rejection`), so the
schema says exactly which inputs the code takes; a missing required header refused; undocumented methods answered 405
with `Allow`. Some checks find nothing to act on in this API, by its nature, not by exclusion: `use_after_free` and
`ensure_resource_availability` follow a resource from its creation to its deletion, and nothing is ever deleted here;
`ignored_auth` and `object_level_authorization` test declared security schemes, and the schema declares none.

`max_response_time` is the one check not run: it is not a property of the responses but a wall-clock limit schemathesis
only applies when given one, and a timed assertion would fail on a loaded 2-core machine for no fault of the code
(response times are measured by the load benchmark, docs/benchmarks/load.md).

One setting of a check: a body over REQUEST_BODY_MAX_BYTES is a 413 whatever it holds (the POST routes document it),
and schemathesis builds bodies past 64 KiB (five 2048-character strings of escaped astral characters, and the extra
keys JSON Schema lets a request carry, are over 100 KB). The byte size of a body is not something JSON Schema can
say, so 413 counts as a refusal of such a body, valid or not, beside the statuses the two checks expect by default.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import SchemathesisConfig

from qa_project.wsgi import application

load_all_checks()
# Checks are functions; classes in the registry are hooks for user-defined checks (none is registered).
ALL_CHECKS = [check for check in CHECKS.get_all() if not isinstance(check, type)]
REFUSALS = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"]
ACCEPTANCES = ["2xx", "3xx", "401", "403", "404", "409", "413", "429", "5xx"]
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "negative_data_rejection": {"expected-statuses": REFUSALS},
            "positive_data_acceptance": {"expected-statuses": ACCEPTANCES},
        }
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)


def test_every_check_schemathesis_has_runs():
    assert {check.__name__ for check in ALL_CHECKS} >= {
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "positive_data_acceptance",
        "negative_data_rejection",
        "missing_required_header",
        "unsupported_method",
        "allow_header_conformance",
        "use_after_free",
        "ensure_resource_availability",
        "ignored_auth",
        "object_level_authorization",
    }


@pytest.fixture
def listed_items(question_factory, answer_factory, photo_factory) -> None:
    """The question and answer of the schema's path examples (docs/api.md's), and question 1 of product 1 with answer 1
    and a photo (sequences start at 1): generated ids may name them."""
    photo_factory(answer=answer_factory(question=question_factory(product_id=1)))
    answer_factory(id=5269402, question=question_factory(id=642674, product_id=40344))


# The WSGI app closes the database connection after each request, as in production: so no test transaction.
@pytest.mark.django_db(transaction=True, reset_sequences=True)
@schema.parametrize()
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_every_response_is_valid_against_the_schema(case, listed_items):
    case.call_and_validate(checks=ALL_CHECKS)
