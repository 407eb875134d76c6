"""Schemathesis against the schema the app serves, with a seeded database, signed in with a
read-only and a read-write token: no server error, and no response the schema does not
describe. Examples are limited so the whole run stays under two minutes."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from assessments.services import answer_save

pytestmark = pytest.mark.django_db

EXAMPLES = 6


@pytest.fixture
def seeded(world, launched_assessment, token):
    """The small map, a launched round with an answer, and a token of each kind for people
    who see much of it (a national administrator's read-only, a respondent's read-write)."""
    assessment = launched_assessment()
    question = assessment.questions()[0]
    answer_save(
        assessment=assessment, question=question, by=world.respondent, expected_revision=0, level=2
    )
    return {"read": token(world.national, "read"), "write": token(world.respondent, "write")}


@pytest.fixture
def connection_kept():
    """The app is called as a WSGI application, whose request signals close "old" database
    connections: inside the test's transaction that would close the test's own connection on
    PostgreSQL. Django's test client keeps it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_api_honours_its_schema(seeded, connection_kept):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def honours(case):
            for kind in ("read", "write"):
                case.call_and_validate(
                    headers={"Authorization": f"Bearer {seeded[kind]}"},
                    checks=[not_a_server_error, response_schema_conformance],
                )

        honours()
