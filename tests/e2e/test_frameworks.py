"""A signed-in reader opens a framework version and the diff page; axe checks each page."""

import pytest
from playwright.sync_api import expect

from frameworks.services import SHIPPED_DIR, import_file


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
