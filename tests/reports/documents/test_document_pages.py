"""Who may request, list and download documents; download headers; the regional batch."""

import pytest

from assessments.models import Organisation
from reports.documents.models import Report

pytestmark = pytest.mark.slow


def signed_in(client, user):
    client.force_login(user)
    return client


def test_an_sro_requests_a_plan_lists_it_and_downloads_it(
    client, plans, django_capture_on_commit_callbacks
):
    current, _, system, people = plans
    signed_in(client, people["sro"])
    page = client.get(f"/results/systems/{system.ods_code}/documents/")
    assert page.status_code == 200 and b"Make the document" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/results/systems/{system.ods_code}/documents/",
            {"round": current.pk, "kind": "system_plan"},
        )
    assert response.status_code == 303
    report = Report.objects.get()
    assert report.status == "ready" and report.requested_by == people["sro"]
    download = client.get(f"/results/documents/{report.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_refusals(client, plans, django_capture_on_commit_callbacks):
    current, _, system, people = plans
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(client, people["sro"]).post(
            f"/results/systems/{system.ods_code}/documents/", {"round": current.pk}
        )
    report = Report.objects.get()
    # A respondent may see their organisation but not export anything: refused.
    signed_in(client, people["respondent"])
    assert client.get("/results/organisations/R0000/documents/").status_code == 403
    assert client.get(f"/results/systems/{system.ods_code}/documents/").status_code == 404
    assert client.get(f"/results/documents/{report.pk}/download/").status_code == 404
    # A board reader reads agreed documents only: this draft is neither listed nor theirs.
    signed_in(client, people["board"])
    page = client.get(f"/results/systems/{system.ods_code}/documents/")
    assert page.status_code == 200 and b"once it has been agreed" in page.content
    assert b"Transformation plan:" not in page.content
    assert client.get(f"/results/documents/{report.pk}/download/").status_code == 404
    refused = client.post(f"/results/systems/{system.ods_code}/documents/", {"round": current.pk})
    assert refused.status_code == 403
    assert Report.objects.count() == 1
    # The organisation's approver may have its draft plan, not the system's.
    signed_in(client, people["approver"])
    assert client.get(f"/results/documents/{report.pk}/download/").status_code == 404
    assert client.get("/results/organisations/R0000/documents/").status_code == 200


def test_an_analyst_requests_every_system_of_the_region(
    client, plans, django_capture_on_commit_callbacks
):
    current, _, system, people = plans
    signed_in(client, people["analyst"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/results/regions/{system.region.ods_code}/documents/",
            {"round": current.pk, "kind": "board_summary"},
        )
    assert response.status_code == 303
    page = client.get(response["Location"])
    assert b"1 of 1 ready" in page.content
    assert Report.objects.get().kind == "board_summary"
    signed_in(client, people["sro"])
    assert client.post(f"/results/regions/{system.region.ods_code}/documents/").status_code == 404
    assert Organisation.objects.exists()
