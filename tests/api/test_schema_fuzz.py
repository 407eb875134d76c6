"""Schemathesis against the schema the app serves, with a seeded database, signed in with a
read-only and a read-write token: no server error, and no response the schema does not
describe. Examples are limited so the whole run stays under two minutes."""

import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from assessments.services import answer_save
from reports.documents.models import Report, ReportBatch
from reports.plans.services import action_add, plan_agree, plan_new_draft, plan_start
from tests.assessments.test_evidence_files import make_pdf

pytestmark = pytest.mark.django_db

EXAMPLES = 6


@pytest.fixture
def seeded(world, launched_assessment, token):
    """The small map, a launched round with an answer, West Yorkshire's plan (an agreed version
    and a new draft with an action), a ready document with its PDF in a region's batch, and
    tokens: a national administrator's read-only (who reads all of it) and, to write, a
    respondent's for the assessments, the SRO's for plans and documents, the region's analyst's
    for batches, so the writes are tried by someone who may make them."""
    assessment = launched_assessment()
    round_ = assessment.round
    question = assessment.questions()[0]
    answer_save(
        assessment=assessment, question=question, by=world.respondent, expected_revision=0, level=2
    )
    first = plan_start(subject=world.west_yorkshire, round_=round_, by=world.sro)
    action_add(version=first, measure_key=question.measure.key, title="Network", by=world.sro)
    plan_agree(version=first, by=world.national)
    draft = plan_new_draft(plan=first.plan, by=world.sro)
    action = action_add(
        version=draft, measure_key=question.measure.key, title="Shared record", by=world.sro
    )
    batch = ReportBatch.objects.create(
        kind=Report.Kind.SYSTEM_PLAN, region=world.north, round=round_, requested_by=world.analyst
    )
    report = Report.objects.create(
        kind=Report.Kind.SYSTEM_PLAN,
        round=round_,
        system=world.west_yorkshire,
        batch=batch,
        requested_by=world.sro,
        status=Report.Status.READY,
        file=default_storage.save("reports/fuzz.pdf", ContentFile(make_pdf())),
        finished_at=timezone.now(),
        plan_version=first,
        agreed=True,
    )
    return {
        "read": token(world.national, "read"),
        "write": token(world.respondent, "write"),
        "/plans": token(world.sro, "write"),
        "/reports": token(world.sro, "write"),
        "/document-batches": token(world.analyst, "write"),
        # Every other example names these, so the fuzzing reaches them beyond a 404.
        "ids": {
            "assessments": assessment.pk,
            "rounds": round_.pk,
            "plans": first.plan_id,
            "reports": report.pk,
            "document-batches": batch.pk,
            "number": draft.number,
            "action_pk": action.pk,
            "assessment_pk": assessment.pk,
            "question_key": question.key,
            "regions": world.north.ods_code,
            "systems": world.west_yorkshire.ods_code,
            "organisations": world.northmoor.ods_code,
        },
    }


def writer(seeded, path: str) -> str:
    """The read-write token of someone who may write at `path`."""
    return next((seeded[part] for part in WRITERS if part in path), seeded["write"])


WRITERS = ("/plans", "/reports", "/document-batches")


def name_seeded(case, ids: dict) -> None:
    """Put the seeded objects' ids in the case's path: `{id}`, `{code}` and `{ods_code}` by
    the collection before them (`/plans/{id}/` a plan), the others by their own name."""
    collection = case.path.removeprefix("/api/v1/").split("/", 1)[0]
    for name in case.path_parameters or {}:
        key = collection if name in ("id", "code", "ods_code") else name
        if key in ids:
            case.path_parameters[name] = ids[key]


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

    seen = {}  # examples per operation
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def honours(case):
            key = (case.method, case.path)
            seen[key] = seen.get(key, 0) + 1
            if seen[key] % 2:
                name_seeded(case, seeded["ids"])
            for secret in (seeded["read"], writer(seeded, case.path)):
                case.call_and_validate(
                    headers={"Authorization": f"Bearer {secret}"},
                    checks=[not_a_server_error, response_schema_conformance],
                )

        honours()
