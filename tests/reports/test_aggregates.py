"""Every figure of the small world, computed by hand (see small_world.py for the map)."""

import datetime as dt
from fractions import Fraction as F

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.services import system_merge
from reports import sources
from reports.aggregates import (
    FIGURES,
    ICB,
    OVERALL,
    PROVIDERS,
    REGION,
    SYSTEM,
    THE_NATION,
    Footprint,
    Group,
    aggregate,
    comparable_measures,
    to_places,
    trend,
)

from . import small_world

pytestmark = pytest.mark.django_db


def d(text: str) -> F:
    return F(text)


@pytest.fixture
def world():
    round_, north, south, systems, organisations = small_world.build()
    return {
        "round": round_,
        "north": Group(REGION, north.pk),
        "south": Group(REGION, south.pk),
        **{code: Group(SYSTEM, s.pk) for code, s in systems.items()},
        "organisations": organisations,
        "systems": systems,
    }


def figures(cell):
    return {
        name: cell.value(name)
        for name in (
            "expected",
            "approved",
            "n",
            "mean",
            "median",
            "q1",
            "q3",
            "minimum",
            "maximum",
        )
    }


def test_a_systems_provider_figures_count_its_hosted_organisations_but_not_its_icb(world):
    result = aggregate(world["round"])
    # A1 2.5, A2 3.25, M1 1.75, G1-G4 2.0 2.2 3.0 3.6, AMB 2.1; C1 submitted, G5 not started.
    assert figures(result.cell(world["QWO"])) == {
        "expected": 10,
        "approved": 8,
        "n": 8,
        "mean": d("2.55"),
        "median": d("2.35"),  # between 2.2 and 2.5
        "q1": d("2.075"),  # position 1.75: 2.0 + 0.75 x 0.1
        "q3": d("3.0625"),  # position 5.25: 3.0 + 0.25 x 0.25
        "minimum": d("1.75"),
        "maximum": d("3.6"),
    }
    assert result.cell(world["QWO"]).completeness == F(4, 5)


def test_halves_are_shown_rounded_up_from_the_exact_value(world):
    cell = aggregate(world["round"]).cell(world["QWO"])
    assert cell.shown("mean") == "2.6"  # exactly 2.55: a float would say 2.5499999...
    assert cell.shown("q1") == "2.1"  # 2.075
    assert cell.shown("completeness") == "80%"
    assert to_places(cell.q3, 2) == to_places(d("3.06"), 2)


def test_figures_by_care_setting(world):
    result = aggregate(world["round"])
    qwo = world["QWO"]
    assert figures(result.cell(qwo, "acute")) == {
        "expected": 2,
        "approved": 2,
        "n": 2,
        "mean": d("2.875"),
        "median": d("2.875"),
        "q1": d("2.6875"),
        "q3": d("3.0625"),
        "minimum": d("2.5"),
        "maximum": d("3.25"),
    }
    assert figures(result.cell(qwo, "general_practice")) == {
        "expected": 5,
        "approved": 4,
        "n": 4,
        "mean": d("2.7"),
        "median": d("2.6"),
        "q1": d("2.15"),
        "q3": d("3.15"),
        "minimum": d("2.0"),
        "maximum": d("3.6"),
    }
    one = result.cell(qwo, "mental_health")
    assert (one.n, one.mean, one.median, one.q1, one.q3) == (1, *[d("1.75")] * 4)
    nobody = result.cell(qwo, "community")
    assert (nobody.expected, nobody.approved, nobody.n, nobody.mean) == (1, 0, 0, None)
    assert nobody.completeness == 0


