"""A signed-in reader opens a framework version and the diff page; an author uploads, fixes,
previews, compares and publishes a version; a respondent cannot author. axe checks each page."""

import pytest
from playwright.sync_api import expect

from frameworks.models import FrameworkVersion
from frameworks.services import SHIPPED_DIR, import_file, version_import
from tests.frameworks.documents import document, dump


@pytest.fixture
def shipped_frameworks(db):
    return [import_file(path, publish=True) for path in sorted(SHIPPED_DIR.glob("*.yaml"))]


def test_a_reader_reads_a_version_and_what_changed(steps, reader, shipped_frameworks):
    steps.sign_in("reader")
    steps.page.get_by_role("link", name="Frameworks").first.click()
    expect(steps.page.get_by_role("heading", level=1)).to_have_text("Frameworks")
    steps.assert_accessible()

    steps.page.get_by_role("link", name="Version 1.0.0").click()
    expect(steps.page.get_by_role("heading", level=1)).to_contain_text("Version 1.0.0")
    expect(steps.page.get_by_role("heading", name="1. Well led")).to_be_visible()
    levels = steps.page.locator("details").first
    levels.get_by_text("Level descriptors").click()
    expect(levels.get_by_role("table")).to_be_visible()
    expect(levels.get_by_role("row")).to_have_count(6)
    steps.assert_accessible()

    steps.page.get_by_label("Show the questions asked of").select_option("icb")
    steps.page.get_by_role("button", name="Show questions").click()
    expect(steps.page.get_by_text("asked of integrated care board organisations")).to_be_visible()

    steps.visit("/frameworks/wgll/2.0.0/")
    steps.page.get_by_role("link", name="See what changed since version 1.0.0").click()
    expect(
        steps.page.get_by_role("heading", level=2, name="From version 1.0.0 to 2.0.0")
    ).to_be_visible()
    expect(steps.page.locator("#diff-summary")).to_contain_text("Questions added")
    expect(steps.page.get_by_text("Support workforce").first).to_be_visible()
    steps.assert_accessible()

    steps.page.get_by_label("Later version").select_option("1.0.0")
    steps.page.get_by_role("button", name="Compare").click()
    expect(steps.page.get_by_role("alert")).to_contain_text("Choose two different versions")
    steps.assert_accessible()


@pytest.fixture
def first_version(db):
    return version_import(source=dump(document("1.0.0")), filename="1.0.0.yaml", publish=True)


def test_an_author_fixes_an_upload_previews_compares_and_publishes(
    steps, author, first_version, tmp_path
):
    mistaken = document("1.1.0")
    mistaken["measures"][0]["questions"][0]["applies_to"] = ["moon"]
    mistaken["measures"][1]["label"] = "L" * 201
    (tmp_path / "mistaken.yaml").write_text(dump(mistaken))
    fixed = document("1.1.0")
    fixed["measures"][0]["label"] = "Well led and accountable"
    (tmp_path / "fixed.yaml").write_text(dump(fixed))

    steps.sign_in("author")
    steps.visit("/frameworks/")
    steps.page.get_by_role("link", name="Upload a framework file or see the drafts").click()
    expect(steps.page.get_by_role("heading", level=1)).to_have_text("Upload a framework file")
    steps.assert_accessible()

    steps.page.locator("input[type=file]").set_input_files(tmp_path / "mistaken.yaml")
    steps.page.get_by_role("button", name="Upload and check").click()
    summary = steps.page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("mistaken.yaml was not imported: 2 problems found")
    expect(summary).to_contain_text("measures[0].questions[0].applies_to[0]: unknown care setting")
    expect(summary).to_contain_text("measures[1].label: must be at most 200 characters long")
    steps.assert_accessible()

    steps.page.locator("input[type=file]").set_input_files(tmp_path / "fixed.yaml")
    steps.page.get_by_role("button", name="Upload and check").click()
    expect(steps.page.get_by_role("heading", level=1)).to_contain_text("Version 1.1.0")
    expect(steps.page.get_by_role("heading", level=1)).to_contain_text("Draft")
    expect(steps.page.get_by_role("heading", name="1. Well led and accountable")).to_be_visible()
    steps.assert_accessible()

    steps.page.get_by_label("Show the questions asked of").select_option("icb")
    steps.page.get_by_role("button", name="Show questions").click()
    expect(
        steps.page.get_by_text("4 questions in 2 success measures, asked of integrated")
    ).to_be_visible()
    steps.page.get_by_label("Show the questions asked of").select_option("acute")
    steps.page.get_by_role("button", name="Show questions").click()
    expect(
        steps.page.get_by_text("3 questions in 2 success measures, asked of acute")
    ).to_be_visible()

    steps.page.get_by_role("link", name="See what changed since version 1.0.0").click()
    expect(steps.page.locator("#diff-summary")).to_be_visible()
    expect(steps.page.get_by_text("Well led and accountable").first).to_be_visible()
    steps.assert_accessible()

    steps.visit("/frameworks/testfw/1.1.0/")
    steps.page.get_by_label("Change notes").fill("Well led is now about accountability.")
    steps.page.get_by_role("button", name="Publish version 1.1.0").click()
    expect(steps.page.get_by_role("heading", level=1)).to_contain_text("Published")
    expect(steps.page.get_by_text("Well led is now about accountability.")).to_be_visible()
    expect(steps.page.get_by_role("link", name="Download version 1.1.0")).to_be_visible()
    expect(steps.page.get_by_role("heading", name="Start the next version")).to_be_visible()
    steps.assert_accessible()
    assert FrameworkVersion.objects.get(version="1.1.0").status == "published"


def test_a_respondent_cannot_reach_the_authoring_pages(steps, world, first_version):
    steps.sign_in("respondent")
    steps.visit("/frameworks/")
    expect(steps.page.get_by_role("heading", level=1)).to_have_text("Frameworks")
    expect(steps.page.get_by_role("link", name="Upload a framework file")).to_have_count(0)
    response = steps.visit("/frameworks/author/")
    assert response.status == 403
    expect(steps.page.get_by_role("heading", level=1)).to_have_text("You cannot do this")
    steps.assert_accessible()
    steps.visit("/frameworks/testfw/1.0.0/")
    expect(steps.page.get_by_role("heading", name="Start the next version")).to_have_count(0)
