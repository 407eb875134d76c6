"""Reads and view-models for the questionnaire pages: an assessment's task list, the page of one
success measure, assignment and "assigned to me". No writes here: those are services.

Every function runs a fixed number of queries, whatever the number of questions: the pages
that use them are on a budget (see design.md).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import prefetch_related_objects
from django.utils import timezone

from frameworks.models import Level, Measure, Question

from . import access
from .models import Answer, Assessment, Assignment, Evidence, Role
from .services.assessments import MAX_NOTES

NOT_APPLICABLE = "na"
LEVEL_CHOICES = ("1", "2", "3", "4", "5")

# --- people and words -------------------------------------------------------------------------


def person_name(user) -> str:
    if user is None:
        return "Someone"
    return user.get_full_name() or user.get_username()


def time_text(moment: dt.datetime | None) -> str:
    return f"{timezone.localtime(moment):%H:%M}" if moment else ""


def date_time_text(moment: dt.datetime | None) -> str:
    if not moment:
        return ""
    local = timezone.localtime(moment)
    return f"{local:%-d %B %Y} at {local:%H:%M}"


def read_only_reason(assessment: Assessment, *, may_edit: bool) -> str:
    """Why this person cannot change the answers, or "" if they can."""
    Status = Assessment.Status
    if assessment.status == Status.APPROVED:
        return (
            "This assessment has been approved, so its answers can no longer be changed. "
            "A national administrator can reopen it."
        )
    if assessment.status == Status.SUBMITTED:
        return (
            "This assessment has been submitted for approval, so its answers cannot be "
            "changed. The approver can return it if it needs changes."
        )
    if not may_edit:
        return (
            f"You can see this assessment, but only the respondents of "
            f"{assessment.organisation.name} can answer its questions."
        )
    return ""


# --- progress ---------------------------------------------------------------------------------

NOT_STARTED, IN_PROGRESS, COMPLETED = "Not started", "In progress", "Completed"


@dataclass
class Progress:
    """How far the applicable questions of a measure (or a whole assessment) are answered.

    A question is done when it has a level or is marked not applicable, and is not a pre-filled
    answer from last year still waiting to be confirmed: the same rule as submission.
    """

    total: int = 0
    done: int = 0
    started: int = 0  # questions with anything saved, pre-filled answers included
    to_confirm: int = 0

    def add(self, answer_row: tuple | None) -> None:
        self.total += 1
        if answer_row is None:
            return
        level, not_applicable, from_last_year = answer_row
        self.started += 1
        if from_last_year:
            self.to_confirm += 1
        elif level is not None or not_applicable:
            self.done += 1

    @property
    def status(self) -> str:
        if self.total and self.done == self.total:
            return COMPLETED
        return IN_PROGRESS if self.started else NOT_STARTED

    @property
    def text(self) -> str:
        return f"{self.done} of {self.total} question{'s' if self.total != 1 else ''} answered"


def _applicable_questions(version_ids, care_setting_of) -> list[tuple[int, int, int]]:
    """(version id, measure id, question id) of every question, in order, for the care setting
    that `care_setting_of(version_id)` says (one query)."""
    rows = (
        Question.objects.filter(version_id__in=version_ids)
        .order_by("measure__order", "order")
        .values_list("version_id", "measure_id", "pk", "applies_to")
    )
    return [(v, m, q) for v, m, q, applies_to in rows if care_setting_of(v) in applies_to]


@dataclass
class MeasureRow:
    measure: Measure
    progress: Progress
    assignee: object | None


@dataclass
class Overview:
    rows: list[MeasureRow]
    progress: Progress


def overview_for(assessment: Assessment) -> Overview:
    """The assessment's success measures that have questions for its care setting, each with
    its progress and who it is assigned to (four queries)."""
    measures = list(
        Measure.objects.filter(version_id=assessment.framework_version_id).order_by("order")
    )
    questions = _applicable_questions(
        [assessment.framework_version_id], lambda _: assessment.care_setting
    )
    answers = {
        qid: (level, na, last_year)
        for qid, level, na, last_year in Answer.objects.filter(assessment=assessment).values_list(
            "question_id", "level", "not_applicable", "from_last_year"
        )
    }
    assignees = {
        a.measure_id: a.assignee
        for a in Assignment.objects.filter(assessment=assessment).select_related("assignee")
    }
    by_measure: dict[int, Progress] = defaultdict(Progress)
    total = Progress()
    for _, measure_id, question_id in questions:
        by_measure[measure_id].add(answers.get(question_id))
        total.add(answers.get(question_id))
    rows = [
        MeasureRow(m, by_measure[m.pk], assignees.get(m.pk)) for m in measures if m.pk in by_measure
    ]
    return Overview(rows, total)


# --- one success measure ----------------------------------------------------------------------


def answer_values(answer: Answer | None) -> dict[str, str]:
    """What the answer form shows for a saved answer (strings, as a form posts them)."""
    if answer is None:
        return {"level": "", "not_applicable_reason": "", "target_level": "", "notes": ""}
    return {
        "level": NOT_APPLICABLE if answer.not_applicable else str(answer.level or ""),
        "not_applicable_reason": answer.not_applicable_reason,
        "target_level": str(answer.target_level or ""),
        "notes": answer.notes,
    }


@dataclass
class Conflict:
    """Someone saved the question after this person loaded it: theirs and what was tried."""

    current: Answer
    theirs: dict[str, str]
    mine: dict[str, str]

    @property
    def who(self) -> str:
        return person_name(self.current.updated_by)


@dataclass
class QuestionState:
    """One question on a measure page, and the state of its answer block."""

    question: Question
    number: int
    levels: list[Level]
    answer: Answer | None
    evidence: list[Evidence] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)  # what the form shows
    errors: dict[str, str] = field(default_factory=dict)  # field name -> message
    conflict: Conflict | None = None
    status: str = ""  # the text of the "Saved at 14:02" region
    evidence_errors: dict[str, str] = field(default_factory=dict)
    evidence_values: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        if not self.values:
            self.values = answer_values(self.answer)

    @property
    def id(self) -> str:
        return f"question-{self.question.key}"

    @property
    def revision(self) -> int:
        if self.conflict:
            return self.conflict.current.revision
        return self.answer.revision if self.answer else 0

    @property
    def from_last_year(self) -> bool:
        return bool(self.answer and self.answer.from_last_year and not self.conflict)

    def level_text(self, values: dict[str, str] | None = None) -> str:
        return level_text(self.levels, values if values is not None else self.values)


def level_text(levels: list[Level], values: dict[str, str]) -> str:
    chosen = values.get("level", "")
    if chosen == NOT_APPLICABLE:
        reason = values.get("not_applicable_reason", "")
        return f"Not applicable: {reason}" if reason else "Not applicable"
    for level in levels:
        if str(level.level) == chosen:
            return f"Level {level.level}: {level.descriptor}"
    return "Not answered"


@dataclass
class MeasurePage:
    measure: Measure
    questions: list[QuestionState]
    assignee: object | None
    previous: Measure | None
    next: Measure | None

    def state(self, question_key: str) -> QuestionState | None:
        return next((s for s in self.questions if s.question.key == question_key), None)


def measure_page(assessment: Assessment, measure_key: str) -> MeasurePage | None:
    """The measure's applicable questions with their levels, answers and evidence, or None if
    the measure is not part of this assessment (six queries, whatever the number of questions)."""
    measures = list(
        Measure.objects.filter(version_id=assessment.framework_version_id).order_by("order")
    )
    questions = [
        q
        for q in Question.objects.filter(version_id=assessment.framework_version_id).order_by(
            "measure__order", "order"
        )
        if assessment.care_setting in q.applies_to
    ]
    asked = [m for m in measures if any(q.measure_id == m.pk for q in questions)]
    measure = next((m for m in asked if m.key == measure_key), None)
    if measure is None:
        return None
    mine = [q for q in questions if q.measure_id == measure.pk]
    for question in mine:
        question.measure = measure
    prefetch_related_objects(mine, "levels")
    answers = {
        a.question_id: a
        for a in Answer.objects.filter(
            assessment=assessment, question__in=[q.pk for q in mine]
        ).select_related("updated_by")
    }
    evidence = defaultdict(list)
    for item in Evidence.objects.filter(assessment=assessment, question__in=[q.pk for q in mine]):
        evidence[item.question_id].append(item)
    assignment = (
        Assignment.objects.filter(assessment=assessment, measure=measure)
        .select_related("assignee")
        .first()
    )
    states = [
        QuestionState(
            question,
            number,
            list(question.levels.all()),
            answers.get(question.pk),
            evidence[question.pk],
        )
        for number, question in enumerate(mine, start=1)
    ]
    index = asked.index(measure)
    return MeasurePage(
        measure=measure,
        questions=states,
        assignee=assignment.assignee if assignment else None,
        previous=asked[index - 1] if index > 0 else None,
        next=asked[index + 1] if index + 1 < len(asked) else None,
    )


def question_for_answer(assessment_pk: int, question_key: str) -> Question | None:
    """The question with this key in the assessment's framework version, with its measure (one
    query, joined through the assessment so that the assessment need not be read first)."""
    return (
        Question.objects.filter(key=question_key, version__assessments__pk=assessment_pk)
        .select_related("measure")
        .first()
    )


def question_of(assessment: Assessment, question_key: str) -> Question | None:
    """The question with this key, if this assessment asks it."""
    question = (
        Question.objects.filter(version_id=assessment.framework_version_id, key=question_key)
        .select_related("measure")
        .first()
    )
    if question is None or assessment.care_setting not in question.applies_to:
        return None
    return question


def question_state(assessment: Assessment, question: Question, **state) -> QuestionState:
    """One question's answer block, for the fragments that htmx swaps in (three queries)."""
    answer = (
        state.pop("answer", None)
        or Answer.objects.filter(assessment=assessment, question=question)
        .select_related("updated_by")
        .first()
    )
    levels = list(Level.objects.filter(question=question).order_by("level"))
    before = Question.objects.filter(measure_id=question.measure_id, order__lt=question.order)
    number = 1 + sum(
        assessment.care_setting in applies_to
        for applies_to in before.values_list("applies_to", flat=True)
    )
    return QuestionState(question, number, levels, answer, **state)


