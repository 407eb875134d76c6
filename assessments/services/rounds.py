"""A round's life: created, launched (one assessment per taking-part organisation, pre-filled
from last year), closed on or after its closing date, and an organisation's deadline extended.

Each is a national administrator's act (`access.may_run_rounds`), whichever door it comes
through (the pages, the admin). `by=None` is the system itself (the demo data's loader)."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from frameworks.crosswalk import sources, split_keys
from frameworks.models import FrameworkVersion, Question, Replacement

from .. import access
from ..models import Answer, Assessment, AuditEvent, OrganisationCareSetting, Round
from ..notifications import schedule
from ..selectors.rounds import round_organisations
from .common import audit
from .errors import AssessmentError, NotAllowed

MAX_NAME = Round._meta.get_field("name").max_length
MAX_REASON = 2000


def _require_national(by, doing: str) -> None:
    if by is not None and not access.may_run_rounds(by):
        raise NotAllowed(f"Only a national administrator can {doing}.")


@transaction.atomic
def round_create(
    *,
    name: str,
    framework_version: FrameworkVersion,
    opens_on: dt.date,
    closes_on: dt.date,
    care_settings: list[str],
    by,
) -> Round:
    """A new round, not launched yet. Refused, writing nothing, unless every rule holds."""
    _require_national(by, "create a round")
    name = (name or "").strip()
    if not name:
        raise AssessmentError('Give the round a name, for example "2027/28 assessment".')
    if len(name) > MAX_NAME:
        raise AssessmentError(f"The round's name must be {MAX_NAME} characters or fewer.")
    if Round.objects.filter(name__iexact=name).exists():
        raise AssessmentError(f'A round called "{name}" already exists: choose another name.')
    if framework_version is None or framework_version.status != FrameworkVersion.Status.PUBLISHED:
        raise AssessmentError("A round can only use a published framework version.")
    if opens_on is None or closes_on is None:
        raise AssessmentError("Give the day the round opens and the day it closes.")
    if closes_on < opens_on:
        raise AssessmentError("The round must close on or after the day it opens.")
    known = set(OrganisationCareSetting.values)
    chosen = [s for s in OrganisationCareSetting.values if s in set(care_settings or ())]
    unknown = sorted(set(care_settings or ()) - known)
    if unknown:
        raise AssessmentError(f"Unknown care setting: {', '.join(unknown)}.")
    if not chosen:
        raise AssessmentError("Choose at least one care setting to take part.")
    try:
        with transaction.atomic():
            return Round.objects.create(
                name=name,
                framework_version=framework_version,
                opens_on=opens_on,
                closes_on=closes_on,
                care_settings=chosen,
            )
    except IntegrityError:
        raise AssessmentError(
            f'A round called "{name}" already exists: choose another name.'
        ) from None


@transaction.atomic
def round_launch(*, round_: Round, by) -> int:
    """Create one assessment per taking-part organisation, pre-filled from its last round."""
    _require_national(by, "launch a round")
    round_ = Round.objects.select_for_update().select_related("framework_version").get(pk=round_.pk)
    if round_.launched_at:
        raise AssessmentError(
            f"{round_} was launched on {round_.launched_at:%-d %B %Y}: it cannot be launched twice."
        )
    if round_.framework_version.status != FrameworkVersion.Status.PUBLISHED:
        raise AssessmentError("A round can only use a published framework version.")
    organisations = list(round_organisations(round_).order_by("pk"))
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
    schedule.round_launched(round_)  # each organisation's respondents emailed after commit
    return len(assessments)


@transaction.atomic
def round_close(*, round_: Round, by, today: dt.date | None = None) -> Round:
    """Close a launched round on or after its closing date: no submission after it, except
    where an organisation's deadline has been extended."""
    _require_national(by, "close a round")
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    today = today or timezone.localdate()
    if not round_.launched_at:
        raise AssessmentError(f"{round_} has not been launched, so there is nothing to close.")
    if round_.closed_at:
        raise AssessmentError(f"{round_} is already closed.")
    if today < round_.closes_on:
        raise AssessmentError(
            f"{round_} closes on {round_.closes_on:%-d %B %Y}: it cannot be closed before then."
        )
    round_.closed_at = timezone.now()
    round_.closed_by = by
    round_.save(update_fields=["closed_at", "closed_by"])
    return round_


@transaction.atomic
def assessment_extend(
    *, assessment: Assessment, by, until: dt.date, reason: str, today: dt.date | None = None
) -> Assessment:
    """Let one organisation submit after its round's closing date, until `until`; the reason
    goes in the assessment's audit log."""
    _require_national(by, "extend an organisation's deadline")
    assessment = (
        Assessment.objects.select_for_update()
        .select_related("organisation", "round")
        .get(pk=assessment.pk)
    )
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    if assessment.status in (Assessment.Status.SUBMITTED, Assessment.Status.APPROVED):
        raise AssessmentError(
            f"{assessment.organisation.name} has already submitted: there is nothing to extend."
        )
    if until is None:
        raise AssessmentError("Give the last day on which it may be submitted.")
    if until <= assessment.round.closes_on or until < today:
        raise AssessmentError(
            "The new deadline must be after the round's closing date "
            f"({assessment.round.closes_on:%-d %B %Y}) and not in the past."
        )
    if not reason:
        raise AssessmentError("Give the reason for the extension: it is kept in the audit log.")
    if len(reason) > MAX_REASON:
        raise AssessmentError(f"The reason must be {MAX_REASON} characters or fewer.")
    before = assessment.extended_until
    assessment.extended_until = until
    assessment.save(update_fields=["extended_until"])
    audit(
        assessment,
        by,
        AuditEvent.Action.EXTENDED,
        before={"extended_until": before.isoformat() if before else None},
        after={"extended_until": until.isoformat()},
        comment=reason,
    )
    return assessment


def submissions_open(assessment: Assessment, today: dt.date | None = None) -> bool:
    """May `assessment` still be submitted: its round is not closed, or its deadline was
    extended to today or later."""
    if not assessment.round.is_closed:
        return True
    today = today or timezone.localdate()
    return assessment.extended_until is not None and assessment.extended_until >= today


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
