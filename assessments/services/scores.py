"""Freezing an assessment's scores, and withdrawing them. The one place that writes Score rows
and the `Assessment.overall_score` cache: approval and the demo data both come here."""

from collections.abc import Iterable
from decimal import Decimal

from .. import scoring
from ..models import Assessment, Score
from .errors import AssessmentError

BATCH = 2000


def score_rows(assessment: Assessment, scores: scoring.Scores) -> list[Score]:
    """The Score rows of one assessment: overall, per measure and per question."""
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


def scores_freeze(frozen: Iterable[tuple[Assessment, scoring.Scores]]) -> None:
    """Freeze each assessment's scores: replace its Score rows and write its `overall_score`
    cache from the same numbers. A fixed number of queries whatever the number of assessments
    (in batches), so approving one assessment and loading hundreds of demo ones share it.
    Call it inside the transaction that approves, *before* the status becomes approved: the
    database refuses any change to an approved assessment's scores (migration 0004)."""
    frozen = list(frozen)
    if not frozen:
        return
    assessments = [assessment for assessment, _ in frozen]
    _not_approved(assessments, "freeze their scores before approving them")
    for start in range(0, len(assessments), 500):
        batch = [a.pk for a in assessments[start : start + 500]]
        Score.objects.filter(assessment__in=batch).delete()
    rows = []
    for assessment, scores in frozen:
        assessment.overall_score = scoring.stored(scores.overall)
        rows += score_rows(assessment, scores)
    Score.objects.bulk_create(rows, batch_size=BATCH)
    Assessment.objects.bulk_update(assessments, ["overall_score"], batch_size=500)


def scores_withdraw(assessment: Assessment) -> None:
    """Withdraw the frozen scores (on reopening, *after* the status has left approved) and clear
    the `overall_score` cache with them."""
    _not_approved([assessment], "reopen it before withdrawing its scores")
    Score.objects.filter(assessment=assessment).delete()
    assessment.overall_score = None
    Assessment.objects.filter(pk=assessment.pk).update(overall_score=None)


def _not_approved(assessments: list[Assessment], advice: str) -> None:
    """The services' side of the database's rule: a clear DomainError, not an IntegrityError.
    Asks the database, so an assessment object that is out of date cannot slip through."""
    ids = [a.pk for a in assessments]
    approved = Assessment.objects.filter(pk__in=ids, status=Assessment.Status.APPROVED)
    if approved.exists():
        raise AssessmentError(
            f"The scores of an approved assessment cannot change while it stays approved: {advice}."
        )
