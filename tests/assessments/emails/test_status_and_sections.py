"""Emails about one assessment: submitted (to its approvers), returned with the comment and
approved (to its respondents), a section assigned (to the assignee). Each sent after the change
commits, once, to exactly the right people."""

import pytest
from django.core import mail
from django.db import transaction

from assessments import tasks
from assessments.models import Assessment, AuditEvent, EmailKind, SentEmail
from assessments.services import (
    assessment_approve,
    assessment_return,
    assessment_submit,
    section_assign,
    sections_assign,
)
from frameworks.models import Measure
from tests.assessments.test_assessment_workflow import answer_all
from tests.factories import PersonaFactory

from .conftest import html_of, sent

pytestmark = pytest.mark.django_db

REVIEW = "http://127.0.0.1:8000/assessments/{}/review/"


def submitted(world, assessment, capture):
    answer_all(assessment, world.respondent)
    with capture(execute=True):
        assessment_submit(assessment=assessment, by=world.respondent)
    return Assessment.objects.get(pk=assessment.pk)


def test_a_submission_is_emailed_to_the_organisations_approvers_only(
    world, northmoor, django_capture_on_commit_callbacks
):
    second = PersonaFactory(username="approver2", role="approver", at=world.northmoor)
    PersonaFactory(username="elsewhere", role="approver", at=world.exewater)
    submitted(world, northmoor, django_capture_on_commit_callbacks)

    subject = "Northmoor Hospitals NHS Trust's 2026/27 assessment submitted for your approval"
    assert sorted(sent()) == [
        ("approver2@example.nhs.uk", subject),
        ("approver@example.nhs.uk", subject),
    ]
    message = mail.outbox[0]
    assert REVIEW.format(northmoor.pk) in message.body
    assert "Rosa Respondent submitted Northmoor Hospitals NHS Trust's 2026/27 assessment" in (
        message.body
    )
    html = html_of(message)
    assert f'href="{REVIEW.format(northmoor.pk)}"' in html
    assert "background-color:#005eb8" in html  # the NHS blue header bar
    assert "Review the assessment" in html
    assert set(
        SentEmail.objects.filter(kind="submitted").values_list("kind", "user__username")
    ) == {
        (EmailKind.SUBMITTED, "approver"),
        (EmailKind.SUBMITTED, second.username),
    }


