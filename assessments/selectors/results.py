"""The results of one assessment: scores per success measure against targets, the lowest
questions and the next step for each gap (part of the read seam for pages, PDFs and the API).

`assessment_results(assessment)` runs a fixed number of queries (six), whatever the number of
questions.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from frameworks.models import Level, Measure

from .. import scoring
from ..models import Answer, Assessment, Score
from .scores import compute_scores


@dataclass
class MeasureResult:
    measure: Measure
    score: Fraction | Decimal | None
    target: Fraction | None
    answered: int
    not_applicable: int
    unanswered: int


@dataclass
class Gap:
    question_key: str
    text: str
    measure: str
    level: int
    target: int | None
    next_descriptor: str
    next_steps: str


@dataclass
class Results:
    frozen: bool
    overall: Fraction | Decimal | None
    measures: list[MeasureResult]
    lowest: list[Gap]
    gaps: list[Gap]


def assessment_results(assessment: Assessment) -> Results:
    """Scores per measure against targets, the lowest questions and the next step for each gap.

    An approved assessment shows its frozen scores; any other shows provisional ones, computed
    the same way from its answers as they stand.
    """
    measures = list(
        Measure.objects.filter(version_id=assessment.framework_version_id).order_by("order")
    )
    questions = assessment.questions()
    answers = {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}
    live = compute_scores(assessment)
    frozen = assessment.status == Assessment.Status.APPROVED
    frozen_scores = (
        {(s.kind, s.key): s.score for s in Score.objects.filter(assessment=assessment)}
        if frozen
        else {}
    )

    targets: dict[str, list[tuple[Fraction, Fraction]]] = {m.key: [] for m in measures}
    for question in questions:
        answer = answers.get(question.pk)
        if answer and answer.target_level and not answer.not_applicable:
            targets[question.measure.key].append(
                (Fraction(answer.target_level), Fraction(question.weight))
            )

    measure_rows = []
    for measure in measures:
        computed = live.measures[measure.key]
        if not (computed.answered or computed.not_applicable or computed.unanswered):
            continue  # nothing in this measure is asked of this care setting
        score = frozen_scores.get(("measure", measure.key)) if frozen else computed.score
        measure_rows.append(
            MeasureResult(
                measure,
                score,
                scoring.weighted_mean(targets[measure.key]),
                computed.answered,
                computed.not_applicable,
                computed.unanswered,
            )
        )

    levels = {
        (lv.question_id, lv.level): lv
        for lv in Level.objects.filter(question__in=[q.pk for q in questions])
    }
    scored = []
    for question in questions:
        answer = answers.get(question.pk)
        if not answer or answer.level is None:
            continue
        following = levels.get((question.pk, answer.level + 1))
        current = levels.get((question.pk, answer.level))
        scored.append(
            Gap(
                question.key,
                question.text,
                question.measure.label,
                answer.level,
                answer.target_level,
                following.descriptor if following else "",
                current.next_steps if current else "",
            )
        )
    lowest = sorted(scored, key=lambda g: (g.level, -(g.target or 0)))[:5]
    gaps = [g for g in scored if g.target and g.target > g.level]
    gaps.sort(key=lambda g: (-(g.target - g.level), g.level))
    overall = frozen_scores.get(("overall", "")) if frozen else live.overall
    return Results(frozen, overall, measure_rows, lowest, gaps)
