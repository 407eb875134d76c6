"""The only door from reports into assessments' data.

Everything reports read about rounds, assessments, frozen scores, organisations and their system
memberships goes through the functions here, so that when assessments publishes its own
selectors this is the one module to repoint. Each function returns plain rows or a queryset of
plain values; nothing here computes a statistic.
"""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Sum

from assessments.models import (
    Answer,
    Assessment,
    Evidence,
    Organisation,
    OrganisationCareSetting,
    Region,
    Round,
    Score,
    System,
    SystemMembership,
    valid_on,
)
from assessments.models import today as _today
from assessments.selectors.scores import ALL_KINDS, RoundScores, round_scores
from frameworks.models import Level, Measure, Question

APPROVED = Assessment.Status.APPROVED
ICB = "icb"
CARE_SETTINGS: list[str] = list(OrganisationCareSetting.values)
# Scores are stored to 8 decimal places; the database hands them over as whole numbers of
# 10^-8 ("units"): CAST(ROUND(score * 10^8) AS BIGINT) is exact on PostgreSQL's numeric, and on
# SQLite's float because a stored score is within 10^-15 of a multiple of 10^-8.
UNITS_PER_POINT = 10**8


def today() -> dt.date:
    return _today()


def round_get(round_id: int) -> Round:
    return Round.objects.select_related("framework_version").get(pk=round_id)


def rounds_in_order() -> list[Round]:
    """Every launched round, oldest first."""
    return list(
        Round.objects.filter(launched_at__isnull=False)
        .select_related("framework_version")
        .order_by("opens_on", "pk")
    )


def measures_of(round_: Round) -> list[tuple[str, str]]:
    """The round's success measures as (stable key, label), in the framework's order."""
    return list(
        Measure.objects.filter(version_id=round_.framework_version_id)
        .order_by("order")
        .values_list("key", "label")
    )


def _host_on(prefix: str, on: dt.date) -> Q:
    """The organisation's host membership valid on `on` (one per day: the merger service ends
    the old one the day before the new one starts)."""
    membership = f"{prefix}system_memberships__"
    return Q(**{f"{membership}is_host": True}) & valid_on(on, membership)


def score_rows(round_: Round, on: dt.date) -> tuple[str, list]:
    """SQL and parameters for one row per frozen measure or overall score of an approved
    assessment of the round whose organisation has a host system on `on`: system_id,
    region_id, setting (the assessment's care setting), measure (the key, "" for overall) and
    units (the score in whole 10^-8). Hand-written so that the aggregation can wrap it, and
    joined straight from assessment to membership (no detour through organisations)."""
    table = {
        model: connection.ops.quote_name(model._meta.db_table)
        for model in (Score, Assessment, SystemMembership, System)
    }
    sql = f"""
        SELECT m.system_id AS system_id, s.region_id AS region_id,
               a.care_setting AS setting, sc.key AS measure,
               CAST(ROUND(sc.score * {UNITS_PER_POINT}) AS BIGINT) AS units
        FROM {table[Score]} sc
        JOIN {table[Assessment]} a ON a.id = sc.assessment_id
        JOIN {table[SystemMembership]} m ON m.organisation_id = a.organisation_id
             AND m.is_host AND m.valid_from <= %s AND (m.valid_to IS NULL OR m.valid_to >= %s)
        JOIN {table[System]} s ON s.id = m.system_id
        WHERE a.round_id = %s AND a.status = %s AND sc.kind IN (%s, %s)
              AND sc.score IS NOT NULL
    """
    return sql, [on, on, round_.pk, APPROVED, Score.Kind.MEASURE, Score.Kind.OVERALL]


def assessment_counts(
    round_: Round, on: dt.date
) -> list[tuple[int | None, int | None, str, int, int]]:
    """Per host system on `on` (None: no host system that day) and care setting: the
    assessments launched and those approved, as (system, region, setting, launched, approved)."""
    launched = Assessment.objects.filter(round_id=round_.pk)
    counted = (
        launched.filter(_host_on("organisation__", on))
        .values(
            system=F("organisation__system_memberships__system_id"),
            region=F("organisation__system_memberships__system__region_id"),
            setting=F("care_setting"),
        )
        .annotate(launched=Count("pk"), approved=Count("pk", filter=Q(status=APPROVED)))
        .order_by()
    )
    return [(r["system"], r["region"], r["setting"], r["launched"], r["approved"]) for r in counted]


def unplaced_count(round_: Round, on: dt.date) -> int:
    """Assessments of the round whose organisation has no host system on `on`."""
    return (
        Assessment.objects.filter(round_id=round_.pk)
        .exclude(
            organisation_id__in=SystemMembership.objects.filter(
                Q(is_host=True) & valid_on(on)
            ).values("organisation_id")
        )
        .count()
    )


