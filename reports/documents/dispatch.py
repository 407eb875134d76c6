"""Handing a report to the workers, and handing it again when the broker was away.

`dispatch(report_id)` sends `reports.render_report` to the broker (by name: this module does not
import the tasks). If the broker (Redis) cannot be reached, the report stays queued with
`WAITING_MESSAGE`, which the documents page shows, and nothing is lost: `redispatch_waiting()`
sends every such report again; the worker runs it at start-up and Celery beat every minute
(`reports.tasks.redispatch_waiting`). A worker that dies in the middle of a document leaves its
message unacknowledged in the broker, which gives it to another worker once the visibility
timeout has passed (`CELERY_BROKER_TRANSPORT_OPTIONS`); making a document is idempotent.
"""

from __future__ import annotations

import logging

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

from .models import Report

logger = logging.getLogger(__name__)

TASK = "reports.render_report"
WAITING_MESSAGE = (
    "The service that makes documents is unavailable just now. Your request is kept: the "
    "document will be made as soon as the service is back, and will appear here. You do not "
    "need to request it again."
)
# Publishing: one quick retry, so a page never hangs on a broker that is away.
RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}


def _send(report_id: int) -> bool:
    try:
        current_app.send_task(TASK, args=[report_id], retry=True, retry_policy=RETRY_POLICY)
    except (BrokerError, ConnectionError, OSError) as error:
        logger.warning("Report %s kept queued: the broker is unavailable (%s)", report_id, error)
        return False
    return True


def dispatch(report_id: int) -> bool:
    """Send the report to the workers; False (and the report waiting) when the broker is away.
    Without a broker (`make run`, the tests) the task runs here, eagerly."""
    if current_app.conf.task_always_eager:
        current_app.tasks[TASK].delay(report_id)
        return True
    if _send(report_id):
        return True
    Report.objects.filter(pk=report_id, status=Report.Status.QUEUED).update(message=WAITING_MESSAGE)
    return False


def dispatch_on_commit(report: Report) -> None:
    """Dispatch once the transaction that created the report commits (a worker never looks for
    a row that is not there yet); `report.waiting` says whether it had to wait."""
    report.waiting = False

    def send():
        report.waiting = not dispatch(report.pk)
        if report.waiting:
            report.message = WAITING_MESSAGE

    transaction.on_commit(send)


def redispatch_waiting() -> int:
    """Send again every report kept waiting for the broker; how many were sent."""
    sent = 0
    waiting = Report.objects.filter(status=Report.Status.QUEUED, message=WAITING_MESSAGE)
    for report_id in waiting.values_list("pk", flat=True):
        if not _send(report_id):
            break  # still away: the next sweep tries again
        Report.objects.filter(pk=report_id, message=WAITING_MESSAGE).update(message="")
        sent += 1
    return sent
