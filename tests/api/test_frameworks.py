"""Framework versions through the API: published ones for anyone signed in, drafts for
framework authors only; a version's document, its YAML export (re-importable) and the diff of
two versions, by the frameworks' own services."""

import pytest
import yaml

from frameworks.services import version_export
from tests.factories import FrameworkVersionFactory
from tests.frameworks.documents import document, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def versions():
    first = FrameworkVersionFactory(version="1.0.0")
    changed = document("1.1.0")
    changed["measures"][1]["questions"].append(question("sf-backup"))
    changed["measures"][0]["questions"][0]["text"] = "Is there a digital strategy, agreed?"
    second = FrameworkVersionFactory(document=changed)
    draft = FrameworkVersionFactory(version="2.0.0", publish=False)
    return first, second, draft


def test_anyone_signed_in_lists_published_versions_and_authors_drafts_too(
    versions, as_user, reader, author
):
    seen = as_user(reader, "read").get("/api/v1/framework-versions/?framework=testfw").json()
    assert [(v["version"], v["status"]) for v in seen["results"]] == [
        ("1.0.0", "published"),
        ("1.1.0", "published"),
    ]
    authors = as_user(author, "read").get("/api/v1/framework-versions/?status=draft").json()
    assert [v["version"] for v in authors["results"]] == ["2.0.0"]
    assert (
        as_user(reader, "read").get("/api/v1/frameworks/testfw/versions/2.0.0/").status_code == 404
    )


def test_a_version_is_its_whole_document(versions, as_user, reader):
    body = as_user(reader, "read").get("/api/v1/frameworks/testfw/versions/1.0.0/").json()
    assert body["name"] == "Test framework" and body["status"] == "published"
    measures = body["document"]["measures"]
    assert [m["key"] for m in measures] == ["well-led", "foundations"]
    assert measures[1]["weight"] == "1.500"  # the stored decimal, exactly
    assert [q["key"] for q in measures[1]["questions"]] == ["sf-network", "sf-cyber"]


def test_the_yaml_export_is_the_services_and_reimportable(versions, as_user, reader):
    client = as_user(reader, "read")
    response = client.get(
        "/api/v1/frameworks/testfw/versions/1.0.0/export.yaml", HTTP_ACCEPT="application/yaml"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml"
    assert response.content.decode() == version_export(version=versions[0])
    assert yaml.safe_load(response.content)["version"] == "1.0.0"
    assert 'filename="testfw-1.0.0.yaml"' in response["Content-Disposition"]
    missing = client.get(
        "/api/v1/frameworks/testfw/versions/9.9.9/export.yaml", HTTP_ACCEPT="application/yaml"
    )
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    assert missing.json()["detail"] == "Not found."


def test_the_diff_says_what_changed_by_stable_keys(versions, as_user, reader):
    client = as_user(reader, "read")
    body = client.get("/api/v1/frameworks/testfw/diff/?old=1.0.0&new=1.1.0").json()
    assert (body["old_version"], body["new_version"], body["is_empty"]) == ("1.0.0", "1.1.0", False)
    assert [q["key"] for q in body["questions_added"]] == ["sf-backup"]
    assert [(q["key"], q["kinds"]) for q in body["questions_changed"]] == [
        ("wl-strategy", ["reworded"])
    ]
    assert "sf-backup" in body["text"]


@pytest.mark.parametrize(
    "query, status, field",
    [
        ("old=1.0.0", 400, "new"),
        ("old=1.0.0&new=1.0.0", 400, "new"),
        ("old=1.0.0&new=2.0.0", 404, None),  # a draft, to a reader
        ("old=1.0.0&new=7.0.0", 404, None),
    ],
)
def test_a_diff_asked_wrongly_is_refused(versions, as_user, reader, query, status, field):
    response = as_user(reader, "read").get(f"/api/v1/frameworks/testfw/diff/?{query}")
    assert response.status_code == status
    if field:
        assert field in response.json()["errors"]


def test_frameworks_need_credentials(versions, api):
    assert api.get("/api/v1/framework-versions/").status_code == 401
