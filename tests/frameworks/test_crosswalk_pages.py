"""The crosswalk on the compare page and in `framework_diff`: splits, merges and re-keyed
questions named as such when the later version derives from the earlier one."""

import io

import pytest
from django.core.management import call_command

from frameworks.services import version_import

from .documents import dump
from .test_diff import crosswalked_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_versions():
    old, new = crosswalked_pair()
    new["framework"]["name"] = "Test framework, revised"
    one = version_import(source=dump(old), filename="1.yaml", publish=True)
    two = version_import(source=dump(new), filename="2.yaml", publish=True)
    new["version"] = "3.0.0"
    for measure in new["measures"]:
        for question in measure["questions"]:
            question["replaces"] = []
    foundations = new["measures"][1]["questions"]
    del foundations[0]  # sf-wired goes, into sf-wireless
    foundations[0]["replaces"] = ["sf-wired"]
    three = version_import(source=dump(new), filename="3.yaml", publish=True)
    return one, two, three


def test_the_compare_page_names_a_split_a_merge_and_a_re_keyed_question(
    client, reader, three_versions
):
    client.force_login(reader)
    response = client.get("/frameworks/testfw/compare/?from=1.0.0&to=2.0.0")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h3>Questions split, merged or re-keyed</h3>" in html
    assert "Split: sf-network split into sf-wired, sf-wireless</h4>" in html
    assert "Merged: wl-strategy, wl-board merged into wl-leadership</h4>" in html
    assert "Re-keyed: sf-cyber re-keyed as sf-security</h4>" in html
    assert "<h3>Questions removed</h3>" not in html
    assert "<h3>The framework</h3>" in html and "Test framework, revised" in html


def test_comparing_versions_the_crosswalk_does_not_connect_says_where_it_is(
    client, reader, three_versions
):
    client.force_login(reader)
    html = client.get("/frameworks/testfw/compare/?from=1.0.0&to=3.0.0").content.decode()
    assert "Questions split, merged or re-keyed" not in html
    assert "Compare it with version 2.0.0 to see them" in html
    assert "<h3>Questions removed</h3>" in html
    html = client.get("/frameworks/testfw/compare/?from=2.0.0&to=3.0.0").content.decode()
    assert "Merged: sf-wireless, sf-wired merged into sf-wireless</h4>" in html


def test_the_command_reads_the_crosswalk_of_a_derived_version(three_versions):
    out = io.StringIO()
    call_command("framework_diff", "testfw", "1.0.0", "2.0.0", stdout=out)
    text = out.getvalue()
    assert "  > sf-network split into sf-wired, sf-wireless\n" in text
    assert "  > wl-strategy, wl-board merged into wl-leadership\n" in text
    assert "Questions removed" not in text
    assert "      framework name: Test framework -> Test framework, revised\n" in text


def test_the_version_page_says_what_each_question_replaces(client, reader, three_versions):
    client.force_login(reader)
    html = client.get("/frameworks/testfw/2.0.0/").content.decode()
    assert "Replaces (in version 1.0.0): <code>wl-strategy</code>, <code>wl-board</code>" in html
    assert html.count("Replaces (in version 1.0.0): <code>sf-network</code>") == 2
    assert "Replaces" not in client.get("/frameworks/testfw/1.0.0/").content.decode()
