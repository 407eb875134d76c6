"""The figures are exact: equal to a Python computation in fractions with
statistics.quantiles(method="inclusive"), at 8 places and in the shown one-decimal value, on
SQLite and PostgreSQL alike."""

import datetime as dt
import statistics
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Organisation, Region, System, SystemMembership
from assessments.scoring import shown
from reports.aggregates import (
    PROVIDERS,
    SYSTEM,
    UNITS,
    Group,
    aggregate,
    figures_from,
    needed_ranks,
    to_places,
)

from . import small_world

# Scores as the database stores them: 1 to 5 in steps of 10^-8, often on awkward halves.
scores = st.one_of(
    st.integers(min_value=1 * UNITS, max_value=5 * UNITS),
    st.integers(min_value=4, max_value=20).map(lambda k: k * UNITS // 4),  # 1.25, 2.5, ...
    st.integers(min_value=20, max_value=100).map(lambda k: k * UNITS // 20 + 5),  # x.x5 + 5e-8
)


def reference(units: list[int]) -> dict[str, Fraction]:
    values = sorted(Fraction(u, UNITS) for u in units)
    if len(values) == 1:
        q1 = median = q3 = values[0]
    else:
        q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return {
        "mean": sum(values, Fraction(0)) / len(values),
        "median": median,
        "q1": q1,
        "q3": q3,
        "minimum": values[0],
        "maximum": values[-1],
    }


@given(st.lists(scores, min_size=1, max_size=60))
def test_the_figures_from_order_statistics_equal_the_exact_reference(units):
    ordered = sorted(units)
    n = len(ordered)
    picked = {rank: ordered[rank - 1] for rank in needed_ranks(n)}
    assert figures_from(n, sum(ordered), picked) == reference(units)
    assert statistics.median(Fraction(u, UNITS) for u in units) == reference(units)["median"]


def test_rounding_is_once_and_halves_up():
    assert to_places(Fraction(245, 100), 1) == Decimal("2.5")
    assert to_places(Fraction(1, 3)) == Decimal("0.33333333")
    assert to_places(Fraction(2, 3)) == Decimal("0.66666667")
    assert to_places(Fraction(123456785, 10**9)) == Decimal("0.12345679")
    # 2.449999996 is 2.4 shown, though 2.45000000 at 8 places: rounded once, from the exact value.
    assert shown(Fraction(2449999996, 10**9)) == "2.4"


@pytest.fixture
def one_system(db):
    region = Region.objects.create(ods_code="Y99", name="Test region")
    system = System.objects.create(
        ods_code="QAA", name="Test system", region=region, valid_from=small_world.START
    )
    version_round = small_world.build("Other round", dt.date(2024, 5, 1))[0]
    return system, version_round


# The fixture is set up once on purpose: each example rolls its own rows back.
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(units=st.lists(scores, min_size=1, max_size=25), settings_=st.lists(st.booleans()))
def test_the_database_gives_the_exact_figures(one_system, units, settings_):
    system, round_ = one_system
    with transaction.atomic():
        for i, u in enumerate(units):
            setting = "acute" if i < len(settings_) and settings_[i] else "general_practice"
            organisation = Organisation.objects.create(
                ods_code=f"ZP{i:04}", name=f"P{i}", care_setting=setting
            )
            SystemMembership.objects.create(
                organisation=organisation, system=system, is_host=True, valid_from=small_world.START
            )
            score = (Decimal(u) / UNITS).quantize(Decimal("0.00000001"))
            small_world.freeze(round_, organisation, "approved", str(score))
        result = aggregate(round_)
        transaction.set_rollback(True)
    cell = result.cell(Group(SYSTEM, system.pk), PROVIDERS)
    expected = reference(units)
    assert cell.n == len(units)
    for name, value in expected.items():
        assert cell.value(name) == value, name
        assert cell.shown(name) == shown(value)
        assert to_places(cell.value(name)) == to_places(value)
    by_setting = {}
    for i, u in enumerate(units):
        setting = "acute" if i < len(settings_) and settings_[i] else "general_practice"
        by_setting.setdefault(setting, []).append(u)
    for setting, values in by_setting.items():
        part = result.cell(Group(SYSTEM, system.pk), setting)
        assert {name: part.value(name) for name in expected} == reference(values)
