"""What every write to an assessment shares: the access check, the lock, the editable check
and the audit event."""

from .. import access
from ..models import Assessment, AuditEvent
from .errors import AssessmentError, NotAllowed

Status = Assessment.Status


def require(user, action: str, assessment: Assessment, doing: str) -> None:
    if not access.may(user, action, assessment):
        raise NotAllowed(f"You cannot {doing} for {assessment.organisation.name}.")


def audit(
    assessment, by, action, *, question=None, measure_key="", before=None, after=None, comment=""
) -> AuditEvent:
    return AuditEvent.objects.create(
        assessment=assessment,
        actor=by,
        action=action,
        question_key=question.key if question else "",
        measure_key=measure_key or (question.measure.key if question else ""),
        before=before,
        after=after,
        comment=comment,
    )


def locked(assessment: Assessment) -> Assessment:
    """The assessment read again, locked for the rest of the transaction."""
    return (
        Assessment.objects.select_for_update().select_related("organisation").get(pk=assessment.pk)
    )


def editable(assessment: Assessment) -> None:
    if assessment.status == Status.APPROVED:
        raise AssessmentError(
            "This assessment has been approved, so it can no longer be changed. "
            "A national administrator can reopen it."
        )
    if assessment.status == Status.SUBMITTED:
        raise AssessmentError(
            "This assessment has been submitted for approval, so it cannot be "
            "changed. The approver can return it if it needs changes."
        )
