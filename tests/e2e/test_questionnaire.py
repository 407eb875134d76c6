"""The questionnaire in a real browser: answers save the moment they are chosen, a conflict
between two people is shown to the second, outsiders see nothing, and every page passes axe."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from assessments.models import Answer
from assessments.services import evidence_add_file
from tests.e2e.conftest import Steps
from tests.frameworks.documents import wordy_measure

SAVED = re.compile(r"Saved at \d\d:\d\d:\d\d")


@pytest.fixture
def assessment(launched_assessment):
    return launched_assessment(care_settings=["acute"])


def question(steps, key):
    return steps.page.locator(f"#question-{key}")


def then_the_page_is(steps, heading):
    expect(steps.page.get_by_role("heading", level=1)).to_contain_text(heading)
    then_the_page_is_accessible(steps)


def then_the_page_is_accessible(steps):
    steps.assert_accessible()


def when_i_choose(steps, key, label):
    question(steps, key).get_by_label(label).check()


def then_it_says_saved(steps, key):
    expect(question(steps, key).get_by_role("status")).to_have_text(SAVED)


def test_a_respondent_answers_a_success_measure_with_radios_only(steps, world, assessment):
    steps.sign_in("respondent")
    steps.visit(f"/assessments/{assessment.pk}/")
    then_the_page_is(steps, "Self-assessment")
    expect(steps.page.get_by_text("0 of 3 questions answered")).to_be_visible()

    steps.page.get_by_role("link", name="Ensure smart foundations").click()
    then_the_page_is(steps, "Ensure smart foundations")
    # With JavaScript the answers save themselves: no Save buttons.
    expect(steps.page.get_by_role("button", name="Save question 1")).to_be_hidden()

    when_i_choose(steps, "sf-network", "Level 3")
    then_it_says_saved(steps, "sf-network")
    when_i_choose(steps, "sf-cyber", "Level 2")
    then_it_says_saved(steps, "sf-cyber")
    when_i_choose(steps, "sf-network", "Level 4")  # a second save uses the new revision
    expect(question(steps, "sf-network").get_by_role("status")).to_have_text(SAVED)
    then_the_page_is_accessible(steps)

    # Two quick changes: the second waits for the first and uses its revision, no conflict.
    question(steps, "sf-network").get_by_label("Level 1").check()
    question(steps, "sf-network").get_by_label("Level 4").check()
    then_it_says_saved(steps, "sf-network")
    expect(question(steps, "sf-network").locator("input[name=revision]")).to_have_value("4")

    steps.page.reload()
    expect(question(steps, "sf-network").get_by_label("Level 4")).to_be_checked()
    expect(question(steps, "sf-cyber").get_by_label("Level 2")).to_be_checked()
    assert sorted(
        Answer.objects.filter(assessment=assessment).values_list(
            "question__key", "level", "revision"
        )
    ) == [("sf-cyber", 2, 1), ("sf-network", 4, 4)]

    # "Not applicable" reveals the reason, which saves when the person moves on.
    when_i_choose(steps, "sf-cyber", "Not applicable to our organisation")
    reason = question(steps, "sf-cyber").get_by_label("Why does this question not apply")
    expect(reason).to_be_visible()
    expect(question(steps, "sf-cyber").get_by_role("status")).to_contain_text(
        "Not saved yet: say why"
    )
    reason.fill("Our network is run by the ICB.")
    reason.press("Tab")
    then_it_says_saved(steps, "sf-cyber")
    steps.page.reload()
    expect(question(steps, "sf-cyber").get_by_label("Not applicable")).to_be_checked()
    expect(
        question(steps, "sf-cyber").get_by_label("Why does this question not apply")
    ).to_have_value("Our network is run by the ICB.")

    steps.visit(f"/assessments/{assessment.pk}/")
    expect(steps.page.get_by_text("2 of 3 questions answered")).to_be_visible()
    expect(steps.page.locator("#measures-2-status")).to_have_text("Completed")
    then_the_page_is_accessible(steps)


def test_a_conflict_is_shown_to_the_second_person_and_nothing_is_lost(
    steps, world, assessment, colleague, browser, live_server
):
    steps.sign_in("respondent")
    steps.visit(f"/assessments/{assessment.pk}/measures/well-led/")
    then_the_page_is(steps, "Well led")

    other = Steps(browser.new_context().new_page(), live_server)
    other.sign_in("colleague")
    other.visit(f"/assessments/{assessment.pk}/measures/well-led/")
    when_i_choose(other, "wl-strategy", "Level 4")
    then_it_says_saved(other, "wl-strategy")

    when_i_choose(steps, "wl-strategy", "Level 2")
    conflict = steps.page.locator("#question-wl-strategy-conflict")
    expect(conflict).to_contain_text(
        "Bea Colleague changed this answer while you were working on it"
    )
    expect(steps.page.locator("#question-wl-strategy-theirs-level")).to_contain_text("Level 4")
    expect(steps.page.locator("#question-wl-strategy-mine-level")).to_contain_text("Level 2")
    expect(conflict).to_be_focused()
    then_the_page_is_accessible(steps)
    assert Answer.objects.get(assessment=assessment, question__key="wl-strategy").level == 4

    conflict.get_by_role("button", name="Keep their answer").click()
    expect(conflict).to_have_count(0)
    expect(question(steps, "wl-strategy").get_by_label("Level 4")).to_be_checked()
    expect(question(steps, "wl-strategy").get_by_label("Level 4")).to_be_focused()

    # Now the colleague's page is the stale one: they choose to use their answer anyway.
    when_i_choose(steps, "wl-strategy", "Level 3")
    then_it_says_saved(steps, "wl-strategy")
    when_i_choose(other, "wl-strategy", "Level 5")
    expect(other.page.locator("#question-wl-strategy-conflict")).to_contain_text(
        "Rosa Respondent changed this answer"
    )
    other.page.get_by_role("button", name="Use my answer").click()
    expect(other.page.locator("#question-wl-strategy-conflict")).to_have_count(0)
    then_it_says_saved(other, "wl-strategy")
    expect(question(other, "wl-strategy").get_by_label("Level 5")).to_be_checked()
    answer = Answer.objects.get(assessment=assessment, question__key="wl-strategy")
    assert (answer.level, answer.revision, answer.updated_by) == (5, 3, colleague)
    other.page.context.close()


def test_without_javascript_the_save_button_saves(browser, live_server, world, assessment):
    context = browser.new_context(java_script_enabled=False)
    steps = Steps(context.new_page(), live_server)
    steps.sign_in("respondent")
    steps.visit(f"/assessments/{assessment.pk}/measures/well-led/")
    when_i_choose(steps, "wl-strategy", "Level 3")
    question(steps, "wl-strategy").get_by_label("Notes (optional)").fill("Board paper, May.")
    question(steps, "wl-strategy").get_by_role("button", name="Save question 1").click()
    then_it_says_saved(steps, "wl-strategy")
    assert steps.page.url.endswith("#question-wl-strategy")
    expect(question(steps, "wl-strategy").get_by_label("Level 3")).to_be_checked()
    answer = Answer.objects.get(assessment=assessment, question__key="wl-strategy")
    assert (answer.level, answer.notes) == (3, "Board paper, May.")
    context.close()


def test_assigning_a_success_measure_and_finding_it_under_assigned_to_me(steps, world, assessment):
    steps.sign_in("respondent")
    steps.visit("/assigned-to-me/")
    then_the_page_is(steps, "Assigned to me")
    expect(steps.page.get_by_text("Nothing is assigned to you at the moment.")).to_be_visible()

    steps.visit(f"/assessments/{assessment.pk}/")
    steps.page.get_by_role("link", name="Assign success measures to colleagues").click()
    then_the_page_is(steps, "Assign success measures")
    steps.page.get_by_label("Ensure smart foundations").select_option(label="Rosa Respondent (you)")
    steps.page.get_by_role("button", name="Save assignments").click()
    then_the_page_is(steps, "Self-assessment")
    expect(steps.page.get_by_text("Assigned to Rosa Respondent")).to_be_visible()

    steps.page.get_by_role("link", name="See the success measures assigned to you").click()
    then_the_page_is(steps, "Assigned to me")
    steps.page.get_by_role("link", name="Ensure smart foundations").click()
    then_the_page_is(steps, "Ensure smart foundations")


def test_an_outsider_cannot_open_the_assessment_or_its_evidence(steps, world, assessment):
    evidence = evidence_add_file(
        assessment=assessment,
        question=assessment.questions()[0],
        by=world.respondent,
        upload=SimpleUploadedFile("board.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    )
    steps.sign_in("other_respondent")
    for path in (
        f"/assessments/{assessment.pk}/",
        f"/assessments/{assessment.pk}/measures/well-led/",
        f"/assessments/{assessment.pk}/evidence/{evidence.pk}/",
    ):
        response = steps.visit(path)
        assert response.status == 404, path
        then_the_page_is(steps, "Page not found")


def test_a_viewer_sees_the_answers_but_no_forms(steps, world, assessment):
    steps.sign_in("sro")
    steps.visit(f"/assessments/{assessment.pk}/measures/well-led/")
    then_the_page_is(steps, "Well led")
    expect(
        steps.page.get_by_text("only the respondents of Northmoor Hospitals NHS Trust can answer")
    ).to_be_visible()
    expect(steps.page.get_by_role("radio")).to_have_count(0)


def test_notes_save_while_typing_so_nothing_is_lost_on_leaving(steps, world, assessment):
    steps.sign_in("respondent")
    steps.visit(f"/assessments/{assessment.pk}/measures/foundations/")
    notes = question(steps, "sf-network").get_by_label("Notes")
    notes.click()
    notes.press_sequentially("Core switches replaced in 2025.")
    # No change of focus: the pause in typing is enough.
    then_it_says_saved(steps, "sf-network")
    expect(notes).to_be_focused()
    steps.page.reload()
    expect(question(steps, "sf-network").get_by_label("Notes")).to_have_value(
        "Core switches replaced in 2025."
    )
    assert Answer.objects.get(question__key="sf-network").notes == "Core switches replaced in 2025."


def test_a_level_described_in_several_paragraphs_reads_as_label_and_hint(
    steps, world, launched_assessment
):
    """A framework whose level descriptors run to paragraphs and lists: each radio's name is
    its first paragraph, the rest its description, and choosing it saves as any other."""
    assessment = launched_assessment(
        care_settings=["acute"], framework_version__extra_measures=[wordy_measure()]
    )
    steps.sign_in("respondent")
    steps.visit(f"/assessments/{assessment.pk}/measures/wordy/")
    then_the_page_is(steps, "Wordy measure")
    choice = question(steps, "wordy-q").get_by_role(
        "radio", name="Level 3 Level 3 practice is in place."
    )
    expect(choice).to_have_accessible_description(re.compile("This means: staff know it"))
    choice.check()
    then_it_says_saved(steps, "wordy-q")
    steps.screenshot("questionnaire-wordy-levels")
    then_the_page_is_accessible(steps)