def test_a_return_is_emailed_to_the_respondents_with_the_comment(
    world, northmoor, colleague, django_capture_on_commit_callbacks
):
    submitted(world, northmoor, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    comment = "Evidence for question 2 is missing.\nPlease add the audit & risk report."
    with django_capture_on_commit_callbacks(execute=True):
        assessment_return(assessment=northmoor, by=world.approver, comment=comment)

    subject = "Northmoor Hospitals NHS Trust's 2026/27 assessment returned for changes"
    assert sorted(sent()) == [
        ("colleague@example.nhs.uk", subject),
        ("respondent@example.nhs.uk", subject),
    ]
    message = mail.outbox[0]
    assert "> Evidence for question 2 is missing.\n> Please add the audit & risk report." in (
        message.body
    )
    assert "Amir Approver returned" in message.body
    assert f"http://127.0.0.1:8000/assessments/{northmoor.pk}/" in message.body
    # Escaped in the HTML, never in the text.
    assert "audit &amp; risk report" in html_of(message)
    assert "&amp;" not in message.body


def test_an_approval_is_emailed_to_the_respondents_with_a_link_to_the_results(
    world, northmoor, colleague, django_capture_on_commit_callbacks
):
    submitted(world, northmoor, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assessment_approve(assessment=northmoor, by=world.approver)
    subject = "Northmoor Hospitals NHS Trust's 2026/27 assessment approved"
    assert sorted(sent()) == [
        ("colleague@example.nhs.uk", subject),
        ("respondent@example.nhs.uk", subject),
    ]
    assert f"http://127.0.0.1:8000/assessments/{northmoor.pk}/results/" in mail.outbox[0].body


def test_nothing_is_sent_when_the_change_rolls_back(
    world, northmoor, django_capture_on_commit_callbacks
):
    answer_all(northmoor, world.respondent)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            assessment_submit(assessment=northmoor, by=world.respondent)
            raise RuntimeError("something later in the same transaction failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not SentEmail.objects.filter(kind="submitted").exists()


def test_the_email_waits_for_the_commit(world, northmoor, django_capture_on_commit_callbacks):
    answer_all(northmoor, world.respondent)
    with django_capture_on_commit_callbacks() as callbacks:
        assessment_submit(assessment=northmoor, by=world.respondent)
        assert mail.outbox == []  # inside the transaction: not yet
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()  # the commit
    assert sent() == [
        (
            "approver@example.nhs.uk",
            "Northmoor Hospitals NHS Trust's 2026/27 assessment submitted for your approval",
        )
    ]


def test_each_email_is_sent_once_however_often_its_task_runs(
    world, northmoor, colleague, django_capture_on_commit_callbacks
):
    submitted(world, northmoor, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_return(assessment=northmoor, by=world.approver, comment="Add evidence.")
    assert len(mail.outbox) == 3  # one to the approver, two to the respondents
    event = AuditEvent.objects.filter(action="status").latest("pk")
    assert tasks.send_status_changed(event.pk) == 0
    assert tasks.send_status_changed.delay(event.pk).get() == 0  # a redelivered task
    assert len(mail.outbox) == 3
    assert SentEmail.objects.exclude(kind="round_opened").count() == 3


def test_a_second_submission_is_a_new_event_and_emailed_again(
    world, northmoor, django_capture_on_commit_callbacks
):
    submitted(world, northmoor, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_return(assessment=northmoor, by=world.approver, comment="Add evidence.")
        assessment_submit(assessment=northmoor, by=world.respondent)
    assert [s for _, s in sent()].count(
        "Northmoor Hospitals NHS Trust's 2026/27 assessment submitted for your approval"
    ) == 2


def test_deactivated_people_and_people_without_an_address_get_nothing(
    world, northmoor, colleague, django_capture_on_commit_callbacks
):
    world.approver.is_active = False
    world.approver.save()
    no_address = PersonaFactory(username="approver2", email="", role="approver", at=world.northmoor)
    colleague.email = ""
    colleague.save()
    submitted(world, northmoor, django_capture_on_commit_callbacks)
    assert mail.outbox == []  # one approver deactivated, the other without an address
    with django_capture_on_commit_callbacks(execute=True):
        assessment_return(assessment=northmoor, by=no_address, comment="Add evidence.")
    assert [to for to, _ in sent()] == ["respondent@example.nhs.uk"]


def test_an_email_about_a_status_that_no_longer_holds_is_not_sent(
    world, northmoor, django_capture_on_commit_callbacks
):
    answer_all(northmoor, world.respondent)
    with django_capture_on_commit_callbacks() as submit_callbacks:
        assessment_submit(assessment=northmoor, by=world.respondent)
    with django_capture_on_commit_callbacks():
        assessment_return(assessment=northmoor, by=world.approver, comment="Not yet.")
    submit_callbacks[0]()  # the worker reaches the submission's task only now
    assert mail.outbox == []


# --- sections ---------------------------------------------------------------------------------


def test_an_assigned_section_is_emailed_to_the_assignee_with_a_link_to_it(
    world, northmoor, colleague, django_capture_on_commit_callbacks
):
    measure = Measure.objects.filter(version=northmoor.framework_version).order_by("order")[0]
    with django_capture_on_commit_callbacks(execute=True):
        section_assign(
            assessment=northmoor, measure=measure, assignee=colleague, by=world.respondent
        )
    assert sent() == [
        (
            "colleague@example.nhs.uk",
            f"{measure.label} assigned to you: Northmoor Hospitals NHS Trust, 2026/27 assessment",
        )
    ]
    body = mail.outbox[0].body
    assert "Dear Bea," in body
    assert f'Rosa Respondent has given you the success measure "{measure.label}"' in body
    link = f"http://127.0.0.1:8000/assessments/{northmoor.pk}/measures/{measure.key}/"
    assert link in body and f'href="{link}"' in html_of(mail.outbox[0])


def test_assigning_to_oneself_or_unassigning_sends_nothing(
    world, northmoor, colleague, django_capture_on_commit_callbacks
):
    first, second = Measure.objects.filter(version=northmoor.framework_version).order_by("order")[
        :2
    ]
    with django_capture_on_commit_callbacks(execute=True):
        section_assign(
            assessment=northmoor, measure=first, assignee=world.respondent, by=world.respondent
        )
        section_assign(assessment=northmoor, measure=first, assignee=None, by=world.respondent)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        sections_assign(
            assessment=northmoor,
            assignees={first: colleague, second: colleague},
            by=world.respondent,
        )
    assert len(mail.outbox) == 2
    assert {m.subject.split(" assigned")[0] for m in mail.outbox} == {first.label, second.label}


def test_a_section_given_to_someone_else_before_the_email_goes_is_not_emailed(
    world, northmoor, colleague, django_capture_on_commit_callbacks
):
    measure = Measure.objects.filter(version=northmoor.framework_version).order_by("order")[0]
    with django_capture_on_commit_callbacks() as first:
        section_assign(
            assessment=northmoor, measure=measure, assignee=colleague, by=world.respondent
        )
    with django_capture_on_commit_callbacks(execute=True):
        section_assign(
            assessment=northmoor, measure=measure, assignee=world.respondent, by=colleague
        )
    first[0]()
    assert [to for to, _ in sent()] == ["respondent@example.nhs.uk"]
