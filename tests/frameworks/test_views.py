"""Framework pages: who may read what, and what they show."""

import pytest

from frameworks.services import version_create_draft, version_import

from .documents import document, dump

pytestmark = pytest.mark.django_db


@pytest.fixture
def versions():
    one = version_import(source=dump(document("1.0.0")), filename="1.yaml", publish=True)
    changed = document("1.1.0")
    changed["measures"][0]["label"] = "Well led and accountable"
    changed["measures"][1]["questions"][0]["text"] = "Is the network resilient?"
    two = version_import(source=dump(changed), filename="2.yaml", publish=True)
    draft = version_create_draft(from_version=two, version="2.0.0")
    return one, two, draft


@pytest.mark.parametrize(
    "path", ["/frameworks/", "/frameworks/testfw/1.0.0/", "/frameworks/testfw/compare/"]
)
def test_pages_ask_visitors_to_sign_in(client, versions, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={path}"


def test_the_list_shows_published_versions_to_a_reader_but_not_drafts(client, reader, versions):
    client.force_login(reader)
    html = client.get("/frameworks/").content.decode()
    assert "Version 1.1.0" in html and "Version 1.0.0" in html
    assert "Version 2.0.0" not in html
    assert client.get("/frameworks/testfw/2.0.0/").status_code == 404


def test_an_author_sees_drafts(client, author, versions):
    client.force_login(author)
    assert "Version 2.0.0" in client.get("/frameworks/").content.decode()
    response = client.get("/frameworks/testfw/2.0.0/")
    assert response.status_code == 200
    assert "Not yet: this is a draft" in response.content.decode()


def test_a_version_page_shows_measures_questions_and_levels(client, reader, versions):
    client.force_login(reader)
    response = client.get("/frameworks/testfw/1.1.0/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Well led and accountable" in html
    assert "Is the network resilient?" in html
    assert "wl-board level 4 is true." in html
    assert "Do the things that lead to wl-board level 5." in html
    assert "4 questions in 2 success measures" in html
    assert 'href="/frameworks/testfw/compare/?from=1.0.0&amp;to=1.1.0"' in html


def test_a_version_page_filters_by_care_setting(client, reader, versions):
    client.force_login(reader)
    html = client.get("/frameworks/testfw/1.0.0/?setting=acute").content.decode()
    assert "3 questions in 2 success measures, asked of acute organisations" in html
    assert "How mature is wl-board?" not in html
    # An unknown setting shows everything rather than failing.
    html = client.get("/frameworks/testfw/1.0.0/?setting=moon").content.decode()
    assert "4 questions in 2 success measures." in html


def test_an_unknown_version_or_framework_is_not_found(client, reader, versions):
    client.force_login(reader)
    assert client.get("/frameworks/testfw/7.0.0/").status_code == 404
    assert client.get("/frameworks/other/compare/").status_code == 404


def test_the_compare_page_defaults_to_the_two_newest_versions(client, reader, versions):
    client.force_login(reader)
    response = client.get("/frameworks/testfw/compare/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "From version 1.0.0 to 1.1.0" in html
    assert "relabelled" in html
    assert "Is the network resilient?" in html


def test_the_compare_page_explains_bad_choices(client, reader, versions):
    client.force_login(reader)
    response = client.get("/frameworks/testfw/compare/?from=1.0.0&to=1.0.0")
    assert response.status_code == 400
    assert "Choose two different versions to compare" in response.content.decode()
    response = client.get("/frameworks/testfw/compare/?from=9.9.9&to=1.1.0")
    assert response.status_code == 400
    assert "Choose the earlier version to compare" in response.content.decode()
    # A reader cannot compare against a draft they may not see.
    response = client.get("/frameworks/testfw/compare/?from=1.1.0&to=2.0.0")
    assert response.status_code == 400
    assert "Choose the later version to compare" in response.content.decode()
