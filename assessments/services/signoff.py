"""The sign-off workflow: submit, return, approve (freezing the scores) and reopen."""

from django.db import transaction
from django.utils import timezone

from .. import access
from ..models import Assessment, AuditEvent
from ..notifications import schedule
from ..selectors.scores import compute_scores
from ..selectors.signoff import missing_answers
from .common import audit, editable, locked, require
from .errors import AssessmentError, IncompleteAssessment, NotAllowed
from .rounds import submissions_open
from .scores import scores_freeze, scores_withdraw

Status = Assessment.Status


def _set_status(assessment, by, status, *, comment="", **fields) -> Assessment:
    before = {"status": assessment.status}
    assessment.status = status
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment.save()
    event = audit(
        assessment,
        by,
        AuditEvent.Action.STATUS,
        before=before,
        after={"status": status},
        comment=comment,
    )
    schedule.status_changed(event)  # emailed after commit: submitted, returned, approved
    return assessment


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by) -> Assessment:
    assessment = locked(assessment)
    require(by, "edit", assessment, "submit the assessment")
    editable(assessment)
    if not submissions_open(assessment):
        raise AssessmentError(
            f"{assessment.round} closed on {assessment.round.closes_on:%-d %B %Y}: it can no "
            "longer be submitted. A national administrator can extend the deadline."
        )
    missing = missing_answers(assessment)
    if missing:
        raise IncompleteAssessment(missing)
    return _set_status(
        assessment, by, Status.SUBMITTED, submitted_at=timezone.now(), submitted_by=by
    )


@transaction.atomic
def assessment_return(*, assessment: Assessment, by, comment: str) -> Assessment:
    assessment = locked(assessment)
    require(by, "approve", assessment, "return the assessment")
    if assessment.status != Status.SUBMITTED:
        raise AssessmentError("Only a submitted assessment can be returned.")
    comment = (comment or "").strip()
    if not comment:
        raise AssessmentError("Say what needs to change, so the respondents know what to do.")
    return _set_status(assessment, by, Status.RETURNED, comment=comment, return_comment=comment)


@transaction.atomic
def assessment_approve(*, assessment: Assessment, by) -> Assessment:
    """Sign the assessment off: its scores are computed and frozen, and it becomes read-only."""
    assessment = locked(assessment)
    require(by, "approve", assessment, "approve the assessment")
    if assessment.status != Status.SUBMITTED:
        raise AssessmentError("Only a submitted assessment can be approved.")
    if assessment.submitted_by_id == by.pk:
        raise AssessmentError("Someone other than the person who submitted it must approve it.")
    # Frozen before the status changes: the database refuses scores of an approved assessment.
    scores_freeze([(assessment, compute_scores(assessment))])
    return _set_status(assessment, by, Status.APPROVED, decided_at=timezone.now(), decided_by=by)


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, by, reason: str) -> Assessment:
    assessment = locked(assessment)
    if not access.may_reopen(by, assessment):
        raise NotAllowed("Only a national administrator can reopen an approved assessment.")
    if assessment.status != Status.APPROVED:
        raise AssessmentError("Only an approved assessment can be reopened.")
    reason = (reason or "").strip()
    if not reason:
        raise AssessmentError("Give the reason for reopening the assessment.")
    # The status changes first: the database refuses changing an approved assessment's scores.
    assessment = _set_status(
        assessment,
        by,
        Status.DRAFT,
        comment=reason,
        decided_at=None,
        decided_by=None,
        submitted_at=None,
        submitted_by=None,
    )
    scores_withdraw(assessment)
    return assessment
