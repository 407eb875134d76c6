"""Figures printed in more than one place come from one function and one rounding: halves up.

In West Yorkshire (QWO) of the small world, eight providers are approved: A1, A2, M1, G1, G2,
G3, G4 and AMB. On top of the small world's frozen scores this records, by hand:

- question levels: sf-network at level 1 for A1 only (1 of 8 weak: 12.5%, shown "13%"),
  sf-cyber at level 2 for five of them (5 of 8: 62.5%, shown "63%"); Python's round() would
  print "12%" and "62%" (halves to even), unlike the completeness beside them;
- targets (sf-network weighs 1 and sf-cyber 0.5 in "foundations"):
      A1 sf-network 3, sf-cyber 4  -> (3 + 2) / 1.5 = 10/3
      A2 sf-network 3, sf-cyber 2  -> (3 + 1) / 1.5 = 8/3
      G1 sf-network 1              -> 1
      G2 sf-cyber 2                -> 2
  the system's target for foundations: (10/3 + 8/3 + 1 + 2) / 4 = 9/4 = 2.25, shown "2.3"
  (halves up; halves to even would give "2.2"); for well led (wl-strategy): A1 3, A2 2, G1 2,
  G2 2 -> 9/4 = 2.25, "2.3" too.
"""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import timezone

from assessments.models import Answer, Assessment, Score
from config.formatting import percent_text, score_text
from frameworks.models import Question
from reports import charts
from reports.aggregates import PROVIDERS, SYSTEM, Cell, Group
from reports.documents.plan import proposed_plan
from reports.plans.proposal import measure_targets, propose
from reports.presenters.common import choose_round
from reports.presenters.system import WeakQuestion, dashboard
from reports.presenters.viewer import viewer_for

from . import pages_world

pytestmark = pytest.mark.django_db

PROVIDERS_QWO = ("A1", "A2", "M1", "G1", "G2", "G3", "G4", "AMB")
LEVELS = {
    "sf-network": {"A1": 1, **dict.fromkeys(PROVIDERS_QWO[1:], 3)},
    "sf-cyber": {**dict.fromkeys(PROVIDERS_QWO[:5], 2), **dict.fromkeys(PROVIDERS_QWO[5:], 4)},
}
TARGETS = {
    "A1": {"sf-network": 3, "sf-cyber": 4, "wl-strategy": 3},
    "A2": {"sf-network": 3, "sf-cyber": 2, "wl-strategy": 2},
    "G1": {"sf-network": 1, "wl-strategy": 2},
    "G2": {"sf-cyber": 2, "wl-strategy": 2},
}


@pytest.fixture
def world():
    world = pages_world.build()
    questions = {q.key: q for q in Question.objects.filter(version=world.round.framework_version)}
    assessments = {
        a.organisation.name: a
        for a in Assessment.objects.filter(round=world.round).select_related("organisation")
    }
    touched = [assessments[code].pk for code in PROVIDERS_QWO]
    # Reopened first: the database lets an approved assessment's data change only then.
    Assessment.objects.filter(pk__in=touched).update(status="submitted")
    for code, targets in TARGETS.items():
        for key, target in targets.items():
            Answer.objects.create(
                assessment=assessments[code], question=questions[key], level=2, target_level=target
            )
    for key, levels in LEVELS.items():
        for code, level in levels.items():
            Score.objects.create(
                assessment=assessments[code], kind="question", key=key, score=Decimal(level)
            )
    Assessment.objects.filter(pk__in=touched).update(status="approved", decided_at=timezone.now())
    return world


def _board(world, who="sro"):
    viewer = viewer_for(world.users[who])
    return dashboard(world.systems["QWO"], viewer, choose_round(str(world.round.pk)))


def test_a_share_of_organisations_rounds_halves_up_like_completeness():
    for weak, n, text in (
        (1, 8, "13%"),
        (5, 8, "63%"),
        (3, 8, "38%"),
        (1, 3, "33%"),
        (2, 3, "67%"),
    ):
        question = WeakQuestion("q", "A question", "m", n=n, weak=weak, mean=Fraction(2))
        completeness = Cell(Group(SYSTEM, 1), PROVIDERS, "", expected=n, approved=weak)
        assert question.share == completeness.shown("completeness") == text
    assert percent_text(None) == "-"
    assert percent_text(Fraction(1, 200)) == "1%"  # 0.5% up
    assert percent_text(Fraction(1)) == "100%"


def test_the_dashboards_weak_shares_round_halves_up(world, client):
    shares = {q.key: (q.weak, q.n, q.share) for q in _board(world).weak}
    assert shares["sf-network"] == (1, 8, "13%")
    assert shares["sf-cyber"] == (5, 8, "63%")
    client.force_login(world.users["sro"])
    page = client.get("/results/systems/QWO/").content.decode()
    assert "13% (1 of 8)" in page and "63% (5 of 8)" in page


def test_the_system_target_is_one_rule_on_the_dashboard_the_plan_and_the_document(world):
    system = world.systems["QWO"]
    providers = [world.organisations[code].pk for code in PROVIDERS_QWO]
    exact = measure_targets(world.round, providers)
    assert exact == {"foundations": Fraction(9, 4), "well-led": Fraction(9, 4)}

    board = {row.key: row.target for row in _board(world).rows}
    assert board["foundations"] == board["well-led"] == "2.3"  # 2.25, halves up

    proposal = {
        t.measure_key: (t.proposed, t.proposed_from) for t in propose(system, world.round).targets
    }
    assert proposal["foundations"] == proposal["well-led"] == (Decimal("2.3"), "organisations")

    document = proposed_plan(world.round, providers, {"foundations": None, "well-led": None})
    assert document.targets == {"foundations": Fraction(23, 10), "well-led": Fraction(23, 10)}
    for key in ("foundations", "well-led"):
        assert score_text(document.targets[key]) == board[key] == score_text(proposal[key][0])


