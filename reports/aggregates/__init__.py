"""The figures of the system, regional and national views: what each one is, and how it is
computed. Pages, exports and PDFs print each figure's `method` text from here.

Who counts. For a round, the approved assessments' frozen scores (per success measure and
overall). Each organisation counts once: in the system that hosts it on the footprint date, in
that system's region and in the nation; organisations that only serve a system (ambulance
trusts) are listed there (`sources.serving`), not counted again. The footprint date is the
round's opening day, or today when earlier rounds are re-aggregated onto today's systems after
mergers. Provider figures leave ICBs out; a group's ICB figures are a care setting of their own
("icb"), never mixed in.

Precision. Scores are stored to 8 decimal places (DecimalField(12, 8)): PostgreSQL keeps them
as exact numerics, SQLite as floats, and PostgreSQL's percentile_cont works in double
precision. Float interpolation can land a hair below a rounding boundary (x.xxxxxxxx75 becoming
...7499999), so no figure is computed in floats anywhere. Instead:

- the database does the heavy part in one query on both databases: it turns each score into a
  whole number of 10^-8 ("units"; exact for numeric, and for SQLite's float because a stored
  score is within 1e-15 of a multiple of 1e-8), expands every row into its six groupings
  (system, region, nation x one care setting, all providers), and with window functions
  counts, sums (integer, exact) and ranks each grouping's scores, returning only the rows at
  the ranks the figures need (first, last, and the two either side of each quartile);
- Python finishes exactly with fractions: mean = sum / count, and each quartile interpolates
  linearly between its two order statistics exactly as PostgreSQL's percentile_cont and
  Python's statistics.quantiles(method="inclusive") define it: position p(n - 1) counted from
  0, value = x[j] + (p(n - 1) - j)(x[j+1] - x[j]).

So every figure is an exact fraction: identical on both databases, equal to the exact
computation at any number of places, and rounded once for display (`shown`: one decimal, halves
up) or for export (`to_places`: 8 decimals, halves up), never rounded twice.

Precomputed figures. `aggregate()` is what pages call. It reads the figures kept for the round
and footprint date (`reports.models.FiguresSnapshot` and its `CellFigures`: the exact integers
above, one row per group, setting and measure) when they were computed at the current data
generation, and otherwise computes them (`compute.compute`) and keeps them. The generation
(`reports.models.FiguresGeneration`) is a counter that database triggers on the tables the
figures read (assessments, frozen scores, system memberships, systems) bump in the writing
transaction, whoever writes (services, the admin, bulk or raw SQL), so figures read are never
stale. Approval, reopening, mergers and membership changes therefore refresh them on the next
read; `refresh()` computes them at once.

Queries, whatever the number of organisations: reading kept figures, five (the snapshot at the
current generation, its cells, measures, systems, regions), or four when the process has
assembled that snapshot's cells already (`memo`: a snapshot never changes, so its cells, and
what suppression makes of them for a viewer, are reused until the data changes); computing them, nine more or less
(the generation, measures, counts, the figures, unplaced, systems, regions, and writing the
snapshot and its cells in a few batches: those grow with the number of groups, not of
organisations). On PostgreSQL the figures query runs with JIT off and enough work_mem for its
sort, for its transaction only.
"""

import datetime as dt
from collections import defaultdict

from assessments.models import Round, System

from .. import sources
from . import stored
from .compute import CODE_SPAN, GROUP_SPAN, Computed, compute, figures_sql, score_tallies
from .definitions import (
    COUNT_FIGURES,
    FIGURES,
    ICB,
    LEVELS,
    NATION,
    ORDER_STATISTICS,
    OVERALL,
    PROVIDERS,
    QUARTILES,
    REGION,
    SCORE_FIGURES,
    SHOWN_NOTE,
    SYSTEM,
    THE_NATION,
    UNITS,
    Aggregate,
    Cell,
    Figure,
    Footprint,
    Group,
    Tally,
    figures_from,
    needed_ranks,
    order_ranks,
    quantile_ranks,
    redact,
    to_places,
)
from .memo import Memo

__all__ = [
    "CODE_SPAN",
    "COUNT_FIGURES",
    "FIGURES",
    "GROUP_SPAN",
    "ICB",
    "LEVELS",
    "NATION",
    "ORDER_STATISTICS",
    "OVERALL",
    "PROVIDERS",
    "QUARTILES",
    "REGION",
    "SCORE_FIGURES",
    "SHOWN_NOTE",
    "SYSTEM",
    "THE_NATION",
    "UNITS",
    "Aggregate",
    "Cell",
    "Computed",
    "Figure",
    "Footprint",
    "Group",
    "Tally",
    "aggregate",
    "comparable_measures",
    "compute",
    "figures_from",
    "figures_sql",
    "needed_ranks",
    "order_ranks",
    "quantile_ranks",
    "redact",
    "refresh",
    "score_tallies",
    "system_footprint",
    "to_places",
    "trend",
]


