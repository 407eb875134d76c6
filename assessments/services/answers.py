"""Answers and their evidence: saving (never a lost update), confirming last year's answer,
adding and removing evidence. Each checks the access policy, locks the assessment, and audits."""

import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from frameworks.models import Question

from ..evidence_files import check_link, check_upload, storage_name
from ..models import Answer, Assessment, AuditEvent, Evidence, Organisation
from .common import audit, editable, locked, require
from .errors import AnswerConflict, AssessmentError, EvidenceLimitReached, EvidenceNotStored

logger = logging.getLogger(__name__)

ANSWER_FIELDS = ("level", "not_applicable", "not_applicable_reason", "target_level", "notes")
MAX_NOTES = 5000


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
    assessment = locked(assessment)
    require(by, "edit", assessment, "answer questions")
    editable(assessment)
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
    audit(assessment, by, AuditEvent.Action.ANSWER, question=question, before=before, after=after)
    return answer


@transaction.atomic
def answer_confirm(
    *, assessment: Assessment, question: Question, by, expected_revision: int
) -> Answer:
    """Accept a pre-filled answer from last year as this year's answer, unchanged."""
    assessment = locked(assessment)
    require(by, "edit", assessment, "answer questions")
    editable(assessment)
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
    audit(
        assessment,
        by,
        AuditEvent.Action.CONFIRMED,
        question=question,
        before={"from_last_year": True},
        after={"from_last_year": False},
    )
    return answer


@transaction.atomic
def evidence_add_file(*, assessment: Assessment, question: Question, upload, by) -> Evidence:
    assessment = locked(assessment)
    require(by, "edit", assessment, "add evidence")
    editable(assessment)
    _question_of(assessment, question)
    checked = check_upload(upload)
    _within_volume_caps(assessment, checked.size)
    upload.seek(0)
    name = storage_name(checked, assessment_id=assessment.pk)
    try:
        path = default_storage.save(name, upload)
    except Exception:  # whatever the storage backend raises: OSError, botocore's errors...
        # A full disk, a read-only mount, an object store refusing or out of reach: whatever
        # part of the file was written goes, and the person is told; no record is made.
        logger.exception("Evidence could not be stored as %s", name)
        _discard(name)
        raise EvidenceNotStored() from None
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
        audit(
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


def _within_volume_caps(assessment: Assessment, size: int) -> None:
    """Refuse a file that would take the assessment's, or its organisation's, evidence files
    over their total (settings `WAYMARK_EVIDENCE_MAX_BYTES_PER_ASSESSMENT` and
    `..._PER_ORGANISATION`). The organisation's row is locked, so two uploads to two of its
    assessments at once cannot both squeeze under the cap."""
    organisation = Organisation.objects.select_for_update().get(pk=assessment.organisation_id)
    files = Evidence.objects.filter(kind=Evidence.Kind.FILE)
    for used_by, cap, whose in (
        (
            files.filter(assessment=assessment),
            settings.WAYMARK_EVIDENCE_MAX_BYTES_PER_ASSESSMENT,
            "This assessment's evidence files",
        ),
        (
            files.filter(assessment__organisation=organisation),
            settings.WAYMARK_EVIDENCE_MAX_BYTES_PER_ORGANISATION,
            f"{organisation.name}'s evidence files, across all its assessments,",
        ),
    ):
        used = used_by.aggregate(total=Sum("size"))["total"] or 0
        if used + size > cap:
            raise EvidenceLimitReached(whose=whose, used=used, cap=cap, size=size)


def _discard(name: str) -> None:
    try:
        default_storage.delete(name)
    except Exception:  # the storage that just failed may fail again
        logger.exception("A partly stored evidence file could not be deleted: %s", name)


@transaction.atomic
def evidence_add_link(
    *, assessment: Assessment, question: Question, url: str, title: str, by
) -> Evidence:
    assessment = locked(assessment)
    require(by, "edit", assessment, "add evidence")
    editable(assessment)
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
    audit(
        assessment,
        by,
        AuditEvent.Action.EVIDENCE_ADDED,
        question=question,
        after={"link": url, "title": title},
    )
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, by) -> None:
    assessment = locked(evidence.assessment)
    require(by, "edit", assessment, "remove evidence")
    editable(assessment)
    evidence = Evidence.objects.select_related("question__measure").get(pk=evidence.pk)
    before = (
        {"file": evidence.file_name, "size": evidence.size}
        if evidence.kind == "file"
        else {"link": evidence.url, "title": evidence.title}
    )
    path = evidence.file.name
    evidence.delete()
    audit(
        assessment,
        by,
        AuditEvent.Action.EVIDENCE_REMOVED,
        question=evidence.question,
        before=before,
    )
    if path:
        transaction.on_commit(lambda: default_storage.delete(path))


@transaction.atomic
def answers_confirm(
    *, assessment: Assessment, by, expected: dict[int, int], measure_key: str = ""
) -> list[Answer]:
    """Accept many pre-filled answers from last year at once, unchanged: those the person was
    shown (`expected`: question id -> revision), in the success measure `measure_key` or the
    whole assessment. An answer changed since (its revision moved on, or no longer from last
    year) is left alone. Each confirmation is audited as `answer_confirm` audits one."""
    assessment = locked(assessment)
    require(by, "edit", assessment, "answer questions")
    editable(assessment)
    answers = (
        Answer.objects.select_for_update(of=("self",))
        .filter(assessment=assessment, from_last_year=True, question_id__in=list(expected))
        .select_related("question__measure")
        .order_by("question__measure__order", "question__order")
    )
    if measure_key:
        answers = answers.filter(question__measure__key=measure_key)
    confirmed = [
        a
        for a in answers
        if a.revision == expected[a.question_id]
        and assessment.care_setting in a.question.applies_to
    ]
    if not confirmed:
        raise AssessmentError("There are no answers from last year left to confirm here.")
    now = timezone.now()
    for answer in confirmed:
        answer.updated_at = now
        answer.from_last_year = False
        answer.revision += 1
        answer.updated_by = by
    Answer.objects.bulk_update(
        confirmed, ["from_last_year", "revision", "updated_by", "updated_at"]
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(
            assessment=assessment,
            actor=by,
            action=AuditEvent.Action.CONFIRMED,
            question_key=a.question.key,
            measure_key=a.question.measure.key,
            before={"from_last_year": True},
            after={"from_last_year": False},
        )
        for a in confirmed
    )
    return confirmed
