"""Launching a round: one assessment per taking-part organisation, pre-filled from last year."""

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from frameworks.crosswalk import sources, split_keys
from frameworks.models import FrameworkVersion, Question, Replacement

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
    matched by question key (a round of another framework in between changes nothing), and
    along the version's crosswalk: both parts of a split question get the one answer, a merged
    question gets the answer its old questions had only when they were all answered alike
    (the same level, or all not applicable). Both are marked for checking (`prefilled_from`)."""
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
    previous: dict[int, dict[str, Answer]] = {}
    for old in (
        Answer.objects.filter(assessment_id__in=previous_ids)
        .select_related("question", "assessment")
        .exclude(level__isnull=True, not_applicable=False)
    ):
        previous.setdefault(old.assessment.organisation_id, {})[old.question.key] = old
    version = round_.framework_version
    questions = list(Question.objects.filter(version=version).order_by("measure__order", "order"))
    replaces: dict[str, list[str]] = {q.key: [] for q in questions}
    for key, old_key in (
        Replacement.objects.filter(version=version)
        .order_by("order")
        .values_list("question__key", "old_key")
    ):
        replaces[key].append(old_key)
    old_keys = set(
        Question.objects.filter(version_id=version.based_on_id).values_list("key", flat=True)
    )
    from_keys, split = sources(old_keys, replaces), split_keys(old_keys, replaces)
    rows = []
    for organisation_id, answers in previous.items():
        new_assessment = by_org[organisation_id]
        for question in questions:
            if new_assessment.care_setting not in question.applies_to:
                continue
            keys = from_keys[question.key]
            found = [answers[k] for k in keys if k in answers]
            if len(found) != len(keys) or len({(a.level, a.not_applicable) for a in found}) != 1:
                continue
            rows.append(_carried(new_assessment, question, found, question.key in split))
    Answer.objects.bulk_create(rows)


def _carried(assessment: Assessment, question: Question, found: list[Answer], split: bool):
    """The new answer to `question` from last year's answers (one, or several alike)."""

    def joined(values) -> str:
        return "\n\n".join(dict.fromkeys(v for v in values if v))

    first = found[0]
    targets = {a.target_level for a in found}
    return Answer(
        assessment=assessment,
        question=question,
        level=first.level,
        not_applicable=first.not_applicable,
        not_applicable_reason=joined(a.not_applicable_reason for a in found),
        target_level=targets.pop() if len(targets) == 1 else None,
        notes=joined(a.notes for a in found),
        from_last_year=True,
        prefilled_from=[a.question.key for a in found] if split or len(found) > 1 else None,
    )
