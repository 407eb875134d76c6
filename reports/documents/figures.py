"""The figures a document prints, gathered from `reports.aggregates` (the same cells the system
view shows: all providers, the plain mean of the national method) and the read seam. Nothing
here computes a statistic of its own beyond differences between those figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from ..aggregates import (
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
    comparable_measures,
    system_footprint,
    trend,
)
from .plan import PlanAction, PlanData

OVERALL_LABEL = "Overall"
BEHIND_COUNT = 3  # organisations furthest behind, per measure
STEPS_COUNT = 3  # weakest questions, per measure


def fraction(value) -> Fraction | None:
    if value is None:
        return None
    return value if isinstance(value, Fraction) else Fraction(Decimal(value))


@dataclass(frozen=True)
class Behind:
    name: str
    ods_code: str
    score: Fraction


@dataclass(frozen=True)
class Step:
    """A weak question, and what its next level looks like."""

    key: str
    text: str
    mean: Fraction  # the level, or the organisations' mean level
    next_level: int
    descriptor: str
    how: str


@dataclass
class Position:
    """One success measure (or the overall score): where the subject stands."""

    key: str
    label: str
    weight: Fraction
    here: Cell | None  # the system's cell; None for an organisation
    region: Cell
    nation: Cell
    current: Fraction | None
    target: Fraction | None = None
    target_source: str = ""
    previous: Fraction | None = None
    previous_round: str = ""
    # The subject's figure this round on the footprint `previous` is on, when that is not the
    # footprint of `current` (a system: both rounds on today's systems, as its trend is).
    compared: Fraction | None = None
    compared_apart: bool = False
    system: Cell | None = None  # an organisation's system
    behind: list[Behind] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    actions: list[tuple[int, PlanAction]] = field(default_factory=list)

    @property
    def gap(self) -> Fraction | None:
        if self.target is None or self.current is None:
            return None
        return max(Fraction(0), self.target - self.current)

    @property
    def priority(self) -> Fraction:
        return (self.gap or Fraction(0)) * self.weight

    @property
    def change(self) -> Fraction | None:
        """Since the previous round, like for like: the same organisations in both rounds."""
        now = self.compared if self.compared_apart else self.current
        if self.previous is None or now is None:
            return None
        return now - self.previous


def figures_for(system, round_) -> Aggregate:
    """The round's aggregate on the footprint the system view uses for this system."""
    footprint, _ = system_footprint(system, round_)
    return aggregate(round_, footprint=footprint)


def previous_means(
    group: Group, round_, previous
) -> dict[str, tuple[Fraction | None, Fraction | None]]:
    """The group's mean per comparable measure key in the previous round and in this one, both
    rounds on today's footprint (the trend's rule: the same organisations however systems
    merged or organisations moved): (then, now). A change is `now - then`, as the system
    view's trend draws it, never this round's figure on another footprint minus `then`."""
    if previous is None:
        return {}
    earlier, now = trend([previous, round_])
    return {
        key: (earlier.cell(group, PROVIDERS, key).mean, now.cell(group, PROVIDERS, key).mean)
        for key, _ in comparable_measures([earlier, now])
    }


def positions(
    figures: Aggregate,
    group: Group,
    region: Group,
    weights: dict[str, object],
    plan: PlanData,
    previous: dict[str, tuple[Fraction | None, Fraction | None]],
    previous_name: str,
) -> list[Position]:
    """The overall position, then one per success measure in the framework's order."""
    rows = []
    for key, label in [(OVERALL, OVERALL_LABEL), *figures.measures]:
        here = figures.cell(group, PROVIDERS, key)
        rows.append(
            Position(
                key=key,
                label=label,
                weight=fraction(weights.get(key)) or Fraction(0),
                here=here,
                region=figures.cell(region, PROVIDERS, key),
                nation=figures.cell(THE_NATION, PROVIDERS, key),
                current=here.mean,
                target=plan.targets.get(key),
                target_source=plan.source_of(key),
                previous=previous.get(key, (None, None))[0],
                previous_round=previous_name,
                compared=previous.get(key, (None, None))[1],
                compared_apart=key in previous,
            )
        )
    return rows


def overall_target(rows: list[Position]) -> Fraction | None:
    """The overall target: the measures' targets combined by the measures' weights, as an
    organisation's overall score combines its measures' scores."""
    pairs = [(r.target, r.weight) for r in rows if r.key != OVERALL and r.target is not None]
    total = sum((w for _, w in pairs), Fraction(0))
    if not pairs or not total:
        return None
    return sum((t * w for t, w in pairs), Fraction(0)) / total


def furthest_behind(scores, key: str, count: int = BEHIND_COUNT) -> list[Behind]:
    """The providers with the lowest frozen score for a measure (or overall)."""
    found = []
    for code, organisation in scores.organisations.items():
        if organisation.care_setting == ICB:
            continue
        if key == OVERALL:
            value = organisation.overall
        else:
            frozen = organisation.measures.get(key)
            value = frozen.score if frozen else None
        if value is not None:
            found.append(Behind(organisation.name, code, fraction(value)))
    found.sort(key=lambda b: (b.score, b.name))
    return found[:count]


def weakest_steps(
    scores, guidance: dict[str, dict], key: str, count: int = STEPS_COUNT, include_icb=False
):
    """The measure's questions with the lowest mean level across the providers, each with what
    its next level looks like and how to reach it."""
    levels: dict[str, list[Fraction]] = defaultdict(list)
    for organisation in scores.organisations.values():
        if organisation.care_setting == ICB and not include_icb:
            continue
        for question, level in organisation.questions.items():
            if question in guidance and guidance[question]["measure"] == key:
                levels[question].append(fraction(level))
    means = sorted(
        ((sum(v, Fraction(0)) / len(v), q) for q, v in levels.items() if v),
        key=lambda pair: (pair[0], pair[1]),
    )
    steps = []
    for mean, question in means[:count]:
        floor = int(mean)
        if floor >= 5:
            continue
        info = guidance[question]
        descriptor, _ = info["levels"].get(floor + 1, ("", ""))
        _, how = info["levels"].get(floor, ("", ""))
        steps.append(Step(question, info["text"], mean, floor + 1, descriptor, how))
    return steps


def region_of(figures: Aggregate, system) -> Group:
    known = figures.systems.get(system.pk)
    return Group(REGION, known.region_id if known else system.region_id)


def system_group(system) -> Group:
    return Group(SYSTEM, system.pk)
