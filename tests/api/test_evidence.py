"""Evidence through the API: listed to those who see the assessment, added (a checked file or
a link) and removed by its respondents through the services (audited), downloaded as the page
serves it; anything else refused, with nothing half-written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import AuditEvent, Evidence
from tests.assessments.test_evidence_files import HTML, make_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def northmoor(launched_assessment):
    return launched_assessment()


def url(assessment, rest=""):
    return f"/api/v1/assessments/{assessment.pk}/evidence/{rest}"


def pdf(name="board-minutes.pdf", content=None):
    return SimpleUploadedFile(name, content or make_pdf(), content_type="application/pdf")


def add_file(client, assessment, **fields):
    question = assessment.questions()[0]
    body = {"question": question.key, "kind": "file", "file": pdf(), **fields}
    return client.post(url(assessment), body, format="multipart")


def test_a_respondent_uploads_a_file_others_download_it(world, as_user, northmoor):
    response = add_file(as_user(world.respondent), northmoor)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["file_name"], body["content_type"]) == (
        "file",
        "board-minutes.pdf",
        "application/pdf",
    )
    assert body["added_by"] == "Rosa Respondent"
    event = AuditEvent.objects.get(action="evidence_added")
    assert event.actor == world.respondent and event.after["file"] == "board-minutes.pdf"

    reader = as_user(world.board_org, "read")
    listed = reader.get(url(northmoor)).json()
    assert [e["id"] for e in listed] == [body["id"]]
    download = reader.get(body["download"], HTTP_ACCEPT="application/pdf")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == make_pdf()
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_respondent_adds_and_removes_a_link(world, as_user, northmoor):
    client = as_user(world.respondent)
    question = northmoor.questions()[0]
    added = client.post(
        url(northmoor),
        {"question": question.key, "kind": "link", "url": "https://intranet.nhs.uk/strategy"},
    )
    assert added.status_code == 201
    assert added.json()["download"] is None
    assert client.get(url(northmoor, f"{added.json()['id']}/download/")).status_code == 404
    removed = client.delete(url(northmoor, f"{added.json()['id']}/"))
    assert removed.status_code == 204
    assert not Evidence.objects.exists()
    assert AuditEvent.objects.filter(action="evidence_removed").count() == 1


@pytest.mark.parametrize(
    "fields, field, words",
    [
        ({"file": SimpleUploadedFile("page.pdf", HTML, "application/pdf")}, None, "PDF"),
        ({"file": ""}, "file", "Choose a file"),
        ({"kind": "link", "file": "", "url": "javascript:alert(1)"}, None, "link"),
        ({"kind": "link", "file": ""}, "url", "address"),
        ({"kind": "fax"}, "kind", ""),
        ({"question": "no-such-question"}, "question", "No such question"),
    ],
)
def test_bad_evidence_is_refused_with_a_message_and_nothing_is_kept(
    world, as_user, northmoor, fields, field, words
):
    fields = {k: v for k, v in fields.items()}
    client = as_user(world.respondent)
    question = northmoor.questions()[0]
    body = {"question": question.key, "kind": "file", "file": pdf(), **fields}
    body = {k: v for k, v in body.items() if v != ""}
    response = client.post(url(northmoor), body, format="multipart")
    assert response.status_code == 400, response.content
    problem = response.json()
    if field:
        assert field in problem["errors"] and words in problem["errors"][field][0]
    else:
        assert words in problem["detail"]
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    "persona, status", [("approver", 403), ("board_org", 403), ("other_respondent", 404)]
)
def test_only_its_respondents_add_evidence(world, as_user, northmoor, persona, status):
    response = add_file(as_user(world.users[persona]), northmoor)
    assert response.status_code == status
    assert not Evidence.objects.exists()


def test_outsiders_neither_list_nor_download(world, as_user, northmoor):
    evidence = add_file(as_user(world.respondent), northmoor).json()
    outsider = as_user(world.other_respondent, "read")
    assert outsider.get(url(northmoor)).status_code == 404
    assert outsider.get(evidence["download"]).status_code == 404
    assert as_user(world.approver).delete(url(northmoor, f"{evidence['id']}/")).status_code == 403
    assert Evidence.objects.count() == 1