def test_the_icb_is_shown_apart_never_mixed_into_provider_figures(world):
    result = aggregate(world["round"])
    icb = result.cell(world["QWO"], ICB)
    assert (icb.expected, icb.approved, icb.n, icb.mean) == (1, 1, 1, d("2.8"))
    north_icbs = result.cell(world["north"], ICB)
    assert (north_icbs.n, north_icbs.mean, north_icbs.minimum) == (2, d("3.1"), d("2.8"))
    nation_icbs = result.cell(THE_NATION, ICB)
    assert (nation_icbs.expected, nation_icbs.approved, nation_icbs.n) == (3, 2, 2)
    assert result.cell(world["QJK"], ICB).completeness == 0


def test_an_ambulance_trust_counts_in_its_host_system_only(world):
    result = aggregate(world["round"])
    qhm = result.cell(world["QHM"])
    # T1 3.0, G6 1.5, G7 2.5: AMB serves QHM but is hosted by QWO.
    assert figures(qhm) == {
        "expected": 3,
        "approved": 3,
        "n": 3,
        "mean": F(7, 3),
        "median": d("2.5"),
        "q1": d("2.0"),
        "q3": d("2.75"),
        "minimum": d("1.5"),
        "maximum": d("3.0"),
    }
    assert (qhm.shown("mean"), str(to_places(qhm.mean))) == ("2.3", "2.33333333")
    assert result.cell(world["QHM"], "ambulance").expected == 0
    assert [o.name for o in sources.serving(world["systems"]["QHM"], small_world.OPENS)] == ["AMB"]


def test_region_and_nation_figures(world):
    result = aggregate(world["round"])
    # North: the 8 of QWO and the 3 of QHM.
    assert figures(result.cell(world["north"])) == {
        "expected": 13,
        "approved": 11,
        "n": 11,
        "mean": F(274, 110),
        "median": d("2.5"),
        "q1": d("2.05"),
        "q3": d("3.0"),  # position 7.5: between 3.0 and 3.0
        "minimum": d("1.5"),
        "maximum": d("3.6"),
    }
    assert result.cell(world["north"]).shown("mean") == "2.5"  # 2.4909...
    assert figures(result.cell(THE_NATION)) == {
        "expected": 15,
        "approved": 13,
        "n": 13,
        "mean": d("2.6"),
        "median": d("2.5"),
        "q1": d("2.1"),
        "q3": d("3.0"),
        "minimum": d("1.5"),
        "maximum": d("4.0"),
    }
    assert result.cell(THE_NATION, "general_practice").n == 7
    assert result.unplaced == 0


def test_a_measure_counts_only_the_organisations_with_a_score_for_it(world):
    cell = aggregate(world["round"]).cell(world["QWO"], measure="well-led")
    # Each overall + 0.5, without M1: 2.5 2.6 2.7 3.0 3.5 3.75 4.1.
    assert figures(cell) == {
        "expected": 10,
        "approved": 8,
        "n": 7,
        "mean": F(2215, 700),
        "median": d("3.0"),
        "q1": d("2.65"),
        "q3": d("3.625"),
        "minimum": d("2.5"),
        "maximum": d("4.1"),
    }


def test_the_groups_form_a_tree_of_regions_and_systems(world):
    result = aggregate(world["round"])
    assert result.children[THE_NATION] == sorted(
        [world["north"], world["south"]], key=lambda g: g.id
    )
    assert set(result.children[world["north"]]) == {world["QWO"], world["QHM"]}
    assert result.settings()[0] == PROVIDERS and result.settings()[-1] == ICB
    assert "1 May 2025" in result.note


def test_every_figure_has_a_method_text():
    assert all(f.method and f.label for f in FIGURES.values())


def _work(captured) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "SET"))
    ]


def _queries(call) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        call()
    return _work(captured)