def test_a_board_reader_sees_targets_set_by_at_least_the_minimum_number_only(world):
    # Four organisations set each target, fewer than the five a board reader needs.
    targets = {row.key: row.target for row in _board(world, "board").rows}
    assert targets["foundations"] == targets["well-led"] == ""


def test_a_distribution_summary_rounds_the_exact_median_once():
    """The summary sentence and the table print the same median: the exact value rounded
    once (a float in between would turn 2.44999999999999999999 into 2.45, then "2.5")."""
    just_below = Fraction(244999999999999999999, 10**20)
    groups = [
        charts.Distribution("One", 5, 1, 2, just_below, 3, 4, just_below),
        charts.Distribution("Two", 5, 1, 2, Fraction(49, 20), 3, 4, Fraction(3)),  # 2.45
    ]
    chart = charts.distributions("spread", "Spread", groups)
    medians = [row[4] for row in chart.table.rows]
    assert medians == ["2.4", "2.5"]
    assert "their medians range from 2.4 to 2.5." in chart.summary


def test_an_imported_benchmark_score_keeps_8_places_halves_up_like_a_frozen_score():
    from assessments.scoring import stored
    from reports.benchmarks.matching import parse_score

    for text, kept in (("2.123456785", "2.12345679"), ("2.123456775", "2.12345678"), ("3", "3")):
        value, why = parse_score(text)
        assert (value, why) == (Decimal(kept).quantize(Decimal("0.00000001")), "")
        assert value == stored(Fraction(Decimal(text)))


def test_a_systems_change_since_the_last_round_compares_the_same_organisations():
    """G4 (3.6 now, 3.1 a round before) moves from West Yorkshire to North East a month after
    the round opened. The round's figures count it in West Yorkshire (mean of 8: 2.55); today's
    footprint, on which the trend puts both rounds, does not (now 16.8/7 = 2.4, before
    13.3/7 = 1.9). The document's "since" is the trend's: up 0.5 (2.55 - 1.9 would say 0.7)."""
    import datetime as dt

    from assessments.models import SystemMembership
    from reports.documents.context import system_plan_context

    world = pages_world.build(earlier=True)
    moved = world.organisations["G4"]
    moved_on = world.round.opens_on + dt.timedelta(days=31)
    SystemMembership.objects.filter(organisation=moved).update(
        valid_to=moved_on - dt.timedelta(days=1)
    )
    SystemMembership.objects.create(
        organisation=moved, system=world.systems["QHM"], is_host=True, valid_from=moved_on
    )
    context = system_plan_context(world.systems["QWO"], world.round)
    overall = context["overall"]
    assert overall.current == Fraction(51, 20)  # the round's own footprint: 2.55
    assert overall.previous == Fraction(19, 10)
    assert overall.change == Fraction(1, 2)
    well_led = next(row for row in context["measures"] if row.key == "well-led")
    assert well_led.change == Fraction(1, 2)  # each well-led score is the overall plus 0.5

    trend = _board(world).trend.overall.table.rows
    this_system = next(row for row in trend if row[0] == "This system")
    assert this_system[1:] == ["1.9", "2.4"]  # the same two figures the change is made from


def test_a_system_formed_after_the_round_opened_has_the_same_figures_in_its_plan(world):
    """North East's providers (T1 3.0, G6 1.5, G7 2.5) move to a system formed two months after
    the round opened. Its page and documents re-aggregate the round onto today's systems: mean
    7/3, well led (each 0.5 higher) 17/6. Its plan's proposal and data basis count the same
    organisations on the same day (they counted its members on the round's opening day: none,
    so no figures and no proposal at all)."""
    import datetime as dt

    from assessments.models import System, SystemMembership
    from reports.aggregates import to_places
    from reports.documents.context import system_plan_context
    from reports.plans.basis import data_basis

    formed = world.round.opens_on + dt.timedelta(days=61)
    new = System.objects.create(
        ods_code="QNW", name="New North", region=world.north, valid_from=formed
    )
    moved = [world.organisations[code] for code in ("T1", "G6", "G7")]
    SystemMembership.objects.filter(organisation__in=moved, system=world.systems["QHM"]).update(
        valid_to=formed - dt.timedelta(days=1)
    )
    for organisation in moved:
        SystemMembership.objects.create(
            organisation=organisation, system=new, is_host=True, valid_from=formed
        )

    context = system_plan_context(new, world.round)
    document = {
        row.key: (row.current, row.target) for row in [context["overall"], *context["measures"]]
    }
    assert document[""][0] == Fraction(7, 3)
    assert document["well-led"] == (Fraction(17, 6), Fraction(3))  # one level above 2.8

    proposal = {t.measure_key: t for t in propose(new, world.round).targets}
    assert proposal["well-led"].current == to_places(Fraction(17, 6)) == Decimal("2.83333333")
    assert (proposal["well-led"].proposed, proposal["well-led"].proposed_from) == (
        Decimal("3"),
        "next_level",
    )
    assert score_text(proposal["well-led"].current) == score_text(document["well-led"][0])

    rows, _ = data_basis(new, world.round)
    assert sorted(code for code, _, _ in rows) == ["ZG6", "ZG7", "ZT1"]
