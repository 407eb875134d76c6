"""A reader compares a version with the one it derives from and reads a split question, a merge
and a re-keyed one as such, with guidance written as paragraphs and a list; axe checks the page."""

import pytest
from playwright.sync_api import expect

from frameworks.services import version_import
from tests.frameworks.documents import document, dump, question


@pytest.fixture
def crosswalked(transactional_db):
    version_import(source=dump(document("1.0.0")), filename="1.0.0.yaml", publish=True)
    new = document("2.0.0")
    well_led, foundations = new["measures"]
    well_led["questions"] = [question("wl-leadership", replaces=["wl-strategy", "wl-board"])]
    foundations["questions"] = [
        question(
            "sf-wired",
            replaces=["sf-network"],
            text="How resilient is the wired network?",
            guidance="Think of every site.\n\nEvidence that helps:\n\n- a network map\n- tests\n",
        ),
        question("sf-wireless", replaces=["sf-network"], text="How good is the wireless?"),
        question("sf-security", replaces=["sf-cyber"]),
    ]
    return version_import(source=dump(new), filename="2.0.0.yaml", publish=True)


def test_a_reader_sees_a_split_question_on_the_diff_page(steps, reader, crosswalked):
    steps.sign_in("reader")
    steps.visit("/frameworks/testfw/compare/?from=1.0.0&to=2.0.0")
    expect(
        steps.page.get_by_role("heading", level=3, name="Questions split, merged or re-keyed")
    ).to_be_visible()
    split = steps.page.locator(
        ".waymark-diff-changed",
        has=steps.page.get_by_role(
            "heading", level=4, name="Split: sf-network split into sf-wired, sf-wireless"
        ),
    )
    expect(split).to_be_visible()
    expect(split).to_contain_text("How mature is sf-network?")
    expect(split).to_contain_text("How resilient is the wired network?")
    expect(split).to_contain_text("How good is the wireless?")
    expect(
        steps.page.get_by_role(
            "heading", level=4, name="Merged: wl-strategy, wl-board merged into wl-leadership"
        )
    ).to_be_visible()
    expect(
        steps.page.get_by_role(
            "heading", level=4, name="Re-keyed: sf-cyber re-keyed as sf-security"
        )
    ).to_be_visible()
    expect(steps.page.get_by_role("heading", name="Questions removed")).to_have_count(0)
    expect(steps.page.locator("#diff-summary")).to_contain_text("Questions split")
    steps.assert_accessible()

    steps.visit("/frameworks/testfw/2.0.0/")
    guidance = steps.page.locator(".waymark-markdown", has_text="Think of every site.")
    expect(guidance.locator("p")).to_have_count(2)
    expect(guidance.get_by_role("listitem")).to_have_text(["a network map", "tests"])
    steps.assert_accessible()
