"""Documents through the API: requested under the Documents pages' rules, their status
followed, the PDF downloaded; board readers agreed plans only; outsiders see nothing."""

import pytest

from reports.documents.models import Report
from tests.reports.documents.conftest import plans  # noqa: F401 (the documents' world)

pytestmark = pytest.mark.django_db


def request_plan(client, round_, system, **fields):
    body = {"kind": "system_plan", "round": round_.pk, "system": system.ods_code, **fields}
    return client.post("/api/v1/reports/", body)


def test_an_sro_requests_a_plan_and_follows_it(plans, as_user):  # noqa: F811
    current, _, system, people = plans
    client = as_user(people["sro"])
    response = request_plan(client, current, system)
    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["kind"], body["status"], body["system"], body["download"]) == (
        "system_plan",
        "queued",
        system.ods_code,
        None,
    )
    report = Report.objects.get()
    assert report.requested_by == people["sro"] and report.agreed is False
    followed = client.get(f"/api/v1/reports/{report.pk}/").json()
    assert followed["status"] == "queued"
    assert client.get(f"/api/v1/reports/{report.pk}/download/").status_code == 404  # not ready
    assert [r["id"] for r in client.get("/api/v1/reports/").json()["results"]] == [report.pk]


@pytest.mark.slow
def test_a_ready_plan_downloads_as_a_pdf(
    plans,  # noqa: F811
    as_user,
    django_capture_on_commit_callbacks,
):
    current, _, system, people = plans
    client = as_user(people["sro"])
    with django_capture_on_commit_callbacks(execute=True):
        report_id = request_plan(client, current, system).json()["id"]
    body = client.get(f"/api/v1/reports/{report_id}/").json()
    assert body["status"] == "ready" and body["pages"] > 0
    download = client.get(body["download"], HTTP_ACCEPT="application/pdf")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_board_readers_get_agreed_plans_only(plans, as_user):  # noqa: F811
    current, _, system, people = plans
    request_plan(as_user(people["sro"]), current, system)
    board = as_user(people["board"])
    assert board.get("/api/v1/reports/").json()["results"] == []
    refused = request_plan(board, current, system)
    assert refused.status_code == 403
    assert "agreed" in refused.json()["detail"]
    assert Report.objects.count() == 1


def test_outsiders_and_bad_requests_are_refused(plans, as_user):  # noqa: F811
    current, _, system, people = plans
    request_plan(as_user(people["sro"]), current, system)
    report = Report.objects.get()
    respondent = as_user(people["respondent"])
    assert respondent.get("/api/v1/reports/").json()["results"] == []
    assert respondent.get(f"/api/v1/reports/{report.pk}/").status_code == 404
    assert request_plan(respondent, current, system).status_code == 404
    sro = as_user(people["sro"])
    both = request_plan(sro, current, system, organisation="R0000")
    assert both.status_code == 400 and "non_field_errors" in both.json()["errors"]
    assert request_plan(sro, current, system, kind="novel").status_code == 400
    wrong_kind = request_plan(sro, current, system, kind="organisation_plan")
    assert wrong_kind.status_code == 400 and "not made for" in wrong_kind.json()["detail"]
    no_round = sro.post(
        "/api/v1/reports/", {"kind": "system_plan", "round": 999999, "system": system.ods_code}
    )
    assert no_round.status_code == 400 and "round" in no_round.json()["errors"]
    read_only = as_user(people["sro"], "read")
    assert request_plan(read_only, current, system).status_code == 403
    assert Report.objects.count() == 1
