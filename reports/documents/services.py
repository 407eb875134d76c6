"""Requesting documents: one for a system or organisation, or a region's batch. Each request
creates Report records and schedules their making after the transaction commits
(`render_report.delay_on_commit`: the worker never looks for a row that is not there yet).
Keyword-only, atomic, refusing with `config.errors` errors."""

from __future__ import annotations

from django.db import transaction

from assessments.models import Organisation, Region, Round, System
from config.errors import DomainError, NotAllowedError

from .. import sources
from ..tasks import render_report
from .access import may_read, may_read_drafts
from .making import plan_for
from .models import SYSTEM_KINDS, Kind, Report, ReportBatch


class DocumentRefused(NotAllowedError):
    pass


def _check(user, kind: str, subject, round_: Round) -> None:
    wanted_system = Kind(kind) in SYSTEM_KINDS
    if wanted_system != isinstance(subject, System):
        raise DomainError(f"A {Kind(kind).label.lower()} is not made for {subject.name}.")
    if not may_read(user, subject):
        raise DocumentRefused(f"You may not download the documents of {subject.name}.")
    plan = plan_for(kind, subject, round_)
    if not (plan and plan.agreed) and not may_read_drafts(user, subject):
        raise DocumentRefused(
            f"{subject.name}'s plan is not agreed yet. Board readers read agreed plans only: "
            "you can request the document once the SRO has agreed it."
        )


@transaction.atomic
def report_request(*, user, kind: str, round_: Round, subject: System | Organisation) -> Report:
    """Request one document; it is made after commit (in-process when there is no broker)."""
    _check(user, kind, subject, round_)
    report = Report.objects.create(
        kind=kind,
        round=round_,
        system=subject if isinstance(subject, System) else None,
        organisation=subject if isinstance(subject, Organisation) else None,
        requested_by=user,
    )
    render_report.delay_on_commit(report.pk)
    return report


@transaction.atomic
def batch_request(*, user, kind: str, round_: Round, region: Region) -> ReportBatch:
    """An analyst's request for the documents of every system of a region at once."""
    if Kind(kind) not in SYSTEM_KINDS:
        raise DomainError("A region's batch is of system plans or board summaries.")
    systems = sources.systems_of_region(region, round_.opens_on) or sources.systems_of_region(
        region, sources.today()
    )
    if not systems:
        raise DomainError(f"{region.name} has no systems in {round_.name}.")
    for system in systems:
        _check(user, kind, system, round_)
    batch = ReportBatch.objects.create(kind=kind, region=region, round=round_, requested_by=user)
    for system in systems:
        report = Report.objects.create(
            kind=kind, round=round_, system=system, batch=batch, requested_by=user
        )
        render_report.delay_on_commit(report.pk)
    return batch