def systems_and_regions(on: dt.date) -> tuple[dict[int, System], dict[int, Region]]:
    """The systems valid on `on` (with their regions), and every region."""
    systems = {s.pk: s for s in System.objects.filter(valid_on(on)).select_related("region")}
    regions = {r.pk: r for r in Region.objects.all()}
    return systems, regions


def hosted_by(system: System, on: dt.date, *, providers_only: bool = True):
    """The organisations `system` hosts on `on` (the ones its figures count), as a queryset;
    ICBs left out unless `providers_only=False`, as in the providers' figures."""
    organisations = Organisation.objects.filter(
        Q(system_memberships__system=system) & _host_on("", on)
    ).distinct()
    return organisations.exclude(care_setting=ICB) if providers_only else organisations


def serving(system: System, on: dt.date) -> list[Organisation]:
    """Organisations that serve `system` on `on` without being hosted there (ambulance trusts):
    listed on its pages, counted in their host system only."""
    return list(
        Organisation.objects.filter(
            Q(system_memberships__system=system, system_memberships__is_host=False)
            & valid_on(on, "system_memberships__")
        )
        .order_by("name")
        .distinct()
    )


def launched_round(round_id: int) -> Round | None:
    """A launched round by id, or None (an unknown or unlaunched round)."""
    return (
        Round.objects.filter(pk=round_id, launched_at__isnull=False)
        .select_related("framework_version__framework")
        .first()
    )


def hosted_in(*, system: System | None = None, region: Region | None = None, on: dt.date):
    """The organisations hosted on `on` by `system` (or by any system of `region`): those its
    figures count."""
    memberships = SystemMembership.objects.filter(Q(is_host=True) & valid_on(on))
    if system is not None:
        memberships = memberships.filter(system=system)
    if region is not None:
        memberships = memberships.filter(system__region=region)
    return Organisation.objects.filter(pk__in=memberships.values("organisation_id"))


def host_systems(organisation_ids, on: dt.date) -> dict[int, System]:
    """Each organisation's host system on `on`, by organisation id."""
    return {
        m.organisation_id: m.system
        for m in SystemMembership.objects.filter(
            Q(is_host=True) & valid_on(on), organisation_id__in=organisation_ids
        ).select_related("system")
    }


def organisation_scores(round_: Round, organisations) -> RoundScores:
    """The approved, frozen scores of `round_` of these organisations (a queryset: what the
    access policy lets the reader see), per measure and overall (no question rows)."""
    return round_scores(round_, organisations=organisations, kinds=("overall", "measure"))


def host_system_on(organisation_id: int, on: dt.date) -> System | None:
    """The system hosting the organisation on `on` (with its region), or None."""
    membership = (
        SystemMembership.objects.filter(organisation_id=organisation_id, is_host=True)
        .filter(valid_on(on))
        .select_related("system__region")
        .first()
    )
    return membership.system if membership else None


def approved_assessments_of(organisation_id: int) -> list[Assessment]:
    """The organisation's approved assessments, oldest round first, with round and version."""
    return list(
        Assessment.objects.filter(organisation_id=organisation_id, status=APPROVED)
        .select_related("round", "framework_version")
        .order_by("round__opens_on", "round_id")
    )


def frozen_scores(assessment_ids: list[int]) -> dict[int, dict[str, Decimal | None]]:
    """Each assessment's frozen overall ("") and measure scores, by measure key: one query."""
    found: dict[int, dict[str, Decimal | None]] = {pk: {} for pk in assessment_ids}
    for pk, key, score in Score.objects.filter(
        assessment_id__in=assessment_ids, kind__in=[Score.Kind.OVERALL, Score.Kind.MEASURE]
    ).values_list("assessment_id", "key", "score"):
        found[pk][key] = score
    return found


# --- what the system, regional and national pages read besides the aggregate -----------------


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


def target_rows(round_: Round, organisation_ids: list[int]) -> list[tuple[int, str, int, object]]:
    """The target levels recorded in the round's approved assessments of these organisations,
    as (organisation id, measure key, target level, question weight); not-applicable answers
    and answers without a target are left out."""
    return list(
        Answer.objects.filter(
            assessment__round_id=round_.pk,
            assessment__status=APPROVED,
            assessment__organisation_id__in=organisation_ids,
            target_level__isnull=False,
            not_applicable=False,
        )
        .values_list(
            "assessment__organisation_id",
            "question__measure__key",
            "target_level",
            "question__weight",
        )
        .order_by()
    )


def target_sums(
    round_: Round, organisation_ids: list[int]
) -> list[tuple[int, str, Decimal, int, int]]:
    """`target_rows` summed in the database per organisation, measure and question weight:
    (organisation id, measure key, weight, sum of the target levels, how many). Whole-number
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


# --- what the documents read besides the aggregate (reports/documents/) -----------------------


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
