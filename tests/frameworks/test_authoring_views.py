"""The authoring pages: upload (every problem at once, nothing written), publish with change
notes, start a new draft, download any version's file; each through the access policy."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from frameworks.models import FrameworkVersion, Measure
from frameworks.schema import MAX_BYTES
from frameworks.services import version_export, version_import

from .documents import document, dump

pytestmark = pytest.mark.django_db


def upload(client, source, *, name="fw.yaml", replace=False):
    data = {
        "file": SimpleUploadedFile(name, source.encode() if isinstance(source, str) else source)
    }
    if replace:
        data["replace_draft"] = "on"
    return client.post("/frameworks/author/", data)


@pytest.fixture
def published():
    return version_import(source=dump(document()), filename="t.yaml", publish=True)


def test_an_author_uploads_a_file_with_mistakes_and_sees_every_problem(client, author):
    client.force_login(author)
    bad = document("1.1.0")
    bad["measures"][0]["questions"][0]["applies_to"] = ["moon"]
    bad["measures"][1]["label"] = "L" * 201
    response = upload(client, dump(bad), name="mine.yaml")
    assert response.status_code == 400
    html = response.content.decode()
    assert "mine.yaml was not imported: 2 problems found" in html
    assert "measures[0].questions[0].applies_to[0]: unknown care setting" in html
    assert "measures[1].label: must be at most 200 characters long, got 201" in html
    assert not FrameworkVersion.objects.exists()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a: &x 1\nb: *x\n", "line 1, column 4: is not valid YAML: anchors and aliases"),
        (b"\xff\xfe", "is not UTF-8 text"),
        ("#" * (MAX_BYTES + 10), f"a framework file may have at most {MAX_BYTES} bytes"),
    ],
)
def test_hostile_uploads_are_answered_with_a_message(client, author, source, expected):
    client.force_login(author)
    response = upload(client, source)
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not FrameworkVersion.objects.exists()


def test_an_upload_without_a_file_is_a_clear_error(client, author):
    client.force_login(author)
    response = client.post("/frameworks/author/", {})
    assert response.status_code == 400
    assert "Choose a framework file to upload" in response.content.decode()


def test_a_good_upload_becomes_a_draft_and_a_fixed_one_replaces_it(client, author, published):
    client.force_login(author)
    response = upload(client, dump(document("1.1.0")))
    assert (response.status_code, response["Location"]) == (303, "/frameworks/testfw/1.1.0/")
    draft = FrameworkVersion.objects.get(version="1.1.0")
    assert (draft.status, draft.based_on) == ("draft", published)

    fixed = document("1.1.0")
    fixed["measures"][0]["label"] = "Well led, fixed"
    assert upload(client, dump(fixed)).status_code == 400  # the number is taken by the draft
    assert upload(client, dump(fixed), replace=True).status_code == 303
    assert Measure.objects.get(version=draft, key="well-led").label == "Well led, fixed"
    assert FrameworkVersion.objects.get(pk=draft.pk).based_on == published

    page = client.get("/frameworks/testfw/1.1.0/?setting=icb").content.decode()
    assert "Compare with version 1.0.0" not in page  # the previous version is that one
    assert "See what changed since version 1.0.0" in page
    assert "Publish version 1.1.0" in page


def test_publishing_takes_the_change_notes(client, author, published):
    client.force_login(author)
    upload(client, dump(document("1.1.0")))
    response = client.post(
        "/frameworks/testfw/1.1.0/publish/", {"change_notes": "  Clearer guidance.  "}
    )
    assert (response.status_code, response["Location"]) == (303, "/frameworks/testfw/1.1.0/")
    version = FrameworkVersion.objects.get(version="1.1.0")
    assert (version.status, version.change_notes) == ("published", "Clearer guidance.")
    assert "change_notes: Clearer guidance." in version_export(version=version)


def test_a_broken_draft_is_not_published_and_the_page_says_why(client, author, published):
    client.force_login(author)
    upload(client, dump(document("1.1.0")))
    draft = FrameworkVersion.objects.get(version="1.1.0")
    Measure.objects.filter(version=draft, key="well-led").update(key="Well Led")
    response = client.post("/frameworks/testfw/1.1.0/publish/", {"change_notes": "Notes"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This draft was not published" in html
    assert "measures[0].key: &#39;Well Led&#39; is not a valid key" in html
    assert ">Notes</textarea>" in html  # what the author wrote is kept on the page
    draft.refresh_from_db()
    assert (draft.status, draft.change_notes) == ("draft", "First version.")


def test_a_new_draft_starts_from_a_published_version(client, author, published):
    client.force_login(author)
    response = client.post("/frameworks/testfw/1.0.0/new-draft/", {"version": "1.0.0"})
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    response = client.post("/frameworks/testfw/1.0.0/new-draft/", {"version": "one"})
    assert "is not a semantic version" in response.content.decode()
    response = client.post(
        "/frameworks/testfw/1.0.0/new-draft/", {"version": "1.2.0", "change_notes": "Next."}
    )
    assert (response.status_code, response["Location"]) == (303, "/frameworks/testfw/1.2.0/")
    draft = FrameworkVersion.objects.get(version="1.2.0")
    assert (draft.status, draft.based_on, draft.change_notes) == ("draft", published, "Next.")


def test_any_readable_version_downloads_as_its_file(client, reader, author, published):
    client.force_login(reader)
    response = client.get("/frameworks/testfw/1.0.0/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="testfw-1.0.0.yaml"'
    assert response.content.decode() == version_export(version=published)
    client.force_login(author)
    client.post("/frameworks/testfw/1.0.0/new-draft/", {"version": "1.2.0"})
    assert client.get("/frameworks/testfw/1.2.0/download/").status_code == 200
    client.force_login(reader)
    assert client.get("/frameworks/testfw/1.2.0/download/").status_code == 404


def test_people_who_are_not_authors_cannot_author(client, reader, author, published):
    client.force_login(author)
    client.post("/frameworks/testfw/1.0.0/new-draft/", {"version": "1.2.0"})
    client.force_login(reader)
    assert client.get("/frameworks/author/").status_code == 403
    assert upload(client, dump(document("2.0.0"))).status_code == 403
    assert (
        client.post("/frameworks/testfw/1.0.0/new-draft/", {"version": "3.0.0"}).status_code == 403
    )
    assert client.post("/frameworks/testfw/1.2.0/publish/", {}).status_code == 404  # a draft
    page = client.get("/frameworks/testfw/1.0.0/").content.decode()
    assert "Start the next version" not in page and "Upload a framework file" not in page
    assert FrameworkVersion.objects.filter(status="draft").count() == 1
    client.logout()
    assert client.get("/frameworks/author/")["Location"] == "/sign-in/?next=/frameworks/author/"
