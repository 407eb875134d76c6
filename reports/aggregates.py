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

Queries: six, whatever the number of organisations (measures, counts, unplaced, the figures,
systems, regions); on PostgreSQL the figures query runs with JIT off for its transaction.
"""

import datetime as dt
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from django.db import connection, transaction

from assessments.models import Region, Round, System
from assessments.scoring import shown

from . import sources

OVERALL = ""  # the measure key of the overall score, as frozen scores store it
PROVIDERS = "providers"  # every care setting but ICBs
ICB = sources.ICB
NATION, REGION, SYSTEM = "nation", "region", "system"
LEVELS = (SYSTEM, REGION, NATION)
UNITS = sources.UNITS_PER_POINT


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    method: str


FIGURES: dict[str, Figure] = {
    f.key: f
    for f in (
        Figure(
            "expected",
            "Expected",
            "The assessments launched in the round for the organisations counted in the group.",
        ),
        Figure("approved", "Approved", "Of those, the assessments approved by the round's end."),
        Figure(
            "completeness",
            "Completeness",
            "Approved assessments divided by expected assessments.",
        ),
        Figure(
            "n",
            "Organisations",
            "The approved assessments with a score for this success measure (or overall): the "
            "organisations every other figure describes.",
        ),
        Figure(
            "mean",
            "Mean (national method)",
            "The plain mean of the organisations' frozen scores, each organisation counting "
            "once whatever its size: the method of the national assessment.",
        ),
        Figure(
            "median",
            "Median",
            "The middle score: with the scores in order, the value at position (n - 1)/2 "
            "counted from 0, interpolating linearly between the two neighbouring scores.",
        ),
        Figure(
            "q1",
            "Lower quartile",
            "A quarter of the scores are at or below it: the value at position (n - 1)/4 "
            "counted from 0, interpolating linearly between neighbours (PostgreSQL's "
            'percentile_cont, Python\'s statistics.quantiles(method="inclusive")).',
        ),
        Figure(
            "q3",
            "Upper quartile",
            "Three quarters of the scores are at or below it: the value at position "
            "3(n - 1)/4 counted from 0, interpolating linearly between neighbours.",
        ),
        Figure("minimum", "Lowest", "The lowest organisation's score."),
        Figure("maximum", "Highest", "The highest organisation's score."),
    )
}
COUNT_FIGURES = ("expected", "approved", "completeness", "n")
SCORE_FIGURES = ("mean", "median", "q1", "q3", "minimum", "maximum")
QUARTILES = {"q1": Fraction(1, 4), "median": Fraction(1, 2), "q3": Fraction(3, 4)}
SHOWN_NOTE = (
    "Scores are computed exactly from the frozen scores and shown to one decimal place, "
    "halves rounded up."
)


class Footprint(StrEnum):
    ROUND = "round"  # the systems as they were on the round's opening day
    TODAY = "today"  # today's systems: earlier rounds re-aggregated after mergers


@dataclass(frozen=True)
class Group:
    level: str
    id: int | None = None  # None for the nation

    def __str__(self) -> str:
        return self.level if self.id is None else f"{self.level} {self.id}"


THE_NATION = Group(NATION)


@dataclass(frozen=True)
class Cell:
    """Every figure of one group, care setting (or PROVIDERS) and measure (or OVERALL)."""

    group: Group
    setting: str
    measure: str
    expected: int = 0
    approved: int = 0
    n: int = 0
    mean: Fraction | None = None
    median: Fraction | None = None
    q1: Fraction | None = None
    q3: Fraction | None = None
    minimum: Fraction | None = None
    maximum: Fraction | None = None
    suppressed: str = ""  # why the score figures are not shown, if they are not

    @property
    def key(self) -> tuple[Group, str, str]:
        return (self.group, self.setting, self.measure)

    @property
    def completeness(self) -> Fraction | None:
        return Fraction(self.approved, self.expected) if self.expected else None

    def value(self, figure: str):
        return getattr(self, figure)

    def shown(self, figure: str) -> str:
        """The figure as pages print it: scores to one decimal, completeness as a percentage."""
        value = self.value(figure)
        if figure == "completeness":
            return "-" if value is None else f"{to_places(value * 100, 0)}%"
        if figure in SCORE_FIGURES:
            return shown(value)
        return str(value)


@dataclass
class Aggregate:
    round: Round
    footprint: Footprint
    on: dt.date
    measures: list[tuple[str, str]]  # (stable key, label) in the framework's order
    cells: dict[tuple[Group, str, str], Cell]
    systems: dict[int, System]
    regions: dict[int, Region]
    children: dict[Group, list[Group]] = field(default_factory=dict)
    unplaced: int = 0  # assessments whose organisation had no host system on `on`

    def cell(self, group: Group, setting: str = PROVIDERS, measure: str = OVERALL) -> Cell:
        return self.cells.get((group, setting, measure)) or Cell(group, setting, measure)

    def settings(self) -> list[str]:
        """The care settings with an expected assessment, ICBs last, after PROVIDERS."""
        found = {setting for (_, setting, _) in self.cells} - {PROVIDERS, ICB}
        present = {setting for (_, setting, _) in self.cells}
        return [PROVIDERS, *sorted(found), *([ICB] if ICB in present else [])]

    @property
    def note(self) -> str:
        if self.footprint is Footprint.TODAY:
            return (
                f"{self.round.name} is re-aggregated onto today's systems: each organisation "
                f"is counted in the system that hosts it on {self.on:%-d %B %Y}, not the one it "
                "belonged to when it answered, so systems that have merged since are shown "
                "as the system they are now."
            )
        return (
            f"Each organisation is counted once, in the system that hosted it on "
            f"{self.on:%-d %B %Y}, when {self.round.name} opened, and in that system's region."
        )


def to_places(value: Fraction | None, places: int = 8) -> Decimal | None:
    """An exact value rounded once to `places` decimals, halves up (the stored precision: 8)."""
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-places)
    scaled = value * 10**places
    whole = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    if value < 0:  # halves away from zero, like ROUND_HALF_UP
        whole = -((-scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator))
    return (Decimal(whole) * quantum).quantize(quantum, rounding=ROUND_HALF_UP)


# --- the statistics of one sorted list of scores ----------------------------------------------


def quantile_ranks(n: int, p: Fraction) -> tuple[int, int, Fraction]:
    """The 1-based ranks of the two order statistics a quantile lies between, and how far."""
    position = p * (n - 1)
    j = position.numerator // position.denominator
    return j + 1, min(j + 2, n), position - j


def needed_ranks(n: int) -> set[int]:
    ranks = {1, n}
    for p in QUARTILES.values():
        low, high, _ = quantile_ranks(n, p)
        ranks |= {low, high}
    return ranks


def figures_from(n: int, total_units: int, at_rank: dict[int, int]) -> dict[str, Fraction]:
    """The score figures from a count, an integer sum of units and the order statistics at
    `needed_ranks(n)` (all in units of 10^-8)."""
    values = {"mean": Fraction(total_units, n * UNITS)}
    for name, p in QUARTILES.items():
        low, high, fraction = quantile_ranks(n, p)
        value = at_rank[low] + fraction * (at_rank[high] - at_rank[low])
        values[name] = Fraction(value) / UNITS
    values["minimum"] = Fraction(at_rank[1], UNITS)
    values["maximum"] = Fraction(at_rank[n], UNITS)
    return values


# --- the aggregation --------------------------------------------------------------------------

# Each score row counts in six groupings: (system, region, nation) x (its care setting, all
# providers); ICBs are left out of "all providers". The grouping, setting and measure are packed
# into one integer partition key, so that the one sort is over two integers. The database ranks
# each partition and keeps only the rows at the ranks some figure needs.
_FIGURES_SQL = """
WITH base AS ({base}),
levels(lv, sl) AS (VALUES (0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)),
coded AS MATERIALIZED (
    SELECT b.system_id, b.region_id, b.units,
           CASE b.setting {setting_cases} ELSE 0 END AS setting_code,
           CASE b.measure {measure_cases} ELSE 0 END AS measure_code
    FROM base b
),
expanded AS (
    SELECT ((l.lv * {group_span}
             + CASE l.lv WHEN 0 THEN c.system_id WHEN 1 THEN c.region_id ELSE 0 END)
            * {code_span} + l.sl * c.setting_code) * {code_span} + c.measure_code AS pkey,
           c.units AS units
    FROM coded c CROSS JOIN levels l
    WHERE l.sl = 1 OR c.setting_code <> {icb_code}
),
ranked AS (
    SELECT pkey, units,
           ROW_NUMBER() OVER (PARTITION BY pkey ORDER BY units) AS rn,
           COUNT(*) OVER (PARTITION BY pkey) AS n,
           SUM(units) OVER (PARTITION BY pkey) AS total
    FROM expanded
)
SELECT pkey, n, total, rn, units FROM ranked
WHERE rn = 1 OR rn = n
   OR rn = (n - 1) / 4 + 1 OR rn = (n - 1) / 4 + 2
   OR rn = (n - 1) / 2 + 1 OR rn = (n - 1) / 2 + 2
   OR rn = 3 * (n - 1) / 4 + 1 OR rn = 3 * (n - 1) / 4 + 2
