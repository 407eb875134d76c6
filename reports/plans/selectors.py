"""Reads of transformation plans, shared by the pages and the documents; a fixed number of
queries each. Who may read what is decided before (`assessments.access`); `readable_versions`
applies "a board reader reads agreed versions only"."""

from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import QuerySet

from assessments import access

from .models import Plan, PlanAction, PlanEvent, PlanTarget, PlanVersion
from .proposal import gap, measure_order


def plan_for(subject, round_) -> Plan | None:
    field_name = "organisation" if subject.__class__.__name__ == "Organisation" else "system"
    return (
        Plan.objects.select_related("round__framework_version__framework", "system", "organisation")
        .filter(**{field_name: subject, "round": round_})
        .first()
    )


def plans_of(subject) -> dict[int, Plan]:
    """The plans of a system or organisation, by round id (one query)."""
    field_name = "organisation" if subject.__class__.__name__ == "Organisation" else "system"
    return {p.round_id: p for p in Plan.objects.filter(**{field_name: subject})}


def readable_versions(user, plan: Plan) -> QuerySet[PlanVersion]:
    """The versions of `plan` that `user` reads, newest first: all of them, or the agreed ones
    for a board reader."""
    versions = plan.versions.select_related("agreed_by", "created_by").order_by("-number")
    if access.reads_plan_drafts(user, plan.subject):
        return versions
    return versions.agreed()


@dataclass
class Section:
    """One success measure of a plan: its target, and its actions in order."""

    target: PlanTarget
    gap: Fraction
    rank: int
    actions: list[PlanAction] = field(default_factory=list)
    dropped: list[PlanAction] = field(default_factory=list)


@dataclass
class PlanView:
    version: PlanVersion
    sections: list[Section]  # in plan order: foundations first, then gap x weight
    actions: list[tuple[int, PlanAction, Section]]  # numbered, in plan order (not dropped)
    undecided: int

    @property
    def targets(self) -> list[PlanTarget]:
        return [s.target for s in self.sections]


def plan_view(version: PlanVersion) -> PlanView:
    """A version's measures and actions in the plan's order (two queries)."""
    targets = list(PlanTarget.objects.filter(version=version))
    order = measure_order(targets)
    by_key = {t.measure_key: t for t in targets}
    sections = {
        key: Section(by_key[key], gap(by_key[key].target, by_key[key].current), rank)
        for rank, key in enumerate(order, start=1)
    }
    actions = sorted(
        PlanAction.objects.filter(version=version),
        key=lambda a: (
            sections[a.measure_key].rank if a.measure_key in sections else len(sections) + 1,
            -a.priority,
            a.position,
        ),
    )
    numbered = []
    for action in actions:
        section = sections.get(action.measure_key)
        if section is None:  # pragma: no cover - every action names one of the plan's measures
            continue
        if action.decision == PlanAction.Decision.DROPPED:
            section.dropped.append(action)
        else:
            section.actions.append(action)
            numbered.append((len(numbered) + 1, action, section))
    undecided = sum(1 for a in actions if a.decision == PlanAction.Decision.UNDECIDED)
    return PlanView(version, list(sections.values()), numbered, undecided)


def plan_history(plan: Plan) -> list[PlanEvent]:
    return list(plan.events.select_related("actor").order_by("-at", "-pk"))