# --- what an answer form posted ---------------------------------------------------------------


@dataclass
class AnswerSubmission:
    """An answer form's POST, read into the service's terms. `errors` maps a field to what is
    wrong with it, in words for the person; `changes` is only meaningful without errors."""

    values: dict[str, str]
    changes: dict
    revision: int | None
    action: str
    errors: dict[str, str]

    @classmethod
    def from_post(cls, post) -> AnswerSubmission:
        values = {
            name: post.get(name, "")
            for name in ("level", "not_applicable_reason", "target_level", "notes")
        }
        errors: dict[str, str] = {}
        changes: dict = {"notes": values["notes"]}
        level = values["level"]
        if level == NOT_APPLICABLE:
            changes["not_applicable"] = True
            changes["not_applicable_reason"] = values["not_applicable_reason"]
            if not values["not_applicable_reason"].strip():
                errors["not_applicable_reason"] = (
                    "Say why this question does not apply to your organisation"
                )
        elif level in LEVEL_CHOICES:
            changes["level"] = int(level)
        elif level:
            errors["level"] = "Choose a level from 1 to 5, or not applicable"
        target = values["target_level"]
        if target in LEVEL_CHOICES:
            changes["target_level"] = int(target)
        elif target:
            errors["target_level"] = "Choose a target level from 1 to 5, or no target"
        else:
            changes["target_level"] = None
        if len(values["notes"].strip()) > MAX_NOTES:
            errors["notes"] = f"Notes must be {MAX_NOTES:,} characters or fewer"
        try:
            revision = int(post.get("revision", ""))
            if revision < 0:
                raise ValueError
        except ValueError:
            revision = None
            errors["level"] = errors.get("level") or (
                "This page is out of date: reload it, then answer again"
            )
        return cls(values, changes, revision, post.get("action", ""), errors)

    @property
    def only_missing_reason(self) -> bool:
        return list(self.errors) == ["not_applicable_reason"]


