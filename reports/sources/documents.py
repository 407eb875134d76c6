"""What the documents read besides the aggregate (reports/documents/)."""

import datetime as dt

from django.db.models import Count, Q

from assessments.models import (
    Answer,
    Assessment,
    Evidence,
    Region,
    Round,
    System,
    valid_on,
)
from frameworks.models import Level, Measure, Question

from .core import APPROVED


def approved_decisions(round_: Round, organisation_ids: list[int]) -> list[tuple[str, int, object]]:
    """The approved assessments of these organisations in the round, as (ODS code, assessment
    id, decided at), by ODS code: the approved data a document is built from."""
    return list(
        Assessment.objects.filter(
            round_id=round_.pk, status=APPROVED, organisation_id__in=organisation_ids
        )
        .order_by("organisation__ods_code")
        .values_list("organisation__ods_code", "pk", "decided_at")
    )


def answer_and_evidence_counts(
    round_: Round, organisation_ids: list[int]
) -> dict[int, tuple[int, int]]:
    """Per organisation: the answers (scored or not applicable) and the evidence items of its
    approved assessment in the round (two queries)."""
    approved = Assessment.objects.filter(
        round_id=round_.pk, status=APPROVED, organisation_id__in=organisation_ids
    )
    answers = dict(
        Answer.objects.filter(assessment__in=approved)
        .filter(Q(level__isnull=False) | Q(not_applicable=True))
        .values("assessment__organisation_id")
        .annotate(n=Count("pk"))
        .values_list("assessment__organisation_id", "n")
        .order_by()
    )
    evidence = dict(
        Evidence.objects.filter(assessment__in=approved)
        .values("assessment__organisation_id")
        .annotate(n=Count("pk"))
        .values_list("assessment__organisation_id", "n")
        .order_by()
    )
    return {pk: (answers.get(pk, 0), evidence.get(pk, 0)) for pk in organisation_ids}


def question_guidance(round_: Round) -> dict[str, dict]:
    """The round's questions by stable key: text, measure key, weight, and per level its
    descriptor and "how to reach the next level" (two queries)."""
    questions = {
        key: {"text": text, "measure": measure, "weight": weight, "levels": {}}
        for key, text, measure, weight in Question.objects.filter(
            version_id=round_.framework_version_id
        )
        .order_by("measure__order", "order")
        .values_list("key", "text", "measure__key", "weight")
    }
    for key, level, descriptor, next_steps in Level.objects.filter(
        question__version_id=round_.framework_version_id
    ).values_list("question__key", "level", "descriptor", "next_steps"):
        questions[key]["levels"][level] = (descriptor, next_steps)
    return questions


def measure_weights(round_: Round) -> dict[str, object]:
    """The round's success measures' weights, by stable key."""
    return dict(
        Measure.objects.filter(version_id=round_.framework_version_id).values_list("key", "weight")
    )


def previous_round(round_: Round) -> Round | None:
    """The launched round before `round_` (by opening day), if any."""
    return (
        Round.objects.filter(launched_at__isnull=False, opens_on__lt=round_.opens_on)
        .select_related("framework_version")
        .order_by("-opens_on", "-pk")
        .first()
    )


def systems_of_region(region: Region, on: dt.date) -> list[System]:
    """The region's systems valid on `on`, by name."""
    return list(System.objects.filter(Q(region=region) & valid_on(on)).order_by("name"))
