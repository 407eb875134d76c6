"""Reminders of a round's closing date: to the respondents of organisations that have not
submitted, on the reminder days before closing, never twice for an organisation, round and
day, whichever runs them (the command, Celery beat, two at once)."""

import datetime as dt
import io

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments import tasks
from assessments.models import Assessment, Reminder, SentEmail
from assessments.notifications.reminders import due_window, reminders_send
from config.celery import app

from .conftest import TODAY, sent

pytestmark = pytest.mark.django_db
CLOSES = dt.date(2027, 3, 31)


@pytest.fixture
def round_(open_round):
    return open_round(opens_on=dt.date(2027, 1, 4), closes_on=CLOSES)


def run(capture, day, **kwargs):
    with capture(execute=True):
        return reminders_send(send=tasks.send_reminders.delay, today=day, **kwargs)


def before(days: int) -> dt.date:
    return CLOSES - dt.timedelta(days=days)


def test_the_reminder_days_and_the_catch_up_window():
    assert settings.WAYMARK_REMINDER_DAYS == (14, 7, 1)
    assert due_window(CLOSES, before(20)) is None  # too early
    assert due_window(CLOSES, before(14)) == before(14)
    assert due_window(CLOSES, before(10)) == before(14)  # catching up a missed 14-day reminder
    assert due_window(CLOSES, before(7)) == before(7)
    assert due_window(CLOSES, before(1)) == before(1)
    assert due_window(CLOSES, CLOSES) == before(1)  # closing day: the last one, if missed
    assert due_window(CLOSES, CLOSES + dt.timedelta(days=1)) is None  # after closing


def test_organisations_still_to_submit_are_reminded_through_their_respondents(
    world, round_, colleague, django_capture_on_commit_callbacks
):
    done = run(django_capture_on_commit_callbacks, before(7))
    assert [(r.round, r.days_left, r.reminded, r.earlier) for r in done] == [(round_, 7, 3, 0)]
    subject = "Reminder: {}'s 2026/27 assessment closes in 7 days (31 March 2027)"
    assert sorted(sent()) == [
        ("colleague@example.nhs.uk", subject.format("Northmoor Hospitals NHS Trust")),
        ("other_respondent@example.nhs.uk", subject.format("Exewater Community NHS Trust")),
        ("respondent@example.nhs.uk", subject.format("Northmoor Hospitals NHS Trust")),
    ]
    northmoor = Assessment.objects.get(round=round_, organisation=world.northmoor)
    to_rosa = next(m for m in mail.outbox if m.to == ["respondent@example.nhs.uk"])
    assert f"http://127.0.0.1:8000/assessments/{northmoor.pk}/" in to_rosa.body
    assert "has not been submitted yet" in to_rosa.body
    # Tynebridge has no respondent: its reminder is recorded, nobody is emailed.
    assert Reminder.objects.filter(round=round_, day=before(7)).count() == 3


def test_a_reminder_is_never_sent_twice_for_the_same_day_or_period(
    world, round_, django_capture_on_commit_callbacks
):
    run(django_capture_on_commit_callbacks, before(7))
    assert len(mail.outbox) == 2
    again = run(django_capture_on_commit_callbacks, before(7))
    assert [(r.reminded, r.earlier) for r in again] == [(0, 3)]
    later = run(django_capture_on_commit_callbacks, before(5))  # same period: nothing due
    assert [(r.reminded, r.earlier) for r in later] == [(0, 3)]
    assert len(mail.outbox) == 2
    run(django_capture_on_commit_callbacks, before(1))  # the next reminder day
    assert len(mail.outbox) == 4
    assert [s for _, s in sent()][-1].endswith("closes tomorrow (31 March 2027)")


def test_a_run_sends_only_the_reminders_it_wrote_itself(
    world, round_, django_capture_on_commit_callbacks
):
    # Another run, at the same moment, got to Northmoor first: its row is there, so this run
    # neither writes nor sends Northmoor's reminder (the other run does).
    Reminder.objects.create(
        round=round_, organisation=world.northmoor, day=before(7), run="the-other-run"
    )
    done = run(django_capture_on_commit_callbacks, before(7))
    assert [(r.reminded, r.earlier) for r in done] == [(2, 1)]
    assert [to for to, _ in sent()] == ["other_respondent@example.nhs.uk"]
    # Even when both runs saw no row before inserting, the database keeps one per day.
    from assessments.notifications.reminders import _remind

    with django_capture_on_commit_callbacks(execute=True):
        assert _remind(round_, [world.exewater.pk], before(7), "third-run", print) == 0
    assert Reminder.objects.filter(organisation=world.exewater, day=before(7)).count() == 1


