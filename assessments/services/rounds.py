"""Launching a round: one assessment per taking-part organisation, pre-filled from last year."""

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from frameworks.models import FrameworkVersion, Question

from ..models import Answer, Assessment, AuditEvent, Organisation, Round, SystemMembership
from .errors import AssessmentError


@transaction.atomic
def round_launch(*, round_: Round, by) -> int:
    """Create one assessment per taking-part organisation, pre-filled from its last round."""
    round_ = Round.objects.select_for_update().select_related("framework_version").get(pk=round_.pk)
    if round_.launched_at:
        raise AssessmentError(
            f"{round_} was launched on {round_.launched_at:%-d %B %Y}: it cannot be launched twice."
        )
    if round_.framework_version.status != FrameworkVersion.Status.PUBLISHED:
        raise AssessmentError("A round can only use a published framework version.")
    organisations = list(
        Organisation.objects.filter(care_setting__in=round_.care_settings)
        .filter(pk__in=SystemMembership.objects.current(round_.opens_on).values("organisation_id"))
        .order_by("pk")
    )
    if not organisations:
        raise AssessmentError("No organisation takes part in this round: check its care settings.")
    assessments = Assessment.objects.bulk_create(
        Assessment(
            round=round_,
            organisation=o,
            framework_version=round_.framework_version,
            care_setting=o.care_setting,
        )
        for o in organisations
    )
    _prefill(round_, assessments)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            assessment=a,
            actor=by,
            action=AuditEvent.Action.CREATED,
            after={"round": round_.name, "framework_version": round_.framework_version.version},
        )
        for a in assessments
    )
    round_.launched_at = timezone.now()
    round_.launched_by = by
    round_.save(update_fields=["launched_at", "launched_by"])
    return len(assessments)


def _prefill(round_: Round, assessments: list[Assessment]) -> None:
    """Copy each organisation's answers from its latest earlier round of the same framework,
    matched by question key (a round of another framework in between changes nothing)."""
    by_org = {a.organisation_id: a for a in assessments}
    latest = (
        Assessment.objects.filter(
            organisation=OuterRef("organisation"),
            round__opens_on__lt=round_.opens_on,
            framework_version__framework_id=round_.framework_version.framework_id,
        )
        .order_by("-round__opens_on", "-pk")
        .values("pk")[:1]
    )
    previous_ids = (
        Assessment.objects.filter(organisation_id__in=by_org)
        .filter(pk=Subquery(latest))
        .values("pk")
    )
    questions = {q.key: q for q in Question.objects.filter(version=round_.framework_version)}
    rows = []
    for old in (
        Answer.objects.filter(assessment_id__in=previous_ids)
        .select_related("question", "assessment")
        .exclude(level__isnull=True, not_applicable=False)
    ):
        new_assessment = by_org[old.assessment.organisation_id]
        question = questions.get(old.question.key)
        if question is None or new_assessment.care_setting not in question.applies_to:
            continue
        rows.append(
            Answer(
                assessment=new_assessment,
                question=question,
                level=old.level,
                not_applicable=old.not_applicable,
                not_applicable_reason=old.not_applicable_reason,
                target_level=old.target_level,
                notes=old.notes,
                from_last_year=True,
            )
        )
    Answer.objects.bulk_create(rows)
