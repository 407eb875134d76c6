"""What the system, regional and national pages read besides the aggregate."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from assessments.models import (
    Answer,
    Assessment,
    Round,
    Score,
    System,
    SystemMembership,
    valid_on,
)
from assessments.selectors.scores import ALL_KINDS, RoundScores, round_scores
from frameworks.models import Question

from .core import APPROVED


def rounds_with_approved() -> set[int]:
    """The ids of rounds with at least one approved assessment (one query, a semi-join)."""
    approved = Assessment.objects.filter(round_id=OuterRef("pk"), status=APPROVED)
    return set(Round.objects.filter(Exists(approved)).values_list("pk", flat=True))


def hosted(system: System, on: dt.date) -> list[tuple[int, str, str, str]]:
    """The organisations `system` hosts on `on`, as (id, ODS code, name, care setting)."""
    return list(
        SystemMembership.objects.filter(Q(system=system, is_host=True) & valid_on(on))
        .order_by("organisation__name")
        .values_list(
            "organisation_id",
            "organisation__ods_code",
            "organisation__name",
            "organisation__care_setting",
        )
    )


def assessments_of(round_: Round, organisation_ids: list[int]) -> dict[int, tuple[int, str, bool]]:
    """Each organisation's assessment in the round: (assessment id, status, whether any answer
    is recorded)."""
    rows = (
        Assessment.objects.filter(round_id=round_.pk, organisation_id__in=organisation_ids)
        .annotate(answered=Exists(Answer.objects.filter(assessment_id=OuterRef("pk"))))
        .values_list("organisation_id", "pk", "status", "answered")
        .order_by()
    )
    return {org: (pk, status, answered) for org, pk, status, answered in rows}


def target_sums(
    round_: Round, organisation_ids: list[int]
) -> list[tuple[int, str, Decimal, int, int]]:
    """The target levels recorded in the round's approved assessments of these organisations
    (not-applicable answers and answers without a target left out), summed in the database per
    organisation, measure and question weight: (organisation id, measure key, weight, sum of
    the target levels, how many). Whole-number
    sums, so exact on both databases; a weighted mean is then sum(weight x levels) /
    sum(weight x how many)."""
    return list(
        Answer.objects.filter(
            assessment__round_id=round_.pk,
            assessment__status=APPROVED,
            assessment__organisation_id__in=organisation_ids,
            target_level__isnull=False,
            not_applicable=False,
        )
        .values_list("assessment__organisation_id", "question__measure__key", "question__weight")
        .annotate(levels=Sum("target_level"), answers=Count("pk"))
        .order_by()
    )


def question_levels(
    round_: Round, organisation_ids: list[int]
) -> list[tuple[str, int, int, Decimal]]:
    """Per question key, over these organisations' approved assessments in the round: how many
    scored it, how many at level 1 or 2, and the sum of their levels (whole levels: exact)."""
    return list(
        Score.objects.filter(
            assessment__round_id=round_.pk,
            assessment__status=APPROVED,
            assessment__organisation_id__in=organisation_ids,
            kind=Score.Kind.QUESTION,
            score__isnull=False,
        )
        .values_list("key")
        .annotate(n=Count("pk"), weak=Count("pk", filter=Q(score__lte=2)), total=Sum("score"))
        .order_by()
    )


def question_texts(round_: Round) -> dict[str, tuple[str, str]]:
    """The round's questions by stable key: (text, its measure's label)."""
    return {
        key: (text, label)
        for key, text, label in Question.objects.filter(
            version_id=round_.framework_version_id
        ).values_list("key", "text", "measure__label")
    }


def round_scores_of(round_: Round, organisation_ids: list[int], kinds=None) -> RoundScores:
    """The approved, frozen scores of these organisations in the round (the read seam); only
    the `kinds` of score asked for (all by default)."""
    return round_scores(round_, organisations=organisation_ids, kinds=kinds or ALL_KINDS)
