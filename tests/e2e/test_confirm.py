"""A respondent confirms a whole section of last year's answers in one step, in the browser;
every page passes axe."""

import re

from playwright.sync_api import expect

from assessments.models import Answer, AuditEvent
from tests.assessments.test_confirm_all import prefilled  # noqa: F401  (a fixture)


def test_a_respondent_confirms_a_whole_section_from_last_year(steps, world, prefilled):  # noqa: F811
    steps.sign_in("respondent")
    steps.visit(f"/assessments/{prefilled.pk}/")
    steps.page.get_by_role("link", name="Ensure smart foundations").click()
    steps.page.get_by_role(
        "link", name="Confirm every answer from last year in this section (2)"
    ).click()
    expect(steps.page.get_by_role("heading", level=1)).to_have_text(
        "Confirm last year's answers in Ensure smart foundations"
    )
    expect(steps.page.get_by_role("cell", name="Not applicable: Run by the ICB.")).to_be_visible()
    steps.assert_accessible()
    steps.page.get_by_role("button", name="Confirm these 2 answers").click()

    expect(steps.page.get_by_role("heading", level=1)).to_have_text("Ensure smart foundations")
    expect(
        steps.page.get_by_text(re.compile(r"2 answers from last year confirmed at \d\d:\d\d:\d\d"))
    ).to_be_visible()
    steps.assert_accessible()
    assert set(
        Answer.objects.filter(assessment=prefilled, from_last_year=False).values_list(
            "question__key", flat=True
        )
    ) == {"sf-network", "sf-cyber"}
    assert (
        AuditEvent.objects.filter(assessment=prefilled, action=AuditEvent.Action.CONFIRMED).count()
        == 2
    )
