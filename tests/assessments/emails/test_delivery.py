"""Sending once: a mail server that fails leaves no record, so the retried task sends it; a
record already there means nothing is sent again."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from assessments import tasks
from assessments.models import Answer, Assessment, SentEmail

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_a_failed_send_leaves_no_record_and_the_retry_sends_it(
    world, launched_assessment, monkeypatch
):
    # Launched without running the after-commit tasks: nothing has been sent yet.
    northmoor = launched_assessment(
        opens_on=TODAY() - dt.timedelta(days=1), closes_on=TODAY() + dt.timedelta(days=9)
    )
    real = EmailMultiAlternatives.send

    def down(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("the mail server went away")

    monkeypatch.setattr(EmailMultiAlternatives, "send", down)
    batch = [northmoor.pk]
    with pytest.raises(smtplib.SMTPServerDisconnected):
        tasks.send_round_opened_batch.run(northmoor.round_id, batch)  # one attempt, no retry
    assert not SentEmail.objects.filter(kind="round_opened").exists()
    assert mail.outbox == []

    monkeypatch.setattr(EmailMultiAlternatives, "send", real)
    assert tasks.send_round_opened_batch(northmoor.round_id, batch) == 1
    assert [m.to for m in mail.outbox] == [["respondent@example.nhs.uk"]]
    assert tasks.send_round_opened_batch(northmoor.round_id, batch) == 0


def test_the_email_tasks_retry_on_transient_errors_and_acknowledge_late():
    task = tasks.send_status_changed
    assert task.acks_late and task.reject_on_worker_lost
    assert smtplib.SMTPException in task.autoretry_for
    assert task.max_retries == 6


def test_a_round_opened_email_says_whether_last_years_answers_are_filled_in(
    world, open_round, django_capture_on_commit_callbacks
):
    round_ = open_round()
    northmoor = Assessment.objects.get(round=round_, organisation=world.northmoor)
    exewater = Assessment.objects.get(round=round_, organisation=world.exewater)
    question = northmoor.questions()[0]
    Answer.objects.create(assessment=northmoor, question=question, level=3, from_last_year=True)
    # The emails went at launch; send them again as new events to read their words.
    emails = {
        e.address: e.text
        for e in tasks.compose.round_opened(round_.pk, [northmoor.pk, exewater.pk])
    }
    assert "Last year's answers are already filled in" in emails["respondent@example.nhs.uk"]
    assert "Answer every question that applies" in emails["other_respondent@example.nhs.uk"]