"""
GROUP_SPAN = 10**9  # ids below a billion
CODE_SPAN = 1000  # fewer than a thousand care settings and measures


def _group(level_index: int, gid: int | None) -> Group:
    level = LEVELS[level_index]
    return THE_NATION if level == NATION else Group(level, gid)


def figures_sql(round_: Round, on: dt.date, measure_keys: list[str]):
    """The one query of the score figures: (sql, params, settings by code, measures by code)."""
    base, params = sources.score_rows(round_, on)
    settings = [PROVIDERS, *sources.CARE_SETTINGS]  # code 0 means "all providers" when sl = 0
    measures = ["?", *measure_keys]
    sql = _FIGURES_SQL.format(
        base=base,
        setting_cases=" ".join(f"WHEN %s THEN {i}" for i in range(1, len(settings))),
        measure_cases=" ".join(f"WHEN %s THEN {i}" for i in range(1, len(measures))),
        group_span=GROUP_SPAN,
        code_span=CODE_SPAN,
        icb_code=settings.index(ICB),
    )
    return sql, [*params, *settings[1:], *measures[1:]], settings, measures


def _score_figures(
    round_: Round, on: dt.date, measure_keys: list[str]
) -> dict[tuple[Group, str, str], dict]:
    sql, params, settings, measures = figures_sql(round_, on, measure_keys)
    found: dict[int, tuple[int, int, dict[int, int]]] = {}
    postgres = connection.vendor == "postgresql"
    with transaction.atomic() if postgres else nullcontext(), connection.cursor() as cursor:
        if postgres:
            # A short query: compiling it (JIT) costs more than it saves.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        for pkey, n, total, rn, units in cursor.fetchall():
            if pkey not in found:
                found[pkey] = (int(n), int(total), {})
            found[pkey][2][int(rn)] = int(units)
    figures = {}
    for pkey, (n, total, ranks) in found.items():
        rest, measure_code = divmod(pkey, CODE_SPAN)
        rest, setting_code = divmod(rest, CODE_SPAN)
        level, gid = divmod(rest, GROUP_SPAN)
        key = (_group(level, gid), settings[setting_code], measures[measure_code])
        figures[key] = {"n": n, **figures_from(n, total, ranks)}
    return figures


def _counts(round_: Round, on: dt.date):
    """Expected and approved per (group, setting), and each system's region on `on`."""
    counts: dict[tuple[Group, str], list[int]] = defaultdict(lambda: [0, 0])
    region_of: dict[int, int] = {}
    for system_id, region_id, setting, launched, approved in sources.assessment_counts(round_, on):
        region_of[system_id] = region_id
        for group in (Group(SYSTEM, system_id), Group(REGION, region_id), THE_NATION):
            for column in (setting, PROVIDERS) if setting != ICB else (setting,):
                counts[(group, column)][0] += launched
                counts[(group, column)][1] += approved
    return counts, region_of


