"""Reminding organisations that have not submitted of their round's closing date.

Run once a day (the `send_reminders` command, or Celery beat's `assessments.send_reminders_due`:
the same function). On the days `WAYMARK_REMINDER_DAYS` before a launched, open round closes
(14, 7 and 1), each organisation whose assessment is still to submit is reminded once; a day
missed (nothing ran) is caught up the next day, never doubled: an organisation already
reminded since the last of those days is not reminded again.

The guard is a unique `Reminder` row per round, organisation and day, written in batches by
each run under its own run id: two runs at once both insert, the database keeps one row, and
each run sends only the rows it wrote itself. The emails go from Celery tasks after each batch
commits, one task per batch, so a national round is never one huge transaction."""

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Assessment, Reminder, Round
from .compose import STILL_TO_SUBMIT

BATCH = 100


@dataclass(frozen=True)
class RoundReminders:
    round: Round
    days_left: int
    reminded: int  # organisations reminded by this run
    earlier: int  # still to submit, but already reminded since the last reminder day


def due_window(closes_on: dt.date, today: dt.date) -> dt.date | None:
    """The first day of the reminder period `today` is in (reminders sent on or after it count),
    or None when no reminder is due: more than the longest period before closing, or after it."""
    days_left = (closes_on - today).days
    if days_left < 0:
        return None
    periods = [d for d in sorted(settings.WAYMARK_REMINDER_DAYS) if d >= days_left]
    return closes_on - dt.timedelta(days=periods[0]) if periods else None


def reminders_send(
    *, send: Callable[[list[int]], object], today: dt.date | None = None, batch: int = BATCH
) -> list[RoundReminders]:
    """Remind, once, every organisation still to submit in each round a reminder is due for.
    `send(reminder_ids)` is called after each batch commits (the Celery task's `delay`)."""
    today = today or timezone.localdate()
    run = secrets.token_hex(16)
    done = []
    rounds = Round.objects.filter(
        launched_at__isnull=False, closed_at__isnull=True, opens_on__lte=today, closes_on__gte=today
    ).order_by("closes_on", "pk")
    for round_ in rounds:
        start = due_window(round_.closes_on, today)
        if start is None:
            continue
        waiting = set(
            Assessment.objects.filter(round=round_, status__in=STILL_TO_SUBMIT).values_list(
                "organisation_id", flat=True
            )
        )
        earlier = set(
            Reminder.objects.filter(round=round_, day__gte=start).values_list(
                "organisation_id", flat=True
            )
        )
        to_remind = sorted(waiting - earlier)
        reminded = 0
        for first in range(0, len(to_remind), batch):
            reminded += _remind(round_, to_remind[first : first + batch], today, run, send)
        done.append(
            RoundReminders(
                round=round_,
                days_left=(round_.closes_on - today).days,
                reminded=reminded,
                earlier=len(waiting & earlier) + len(to_remind) - reminded,
            )
        )
    return done


@transaction.atomic
def _remind(round_, organisation_ids, today, run, send) -> int:
    Reminder.objects.bulk_create(
        [Reminder(round=round_, organisation_id=o, day=today, run=run) for o in organisation_ids],
        ignore_conflicts=True,
    )
    # The rows this run wrote: a row another run wrote first keeps that run's id.
    ours = list(
        Reminder.objects.filter(
            round=round_, organisation_id__in=organisation_ids, day=today, run=run
        ).values_list("pk", flat=True)
    )
    if ours:
        transaction.on_commit(partial(send, ours))
    return len(ours)
