"""Celery tasks of assessments: thin adapters that take ids and send emails
(`assessments/notifications/`).

Each is scheduled after its change commits (`notifications/schedule.py`), is safe to run
twice (acknowledged late and redelivered if its worker is lost: `delivery.deliver` records
each email before it is sent, in one transaction, and skips what is recorded) and is retried
with backoff when the mail server or the database cannot be reached. With no broker configured
(`make run`, the tests) they run in-process, through the same code.
"""

import smtplib

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from .notifications import compose
from .notifications.delivery import deliver_all
from .notifications.reminders import reminders_send

ROUND_BATCH = 100  # organisations per task when a round opens
TRANSIENT = (smtplib.SMTPException, ConnectionError, TimeoutError, OperationalError)


def email_task(name: str):
    """A task that sends emails: late acknowledgement, retried with backoff on transient errors."""
    return shared_task(
        name=name,
        acks_late=True,
        reject_on_worker_lost=True,
        autoretry_for=TRANSIENT,
        retry_backoff=30,
        retry_backoff_max=1800,
        max_retries=6,
        soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
        time_limit=settings.CELERY_TASK_TIME_LIMIT,
    )


@email_task("assessments.send_invitation")
def send_invitation(invitation_id: int, token: str | None = None) -> int:
    # `token`: only in messages queued before tokens were derived from the invitation.
    return deliver_all(compose.invitation(invitation_id, token))


@email_task("assessments.send_section_assigned")
def send_section_assigned(event_id: int, assignee_id: int) -> int:
    return deliver_all(compose.section_assigned(event_id, assignee_id))


@email_task("assessments.send_status_changed")
def send_status_changed(event_id: int) -> int:
    return deliver_all(compose.status_changed(event_id))


@email_task("assessments.send_round_opened")
def send_round_opened(round_id: int) -> int:
    """Fan out: one task per batch of the round's organisations."""
    batches = compose.round_opened_batches(round_id, ROUND_BATCH)
    for assessment_ids in batches:
        send_round_opened_batch.delay(round_id, assessment_ids)
    return len(batches)


@email_task("assessments.send_round_opened_batch")
def send_round_opened_batch(round_id: int, assessment_ids: list[int]) -> int:
    return deliver_all(compose.round_opened(round_id, assessment_ids))


@email_task("assessments.send_reminders")
def send_reminders(reminder_ids: list[int]) -> int:
    return deliver_all(compose.reminders(reminder_ids))


@email_task("assessments.send_reminders_due")
def send_reminders_due() -> int:
    """Celery beat's daily run of the reminders (the `send_reminders` command does the same)."""
    return sum(r.reminded for r in reminders_send(send=send_reminders.delay))
