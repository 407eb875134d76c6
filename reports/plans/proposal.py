"""The first draft of a plan, proposed from the round's data, and the order a plan is read in.

For a system (the organisations it hosts on the round's footprint date, providers only, as in
the system view's figures) or one organisation:

- **where it stands** per success measure: the system view's figure (the providers' mean, from
  `reports.aggregates.aggregate`), or the organisation's frozen score;
- **the proposed target**: the organisations' own targets (`measure_targets`: each
  organisation's target levels for the measure's questions it answered, not-applicable answers
  left out, weighted by question weight like scores, `assessments.scoring.weighted_mean`; for a
  system the plain mean of those, like its score: the system view's "target" column and the
  documents use this same function), rounded to one decimal, halves up; where nobody set one,
  one level above today (the next whole level, at most 5);
- **proposed actions** from the gaps: for each measure below its target, the questions whose
  mean level across the organisations (the organisation's own level) is below the target, the
  weakest first by gap times question weight, at most `ACTIONS_PER_MEASURE`; each with the
  framework's "how to reach the next level" (the current level's `next_steps`), what the next
  level looks like (its descriptor), and the member organisations furthest behind on it;
- **the order** (`measure_order`): foundations first by the framework's `depends_on` (a measure
  comes after every measure it depends on: its layer), then the largest gap times measure
  weight, then the framework's order; actions follow their measure, by gap times weight.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from assessments.models import Organisation, Round, System
from assessments.scoring import weighted_mean
from assessments.selectors import round_scores
from frameworks.dependencies import layers
from frameworks.models import Level, Measure, Question

from .. import sources
from ..aggregates import PROVIDERS, SYSTEM, Group, aggregate, system_footprint, to_places

ACTIONS_PER_MEASURE = 3
BEHIND_PER_ACTION = 3


@dataclass
class TargetProposal:
    measure_key: str
    label: str
    order: int
    weight: Decimal
    layer: int
    current: Decimal | None
    proposed: Decimal | None
    proposed_from: str  # PlanTarget.Source


@dataclass
class ActionProposal:
    measure_key: str
    question_key: str
    title: str
    current: Decimal
    next_level: int
    guidance: str
    next_descriptor: str
    behind: list[dict] = field(default_factory=list)
    priority: Decimal = Decimal(0)


@dataclass
class Proposal:
    targets: list[TargetProposal]
    actions: list[ActionProposal]  # in plan order


def gap(target: Decimal | None, current: Decimal | Fraction | None) -> Fraction:
    """How far below its target a measure (or question) is; 0 at or above it, or unknown."""
    if target is None or current is None:
        return Fraction(0)
    return max(Fraction(0), Fraction(target) - Fraction(current))


def measure_order(targets) -> list[str]:
    """Measure keys in plan order: layer (foundations first), then gap x weight (largest
    first), then the framework's order. `targets` have measure_key, layer, weight, target,
    current and order (TargetProposal or PlanTarget, whose `target` is the SRO's)."""

    def key(t):
        aim = getattr(t, "target", None)
        if aim is None and hasattr(t, "proposed"):
            aim = t.proposed
        return (t.layer, -gap(aim, t.current) * Fraction(t.weight), t.order)

    return [t.measure_key for t in sorted(targets, key=key)]


def next_level_above(current: Decimal | Fraction | None) -> Decimal | None:
    if current is None:
        return None
    whole = int(Fraction(current))  # floor: scores are positive
    return Decimal(min(5, whole + 1))


def organisation_targets(round_: Round, organisation_ids) -> dict[str, list[Fraction]]:
    """Each organisation's own target per measure key, exactly: the weighted mean of the target
    levels of its approved assessment's answers to the measure's questions (question weights,
    as its score; not-applicable answers left out). Read as whole-number sums per organisation,
    measure and question weight (`sources.target_sums`): sum(levels) at one weight is that
    weight times as many answers, so the weighted mean is the same, exactly. Measures nobody
    set a target for are left out."""
    pairs: dict[tuple[int, str], list] = defaultdict(list)
    for org, measure, weight, levels, answers in sources.target_sums(
        round_, list(organisation_ids)
    ):
        if answers:
            pairs[(org, measure)].append((Fraction(levels, answers), Fraction(weight) * answers))
    by_measure: dict[str, list[Fraction]] = defaultdict(list)
    for (_, measure), values in sorted(pairs.items()):
        value = weighted_mean(values)
        if value is not None:
            by_measure[measure].append(value)
    return dict(by_measure)


def group_target(targets: list[Fraction]) -> Fraction | None:
    """A group's target: the plain mean of its organisations' targets, each counting once."""
    return weighted_mean((target, Fraction(1)) for target in targets)


def measure_targets(round_: Round, organisation_ids) -> dict[str, Fraction]:
    """The organisations' own target per measure key (`group_target` of
    `organisation_targets`): what plans propose, documents print before a plan exists and the
    system view's "target" column shows."""
    return {
        measure: group_target(targets)
        for measure, targets in organisation_targets(round_, organisation_ids).items()
    }


def proposed_target(aim: Fraction | None, current) -> tuple[Decimal | None, str]:
    """(target, PlanTarget.Source value) for one measure: the organisations' own (`aim`, from
    `measure_targets`) to one decimal, else the next whole level above today, else none."""
    if aim is not None:
        return to_places(aim, 1), "organisations"
    above = next_level_above(current)
    return (above, "next_level") if above is not None else (None, "none")


def propose(subject: System | Organisation, round_: Round) -> Proposal:
    """The proposed targets and actions of a new plan for `subject` in `round_`."""
    measures = list(
        Measure.objects.filter(version_id=round_.framework_version_id).order_by("order")
    )
    layer = layers({m.key: m.depends_on for m in measures})
    if isinstance(subject, System):
        footprint, on = system_footprint(subject, round_)  # as its page and documents
        members = sources.hosted_by(subject, on)
        figures = aggregate(round_, footprint=footprint)
        group = Group(SYSTEM, subject.pk)
        current = {m.key: figures.cell(group, PROVIDERS, m.key).mean for m in measures}
        scores = round_scores(round_, organisations=members)
    else:
        members = Organisation.objects.filter(pk=subject.pk)
        scores = round_scores(round_, organisations=members)
        mine = scores.organisations.get(subject.ods_code)
        current = {
            m.key: (mine.measures[m.key].score if mine and m.key in mine.measures else None)
            for m in measures
        }
    aims = measure_targets(round_, members.values_list("pk", flat=True))
    questions = list(
        Question.objects.filter(version_id=round_.framework_version_id)
        .select_related("measure")
        .order_by("measure__order", "order")
    )
    by_measure: dict[str, list[Question]] = {m.key: [] for m in measures}
    for question in questions:
        by_measure[question.measure.key].append(question)

    targets = []
    for m in measures:
        proposed, source = proposed_target(aims.get(m.key), current[m.key])
        targets.append(
            TargetProposal(
                measure_key=m.key,
                label=m.label,
                order=m.order,
                weight=m.weight,
                layer=layer[m.key],
                current=to_places(Fraction(current[m.key])) if current[m.key] is not None else None,
                proposed=proposed,
                proposed_from=source,
            )
        )
    levels = {
        (question_id, level): (descriptor, next_steps)
        for question_id, level, descriptor, next_steps in Level.objects.filter(
            version_id=round_.framework_version_id
        ).values_list("question_id", "level", "descriptor", "next_steps")
    }
    names = {o.ods_code: o.name for o in scores.organisations.values()}
    actions = []
    target_of = {t.measure_key: t for t in targets}
    for key in measure_order(targets):
        target = target_of[key]
        if gap(target.proposed, target.current) == 0:
            continue
        found = []
        for question in by_measure[key]:
            action = _action(question, target.proposed, scores.question(question.key), levels)
            if action is not None:
                action.behind = [
                    {"ods_code": code, "name": names[code], "level": int(level)}
                    for code, level in action.behind
                ]
                found.append((-action.priority, question.order, action))
        actions += [action for *_, action in sorted(found)[:ACTIONS_PER_MEASURE]]
    return Proposal(targets=targets, actions=actions)


def _action(question, target, levels_by_code, levels) -> ActionProposal | None:
    if not levels_by_code:
        return None
    mean = weighted_mean((Fraction(level), Fraction(1)) for level in levels_by_code.values())
    if mean >= Fraction(target):
        return None
    now = max(1, int(mean))
    upper = min(5, now + 1)
    descriptor = levels.get((question.pk, upper), ("", ""))[0]
    next_steps = levels.get((question.pk, now), ("", ""))[1]
    behind = sorted(
        ((code, level) for code, level in levels_by_code.items() if level < target),
        key=lambda item: (item[1], item[0]),
    )[:BEHIND_PER_ACTION]
    return ActionProposal(
        measure_key=question.measure.key,
        question_key=question.key,
        title=f"Reach level {upper}: {question.text}",
        current=to_places(mean),
        next_level=upper,
        guidance=next_steps,
        next_descriptor=descriptor,
        behind=behind,
        priority=to_places(gap(target, mean) * Fraction(question.weight)),
    )
