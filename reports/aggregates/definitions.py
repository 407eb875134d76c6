"""What each figure of the system, regional and national views is (`FIGURES`), the groups and
cells they are computed for, and the exact arithmetic that turns a count, an integer sum and a
few order statistics into the score figures. See the package docstring for the method."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from assessments.models import Region, Round, System
from assessments.scoring import shown
from config.formatting import percent_text

from .. import sources

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
            "The approved assessments with a score for this section of the framework (or overall): the "
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
            return percent_text(value)
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
    # The kept snapshot the cells come from (`stored.current`), None if computed afresh: what
    # is made from these cells alone may be reused under it.
    identity: tuple | None = None

    def cell(self, group: Group, setting: str = PROVIDERS, measure: str = OVERALL) -> Cell:
        return self.cells.get((group, setting, measure)) or Cell(group, setting, measure)

    def settings(self) -> list[str]:
        """The care settings with an expected assessment, ICBs last, after PROVIDERS."""
        found = {setting for (_, setting, _) in self.cells} - {PROVIDERS, ICB}
        present = {setting for (_, setting, _) in self.cells}
        return [PROVIDERS, *sorted(found), *([ICB] if ICB in present else [])]

    def around(self, region_id: int | None) -> Aggregate:
        """Only the nation, the regions and one region's systems: a region's page, a system's
        page or a document about one of them shows no other region's systems, so suppression
        need not weigh them (much faster for viewers who see little). Every region stays, so
        the nation is still the sum of its parts and subtracting one region from it is guarded
        as before; a region not shown only makes the page safer than suppression assumed."""
        keep = {THE_NATION, *self.children.get(THE_NATION, [])}
        keep |= set(self.children.get(Group(REGION, region_id), []))
        return replace(
            self,
            cells={key: cell for key, cell in self.cells.items() if key[0] in keep},
            # A relation holds only with all its parts: other regions lose their systems.
            children={
                parent: kids
                for parent, kids in self.children.items()
                if parent in keep and all(child in keep for child in kids)
            },
        )

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


def _position(n: int, p: Fraction) -> tuple[int, int, int]:
    """p(n - 1) as j + r/d in whole numbers (so that a quantile costs one Fraction)."""
    numerator, d = p.numerator * (n - 1), p.denominator
    j = numerator // d
    return j, numerator - j * d, d


def quantile_ranks(n: int, p: Fraction) -> tuple[int, int, Fraction]:
    """The 1-based ranks of the two order statistics a quantile lies between, and how far."""
    j, r, d = _position(n, p)
    return j + 1, min(j + 2, n), Fraction(r, d)


def needed_ranks(n: int) -> set[int]:
    ranks = {1, n}
    for p in QUARTILES.values():
        low, high, _ = quantile_ranks(n, p)
        ranks |= {low, high}
    return ranks


def figures_from(n: int, total_units: int, at_rank: dict[int, int]) -> dict[str, Fraction]:
    """The score figures from a count, an integer sum of units and the order statistics at
    `needed_ranks(n)` (all in units of 10^-8): x[j] + (r/d)(x[j+1] - x[j]), exactly."""
    values = {"mean": Fraction(total_units, n * UNITS)}
    for name, p in QUARTILES.items():
        j, r, d = _position(n, p)
        low, high = at_rank[j + 1], at_rank[min(j + 2, n)]
        values[name] = Fraction(low * d + r * (high - low), d * UNITS)
    values["minimum"] = Fraction(at_rank[1], UNITS)
    values["maximum"] = Fraction(at_rank[n], UNITS)
    return values


def redact(cell: Cell, reason: str) -> Cell:
    """The cell without its score figures, saying why."""
    return replace(cell, suppressed=reason, **dict.fromkeys(SCORE_FIGURES))


# The order statistics a cell keeps (in units), in this order: what `figures_from` needs.
ORDER_STATISTICS = (
    "minimum",
    "q1_low",
    "q1_high",
    "median_low",
    "median_high",
    "q3_low",
    "q3_high",
    "maximum",
)


def order_ranks(n: int) -> tuple[int, ...]:
    """The 1-based ranks of ORDER_STATISTICS for n scores."""
    ranks = [1]
    for p in QUARTILES.values():
        j = _position(n, p)[0]
        ranks += [j + 1, min(j + 2, n)]
    return (*ranks, n)


@dataclass(frozen=True)
class Tally:
    """The exact integers behind one cell: what the database computes, and what precomputed
    figures keep (`reports.models.CellFigures`)."""

    expected: int = 0
    approved: int = 0
    n: int = 0
    total_units: int = 0
    statistics: tuple[int, ...] = ()  # ORDER_STATISTICS, in units; empty when n is 0

    def cell(self, group: Group, setting: str, measure: str) -> Cell:
        if not self.n:
            return Cell(group, setting, measure, expected=self.expected, approved=self.approved)
        at_rank = dict(zip(order_ranks(self.n), self.statistics, strict=True))
        return Cell(
            group,
            setting,
            measure,
            expected=self.expected,
            approved=self.approved,
            n=self.n,
            **figures_from(self.n, self.total_units, at_rank),
        )