# --- assignment -------------------------------------------------------------------------------


def assignable_people(assessment: Assessment, user) -> list:
    """The people a section can be given to: the organisation's respondents, and the person
    assigning (one query)."""
    User = get_user_model()
    people = list(
        User.objects.filter(
            is_active=True,
            memberships__role=Role.RESPONDENT,
            memberships__organisation_id=assessment.organisation_id,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    if user.pk not in {p.pk for p in people}:
        people.append(user)
    return people


@dataclass
class AssignedSection:
    assignment: Assignment
    progress: Progress

    @property
    def assessment(self) -> Assessment:
        return self.assignment.assessment

    @property
    def measure(self) -> Measure:
        return self.assignment.measure


def assigned_to(user) -> list[AssignedSection]:
    """The sections given to this person, in every round, of assessments they may still see
    (four queries)."""
    assignments = list(
        Assignment.objects.filter(
            assignee=user, assessment__in=access.visible(user, Assessment.objects.all())
        )
        .select_related("assessment__organisation", "assessment__round", "measure")
        .order_by(
            "-assessment__round__opens_on", "assessment__organisation__name", "measure__order"
        )
    )
    if not assignments:
        return []
    wanted = {(a.assessment_id, a.measure_id) for a in assignments}
    questions = Question.objects.filter(measure_id__in={m for _, m in wanted}).values_list(
        "measure_id", "pk", "applies_to"
    )
    answers = {
        (a, q): (level, na, last_year)
        for a, q, level, na, last_year in Answer.objects.filter(
            assessment_id__in={a for a, _ in wanted},
            question__measure_id__in={m for _, m in wanted},
        ).values_list("assessment_id", "question_id", "level", "not_applicable", "from_last_year")
    }
    by_measure = defaultdict(list)
    for measure_id, question_id, applies_to in questions:
        by_measure[measure_id].append((question_id, applies_to))
    sections = []
    for assignment in assignments:
        progress = Progress()
        care_setting = assignment.assessment.care_setting
        for question_id, applies_to in by_measure[assignment.measure_id]:
            if care_setting in applies_to:
                progress.add(answers.get((assignment.assessment_id, question_id)))
        sections.append(AssignedSection(assignment, progress))
    return sections
