"""The pages an attack (or bad luck) meets, in the browser: sign-in paused for a network that
sprayed passwords, a form sent without its CSRF token, a request Django could not read, an
evidence file refused, the storage failing. Each says what happened and what to do, through the
layout, and passes axe (WCAG 2.2 AA)."""

import errno

import pytest
from django.core.files.storage import FileSystemStorage
from playwright.sync_api import expect

from tests.assessments.test_evidence_files import make_pdf


def then_the_page_is(steps, heading: str):
    expect(steps.page.get_by_role("heading", level=1)).to_have_text(heading)
    steps.assert_accessible()


def test_a_network_that_sprayed_passwords_is_paused_with_a_clear_page(steps, world, settings):
    settings.WAYMARK_SIGN_IN_FAILURES_PER_ADDRESS = 3
    for username in ("respondent", "approver", "sro", "analyst"):
        steps.sign_in(username, "Summer2026!")
    then_the_page_is(steps, "Too many attempts to sign in from your network")
    expect(steps.page.get_by_text("signing in from this address is paused for")).to_be_visible()
    steps.screenshot("attack-paused")


def test_a_form_without_its_csrf_token_is_refused_with_a_clear_page(steps, world):
    steps.visit("/sign-in/")
    steps.page.context.clear_cookies()  # the CSRF cookie goes: as from another site
    steps.page.get_by_label("Username").fill("respondent")
    steps.page.get_by_label("Password").fill("whatever-it-is")
    steps.page.get_by_role("button", name="Sign in").click()
    then_the_page_is(steps, "Your form could not be sent")
    expect(
        steps.page.get_by_text("Go back, reload the page, and send the form again.")
    ).to_be_visible()
    steps.screenshot("attack-csrf")


def test_a_request_that_cannot_be_read_gets_a_clear_page(steps, world):
    fields = "&".join(f"f{n}=1" for n in range(1100))  # past DATA_UPLOAD_MAX_NUMBER_FIELDS
    response = steps.visit(f"/sign-in/?{fields}")
    assert response.status == 400
    then_the_page_is(steps, "Your request could not be read")


class FullDisk(FileSystemStorage):
    def _save(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("storage_full", [False, True], ids=["disguised", "storage full"])
def test_a_refused_evidence_file_says_why_on_the_question(
    steps, world, launched_assessment, settings, tmp_path, storage_full
):
    assessment = launched_assessment()
    if storage_full:
        backend = {"BACKEND": f"{__name__}.FullDisk", "OPTIONS": {"location": str(tmp_path)}}
        settings.STORAGES = {**settings.STORAGES, "default": backend}
        upload = {"name": "minutes.pdf", "mimeType": "application/pdf", "buffer": make_pdf()}
        message = "The file could not be stored just now, so nothing was saved"
    else:
        upload = {"name": "minutes.pdf", "mimeType": "application/pdf", "buffer": b"<html>"}
        message = "The selected file is called minutes.pdf but it is not a PDF"
    steps.sign_in("respondent")
    steps.visit(f"/assessments/{assessment.pk}/measures/well-led/")
    steps.page.get_by_text("Add evidence to question 1").click()
    steps.page.locator("#question-wl-strategy-add-evidence input[type=file]").set_input_files(
        upload
    )
    steps.page.get_by_role("button", name="Upload file").first.click()
    expect(steps.page.get_by_role("alert")).to_contain_text(message)
    steps.assert_accessible()
    steps.screenshot(f"attack-evidence-{storage_full}")