def _on(round_: Round, footprint: Footprint, today: dt.date | None) -> dt.date:
    return round_.opens_on if footprint is Footprint.ROUND else (today or sources.today())


def system_footprint(system: System, round_: Round) -> tuple[Footprint, dt.date]:
    """The footprint, and its date, a system's figures for a round are on, wherever they are
    printed (its page, its plans, its documents): the round's own when the system existed on
    the round's opening day, else today's (a system formed since, by a merger: the round
    re-aggregated onto it)."""
    footprint = Footprint.ROUND if system.is_current(round_.opens_on) else Footprint.TODAY
    return footprint, _on(round_, footprint, None)


# Cells assembled from a kept snapshot, reused while it is current (see `memo`).
ASSEMBLED = Memo(16)


def _cells(computed: Computed) -> tuple[dict, dict[Group, list[Group]]]:
    cells = {key: tally.cell(*key) for key, tally in computed.tallies.items()}
    children: dict[Group, list[Group]] = defaultdict(list)
    for region_id in sorted(set(computed.region_of.values())):
        children[THE_NATION].append(Group(REGION, region_id))
    for system_id, region_id in sorted(computed.region_of.items()):
        children[Group(REGION, region_id)].append(Group(SYSTEM, system_id))
    return cells, dict(children)


def aggregate(
    round_: Round,
    *,
    footprint: Footprint = Footprint.ROUND,
    today: dt.date | None = None,
    fresh: bool = False,
    places: tuple[dict, dict] | None = None,
) -> Aggregate:
    """Every figure of a round: for the nation, each region and each system, for all providers,
    each care setting and ICBs apart, for each success measure and overall. Read from the
    figures kept at the current data generation, else computed and kept; `fresh=True` computes
    them without reading or keeping anything (the direct path the kept figures are tested
    against); `places` are `sources.systems_and_regions` on the footprint date, if already
    read. The cells assembled from kept figures are shared by the requests of a process
    while those figures are current: treat them as read-only."""
    footprint = Footprint(footprint)
    on = _on(round_, footprint, today)
    measures = sources.measures_of(round_)
    identity = None
    if fresh:
        computed = compute(round_, on, [key for key, _ in measures] + [OVERALL])
        cells, children = _cells(computed)
    else:
        identity = stored.current(round_, on)
        if identity is None:
            computed = refresh(round_, on=on, measures=measures)
            cells, children = _cells(computed)
        else:
            cells, children = ASSEMBLED.get(identity, lambda: _cells(stored.read(identity)))
    systems, regions = places or sources.systems_and_regions(on)
    return Aggregate(
        round=round_,
        footprint=footprint,
        on=on,
        measures=measures,
        cells=cells,
        systems=systems,
        regions=regions,
        children=children,
        unplaced=identity[-1] if identity else computed.unplaced,
        identity=identity,
    )


def refresh(
    round_: Round, *, on: dt.date, measures: list[tuple[str, str]] | None = None
) -> Computed:
    """Compute a round's figures on a footprint date and keep them at the generation read
    before computing (so a write during the computation makes them stale at once, never
    wrongly fresh)."""
    generation = stored.generation()
    measures = sources.measures_of(round_) if measures is None else measures
    computed = compute(round_, on, [key for key, _ in measures] + [OVERALL])
    stored.keep(round_, on, generation, computed)
    return computed


def trend(rounds: list[Round], *, today: dt.date | None = None) -> list[Aggregate]:
    """Several rounds on today's footprint, so that a system's line is the same organisations
    however systems have merged. Compare them through `comparable_measures` only."""
    on = today or sources.today()
    places = sources.systems_and_regions(on)  # one footprint date: the same for every round
    return [aggregate(r, footprint=Footprint.TODAY, today=on, places=places) for r in rounds]


def comparable_measures(aggregates: list[Aggregate]) -> list[tuple[str, str]]:
    """The measures every round shares, by stable key (labels may change between framework
    versions: the latest label is used), plus the overall score."""
    if not aggregates:
        return []
    shared = set.intersection(*({key for key, _ in a.measures} for a in aggregates))
    return [(key, label) for key, label in aggregates[-1].measures if key in shared] + [
        (OVERALL, "Overall")
    ]
