"""Remind the organisations that have not submitted of their round's closing date. Run it once
a day (cron, or leave it to Celery beat: `make beat`); a day's reminders go once however often
it runs. `--date` runs it as on another day (to catch up by hand)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from assessments.notifications.reminders import reminders_send
from assessments.tasks import send_reminders
from config.formatting import date_text


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date {value!r}: give a date as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Email a reminder of the closing date to the respondents of every organisation that has "
        "not submitted, on the days set in WAYMARK_REMINDER_DAYS before a round closes. Never "
        "twice for the same organisation, round and day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as on this day (YYYY-MM-DD); default today.")

    def handle(self, *args, date=None, **options):
        today = _day(date) if date else timezone.localdate()
        done = reminders_send(send=send_reminders.delay, today=today)
        if not done:
            self.stdout.write(f"{date_text(today)}: no round needs a reminder today.")
            return
        for result in done:
            self.stdout.write(
                f"{result.round.name} (closes on {date_text(result.round.closes_on)}, "
                f"{result.days_left} day{'s' if result.days_left != 1 else ''} left): "
                f"{result.reminded} organisation{'s' if result.reminded != 1 else ''} reminded now, "
                f"{result.earlier} already reminded."
            )