def test_the_reminder_task_sends_once_when_run_again(
    world, round_, django_capture_on_commit_callbacks
):
    run(django_capture_on_commit_callbacks, before(7))
    ids = list(Reminder.objects.values_list("pk", flat=True))
    assert tasks.send_reminders(ids) == 0
    assert len(mail.outbox) == 2 == SentEmail.objects.filter(kind="reminder").count()


def test_submitted_and_approved_organisations_are_not_reminded(
    world, round_, django_capture_on_commit_callbacks
):
    Assessment.objects.filter(round=round_, organisation=world.northmoor).update(
        status=Assessment.Status.SUBMITTED
    )
    Assessment.objects.filter(round=round_, organisation=world.exewater).update(
        status=Assessment.Status.APPROVED, decided_at=timezone.now()
    )
    done = run(django_capture_on_commit_callbacks, before(7))
    assert [r.reminded for r in done] == [1]  # Tynebridge only, which has no respondent
    assert mail.outbox == []


def test_a_returned_assessment_is_still_to_submit(
    world, round_, django_capture_on_commit_callbacks
):
    Assessment.objects.filter(round=round_, organisation=world.northmoor).update(
        status=Assessment.Status.RETURNED
    )
    run(django_capture_on_commit_callbacks, before(1))
    to_rosa = next(m for m in mail.outbox if m.to == ["respondent@example.nhs.uk"])
    assert "not been submitted yet: it was returned for changes" in to_rosa.body


def test_an_organisation_that_submits_before_the_task_runs_gets_nothing(
    world, round_, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        reminders_send(send=tasks.send_reminders.delay, today=before(7))
    Assessment.objects.filter(round=round_, organisation=world.northmoor).update(
        status=Assessment.Status.SUBMITTED
    )
    for callback in callbacks:
        callback()
    assert [to for to, _ in sent()] == ["other_respondent@example.nhs.uk"]


def test_nothing_is_sent_after_closing_or_for_a_closed_round(
    world, round_, django_capture_on_commit_callbacks
):
    assert run(django_capture_on_commit_callbacks, CLOSES + dt.timedelta(days=1)) == []
    round_.closed_at = timezone.now()
    round_.save()
    assert run(django_capture_on_commit_callbacks, before(1)) == []
    assert mail.outbox == [] and not Reminder.objects.exists()


def test_a_reminder_whose_task_runs_after_closing_is_not_sent(
    world, round_, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks() as callbacks:
        reminders_send(send=tasks.send_reminders.delay, today=before(1))
    # The worker reaches the task two days later.
    monkeypatch.setattr(
        "assessments.notifications.compose.timezone.localdate", lambda: CLOSES + dt.timedelta(1)
    )
    for callback in callbacks:
        callback()
    assert mail.outbox == []


def test_reminders_go_in_batches(world, round_, django_capture_on_commit_callbacks):
    batches = []
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(send=batches.append, today=before(7), batch=2)
    assert [len(b) for b in batches] == [2, 1]


# --- the command and Celery beat --------------------------------------------------------------


def command(capture, *args) -> str:
    out = io.StringIO()
    with capture(execute=True):
        call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_the_command_says_what_it_did_and_sends_nothing_twice(
    world, round_, django_capture_on_commit_callbacks
):
    first = command(django_capture_on_commit_callbacks, "--date", before(7).isoformat())
    assert first == (
        "2026/27 assessment (closes on 31 March 2027, 7 days left): 3 organisations reminded "
        "now, 0 already reminded.\n"
    )
    assert len(mail.outbox) == 2
    second = command(django_capture_on_commit_callbacks, "--date", before(7).isoformat())
    assert second == (
        "2026/27 assessment (closes on 31 March 2027, 7 days left): 0 organisations reminded "
        "now, 3 already reminded.\n"
    )
    assert len(mail.outbox) == 2
    quiet = command(django_capture_on_commit_callbacks, "--date", before(30).isoformat())
    assert quiet == "1 March 2027: no round needs a reminder today.\n"


def test_the_command_refuses_a_date_it_cannot_read(db):
    with pytest.raises(CommandError, match="--date '31/03/2027': give a date as YYYY-MM-DD."):
        call_command("send_reminders", "--date", "31/03/2027")


def test_celery_beat_runs_the_same_service_every_day(
    world, open_round, django_capture_on_commit_callbacks
):
    entry = settings.CELERY_BEAT_SCHEDULE["closing-date-reminders"]
    assert entry["task"] == "assessments.send_reminders_due"
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {8} and entry["schedule"].minute == {0}
    open_round(opens_on=TODAY() - dt.timedelta(days=30), closes_on=TODAY() + dt.timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders_due() == 3
    assert len(mail.outbox) == 2
    assert command(django_capture_on_commit_callbacks).endswith(
        "0 organisations reminded now, 3 already reminded.\n"
    )
