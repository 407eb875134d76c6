"""Rounds, footprints and the score rows the aggregation reads (see the package's docstring)."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Q

from assessments.models import (
    Assessment,
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
from assessments.selectors.scores import RoundScores, round_scores
from frameworks.models import Measure

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
