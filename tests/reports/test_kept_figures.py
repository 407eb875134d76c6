"""Kept (precomputed) figures are the figures: identical to a direct computation, and never
stale, whatever writes the data (services, bulk updates, raw SQL)."""

import datetime as dt
from fractions import Fraction

import pytest
from django.db import connection

from assessments.models import Assessment, Role, SystemMembership
from assessments.services import assessment_approve, assessment_reopen, system_merge
from reports import sources
from reports.aggregates import (
    REGION,
    SYSTEM,
    THE_NATION,
    Footprint,
    Group,
    aggregate,
    refresh,
)
from reports.aggregates import stored as kept_figures
from reports.models import CellFigures, FiguresSnapshot
from tests.factories import PersonaFactory

from . import small_world

pytestmark = pytest.mark.django_db
LATER = dt.date(2026, 11, 30)


@pytest.fixture
def world():
    round_, north, south, systems, organisations = small_world.build()
    return round_, north, systems, organisations


def same(kept, fresh) -> None:
    """Every cell and every figure, the tree and the unplaced count: identical."""
    assert kept.cells == fresh.cells
    assert kept.children == fresh.children
    assert (kept.unplaced, kept.on, kept.measures) == (fresh.unplaced, fresh.on, fresh.measures)
    assert kept.systems.keys() == fresh.systems.keys()


def both(round_, **kwargs):
    return aggregate(round_, **kwargs), aggregate(round_, fresh=True, **kwargs)


def test_kept_figures_are_identical_to_the_direct_computation(world):
    round_ = world[0]
    for footprint, today in ((Footprint.ROUND, None), (Footprint.TODAY, LATER)):
        first = aggregate(round_, footprint=footprint, today=today)  # computed and kept
        kept, fresh = both(round_, footprint=footprint, today=today)  # read back
        same(first, fresh)
        same(kept, fresh)
    assert FiguresSnapshot.objects.filter(round=round_).count() == 2
    assert kept.cell(THE_NATION).mean == Fraction("2.6")


def test_a_second_read_reads_the_kept_figures_and_computes_nothing(world, monkeypatch):
    round_ = world[0]
    aggregate(round_)

    def computing(*args, **kwargs):
        raise AssertionError("computed again")

    monkeypatch.setattr("reports.aggregates.compute", computing)
    assert aggregate(round_).cell(THE_NATION).n == 13


def test_approval_refreshes_the_figures(world):
    round_, north, systems, organisations = world
    before = aggregate(round_)
    c1 = Assessment.objects.get(round=round_, organisation=organisations["C1"])
    approver = PersonaFactory(role=Role.APPROVER, at=organisations["C1"])
    assessment_approve(assessment=c1, by=approver)
    after, fresh = both(round_)
    same(after, fresh)
    qwo = Group(SYSTEM, systems["QWO"].pk)
    assert (before.cell(qwo).approved, after.cell(qwo).approved) == (8, 9)
    assert after.cell(qwo, "community").approved == 1


def test_reopening_refreshes_the_figures(world):
    round_, north, systems, organisations = world
    aggregate(round_)
    g8 = Assessment.objects.get(round=round_, organisation=organisations["G8"])
    national = PersonaFactory(role=Role.NATIONAL_ADMIN)
    assessment_reopen(assessment=g8, by=national, reason="Wrong organisation answered.")
    after, fresh = both(round_)
    same(after, fresh)
    assert after.cell(THE_NATION).n == 12
    assert after.cell(Group(SYSTEM, systems["QJK"].pk), "general_practice").n == 0


def test_a_merger_refreshes_todays_figures(world):
    round_, north, systems, organisations = world
    aggregate(round_, footprint=Footprint.TODAY, today=LATER)
    system_merge(into_code="QZZ", name="North ICB", from_codes=["QWO", "QHM"], on=LATER)
    after, fresh = both(round_, footprint=Footprint.TODAY, today=LATER)
    same(after, fresh)
    merged = [g for g in after.children[Group(REGION, north.pk)]]
    assert len(merged) == 1 and after.cell(merged[0]).n == 11


def test_writes_outside_the_services_refresh_the_figures_too(world):
    round_, north, systems, organisations = world
    aggregate(round_, footprint=Footprint.TODAY, today=LATER)
    SystemMembership.objects.filter(organisation=organisations["G8"]).update(valid_to=LATER)
    after, fresh = both(round_, footprint=Footprint.TODAY, today=LATER + dt.timedelta(days=1))
    same(after, fresh)
    assert after.unplaced == 1
    # Frozen scores of approved assessments cannot change (the database refuses); a status
    # written by raw SQL, past the services, still refreshes the figures.
    approved = aggregate(round_).cell(THE_NATION).approved
    g1 = Assessment.objects.get(round=round_, organisation=organisations["G1"])
    table = connection.ops.quote_name(Assessment._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET status = 'submitted' WHERE id = %s", [g1.pk])
    after, fresh = both(round_)
    same(after, fresh)
    assert after.cell(THE_NATION).approved == approved - 1


def test_answering_leaves_the_kept_figures_alone(world):
    round_, north, systems, organisations = world
    aggregate(round_)
    generation = kept_figures.generation()
    c1 = Assessment.objects.get(round=round_, organisation=organisations["C1"])
    c1.return_comment = "Not a figure."
    c1.save()
    assert kept_figures.generation() == generation
    assert kept_figures.kept(round_, round_.opens_on) is not None


def test_refresh_keeps_one_snapshot_per_round_and_day(world, monkeypatch):
    monkeypatch.setattr(sources, "today", lambda: LATER)
    round_ = world[0]
    refresh(round_, on=round_.opens_on)
    refresh(round_, on=round_.opens_on)
    aggregate(round_, footprint=Footprint.TODAY, today=LATER - dt.timedelta(days=2))
    aggregate(round_, footprint=Footprint.TODAY, today=LATER - dt.timedelta(days=1))

    def kept():
        return sorted(FiguresSnapshot.objects.values_list("on", flat=True))

    assert kept() == [round_.opens_on, LATER - dt.timedelta(days=1)]
    # Today's footprint (the trends') and the round's own survive each other's keeping.
    aggregate(round_, footprint=Footprint.TODAY)
    refresh(round_, on=round_.opens_on)
    assert kept() == [round_.opens_on, LATER]
    assert not CellFigures.objects.exclude(snapshot__in=FiguresSnapshot.objects.all()).exists()
