"""Requesting documents: one for a system or organisation, or a region's batch. Each request
creates Report records and schedules their making after the transaction commits
(`tasks.dispatch_on_commit`: the worker never looks for a row that is not there yet; with
the broker away the report waits, queued, and is sent again when it is back).
Keyword-only, atomic, refusing with `config.errors` errors."""

from __future__ import annotations

from django.db import transaction

from assessments.models import Organisation, Region, Round, System
from config.errors import DomainError, NotAllowedError

from .. import sources
from ..tasks import dispatch_on_commit
from .access import may_read, may_read_drafts
from .making import plan_versions
from .models import SYSTEM_KINDS, Kind, Report, ReportBatch


class DocumentRefused(NotAllowedError):
    pass


AGREED, DRAFT = "agreed", "draft"
VERSIONS = (AGREED, DRAFT)


def _version(user, kind: str, subject, round_: Round, wanted: str = ""):
    """The plan version a document of `subject` prints, as asked (`wanted`: "agreed", "draft",
    or empty for the agreed version if there is one, else the draft), refused when this person
    may not have it. None: no plan was started, so the draft proposed from the data."""
    wanted_system = Kind(kind) in SYSTEM_KINDS
    if wanted_system != isinstance(subject, System):
        raise DomainError(f"A {Kind(kind).label.lower()} is not made for {subject.name}.")
    if not may_read(user, subject):
        raise DocumentRefused(f"You may not download the documents of {subject.name}.")
    if wanted not in ("", *VERSIONS):
        raise DomainError("Choose which version of the plan to print: the agreed one or the draft.")
    agreed, draft = plan_versions(subject, round_)
    if not wanted and agreed is None and not may_read_drafts(user, subject):
        wanted = AGREED  # a board reader's request: the agreed version, or an explanation
    if wanted == AGREED or (not wanted and agreed is not None):
        if agreed is not None:
            return agreed
        if not may_read_drafts(user, subject):
            raise DocumentRefused(
                f"{subject.name}'s plan is not agreed yet. Board readers read agreed plans only: "
                "you can request the document once it has been agreed."
            )
        raise DomainError(
            f"{subject.name}'s plan for {round_.name} has no agreed version yet: print the "
            "draft, or agree the plan first."
        )
    if not may_read_drafts(user, subject):
        raise DocumentRefused(
            f"Board readers read agreed plans only: {subject.name}'s draft plan is the working "
            "copy of those who write it."
        )
    if draft is None and agreed is not None:
        raise DomainError(
            f"{subject.name}'s plan has no draft now: print the agreed version, or start a new "
            "draft on the plan's page."
        )
    return draft


@transaction.atomic
def report_request(
    *, user, kind: str, round_: Round, subject: System | Organisation, version: str = ""
) -> Report:
    """Request one document, of the plan version asked for (see `_version`); it is made after
    commit (in-process when there is no broker). After commit, `report.waiting` is True when
    the broker was away and the document will be made once it is back."""
    chosen = _version(user, kind, subject, round_, version)
    report = Report.objects.create(
        kind=kind,
        round=round_,
        system=subject if isinstance(subject, System) else None,
        organisation=subject if isinstance(subject, Organisation) else None,
        requested_by=user,
        plan_version=chosen,
        agreed=bool(chosen and not chosen.is_draft),
    )
    dispatch_on_commit(report)
    return report


@transaction.atomic
def batch_request(*, user, kind: str, round_: Round, region: Region) -> ReportBatch:
    """An analyst's request for the documents of every system of a region at once: each
    system's agreed plan where there is one, else its draft (or the proposal from the data)."""
    if Kind(kind) not in SYSTEM_KINDS:
        raise DomainError("A region's batch is of system plans or board summaries.")
    systems = sources.systems_of_region(region, round_.opens_on) or sources.systems_of_region(
        region, sources.today()
    )
    if not systems:
        raise DomainError(f"{region.name} has no systems in {round_.name}.")
    chosen = {system.pk: _version(user, kind, system, round_) for system in systems}
    batch = ReportBatch.objects.create(kind=kind, region=region, round=round_, requested_by=user)
    for system in systems:
        version = chosen[system.pk]
        report = Report.objects.create(
            kind=kind,
            round=round_,
            system=system,
            batch=batch,
            requested_by=user,
            plan_version=version,
            agreed=bool(version and not version.is_draft),
        )
        dispatch_on_commit(report)
    return batch
