"""Every write to rounds and assessments: launching a round, answering, evidence, assignment,
and the sign-off workflow. Each checks the access policy, runs in one transaction, writes its
audit event, and raises `AssessmentError` (a `DomainError`) when a rule refuses.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from config.errors import DomainError
from frameworks.models import FrameworkVersion, Measure, Question

from .. import access, scoring
from ..evidence_files import check_link, check_upload, storage_name
from ..models import (
    Answer,
    Assessment,
    Assignment,
    AuditEvent,
    Evidence,
    Organisation,
    Round,
    Score,
    SystemMembership,
)

ANSWER_FIELDS = ("level", "not_applicable", "not_applicable_reason", "target_level", "notes")
MAX_NOTES = 5000
Status = Assessment.Status


class AssessmentError(DomainError):
    """A rule about rounds or assessments refused an action."""


class NotAllowed(AssessmentError):
    """The person may not do this to this assessment."""


class AnswerConflict(AssessmentError):
    """Someone else saved this question since the page was loaded. `current` is their answer."""

    def __init__(self, current: Answer):
        self.current = current
        who = (
            current.updated_by.get_full_name() or current.updated_by.get_username()
            if current.updated_by
            else "Someone"
        )
        super().__init__(
            f"{who} changed this answer while you were working on it. Check their answer, "
            "then keep theirs or save yours again."
        )


@dataclass(frozen=True)
class Missing:
    question: Question
    reason: str


class IncompleteAssessment(AssessmentError):
    def __init__(self, missing: list[Missing]):
        self.missing = missing
        count = len(missing)
        super().__init__(
            f"The assessment cannot be submitted yet: {count} question{'s' if count != 1 else ''} "
            "still need an answer, or need confirming."
        )


def _require(user, action: str, assessment: Assessment, doing: str) -> None:
    if not access.may(user, action, assessment):
        raise NotAllowed(f"You cannot {doing} for {assessment.organisation.name}.")


def _audit(
    assessment, by, action, *, question=None, measure_key="", before=None, after=None, comment=""
):
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


def _locked(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update().select_related("organisation").get(pk=assessment.pk)
    )


def _editable(assessment: Assessment) -> None:
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


# --- rounds -----------------------------------------------------------------------------------


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
    """Copy each organisation's answers from its latest earlier round, matched by question key."""
    by_org = {a.organisation_id: a for a in assessments}
    latest = (
        Assessment.objects.filter(
            organisation=OuterRef("organisation"), round__opens_on__lt=round_.opens_on
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


# --- answers ----------------------------------------------------------------------------------


def _clean_changes(changes: dict) -> dict:
    unknown = set(changes) - set(ANSWER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown answer fields: {', '.join(sorted(unknown))}")
    clean = dict(changes)
    for name in ("level", "target_level"):
        if name in clean and clean[name] is not None and clean[name] not in (1, 2, 3, 4, 5):
            what = "level" if name == "level" else "target level"
            raise AssessmentError(f"Choose a {what} from 1 to 5.")
    if "notes" in clean:
        clean["notes"] = (clean["notes"] or "").strip()
        if len(clean["notes"]) > MAX_NOTES:
            raise AssessmentError(f"Notes must be {MAX_NOTES} characters or fewer.")
    if "not_applicable_reason" in clean:
        clean["not_applicable_reason"] = (clean["not_applicable_reason"] or "").strip()
    if clean.get("level") is not None:
        clean["not_applicable"] = False
        clean["not_applicable_reason"] = ""
    if clean.get("not_applicable"):
        clean["level"] = None
    return clean


def _question_of(assessment: Assessment, question: Question) -> Question:
    if (
        question.version_id != assessment.framework_version_id
        or assessment.care_setting not in question.applies_to
    ):
        raise AssessmentError("This question is not part of this assessment.")
    return question


@transaction.atomic
def answer_save(
    *, assessment: Assessment, question: Question, by, expected_revision: int, **changes
) -> Answer:
    """Record part or all of an answer. Refused with AnswerConflict if the answer has been
    saved by anyone since `expected_revision` was read."""
    clean = _clean_changes(changes)
    assessment = _locked(assessment)
    _require(by, "edit", assessment, "answer questions")
    _editable(assessment)
    _question_of(assessment, question)

    answer = (
        Answer.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(assessment=assessment, question=question)
        .first()
    )
    if answer is None:
        if expected_revision != 0:
            raise AssessmentError("This answer no longer exists. Reload the page.")
        answer = Answer(assessment=assessment, question=question)
    elif answer.revision != expected_revision:
        raise AnswerConflict(answer)

    after_values = {**{f: getattr(answer, f) for f in ANSWER_FIELDS}, **clean}
    if after_values.get("not_applicable") and not after_values.get("not_applicable_reason"):
        raise AssessmentError("Say why this question does not apply to your organisation.")
    before = {f: getattr(answer, f) for f in ANSWER_FIELDS if getattr(answer, f) != after_values[f]}
    after = {f: after_values[f] for f in before}
    if answer.from_last_year:
        before["from_last_year"], after["from_last_year"] = True, False
    if not after:
        return answer

    for name, value in after_values.items():
        setattr(answer, name, value)
    answer.from_last_year = False
    answer.revision += 1
    answer.updated_by = by
    try:
        with transaction.atomic():
            answer.save()
    except IntegrityError:
        # Someone created this answer between our read and our insert.
        raise AnswerConflict(
            Answer.objects.select_related("updated_by").get(
                assessment=assessment, question=question
            )
        ) from None
    _audit(assessment, by, AuditEvent.Action.ANSWER, question=question, before=before, after=after)
    return answer


@transaction.atomic
def answer_confirm(
    *, assessment: Assessment, question: Question, by, expected_revision: int
) -> Answer:
    """Accept a pre-filled answer from last year as this year's answer, unchanged."""
    assessment = _locked(assessment)
    _require(by, "edit", assessment, "answer questions")
    _editable(assessment)
    answer = (
        Answer.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(assessment=assessment, question=question)
        .first()
    )
    if answer is None or not answer.from_last_year:
        raise AssessmentError("There is no answer from last year to confirm for this question.")
    if answer.revision != expected_revision:
        raise AnswerConflict(answer)
    answer.from_last_year = False
    answer.revision += 1
    answer.updated_by = by
    answer.save()
    _audit(
        assessment,
        by,
        AuditEvent.Action.CONFIRMED,
        question=question,
        before={"from_last_year": True},
        after={"from_last_year": False},
    )
    return answer


# --- evidence ---------------------------------------------------------------------------------


@transaction.atomic
def evidence_add_file(*, assessment: Assessment, question: Question, upload, by) -> Evidence:
    assessment = _locked(assessment)
    _require(by, "edit", assessment, "add evidence")
    _editable(assessment)
    _question_of(assessment, question)
    checked = check_upload(upload)
    upload.seek(0)
    path = default_storage.save(storage_name(checked, assessment_id=assessment.pk), upload)
    try:
        evidence = Evidence.objects.create(
            assessment=assessment,
            question=question,
            kind=Evidence.Kind.FILE,
            file=path,
            file_name=checked.safe_name,
            content_type=checked.content_type,
            size=checked.size,
            added_by=by,
        )
        _audit(
            assessment,
            by,
            AuditEvent.Action.EVIDENCE_ADDED,
            question=question,
            after={"file": checked.safe_name, "size": checked.size},
        )
    except Exception:
        default_storage.delete(path)  # nothing half-written: no file without its record
        raise
    return evidence


@transaction.atomic
def evidence_add_link(
    *, assessment: Assessment, question: Question, url: str, title: str, by
) -> Evidence:
    assessment = _locked(assessment)
    _require(by, "edit", assessment, "add evidence")
    _editable(assessment)
    _question_of(assessment, question)
    url = check_link(url)
    title = (title or "").strip()[:200]
    evidence = Evidence.objects.create(
        assessment=assessment,
        question=question,
        kind=Evidence.Kind.LINK,
        url=url,
        title=title,
        added_by=by,
    )
    _audit(
        assessment,
        by,
        AuditEvent.Action.EVIDENCE_ADDED,
        question=question,
        after={"link": url, "title": title},
    )
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, by) -> None:
    assessment = _locked(evidence.assessment)
    _require(by, "edit", assessment, "remove evidence")
    _editable(assessment)
    evidence = Evidence.objects.select_related("question__measure").get(pk=evidence.pk)
    before = (
        {"file": evidence.file_name, "size": evidence.size}
        if evidence.kind == "file"
        else {"link": evidence.url, "title": evidence.title}
    )
    path = evidence.file.name
    evidence.delete()
    _audit(
        assessment,
        by,
        AuditEvent.Action.EVIDENCE_REMOVED,
        question=evidence.question,
        before=before,
    )
    if path:
        transaction.on_commit(lambda: default_storage.delete(path))


# --- assignment -------------------------------------------------------------------------------


@transaction.atomic
def section_assign(*, assessment: Assessment, measure: Measure, assignee, by) -> Assignment | None:
    """Give a success measure to a colleague (or take it back, with assignee=None)."""
    assessment = _locked(assessment)
    _require(by, "edit", assessment, "assign sections")
    _editable(assessment)
    if measure.version_id != assessment.framework_version_id:
        raise AssessmentError("This success measure is not part of this assessment.")
    if assignee is not None and not access.may(assignee, "edit", assessment):
        name = assignee.get_full_name() or assignee.get_username()
        raise AssessmentError(
            f"{name} cannot answer {assessment.organisation.name}'s questions, "
            "so the section cannot be assigned to them."
        )
    current = (
        Assignment.objects.select_related("assignee")
        .filter(assessment=assessment, measure=measure)
        .first()
    )
    before = {"assignee": current.assignee.get_username()} if current else None
    if assignee is None:
        if current is None:
            return None
        current.delete()
        _audit(assessment, by, AuditEvent.Action.UNASSIGNED, measure_key=measure.key, before=before)
        return None
    if current and current.assignee_id == assignee.pk:
        return current
    assignment, _ = Assignment.objects.update_or_create(
        assessment=assessment,
        measure=measure,
        defaults={"assignee": assignee, "assigned_by": by},
    )
    _audit(
        assessment,
        by,
        AuditEvent.Action.ASSIGNED,
        measure_key=measure.key,
        before=before,
        after={"assignee": assignee.get_username()},
    )
    return assignment


# --- sign-off ---------------------------------------------------------------------------------


def missing_answers(assessment: Assessment) -> list[Missing]:
    """What stands between this assessment and submission, in question order."""
    answers = {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}
    missing = []
    for question in assessment.questions():
        answer = answers.get(question.pk)
        if answer is None or not answer.is_complete:
            missing.append(Missing(question, "not answered"))
        elif answer.from_last_year:
            missing.append(Missing(question, "answer from last year not yet confirmed"))
    return missing


def _set_status(assessment, by, status, *, comment="", **fields):
    before = {"status": assessment.status}
    assessment.status = status
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment.save()
    _audit(
        assessment,
        by,
        AuditEvent.Action.STATUS,
        before=before,
        after={"status": status},
        comment=comment,
    )
    return assessment


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by) -> Assessment:
    assessment = _locked(assessment)
    _require(by, "edit", assessment, "submit the assessment")
    _editable(assessment)
    missing = missing_answers(assessment)
    if missing:
        raise IncompleteAssessment(missing)
    return _set_status(
        assessment, by, Status.SUBMITTED, submitted_at=timezone.now(), submitted_by=by
    )


@transaction.atomic
def assessment_return(*, assessment: Assessment, by, comment: str) -> Assessment:
    assessment = _locked(assessment)
    _require(by, "approve", assessment, "return the assessment")
    if assessment.status != Status.SUBMITTED:
        raise AssessmentError("Only a submitted assessment can be returned.")
    comment = (comment or "").strip()
    if not comment:
        raise AssessmentError("Say what needs to change, so the respondents know what to do.")
    return _set_status(assessment, by, Status.RETURNED, comment=comment, return_comment=comment)


@transaction.atomic
def assessment_approve(*, assessment: Assessment, by) -> Assessment:
    """Sign the assessment off: its scores are computed and frozen, and it becomes read-only."""
    assessment = _locked(assessment)
    _require(by, "approve", assessment, "approve the assessment")
    if assessment.status != Status.SUBMITTED:
        raise AssessmentError("Only a submitted assessment can be approved.")
    if assessment.submitted_by_id == by.pk:
        raise AssessmentError("Someone other than the person who submitted it must approve it.")
    scores = compute_scores(assessment)
    Score.objects.filter(assessment=assessment).delete()
    Score.objects.bulk_create(_score_rows(assessment, scores))
    return _set_status(
        assessment,
        by,
        Status.APPROVED,
        decided_at=timezone.now(),
        decided_by=by,
        overall_score=scoring.stored(scores.overall),
    )


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, by, reason: str) -> Assessment:
    assessment = _locked(assessment)
    if not access.may_reopen(by, assessment):
        raise NotAllowed("Only a national administrator can reopen an approved assessment.")
    if assessment.status != Status.APPROVED:
        raise AssessmentError("Only an approved assessment can be reopened.")
    reason = (reason or "").strip()
    if not reason:
        raise AssessmentError("Give the reason for reopening the assessment.")
    Score.objects.filter(assessment=assessment).delete()
    return _set_status(
        assessment,
        by,
        Status.DRAFT,
        comment=reason,
        overall_score=None,
        decided_at=None,
        decided_by=None,
        submitted_at=None,
        submitted_by=None,
    )


