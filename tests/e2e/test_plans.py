"""The transformation plan in the browser: an SRO edits and agrees it, a board reader reads the
agreed version, a respondent is refused; axe on every page."""

import pytest
from playwright.sync_api import expect

from reports.plans.services import plan_start
from tests.reports import plans_world


@pytest.fixture
def plan_world(transactional_db):
    world = plans_world.build()
    plan_start(subject=world.system, round_=world.round, by=world.sro)
    return world


def test_an_sro_edits_and_agrees_and_a_board_reader_reads_it(steps, plan_world):
    page = steps.page
    steps.sign_in("sro")
    steps.visit("/systems/QRV/")
    page.get_by_role("link", name="Set its targets and write its transformation plan").click()
    expect(page.get_by_role("heading", name="Transformation plans")).to_be_visible()
    steps.assert_accessible()
    page.get_by_role("link", name="2026/27 assessment plan").click()
    expect(page.get_by_text("4 proposed actions are neither accepted nor dropped")).to_be_visible()
    steps.assert_accessible()
    steps.screenshot("plans-1-draft")

    page.get_by_role("link", name="Set the targets").click()
    page.get_by_label("Care").fill("9")
    page.get_by_role("button", name="Save the targets").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    steps.assert_accessible()
    steps.screenshot("plans-2-targets-error")
    page.get_by_label("Care").fill("2.5")
    page.get_by_role("button", name="Save the targets").click()
    expect(page.get_by_text("The targets have been saved.")).to_be_visible()

    page.get_by_role("link", name="Change action 1").click()
    steps.assert_accessible()
    page.get_by_label("Accept it").check()
    page.get_by_label("Owner").fill("Dr Ada Byte, Chief Clinical Information Officer")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2027")
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_text("The action has been saved.")).to_be_visible()
    for number in (2, 3):
        page.get_by_role("button", name=f"Accept action {number}").click()
    page.get_by_role("button", name="Drop action 4").click()
    expect(page.get_by_text("1 dropped proposal")).to_be_visible()
    steps.screenshot("plans-3-decided")

    page.get_by_role("link", name="Agree the plan").click()
    steps.assert_accessible()
    page.get_by_label("I agree this plan on behalf of").check()
    page.get_by_role("button", name="Agree the plan").click()
    expect(page.get_by_text("Version 1 of the plan is agreed.")).to_be_visible()
    expect(page.get_by_role("button", name="Start a new draft")).to_be_visible()
    steps.assert_accessible()
    steps.screenshot("plans-4-agreed")
    page.get_by_role("button", name="Start a new draft").click()
    expect(page.get_by_text("Version 2 has been started as a draft.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    steps.sign_in("board")
    steps.visit("/systems/QRV/")
    page.get_by_role("link", name="Read its transformation plans").click()
    page.get_by_role("link", name="2026/27 assessment plan").click()
    expect(page.get_by_text("Version 1, agreed by Sam Rowe")).to_be_visible()
    expect(page.get_by_text("Dr Ada Byte, Chief Clinical Information Officer")).to_be_visible()
    expect(page.get_by_role("link", name="Set the targets")).to_have_count(0)
    expect(page.get_by_text("Version 2")).to_have_count(0)
    steps.assert_accessible()
    steps.screenshot("plans-5-board")


def test_a_respondent_is_refused(steps, plan_world):
    steps.sign_in("respondent")
    response = steps.visit(f"/results/systems/QRV/plans/{plan_world.round.pk}/")
    assert response.status == 404
    response = steps.visit(f"/results/systems/QRV/plans/{plan_world.round.pk}/targets/")
    assert response.status == 404
    steps.assert_accessible()


def test_an_sro_is_told_the_data_changed_and_refreshes_the_figures(steps, plan_world):
    from assessments.models import Assessment
    from assessments.services import assessment_reopen

    reopened = Assessment.objects.get(round=plan_world.round, organisation__ods_code="RBI")
    assessment_reopen(assessment=reopened, by=plan_world.national, reason="A late correction")
    page = steps.page
    steps.sign_in("sro")
    steps.visit(f"/results/systems/QRV/plans/{plan_world.round.pk}/")
    heading = page.get_by_role("heading", name="The approved data has changed")
    expect(heading).to_be_visible()
    expect(page.get_by_text("1 assessment reopened (no longer approved): RBI.")).to_be_visible()
    steps.assert_accessible()
    page.get_by_role("button", name="Refresh the figures").click()
    expect(
        page.get_by_text("The figures have been taken again from the approved data.")
    ).to_be_visible()
    expect(heading).to_have_count(0)
    expect(
        page.get_by_role("table", name="Every change to this plan, newest first")
    ).to_contain_text("Figures refreshed from the approved data")
    steps.assert_accessible()
