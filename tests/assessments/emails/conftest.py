"""A round open today, with Northmoor's assessment in it, and the outbox read plainly."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from assessments.models import Assessment

TODAY = timezone.localdate


@pytest.fixture
def open_round(launched_round, django_capture_on_commit_callbacks):
    """A round that opened ten days ago and closes in thirty, launched as a national
    administrator does (its "round opened" emails sent after the launch commits), then an empty
    outbox for the test."""

    def launch(**fields):
        fields.setdefault("opens_on", TODAY() - dt.timedelta(days=10))
        fields.setdefault("closes_on", TODAY() + dt.timedelta(days=30))
        with django_capture_on_commit_callbacks(execute=True):
            round_ = launched_round(**fields)
        mail.outbox.clear()
        return round_

    return launch


@pytest.fixture
def northmoor(world, open_round):
    return Assessment.objects.get(round=open_round(), organisation=world.northmoor)


def sent():
    """(to, subject) of every email in the outbox, in order."""
    return [(m.to[0], m.subject) for m in mail.outbox]


def html_of(message) -> str:
    (html, kind), *_ = message.alternatives
    assert kind == "text/html"
    return html