def aggregate(
    round_: Round, *, footprint: Footprint = Footprint.ROUND, today: dt.date | None = None
) -> Aggregate:
    """Every figure of a round: for the nation, each region and each system, for all providers,
    each care setting and ICBs apart, for each success measure and overall."""
    footprint = Footprint(footprint)
    on = round_.opens_on if footprint is Footprint.ROUND else (today or sources.today())
    measures = sources.measures_of(round_)
    counts, region_of = _counts(round_, on)
    scores = _score_figures(round_, on, [key for key, _ in measures] + [OVERALL])
    systems, regions = sources.systems_and_regions(on)
    keys = [key for key, _ in measures] + [OVERALL]
    keys += sorted({measure for (_, _, measure) in scores} - set(keys))
    cells = {}
    for (group, setting), (expected, approved) in counts.items():
        for measure in keys:
            figures = scores.get((group, setting, measure), {})
            cells[(group, setting, measure)] = Cell(
                group, setting, measure, expected=expected, approved=approved, **figures
            )
    children: dict[Group, list[Group]] = defaultdict(list)
    for region_id in sorted(set(region_of.values())):
        children[THE_NATION].append(Group(REGION, region_id))
    for system_id, region_id in sorted(region_of.items()):
        children[Group(REGION, region_id)].append(Group(SYSTEM, system_id))
    return Aggregate(
        round=round_,
        footprint=footprint,
        on=on,
        measures=measures,
        cells=cells,
        systems=systems,
        regions=regions,
        children=dict(children),
        unplaced=sources.unplaced_count(round_, on),
    )


def trend(rounds: list[Round], *, today: dt.date | None = None) -> list[Aggregate]:
    """Several rounds on today's footprint, so that a system's line is the same organisations
    however systems have merged. Compare them through `comparable_measures` only."""
    return [aggregate(r, footprint=Footprint.TODAY, today=today) for r in rounds]


def comparable_measures(aggregates: list[Aggregate]) -> list[tuple[str, str]]:
    """The measures every round shares, by stable key (labels may change between framework
    versions: the latest label is used), plus the overall score."""
    if not aggregates:
        return []
    shared = set.intersection(*({key for key, _ in a.measures} for a in aggregates))
    return [(key, label) for key, label in aggregates[-1].measures if key in shared] + [
        (OVERALL, "Overall")
    ]


def redact(cell: Cell, reason: str) -> Cell:
    """The cell without its score figures, saying why."""
    return replace(cell, suppressed=reason, **dict.fromkeys(SCORE_FIGURES))
