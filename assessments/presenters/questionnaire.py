"""View-models for the questionnaire pages (`views/questionnaire.py`): the progress of a
section, the state of one question's answer block, a measure page, and why a page is read-only.
The reads that fill them are in `selectors/questionnaire.py`."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from config.formatting import person_name
from frameworks.models import Level, Measure, Question, Theme

from ..models import Answer, Assessment, Assignment, Evidence

NOT_APPLICABLE = "na"


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


def saved_status(moment) -> str:
    """The question's status after a save, to the second, so that a second save a moment later
    reads as new: "Saved at 14:02:05"."""
    return f"Saved at {timezone.localtime(moment):%H:%M:%S}"


NOT_STARTED, IN_PROGRESS, COMPLETED = "Not started", "In progress", "Completed"
TO_CONFIRM = "Last year's answers to confirm"


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
        if self.done or self.started > self.to_confirm:  # something answered or saved this year
            return IN_PROGRESS
        return TO_CONFIRM if self.to_confirm else NOT_STARTED

    @property
    def text(self) -> str:
        return f"{self.done} of {self.total} question{'s' if self.total != 1 else ''} answered"


@dataclass
class MeasureRow:
    measure: Measure
    progress: Progress
    assignee: object | None


@dataclass
class Overview:
    rows: list[MeasureRow]
    progress: Progress


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
    status: str = ""  # the text of the "Saved at 14:02:05" region
    evidence_errors: dict[str, str] = field(default_factory=dict)
    evidence_values: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        if not self.values:
            self.values = answer_values(self.answer)

    @property
    def id(self) -> str:
        return f"question-{self.question.key}"

    @property
    def heading_level(self) -> int:
        """2, or 3 under its theme's heading (a question with a theme is shown in its group)."""
        return 3 if self.question.theme_id else 2

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

    @property
    def groups(self) -> list[tuple[Theme | None, list[QuestionState]]]:
        """The questions in order, each run of questions of one theme under that theme (None:
        questions without a theme, shown as they are)."""
        groups: list[tuple[Theme | None, list[QuestionState]]] = []
        for state in self.questions:
            theme = state.question.theme if state.question.theme_id else None
            if groups and groups[-1][0] == theme:
                groups[-1][1].append(state)
            else:
                groups.append((theme, [state]))
        return groups


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
