"""Celery tasks of reports: thin adapters that take ids and call the services.

`render_report(report_id)` makes one document (`reports.documents.making.report_make`):
idempotent, acknowledged late and rejected (so redelivered) when its worker is lost, under soft
and hard time limits, retried with backoff on transient errors only (the database, the broker,
Chromium), and otherwise ending the report as ready or failed with a message. With no broker
configured (`make run`, the tests) it runs eagerly, in-process, through the same code.

Handing a report to the workers (`dispatch`, `dispatch_on_commit`): sent to the broker by the
task's name; if the broker (Redis) cannot be reached, the report stays queued with
`WAITING_MESSAGE`, which the documents page shows, and nothing is lost: `redispatch_waiting()`
sends every such report again; every worker runs it when it starts, and Celery beat every minute
(`CELERY_BEAT_SCHEDULE`). A worker that dies in the middle of a document leaves its message
unacknowledged in the broker, which gives it to another worker once the visibility timeout has
passed (`CELERY_BROKER_TRANSPORT_OPTIONS`).
"""

import logging

from celery import current_app, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.conf import settings
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

from .documents import making
from .documents.models import Report

logger = logging.getLogger(__name__)

MAX_RETRIES = 3


@shared_task(
    bind=True,
    name="reports.render_report",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def render_report(self, report_id: int) -> str:
    # In-process (no broker), a retry is simply another attempt at once: Celery's eager retry
    # would raise into the request that scheduled it.
    attempts = self.max_retries + 1 if self.request.is_eager else 1
    for attempt in range(attempts):
        try:
            return making.report_make(report_id).status
        except making.TRANSIENT as error:
            if self.request.is_eager:
                if attempt + 1 < attempts:
                    continue
            elif self.request.retries < self.max_retries:
                raise self.retry(exc=error, countdown=5 * 2**self.request.retries) from error
            return making.report_fail(report_id, making.TRANSIENT_MESSAGE).status
        except SoftTimeLimitExceeded:
            return making.report_fail(report_id, making.TOO_LONG_MESSAGE).status
    raise AssertionError("unreachable")


@shared_task(name="reports.redispatch_waiting", ignore_result=True)
def redispatch_waiting_task() -> int:
    return redispatch_waiting()


@worker_ready.connect
def _redispatch_at_start(sender=None, **_kwargs) -> None:
    """A worker starting after an outage sends what waited for it, without waiting for beat."""
    try:
        sent = redispatch_waiting()
    except Exception:  # the worker starts regardless; beat tries again in a minute
        logger.exception("Reports waiting for the broker could not be sent again at start-up")
        return
    if sent:
        logger.info("Sent %s report(s) kept waiting while the broker was away", sent)


# --- handing reports to the workers -------------------------------------------------------

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
        render_report.delay(report_id)
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
