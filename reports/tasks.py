"""Celery tasks of reports: thin adapters that take ids and call the services.

`render_report(report_id)` makes one document (`reports.documents.making.report_make`):
idempotent, acknowledged late and rejected (so redelivered) when its worker is lost, under soft
and hard time limits, retried with backoff on transient errors only (the database, the broker,
Chromium), and otherwise ending the report as ready or failed with a message. With no broker
configured (`make run`, the tests) it runs eagerly, in-process, through the same code.

`redispatch_waiting()` sends again the reports kept queued while the broker was away
(`documents/dispatch.py`): Celery beat runs it every minute (`CELERY_BEAT_SCHEDULE`), and every
worker once when it starts.
"""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.conf import settings

from .documents import dispatch, making

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
def redispatch_waiting() -> int:
    return dispatch.redispatch_waiting()


@worker_ready.connect
def _redispatch_at_start(sender=None, **_kwargs) -> None:
    """A worker starting after an outage sends what waited for it, without waiting for beat."""
    try:
        sent = dispatch.redispatch_waiting()
    except Exception:  # the worker starts regardless; beat tries again in a minute
        logger.exception("Reports waiting for the broker could not be sent again at start-up")
        return
    if sent:
        logger.info("Sent %s report(s) kept waiting while the broker was away", sent)
