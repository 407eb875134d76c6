"""Small groups are suppressed for viewers who may not see their organisations, and no
suppressed figure can be worked out from the figures shown beside it."""

import datetime as dt
from fractions import Fraction

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reports.aggregates import (
    ICB,
    OVERALL,
    PROVIDERS,
    REGION,
    SYSTEM,
    THE_NATION,
    Aggregate,
    Cell,
    Group,
    aggregate,
)
from reports.suppression import (
    COMPLEMENTARY,
    PRIMARY,
    _determined,
    min_group_size,
    relations,
    suppress,
)

from . import small_world

NORTH, SOUTH = Group(REGION, 1), Group(REGION, 2)
A, B, C = Group(SYSTEM, 11), Group(SYSTEM, 12), Group(SYSTEM, 21)


def table(sizes: dict[tuple[Group, str], int], children=None) -> Aggregate:
    """An aggregate whose cells have the given sizes (one measure), totals filled in."""
    cells = {}
    for (group, setting), n in sizes.items():
        value = Fraction(5, 2) if n else None
        cells[(group, setting, OVERALL)] = Cell(
            group,
            setting,
            OVERALL,
            expected=n,
            approved=n,
            n=n,
            mean=value,
            median=value,
            q1=value,
            q3=value,
            minimum=value,
            maximum=value,
        )
    return Aggregate(
        round=None,
        footprint="round",
        on=dt.date(2025, 5, 1),
        measures=[],
        cells=cells,
        systems={},
        regions={},
        children=children or {},
    )


def hidden(result) -> dict:
    return {key: cell.suppressed for key, cell in result.cells.items() if cell.suppressed}


def test_the_minimum_group_size_is_five_unless_set(settings):
    assert min_group_size() == 5
    settings.WAYMARK_MIN_GROUP_SIZE = 10
    assert min_group_size() == 10


def test_a_small_care_setting_is_suppressed_with_a_reason_and_keeps_its_counts():
    result = suppress(
        table({(A, PROVIDERS): 12, (A, "acute"): 3, (A, "general_practice"): 9}),
        sees_individually={},
    )
    acute = result.cell(A, "acute")
    assert acute.suppressed == PRIMARY.format(n=5)
    assert (acute.mean, acute.median, acute.minimum, acute.maximum) == (None,) * 4
    assert (acute.expected, acute.approved, acute.n) == (3, 3, 3)


def test_the_only_other_care_setting_is_suppressed_too_so_the_total_does_not_give_it_away():
    # Providers 12 = acute 3 + GP 9: with GP and the total shown, acute's total is 12m - 9g.
    result = suppress(
        table({(A, PROVIDERS): 12, (A, "acute"): 3, (A, "general_practice"): 9}),
        sees_individually={},
    )
    assert result.cell(A, "general_practice").suppressed == COMPLEMENTARY.format(n=5)
    assert not result.cell(A, PROVIDERS).suppressed


def test_two_small_settings_that_together_describe_too_few_need_a_third():
    # acute 1 + mental health 2 = 3 < 5: their combined total would describe 3 organisations.
    sizes = {
        (A, PROVIDERS): 30,
        (A, "acute"): 1,
        (A, "mental_health"): 2,
        (A, "community"): 7,
        (A, "general_practice"): 20,
    }
    result = suppress(table(sizes), sees_individually={})
    assert set(hidden(result)) == {
        (A, "acute", OVERALL),
        (A, "mental_health", OVERALL),
        (A, "community", OVERALL),  # the smallest one shown, so the least is lost
    }


def test_a_single_organisations_minimum_cannot_be_read_from_the_total():
    # One acute trust beside 9 practices: the providers' lowest score is either the trust's or
    # the practices' lowest, which is shown; so GP is hidden too (rule 2).
    result = suppress(
        table({(A, PROVIDERS): 10, (A, "acute"): 1, (A, "general_practice"): 9}),
        sees_individually={},
    )
    assert result.cell(A, "general_practice").minimum is None


def test_nothing_is_suppressed_for_a_viewer_who_may_see_the_organisations():
    sizes = {(A, PROVIDERS): 4, (A, "acute"): 1, (A, "general_practice"): 3}
    assert hidden(suppress(table(sizes), sees_individually={A: True})) == {}
    assert len(hidden(suppress(table(sizes), sees_individually=lambda g: False))) == 3


def test_a_small_system_beside_one_other_in_a_region_hides_the_other_system_too():
    sizes = {(NORTH, PROVIDERS): 40, (A, PROVIDERS): 37, (B, PROVIDERS): 3}
    result = suppress(table(sizes, {NORTH: [A, B]}), sees_individually={})
    assert result.cell(B).suppressed == PRIMARY.format(n=5)
    assert result.cell(A).suppressed == COMPLEMENTARY.format(n=5)
    assert not result.cell(NORTH).suppressed


def test_what_the_viewer_may_see_is_never_hidden_to_protect_something_else():
    # An SRO of A sees A's cells; B is small; the region must then go instead.
    sizes = {(NORTH, PROVIDERS): 40, (A, PROVIDERS): 37, (B, PROVIDERS): 3}
    result = suppress(table(sizes, {NORTH: [A, B]}), sees_individually={A: True})
    assert not result.cell(A).suppressed
    assert result.cell(NORTH).suppressed == COMPLEMENTARY.format(n=5)


