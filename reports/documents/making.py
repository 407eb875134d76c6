"""Making one document: what the Celery task does with a report's id.

Idempotent. A report that is ready is left alone (a redelivered task finds its work done). The
PDF is stored through Django's default storage under its content's SHA-256 (`reports/<sha>.pdf`),
so the same inputs (the same approved data, plan and day) find the same stored file instead of
writing another. Failures a person can act on (nothing approved yet) and failures nobody can
(a bug) end the report as failed with a message; transient failures (the database, the broker,
Chromium) are raised for the task to retry (`TRANSIENT`).
"""

from __future__ import annotations

import hashlib
import logging
from fractions import Fraction

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.utils import timezone

from config.errors import DomainError
from config.formatting import person_name

from ..charts.svg import ChartExportError
from ..plans import selectors as plans
from ..plans.models import PlanTarget
from . import context as contexts
from .models import Kind, Report
from .plan import FROM_ORGANISATIONS, ONE_LEVEL_UP, PlanAction, PlanData
from .render import RenderError, html_for, pdf_from_html

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError, ChartExportError)
TRANSIENT_MESSAGE = (
    "The document could not be made because a service it needs was unavailable, several times. "
    "Request it again in a few minutes; if it fails again, tell the Waymark service desk."
)
TOO_LONG_MESSAGE = (
    "Making the document took too long and was stopped. Request it again; if it fails again, "
    "tell the Waymark service desk."
)


def plan_versions(subject, round_):
    """(the latest agreed version, the draft) of the subject's plan for the round; either may
    be None, and both are when no plan was started."""
    stored = plans.plan_for(subject, round_)
    if stored is None:
        return None, None
    agreed = stored.versions.agreed().select_related("agreed_by").order_by("-number").first()
    return agreed, stored.versions.drafts().first()


def plan_data(version) -> PlanData | None:
    """What a document prints of a plan version (None: no plan was started, so the draft
    proposed from the data). Only accepted actions are printed, in the plan's order; a draft
    is printed as "Draft", an agreed version with who agreed it and when."""
    if version is None:
        return None
    view = plans.plan_view(version)
    sources = {
        PlanTarget.Source.ORGANISATIONS: FROM_ORGANISATIONS,
        PlanTarget.Source.NEXT_LEVEL: ONE_LEVEL_UP,
    }
    targets = {t.measure_key: Fraction(t.target) for t in view.targets if t.target is not None}
    return PlanData(
        targets=targets,
        actions=[
            PlanAction(
                title=action.title,
                measure_key=action.measure_key,
                owner=action.owner,
                due=action.due_on,
                status=action.status,
                notes=action.notes,
            )
            for _, action, _ in view.actions
            if action.decision == action.Decision.ACCEPTED
        ],
        agreed_by=person_name(version.agreed_by) if version.agreed_by_id else "",
        agreed_at=version.agreed_at,
        target_sources={
            t.measure_key: sources.get(t.proposed_from, "")
            for t in view.targets
            if not version.agreed_at and t.target is not None and t.target == t.proposed
        },
        measure_order=tuple(section.target.measure_key for section in view.sections),
        version_number=version.number,
    )


def context_for(report: Report) -> dict:
    version = report.plan_version
    if version is not None:  # read afresh: a draft asked for may have been agreed since
        version = type(version).objects.select_related("agreed_by").get(pk=version.pk)
    plan = plan_data(version)
    if report.kind == Kind.ORGANISATION_PLAN:
        return contexts.organisation_plan_context(report.organisation, report.round, plan)
    if report.kind == Kind.BOARD_SUMMARY:
        return contexts.board_summary_context(report.system, report.round, plan)
    return contexts.system_plan_context(report.system, report.round, plan)


def _start(report_id: int) -> Report | None:
    """Mark the report as being made; None when it is ready already."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status == Report.Status.READY and default_storage.exists(report.file.name):
            return None
        report.status = Report.Status.RENDERING
        report.attempts += 1
        report.started_at = timezone.now()
        report.message = ""
        report.save(update_fields=["status", "attempts", "started_at", "message"])
        return report


def store(pdf: bytes) -> tuple[str, str]:
    """Store the PDF under its checksum, once: (stored name, checksum)."""
    checksum = hashlib.sha256(pdf).hexdigest()
    name = f"reports/{checksum}.pdf"
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(pdf))
        if saved != name:  # another worker stored the same document meanwhile: keep one file
            default_storage.delete(saved)
    return name, checksum


def report_make(report_id: int) -> Report:
    """Make the report's document (see the module docstring). Raises TRANSIENT errors only."""
    report = _start(report_id)
    if report is None:
        return Report.objects.get(pk=report_id)
    try:
        context = context_for(report)
        pdf, pages = pdf_from_html(html_for(report.kind, context))
        name, checksum = store(pdf)
    except TRANSIENT:
        raise
    except DomainError as error:
        return report_fail(report_id, str(error))
    except (RenderError, DatabaseError) as error:
        logger.exception("Report %s could not be drawn", report_id)
        return report_fail(report_id, f"The document could not be drawn: {error}")
    except Exception:
        logger.exception("Report %s failed", report_id)
        return report_fail(
            report_id,
            f"Something went wrong while making this document (reference: report {report_id}). "
            "Request it again; if it fails again, tell the Waymark service desk and quote the "
            "reference.",
        )
    plan = context["plan"]
    Report.objects.filter(pk=report_id).update(
        status=Report.Status.READY,
        file=name,
        checksum=checksum,
        size=len(pdf),
        pages=pages,
        data_used=context["data_used"],
        data_fingerprint=context["data_fingerprint"],
        agreed=plan.agreed,
        agreed_by=plan.agreed_by,
        agreed_at=plan.agreed_at,
        finished_at=timezone.now(),
        message="",
    )
    return Report.objects.get(pk=report_id)


def report_fail(report_id: int, message: str) -> Report:
    Report.objects.filter(pk=report_id).exclude(status=Report.Status.READY).update(
        status=Report.Status.FAILED, message=message, finished_at=timezone.now()
    )
    return Report.objects.get(pk=report_id)