def test_the_number_of_queries_does_not_grow_with_the_organisations(world):
    round_ = world["round"]
    few = [_queries(lambda: aggregate(round_, fresh=True)), _queries(lambda: aggregate(round_))]
    few.append(_queries(lambda: aggregate(round_)))
    system = world["systems"]["QJK"]
    from assessments.models import Organisation, SystemMembership

    for i in range(30):
        organisation = Organisation.objects.create(
            ods_code=f"ZX{i:03}", name=f"X{i}", care_setting="general_practice"
        )
        SystemMembership.objects.create(
            organisation=organisation, system=system, is_host=True, valid_from=small_world.START
        )
        small_world.freeze(round_, organisation, "approved", "3.0")
    many = [_queries(lambda: aggregate(round_, fresh=True)), _queries(lambda: aggregate(round_))]
    many.append(_queries(lambda: aggregate(round_)))
    assert aggregate(round_).cell(world["QJK"], "general_practice").n == 31
    computed, refreshed, kept = (len(q) for q in many)
    assert [len(q) for q in few] == [computed, refreshed, kept]
    # Direct: measures, counts, figures, unplaced, systems, regions. Kept: the snapshot at the
    # current generation, its cells, measures, systems, regions. Refreshing: no snapshot at the
    # current generation, the generation,
    # the direct six, two deletes, the snapshot, and its cells in batches (as many batches for
    # few and many organisations: the cells grow with the groups, not the organisations).
    assert (computed, kept) == (6, 5)
    inserts = [q for q in many[1] if "INSERT" in q and "reports_cellfigures" in q]
    assert refreshed == 2 + 6 + 2 + 1 + len(inserts) and inserts


def test_after_a_merger_earlier_rounds_are_counted_on_todays_systems(world):
    system_merge(
        into_code="QZZ", name="North ICB", from_codes=["QWO", "QHM"], on=dt.date(2026, 4, 1)
    )
    from assessments.models import System

    merged = Group(SYSTEM, System.objects.get(ods_code="QZZ").pk)
    then = aggregate(world["round"])
    assert then.cell(world["QWO"]).n == 8 and then.cell(merged).n == 0
    now = aggregate(world["round"], footprint=Footprint.TODAY, today=dt.date(2026, 11, 30))
    assert now.cell(world["QWO"]).n == 0
    assert figures(now.cell(merged)) == figures(then.cell(world["north"]))
    assert now.cell(merged, ICB).n == 2
    assert figures(now.cell(THE_NATION)) == figures(then.cell(THE_NATION))
    assert "re-aggregated onto today's systems" in now.note
    assert now.children[world["north"]] == [merged]


def test_an_organisation_that_moved_counts_where_it_was_hosted_on_the_day(world):
    from assessments.models import SystemMembership

    g8 = world["organisations"]["G8"]
    SystemMembership.objects.filter(organisation=g8).update(valid_to=dt.date(2026, 3, 31))
    SystemMembership.objects.create(
        organisation=g8,
        system=world["systems"]["QHM"],
        is_host=True,
        valid_from=dt.date(2026, 4, 1),
    )
    then = aggregate(world["round"])
    now = aggregate(world["round"], footprint=Footprint.TODAY, today=dt.date(2026, 5, 1))
    assert then.cell(world["QJK"]).n == 2 and now.cell(world["QJK"]).n == 1
    assert then.cell(world["QHM"]).n == 3 and now.cell(world["QHM"]).n == 4
    assert then.cell(world["south"]).n == 2 and now.cell(world["south"]).n == 1


def test_organisations_without_a_host_system_on_the_day_are_counted_apart(world):
    from assessments.models import SystemMembership

    SystemMembership.objects.filter(organisation=world["organisations"]["E1"]).update(
        valid_to=dt.date(2026, 3, 31)
    )
    now = aggregate(world["round"], footprint=Footprint.TODAY, today=dt.date(2026, 5, 1))
    assert now.unplaced == 1
    assert now.cell(THE_NATION).n == 12


def test_trends_compare_only_through_stable_measure_keys(world):
    result = trend([world["round"]], today=dt.date(2026, 5, 1))
    keys = [key for key, _ in comparable_measures(result)]
    assert keys[-1] == OVERALL and "well-led" in keys
