"""The proposed plan against tests/reports/plans_world.py, computed by hand there."""

from decimal import Decimal

import pytest

from reports.plans.selectors import plan_view
from reports.plans.services import plan_start

from . import plans_world

pytestmark = pytest.mark.django_db


def started(chained=True):
    world = plans_world.build(chained=chained)
    version = plan_start(subject=world.system, round_=world.round, by=world.sro)
    return world, plan_view(version)


def test_targets_are_the_organisations_own_or_one_level_above_today():
    _, view = started()
    found = {
        t.measure_key: (t.current, t.proposed, t.proposed_from, t.target, t.layer)
        for t in view.targets
    }
    assert found == {
        "data": (Decimal("2.33333333"), Decimal("3.5"), "organisations", Decimal("3.5"), 0),
        "people": (Decimal("2.5"), Decimal("3"), "next_level", Decimal("3"), 1),
        "care": (Decimal("1.5"), Decimal("2"), "organisations", Decimal("2"), 2),
    }


@pytest.mark.parametrize(
    "chained, measures, questions",
    [
        (True, ["data", "people", "care"], ["d2", "d1", "p1", "c1"]),
        (False, ["data", "care", "people"], ["d2", "d1", "c1", "p1"]),
    ],
)
def test_actions_come_foundations_first_then_by_gap_times_weight(chained, measures, questions):
    _, view = started(chained)
    assert [s.target.measure_key for s in view.sections] == measures
    assert [a.question_key for _, a, _ in view.actions] == questions
    assert [n for n, _, _ in view.actions] == [1, 2, 3, 4]


def test_each_action_says_how_to_reach_the_next_level_and_who_is_furthest_behind():
    _, view = started()
    d2, d1, p1, c1 = (a for _, a, _ in view.actions)
    assert (d2.current, d2.next_level, d2.priority) == (Decimal("2"), 3, Decimal("3"))
    assert d2.guidance == "Do the things that lead to d2 level 3."
    assert d2.next_descriptor == "d2 level 3 is true."
    assert d2.title == "Reach level 3: How mature is d2?"
    assert d2.behind == [
        {"ods_code": "RAL", "name": "Alder NHS Trust", "level": 1},
        {"ods_code": "RBI", "name": "Birch NHS Trust", "level": 3},
    ]
    assert (d1.current, d1.priority, d1.behind) == (
        Decimal("3"),
        Decimal("0.5"),
        [{"ods_code": "RAL", "name": "Alder NHS Trust", "level": 2}],
    )
    assert [o["name"] for o in p1.behind] == ["Birch NHS Trust"]
    assert (c1.current, c1.next_level, [o["level"] for o in c1.behind]) == (Decimal("1.5"), 2, [1])
    # The ICB is not a provider: it is in none of the figures, nor among those behind.
    assert all(o["ods_code"] != "QRVI" for a in (d2, d1, p1, c1) for o in a.behind)


def test_the_organisation_plan_is_the_short_form_for_one_organisation():
    world = plans_world.build()
    version = plan_start(subject=world.orgs["RAL"], round_=world.round, by=world.approver)
    view = plan_view(version)
    targets = {t.measure_key: (t.current, t.target, t.proposed_from) for t in view.targets}
    assert targets == {
        "data": (Decimal("1.33333333"), Decimal("3"), "organisations"),
        "people": (Decimal("3"), Decimal("4"), "next_level"),
        "care": (Decimal("1"), Decimal("2"), "organisations"),
    }
    # data: d2 (1 -> 3, gap 2 x 2) before d1 (2 -> 3, 1 x 1); people: p1 at 3 < 4; care: c1
    assert [a.question_key for _, a, _ in view.actions] == ["d2", "d1", "p1", "c1"]


def test_a_target_on_a_not_applicable_answer_counts_nowhere(monkeypatch):
    """One rule for a proposed target, wherever it is shown: the plan's first draft, the system
    view's target column and a document made before any plan. Birch marks p1 not applicable but
    leaves a target of 5 on it: nobody's target for "people" then, so one level above today
    (Alder's 3 alone: 4), not 5."""
    from fractions import Fraction

    from reports.documents.plan import ONE_LEVEL_UP, proposed_plan
    from reports.presenters.system import _targets

    levels = {**plans_world.LEVELS}
    levels["Birch NHS Trust"] = {**levels["Birch NHS Trust"], "p1": ("n/a", 5)}
    monkeypatch.setattr(plans_world, "LEVELS", levels)
    world, view = started()
    proposed = {t.measure_key: (t.current, t.proposed, t.proposed_from) for t in view.targets}
    assert proposed["people"] == (Decimal("3"), Decimal("4"), "next_level")
    assert proposed["data"] == (Decimal("2.33333333"), Decimal("3.5"), "organisations")
    providers = [world.orgs["RAL"].pk, world.orgs["RBI"].pk]
    assert "people" not in _targets(world.round, providers, sees_members=True)
    document = proposed_plan(
        world.round,
        providers,
        {"data": Fraction(7, 3), "people": Fraction(3), "care": Fraction(3, 2)},
    )
    assert document.targets == {"data": Fraction(7, 2), "people": Fraction(4), "care": Fraction(2)}
    assert document.target_sources["people"] == ONE_LEVEL_UP
