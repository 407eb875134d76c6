"""What "confirm every answer from last year" would confirm, in a success measure or the whole
assessment: each pre-filled answer still waiting, with its question and last year's answer in
words. Three queries, whatever the number of questions."""

from dataclasses import dataclass

from django.db.models import prefetch_related_objects

from frameworks.models import Measure, Question

from ..models import Answer, Assessment
from ..presenters.questionnaire import answer_values, level_text


@dataclass(frozen=True)
class ToConfirm:
    measure: Measure
    number: int  # the question's number within its success measure, as its page shows it
    question: Question
    answer: Answer
    answer_text: str


def to_confirm(assessment: Assessment, measure: Measure | None = None) -> list[ToConfirm]:
    """The answers from last year still to confirm, in the framework's order; only in
    `measure` if given."""
    questions = [
        q
        for q in Question.objects.filter(version_id=assessment.framework_version_id)
        .select_related("measure")
        .order_by("measure__order", "order")
        if assessment.care_setting in q.applies_to
    ]
    answers = {
        a.question_id: a
        for a in Answer.objects.filter(assessment=assessment, from_last_year=True).exclude(
            level__isnull=True, not_applicable=False
        )
    }
    numbers: dict[int, int] = {}
    waiting = []
    for question in questions:
        numbers[question.measure_id] = numbers.get(question.measure_id, 0) + 1
        answer = answers.get(question.pk)
        if answer is None or (measure is not None and question.measure_id != measure.pk):
            continue
        waiting.append((question, numbers[question.measure_id], answer))
    prefetch_related_objects([q for q, _, _ in waiting], "levels")
    return [
        ToConfirm(
            question.measure,
            number,
            question,
            answer,
            level_text(list(question.levels.all()), answer_values(answer)),
        )
        for question, number, answer in waiting
    ]
