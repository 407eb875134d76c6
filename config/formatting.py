"""How Waymark writes dates, times, periods, scores and people's names, everywhere.

Registered once as Jinja2 filters (`config/jinja2.py`), so a page and a PDF rendered by a Celery
worker format alike; Python code that writes a sentence (a service's error message) uses the
same functions. Nothing here reads the database.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils import timezone

SCORE_PLACES = Decimal("0.1")


def date_text(day: dt.date | None) -> str:
    """E.g. "1 May 2026"; "" for no date."""
    return f"{day:%-d %B %Y}" if day else ""


def date_time_text(moment: dt.datetime | None) -> str:
    """E.g. "1 May 2026 at 14:02", in local time; "" for no moment."""
    if not moment:
        return ""
    local = timezone.localtime(moment)
    return f"{local:%-d %B %Y} at {local:%H:%M}"


def time_text(moment: dt.datetime | None) -> str:
    """E.g. "14:02", in local time; "" for no moment."""
    return f"{timezone.localtime(moment):%H:%M}" if moment else ""


def period_text(valid_from: dt.date, valid_to: dt.date | None) -> str:
    """A validity period: "Since 1 July 2022", or "1 July 2022 to 31 March 2026"."""
    if valid_to is None:
        return f"Since {date_text(valid_from)}"
    return f"{date_text(valid_from)} to {date_text(valid_to)}"


def score_text(value: Fraction | Decimal | None) -> str:
    """A score as people read it: one decimal place, halves rounded up (2.45 -> "2.5"), or "-"
    for no score."""
    if value is None:
        return "-"
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return str(Decimal(value).quantize(SCORE_PLACES, rounding=ROUND_HALF_UP))


def percent_text(share: Fraction | None) -> str:
    """A share (a fraction from 0 to 1) as a whole percentage, halves rounded up (1 of 8 ->
    "13%", never Python's round-half-to-even "12%"), or "-" for no share. Completeness and the
    share of organisations weak on a question are both printed by it."""
    if share is None:
        return "-"
    hundredths = Fraction(share) * 100
    whole = (hundredths.numerator * 2 + hundredths.denominator) // (2 * hundredths.denominator)
    return f"{whole}%"


def person_name(user, nobody: str = "Someone") -> str:
    """A person's display name: their full name, else their username; `nobody` for no one."""
    if user is None:
        return nobody
    return user.get_full_name() or user.get_username()


FILTERS = {
    "date_text": date_text,
    "date_time_text": date_time_text,
    "time_text": time_text,
    "period_text": period_text,
    "score_text": score_text,
    "percent_text": percent_text,
    "person_name": person_name,
}