# --- scores -----------------------------------------------------------------------------------


def compute_scores(assessment: Assessment) -> scoring.Scores:
    """The assessment's scores from its answers, by the one scoring function."""
    questions = assessment.questions()
    measures = Measure.objects.filter(version_id=assessment.framework_version_id).order_by("order")
    answers = {
        key: scoring.Answer(level=level, not_applicable=na)
        for key, level, na in Answer.objects.filter(assessment=assessment).values_list(
            "question__key", "level", "not_applicable"
        )
    }
    return scoring.score_assessment(
        measures=[scoring.MeasureSpec(m.key, m.weight) for m in measures],
        questions=[scoring.QuestionSpec(q.key, q.measure.key, q.weight) for q in questions],
        answers=answers,
    )


def _score_rows(assessment: Assessment, scores: scoring.Scores) -> list[Score]:
    rows = [
        Score(
            assessment=assessment,
            kind=Score.Kind.OVERALL,
            key="",
            score=scoring.stored(scores.overall),
        )
    ]
    rows += [
        Score(
            assessment=assessment,
            kind=Score.Kind.MEASURE,
            key=key,
            score=scoring.stored(m.score),
            answered=m.answered,
            not_applicable=m.not_applicable,
        )
        for key, m in scores.measures.items()
    ]
    rows += [
        Score(
            assessment=assessment,
            kind=Score.Kind.QUESTION,
            key=key,
            score=Decimal(level),
            answered=1,
        )
        for key, level in scores.questions.items()
    ]
    return rows