def test_the_small_world_for_an_outsider(db):
    round_, north, south, systems, _ = small_world.build()
    result = suppress(aggregate(round_), sees_individually={})
    north, qwo, qhm = (
        Group(REGION, north.pk),
        Group(SYSTEM, systems["QWO"].pk),
        Group(SYSTEM, systems["QHM"].pk),
    )
    assert result.cell(qwo, ICB).suppressed  # one ICB
    assert result.cell(qhm).suppressed == PRIMARY.format(n=5)  # 3 providers
    # The nation (13) = North (11) + South (2, hidden): North goes too, being the smallest
    # other region; then North = QWO + QHM has two hidden members, so QWO can stay.
    assert result.cell(Group(REGION, south.pk)).suppressed == PRIMARY.format(n=5)
    assert result.cell(north).suppressed == COMPLEMENTARY.format(n=5)
    assert not result.cell(qwo).suppressed and result.cell(THE_NATION).mean is not None
    assert_nothing_recoverable(result)


def assert_nothing_recoverable(result):
    lines = [
        (p, [c for c in cs if result.cells.get(c) and result.cells[c].n])
        for p, cs in relations(result)
    ]
    hidden_keys = hidden(result)
    assert _determined(lines, hidden_keys) == []
    for parent, children in lines:
        members = [k for k in (parent, *children) if k in hidden_keys]
        assert len(members) != 1, (parent, members)
        if members and parent not in hidden_keys:
            assert sum(result.cells[c].n for c in members) >= 5


def _rank(rows, columns):
    """Rank of a matrix of fractions (an independent check of the audit)."""
    matrix = [[Fraction(row.get(c, 0)) for c in columns] for row in rows]
    rank, col = 0, 0
    while rank < len(matrix) and col < len(columns):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][col]), None)
        if pivot is None:
            col += 1
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for r in range(len(matrix)):
            if r != rank and matrix[r][col]:
                f = matrix[r][col] / matrix[rank][col]
                matrix[r] = [a - f * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank, col = rank + 1, col + 1
    return rank


SETTINGS = ["acute", "community", "general_practice", "mental_health"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=9), min_size=4, max_size=4),
        min_size=3,
        max_size=3,
    ),
    st.lists(st.booleans(), min_size=3, max_size=3),
)
# Found by hypothesis: the leak ran through shown cells of other relations only.
@example(system_sizes=[[4, 0, 0, 4], [0, 4, 4, 0], [2, 0, 1, 1]], sees=[False, False, False])
def test_no_suppressed_total_follows_from_the_shown_ones(system_sizes, sees):
    """Random regions of three systems: no suppressed cell's total (mean x n) is a linear
    combination of the shown totals, checked independently by matrix rank."""
    systems = [A, B, C]
    sizes = {}
    for system, row in zip(systems, system_sizes, strict=True):
        for setting, n in zip(SETTINGS, row, strict=True):
            sizes[(system, setting)] = n
        sizes[(system, PROVIDERS)] = sum(row)
    for setting in [*SETTINGS, PROVIDERS]:
        sizes[(NORTH, setting)] = sum(sizes[(s, setting)] for s in systems)
    aggregate_ = table(sizes, {NORTH: systems})
    viewer = dict(zip(systems, sees, strict=True))
    result = suppress(aggregate_, sees_individually=viewer)
    hidden_keys = [k for k, c in result.cells.items() if c.suppressed]
    rows = []
    for parent, children in relations(result):
        row = {}
        for key, sign in [(parent, 1), *((c, -1) for c in children)]:
            if key in hidden_keys:
                row[key] = row.get(key, 0) + sign
        if row:
            rows.append(row)
    base = _rank(rows, hidden_keys)
    for key in hidden_keys:
        # Determined iff adding the unit vector does not raise the rank; allowed only for a
        # figure about organisations this viewer may see one by one anyway.
        if _rank([*rows, {key: 1}], hidden_keys) == base:
            group, setting, _ = key
            assert group == NORTH, key
            unseen = [s for s in systems if not viewer[s] and sizes[(s, setting)]]
            assert not unseen, key
    for key, cell in result.cells.items():
        group, setting, _ = key
        # A region's cell made only of organisations the viewer sees tells them nothing new.
        unseen = sum(sizes[(s, setting)] for s in systems if not viewer[s]) if group == NORTH else 1
        if 0 < cell.n < 5 and not viewer.get(group) and unseen:
            assert cell.suppressed, key


def test_a_region_cell_made_only_of_the_viewers_own_organisations_is_shown():
    """The region's one ambulance trust is hosted in the SRO's own system: the region's
    ambulance figure is that trust's, which the SRO sees anyway. Hiding it protected nothing
    and, being "determined" by the SRO's own cells, once made the audit hide every figure
    outside the system."""
    sizes = {
        (A, PROVIDERS): 12,
        (A, "ambulance"): 1,
        (A, "general_practice"): 11,
        (B, PROVIDERS): 20,
        (B, "general_practice"): 20,
        (NORTH, PROVIDERS): 32,
        (NORTH, "ambulance"): 1,
        (NORTH, "general_practice"): 31,
    }
    result = suppress(table(sizes, {NORTH: [A, B]}), sees_individually={A: True})
    assert hidden(result) == {}
    # For someone who sees neither system, the trust is protected as before.
    outsider = suppress(table(sizes, {NORTH: [A, B]}), sees_individually={})
    assert outsider.cell(NORTH, "ambulance").suppressed == PRIMARY.format(n=5)
    assert outsider.cell(A, "ambulance").suppressed == PRIMARY.format(n=5)
    assert_nothing_recoverable(outsider)
