"""Sign-off in the browser: submit, return, approve, results and history, with axe on each page."""

import pytest
from playwright.sync_api import expect

from assessments.services import answer_save
from frameworks.models import Question


@pytest.fixture
def answered(world, launched_assessment):
    assessment = launched_assessment(care_settings=["acute"])
    for key, values in (
        ("wl-strategy", {"level": 2, "target_level": 4}),
        ("sf-network", {"level": 4}),
        ("sf-cyber", {"level": 3}),
    ):
        answer_save(
            assessment=assessment,
            question=Question.objects.get(key=key),
            by=world.respondent,
            expected_revision=0,
            **values,
        )
    return assessment


def test_submit_return_then_approve(steps, world, answered):
    base = f"/assessments/{answered.pk}"
    steps.sign_in("respondent")
    steps.visit(f"{base}/submit/")
    expect(steps.page.get_by_text("All 3 questions have been answered")).to_be_visible()
    steps.assert_accessible()
    steps.page.get_by_role("button", name="Submit for approval").click()
    expect(
        steps.page.get_by_text("The assessment has been submitted for approval.")
    ).to_be_visible()
    steps.page.get_by_role("button", name="Sign out").click()

    steps.sign_in("approver")
    steps.visit(f"{base}/review/")
    expect(steps.page.get_by_role("heading", level=1)).to_contain_text("Review the assessment")
    steps.assert_accessible()
    steps.page.get_by_role("button", name="Confirm decision").click()
    expect(steps.page.get_by_role("alert")).to_contain_text("Choose whether to approve")
    steps.assert_accessible()
    steps.page.get_by_label("Return it with a comment").check()
    steps.page.get_by_label("What needs to change").fill("Please add evidence for the network.")
    steps.page.get_by_role("button", name="Confirm decision").click()
    expect(steps.page.get_by_text("returned to the respondents")).to_be_visible()
    steps.page.get_by_role("button", name="Sign out").click()

    steps.sign_in("respondent")
    steps.visit(f"{base}/submit/")
    steps.page.get_by_role("button", name="Submit for approval").click()
    steps.page.get_by_role("button", name="Sign out").click()

    steps.sign_in("approver")
    steps.visit(f"{base}/review/")
    steps.page.get_by_label("Approve it").check()
    steps.page.get_by_role("button", name="Confirm decision").click()
    expect(steps.page.get_by_text("approved. Its scores are now final")).to_be_visible()

    steps.visit(f"{base}/results/")
    expect(steps.page.get_by_text("These scores were frozen")).to_be_visible()
    expect(steps.page.get_by_role("row", name="Overall")).to_contain_text("3.0")
    steps.assert_accessible()

    steps.visit(f"{base}/history/")
    expect(steps.page.get_by_text("Please add evidence for the network.")).to_be_visible()
    steps.assert_accessible()


def test_a_national_administrator_reopens_an_approved_assessment(steps, world, answered):
    from assessments.services import assessment_approve, assessment_submit

    assessment_submit(assessment=answered, by=world.respondent)
    assessment_approve(assessment=answered, by=world.approver)
    steps.sign_in("national")
    steps.visit(f"/assessments/{answered.pk}/reopen/")
    steps.assert_accessible()
    steps.page.get_by_role("button", name="Reopen the assessment").click()
    expect(steps.page.get_by_role("alert")).to_contain_text("Give the reason")
    steps.assert_accessible()
    steps.page.get_by_label("Why is it being reopened?").fill("Answered for the wrong site.")
    steps.page.get_by_role("button", name="Reopen the assessment").click()
    expect(steps.page.get_by_text("has been reopened")).to_be_visible()


def test_an_outsider_cannot_open_the_sign_off_pages(steps, world, answered):
    steps.sign_in("other_respondent")
    for page_name in ("submit", "review", "results", "history"):
        response = steps.visit(f"/assessments/{answered.pk}/{page_name}/")
        assert response.status == 404
    expect(steps.page.get_by_role("heading", level=1)).to_have_text("Page not found")
    steps.assert_accessible()
