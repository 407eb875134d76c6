"""Reads for the sign-off pages (`views/signoff.py`): what is missing before submission (part of
the read seam: the submit service asks it too) and what an approver checks."""

from dataclasses import dataclass

from django.db.models import Count

from frameworks.models import Question

from ..models import Answer, Assessment, Evidence
from .results import assessment_results


@dataclass(frozen=True)
class Missing:
    """A question that stands between an assessment and submission, and why."""

    question: Question
    reason: str


def missing_answers(assessment: Assessment) -> list[Missing]:
    """What stands between this assessment and submission, in question order (two queries)."""
    answers = {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}
    missing = []
    for question in assessment.questions():
        answer = answers.get(question.pk)
        if answer is None or not answer.is_complete:
            missing.append(Missing(question, "not answered"))
        elif answer.from_last_year:
            missing.append(Missing(question, "answer from last year not yet confirmed"))
    return missing


def review_summary(assessment: Assessment) -> dict:
    """What an approver checks: scores as they would be frozen, and answers without evidence."""
    questions = assessment.questions()
    evidence_counts = dict(
        Evidence.objects.filter(assessment=assessment)
        .values_list("question_id")
        .annotate(n=Count("pk"))
    )
    answers = {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}
    without_evidence = [
        q
        for q in questions
        if answers.get(q.pk) and answers[q.pk].level and not evidence_counts.get(q.pk)
    ]
    not_applicable = [
        (q, answers[q.pk].not_applicable_reason)
        for q in questions
        if answers.get(q.pk) and answers[q.pk].not_applicable
    ]
    return {
        "results": assessment_results(assessment),
        "without_evidence": without_evidence,
        "not_applicable": not_applicable,
        "question_count": len(questions),
    }
