"""Emails in the browser: a respondent submits, the approver finds the email on "Emails sent to
you" (from the home page and the header), reads it and follows its link to the review page;
axe on each page. The HTML email itself is drawn too (`WAYMARK_SCREENSHOTS=dir` keeps PNGs)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from assessments.services import answer_save, assessment_submit
from frameworks.models import Question
from tests.e2e.conftest import screenshot


@pytest.fixture
def submitted(world, launched_assessment, settings, live_server):
    settings.SITE_URL = live_server.url  # the emails' links lead to this test's server
    today = timezone.localdate()
    assessment = launched_assessment(
        care_settings=["acute"],
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=40),
    )
    for key in ("wl-strategy", "sf-network", "sf-cyber"):
        answer_save(
            assessment=assessment,
            question=Question.objects.get(key=key),
            by=world.respondent,
            expected_revision=0,
            level=3,
        )
    mail.outbox.clear()
    assessment_submit(assessment=assessment, by=world.respondent)  # commits: the email goes
    return assessment


def test_the_approver_reads_the_email_and_follows_its_link(steps, world, submitted):
    page = steps.page
    subject = "Northmoor Hospitals NHS Trust's 2026/27 assessment submitted for your approval"
    assert [m.subject for m in mail.outbox] == [subject]

    page.goto("about:blank")  # no page of ours around it, so none of our CSP
    page.set_content(mail.outbox[0].alternatives[0][0])  # the HTML email as a mail program shows it
    expect(page.get_by_role("link", name="Review the assessment")).to_be_visible()
    screenshot(page, "email-submitted")

    steps.sign_in("approver")
    steps.visit("/my/")
    page.get_by_role("link", name="Emails sent to you").last.click()  # the home page's link
    expect(page.get_by_role("heading", level=1)).to_have_text("Emails sent to you")
    expect(page.get_by_role("heading", level=2, name=subject)).to_be_visible()
    steps.assert_accessible()
    page.get_by_text("Read the email").click()
    expect(
        page.get_by_text("Rosa Respondent submitted Northmoor Hospitals NHS Trust's")
    ).to_be_visible()
    steps.assert_accessible()
    screenshot(page, "emails-sent-to-you")

    page.get_by_role("link", name="Review the assessment").click()
    expect(page).to_have_url(f"{steps.base}/assessments/{submitted.pk}/review/")
    steps.assert_accessible()

    # The header's account area leads there too; another person sees none of it.
    page.get_by_role("link", name="Emails sent to you").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Emails sent to you")
    page.get_by_role("button", name="Sign out").click()
    steps.sign_in("other_respondent")
    steps.visit("/my/emails/")
    expect(page.get_by_text("Waymark has not emailed you in the last 90 days.")).to_be_visible()
    expect(page.get_by_text(subject)).to_have_count(0)
    steps.assert_accessible()
    screenshot(page, "emails-none")
