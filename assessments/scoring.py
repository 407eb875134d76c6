"""Scoring of one assessment: one pure function from answers and framework data to scores.

The method, as the README and the results page state it:
- a question's score is the level chosen (1 to 5); a question marked not applicable, or not yet
  answered, has no score and drops out;
- a success measure's score is the weighted mean of its scored questions, weighted by question
  weight; a measure with no scored question has no score;
- the overall score is the weighted mean of the scored measures, weighted by measure weight.

Arithmetic is exact (fractions), so the same answers give the same scores whatever their order
and on any database; scores are stored to eight decimal places and shown to one.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from config.formatting import score_text

STORED_PLACES = Decimal("0.00000001")


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    measure_key: str
    weight: Decimal


@dataclass(frozen=True)
class MeasureSpec:
    key: str
    weight: Decimal


@dataclass(frozen=True)
class Answer:
    """What was recorded for one question: a level from 1 to 5, or not applicable."""

    level: int | None = None
    not_applicable: bool = False

    def __post_init__(self):
        if self.not_applicable and self.level is not None:
            raise ValueError("An answer is either a level or not applicable, not both.")
        if self.level is not None and self.level not in (1, 2, 3, 4, 5):
            raise ValueError(f"A level is a whole number from 1 to 5, not {self.level!r}.")


@dataclass(frozen=True)
class MeasureScore:
    key: str
    score: Fraction | None
    answered: int
    not_applicable: int
    unanswered: int


@dataclass(frozen=True)
class Scores:
    measures: dict[str, MeasureScore] = field(default_factory=dict)
    overall: Fraction | None = None
    questions: dict[str, int] = field(default_factory=dict)


def weighted_mean(pairs: Iterable[tuple[Fraction, Fraction]]) -> Fraction | None:
    """The weighted mean of (value, weight) pairs, exactly; None when there is no weight at all.
    The one mean of Waymark: measure and overall scores, target levels, and aggregates."""
    total = weights = Fraction(0)
    for value, weight in pairs:
        total += value * weight
        weights += weight
    return total / weights if weights else None


def score_assessment(
    *,
    measures: Iterable[MeasureSpec],
    questions: Iterable[QuestionSpec],
    answers: Mapping[str, Answer],
) -> Scores:
    """Score one assessment. `questions` are those that apply to the organisation;
    `answers` maps question keys to what was recorded (missing keys are unanswered)."""
    measures = list(measures)
    by_measure: dict[str, list[QuestionSpec]] = {m.key: [] for m in measures}
    for question in questions:
        if question.measure_key not in by_measure:
            raise ValueError(
                f"Question {question.key} belongs to an unknown measure {question.measure_key}."
            )
        by_measure[question.measure_key].append(question)

    measure_scores: dict[str, MeasureScore] = {}
    question_scores: dict[str, int] = {}
    for measure in measures:
        scored, not_applicable, unanswered = [], 0, 0
        for question in by_measure[measure.key]:
            answer = answers.get(question.key)
            if answer is None or (answer.level is None and not answer.not_applicable):
                unanswered += 1
            elif answer.not_applicable:
                not_applicable += 1
            else:
                question_scores[question.key] = answer.level
                scored.append((Fraction(answer.level), Fraction(question.weight)))
        measure_scores[measure.key] = MeasureScore(
            key=measure.key,
            score=weighted_mean(scored),
            answered=len(scored),
            not_applicable=not_applicable,
            unanswered=unanswered,
        )

    overall = weighted_mean(
        (measure_scores[m.key].score, Fraction(m.weight))
        for m in measures
        if measure_scores[m.key].score is not None
    )
    return Scores(measures=measure_scores, overall=overall, questions=question_scores)


def stored(value: Fraction | None) -> Decimal | None:
    """A score as the database keeps it: eight decimal places."""
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        STORED_PLACES, rounding=ROUND_HALF_UP
    )


def shown(value: Fraction | Decimal | None) -> str:
    """A score as people read it: one decimal place, halves rounded up (2.45 -> 2.5). The same
    as the `score_text` filter of pages and PDFs (`config.formatting`)."""
    return score_text(value)
