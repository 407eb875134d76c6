"""Handing reports to the broker (reports/tasks.py): with the broker away the report
stays queued, saying it will be made later, and the page says so; once the broker is back,
`redispatch_waiting` (a worker starting, beat) sends it and clears the message. The real broker
outage is tests/faults/test_redis_unavailable.py."""

import pytest
from celery import current_app
from kombu.exceptions import OperationalError

from reports import tasks as dispatch
from reports.documents import services
from reports.documents.models import Report


@pytest.fixture
def broker(monkeypatch):
    """A broker that is away until `broker.back = True`; what it was sent."""

    class Broker:
        back = False
        sent: list = []

        def send_task(self, name, args, **kwargs):
            if not self.back:
                raise OperationalError(
                    "Error 111 connecting to 127.0.0.1:6379. Connection refused."
                )
            self.sent.append((name, args))

    fake = Broker()
    fake.sent = []
    monkeypatch.setattr(current_app, "send_task", fake.send_task)
    eager, current_app.conf.task_always_eager = current_app.conf.task_always_eager, False
    yield fake
    current_app.conf.task_always_eager = eager


def test_a_document_requested_while_the_broker_is_away_waits_and_is_sent_when_it_is_back(
    plans, broker, django_capture_on_commit_callbacks
):
    current, _, system, people = plans
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            user=people["sro"], kind="system_plan", round_=current, subject=system
        )
    assert report.waiting is True
    report.refresh_from_db()
    assert (report.status, report.message) == ("queued", dispatch.WAITING_MESSAGE)

    assert dispatch.redispatch_waiting() == 0  # still away: kept, tried again later
    assert Report.objects.get(pk=report.pk).message == dispatch.WAITING_MESSAGE

    broker.back = True
    assert dispatch.redispatch_waiting() == 1
    assert broker.sent == [("reports.render_report", [report.pk])]
    assert Report.objects.get(pk=report.pk).message == ""
    assert dispatch.redispatch_waiting() == 0  # sent once


def test_the_documents_page_says_a_waiting_document_will_be_made_later(
    transactional_db, plans, broker, client
):
    # Committed for real (transactional_db), as in production: the dispatch runs when the
    # request's transaction commits, before the view answers.
    current, _, system, people = plans
    client.force_login(people["sro"])
    url = f"/results/systems/{system.ods_code}/documents/"
    response = client.post(url, {"kind": "system_plan", "round": current.pk}, follow=True)
    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    assert "will be made later" in text
    assert text.count("You do not need to request it again") == 2  # the message, and its row


def test_with_the_broker_there_a_document_is_sent_at_once(
    plans, broker, django_capture_on_commit_callbacks
):
    broker.back = True
    current, _, system, people = plans
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            user=people["sro"], kind="system_plan", round_=current, subject=system
        )
    assert report.waiting is False
    assert broker.sent == [("reports.render_report", [report.pk])]
    assert Report.objects.get(pk=report.pk).message == ""
