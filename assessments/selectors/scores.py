"""Scores, read: the live scores of one assessment from its answers, and the approved, frozen
scores of a whole round (the read seam for reports, PDFs and the API).

Frozen scores are the `Score` rows written when an assessment was approved
(`services.scores.scores_freeze`). They are addressed by stable key (a measure's or a question's
`key`), never by database id or title, so that rounds on different framework versions compare.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from frameworks.models import Measure

from .. import scoring
from ..models import Answer, Assessment, Organisation, Round, Score

ALL_KINDS = (Score.Kind.OVERALL, Score.Kind.MEASURE, Score.Kind.QUESTION)


def compute_scores(assessment: Assessment) -> scoring.Scores:
    """The assessment's scores from its answers as they stand, by the one scoring function
    (three queries). Approval freezes exactly these."""
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


@dataclass(frozen=True)
class MeasureFrozen:
    """A success measure's frozen score (None: nothing in it was scored), and how many of its
    questions were scored and marked not applicable."""

    score: Decimal | None
    answered: int
    not_applicable: int


@dataclass
class OrganisationScores:
    """The frozen scores of one organisation's approved assessment in a round."""

    assessment_id: int
    organisation_id: int
    ods_code: str
    name: str
    care_setting: str
    overall: Decimal | None = None
    measures: dict[str, MeasureFrozen] = field(default_factory=dict)  # by measure key
    questions: dict[str, Decimal] = field(default_factory=dict)  # by question key: the level


@dataclass
class RoundScores:
    """The approved, frozen scores of a round, by organisation ODS code (approved assessments
    only: an assessment in progress, submitted, returned or reopened has no frozen scores)."""

    round_id: int
    framework_version_id: int
    organisations: dict[str, OrganisationScores]

    def overall(self) -> dict[str, Decimal | None]:
        """Each organisation's overall score, by ODS code."""
        return {code: o.overall for code, o in self.organisations.items()}

    def measure(self, key: str) -> dict[str, Decimal | None]:
        """Each organisation's score for one success measure, by ODS code (organisations whose
        care setting is asked nothing in it are left out)."""
        return {
            code: o.measures[key].score
            for code, o in self.organisations.items()
            if key in o.measures
        }

    def question(self, key: str) -> dict[str, Decimal]:
        """Each organisation's level for one question, by ODS code (scored answers only)."""
        return {
            code: o.questions[key] for code, o in self.organisations.items() if key in o.questions
        }


def round_scores(
    round_: Round,
    *,
    organisations: QuerySet[Organisation] | Iterable[int] | None = None,
    kinds: Iterable[str] = ALL_KINDS,
) -> RoundScores:
    """The approved, frozen scores of `round_`, per organisation, per measure and per question.

    Two queries whatever the size of the round, both `values_list()` (no model instances): a
    national round of ~7,000 organisations with ~60 questions each is ~450,000 small tuples,
    so pass `kinds=("overall", "measure")` when question scores are not needed (~56,000).
    `organisations` restricts the result (a queryset, e.g. what the access policy lets someone
    see, or ids); it is applied in the database, as a subquery.
    """
    kinds = tuple(kinds)
    approved = Assessment.objects.filter(round=round_, status=Assessment.Status.APPROVED)
    if organisations is not None:
        if isinstance(organisations, QuerySet):
            organisations = organisations.values("pk")
        approved = approved.filter(organisation__in=organisations)
    by_assessment: dict[int, OrganisationScores] = {
        pk: OrganisationScores(pk, org_id, code, name, setting)
        for pk, org_id, code, name, setting in approved.order_by(
            "organisation__ods_code"
        ).values_list(
            "pk",
            "organisation_id",
            "organisation__ods_code",
            "organisation__name",
            "care_setting",
        )
    }
    rows = (
        Score.objects.filter(assessment__in=approved.values("pk"), kind__in=kinds)
        .order_by()  # the model's ordering would join rounds and organisations to sort
        .values_list("assessment_id", "kind", "key", "score", "answered", "not_applicable")
    )
    for assessment_id, kind, key, score, answered, not_applicable in rows:
        scores = by_assessment.get(assessment_id)
        if scores is None:  # approved between the two queries
            continue
        if kind == Score.Kind.OVERALL:
            scores.overall = score
        elif kind == Score.Kind.MEASURE:
            scores.measures[key] = MeasureFrozen(score, answered, not_applicable)
        else:
            scores.questions[key] = score
    return RoundScores(
        round_id=round_.pk,
        framework_version_id=round_.framework_version_id,
        organisations={s.ods_code: s for s in by_assessment.values()},
    )
