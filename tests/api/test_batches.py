"""A region's document batches through the API, under the region Documents page's rules: the
region's analysts and national administrators request and follow them; an SRO, a respondent,
another region's analyst, a read-only token (to request) and a token limited to a system are
refused; a bad kind or round is a 400 problem and writes nothing.

The world is tests/reports/documents/plan_world.py: region Y63 with one system, West Yorkshire
(QWO), and its plan; `reports.tasks.dispatch` is patched, so the documents are sent to be made
(once each, after commit) but not made."""

from unittest import mock

import pytest

from assessments.models import Region, Role
from reports.documents.models import Report, ReportBatch
from tests.factories import PersonaFactory
from tests.reports.documents.conftest import plans  # noqa: F401 (the documents' world)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    with mock.patch("reports.tasks.dispatch", return_value=True) as dispatch:
        yield dispatch


def ask(client, round_, kind="system_plan", code="Y63"):
    return client.post(f"/api/v1/regions/{code}/document-batches/", {"kind": kind, "round": round_})


def test_an_analyst_requests_a_batch_and_follows_it(
    plans,  # noqa: F811
    as_user,
    sent,
    django_capture_on_commit_callbacks,
):
    current, _, system, people = plans
    client = as_user(people["analyst"])
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, current.pk, "board_summary")
    assert response.status_code == 202, response.content
    body = response.json()
    batch = ReportBatch.objects.get()
    report = Report.objects.get()
    assert sent.call_args_list == [mock.call(report.pk)]
    assert (body["id"], body["kind"], body["region"], body["round"]) == (
        batch.pk,
        "board_summary",
        "Y63",
        current.pk,
    )
    assert [(r["id"], r["system"], r["status"], r["download"]) for r in body["reports"]] == [
        (report.pk, system.ods_code, "queued", None)
    ]
    assert (report.batch, report.requested_by, report.kind) == (
        batch,
        people["analyst"],
        "board_summary",
    )
    Report.objects.filter(pk=report.pk).update(status=Report.Status.READY)
    followed = client.get(f"/api/v1/document-batches/{batch.pk}/").json()
    assert followed["reports"][0]["download"] == f"/api/v1/reports/{report.pk}/download/"
    listed = client.get("/api/v1/regions/y63/document-batches/").json()
    assert listed["count"] == 1 and [b["id"] for b in listed["results"]] == [batch.pk]


def test_a_national_administrator_requests_one_too(plans, as_user, sent):  # noqa: F811
    current, _, _, _ = plans
    client = as_user(PersonaFactory(role=Role.NATIONAL_ADMIN))
    response = ask(client, current.pk)
    assert response.status_code == 202
    assert len(response.json()["reports"]) == 1
    assert ReportBatch.objects.get().requested_by.pk == response.wsgi_request.user.pk


@pytest.fixture
def batch(plans, as_user, sent):  # noqa: F811
    current, _, _, people = plans
    assert ask(as_user(people["analyst"]), current.pk).status_code == 202
    return ReportBatch.objects.get()


@pytest.mark.parametrize("who", ["sro", "respondent", "board", "other_analyst"])
def test_others_are_refused_and_nothing_is_written(plans, batch, as_user, who):  # noqa: F811
    current, _, _, people = plans
    if who == "other_analyst":
        south = Region.objects.create(ods_code="Y58", name="South West")
        user = PersonaFactory(role=Role.ANALYST, at=south)
    else:
        user = people[who]
    client = as_user(user)
    refused = [
        ask(client, current.pk),
        client.get("/api/v1/regions/Y63/document-batches/"),
        client.get(f"/api/v1/document-batches/{batch.pk}/"),
    ]
    for response in refused:
        assert response.status_code == 404, (who, response.content)
        assert response["Content-Type"] == "application/problem+json"
    assert (ReportBatch.objects.count(), Report.objects.count()) == (1, 1)


def test_a_read_only_token_reads_but_does_not_request(plans, batch, as_user):  # noqa: F811
    current, _, _, people = plans
    client = as_user(people["analyst"], "read")
    refused = ask(client, current.pk)
    assert refused.status_code == 403 and "read-only" in refused.json()["detail"]
    assert client.get(f"/api/v1/document-batches/{batch.pk}/").status_code == 200
    assert client.get("/api/v1/regions/Y63/document-batches/").json()["count"] == 1
    assert (ReportBatch.objects.count(), Report.objects.count()) == (1, 1)


def test_a_token_limited_to_a_system_sees_no_region(plans, batch, as_user):  # noqa: F811
    current, _, system, _ = plans
    client = as_user(PersonaFactory(role=Role.NATIONAL_ADMIN), system=system)
    assert ask(client, current.pk).status_code == 404
    assert client.get("/api/v1/regions/Y63/document-batches/").status_code == 404
    assert client.get(f"/api/v1/document-batches/{batch.pk}/").status_code == 404
    assert (ReportBatch.objects.count(), Report.objects.count()) == (1, 1)


def test_bad_kinds_and_rounds_are_problems_and_write_nothing(plans, as_user, sent):  # noqa: F811
    current, _, _, people = plans
    client = as_user(people["analyst"])
    for kind in ("organisation_plan", "novel", ""):
        response = ask(client, current.pk, kind)
        assert response.status_code == 400, kind
        assert "kind" in response.json()["errors"]
    for round_ in (999_999, 0, "abc"):
        response = ask(client, round_)
        assert response.status_code == 400, round_
        assert "round" in response.json()["errors"]
    assert ask(client, current.pk, code="ZZZ").status_code == 404
    assert client.get("/api/v1/document-batches/999999/").status_code == 404
    assert (ReportBatch.objects.count(), Report.objects.count()) == (0, 0)
    sent.assert_not_called()


def test_a_refused_system_writes_nothing(plans, as_user, sent):  # noqa: F811
    """A rule refusing one system's document (here: a region with no systems in the round)
    leaves no batch behind."""
    current, _, _, _ = plans
    empty = Region.objects.create(ods_code="Y59", name="Empty region")
    client = as_user(PersonaFactory(role=Role.NATIONAL_ADMIN))
    response = ask(client, current.pk, code=empty.ods_code)
    assert response.status_code == 400
    assert "has no systems" in response.json()["detail"]
    assert (ReportBatch.objects.count(), Report.objects.count()) == (0, 0)
