"""A system's trend across rounds: every round re-aggregated onto today's systems (so a merged
system's line counts the same organisations throughout), compared by stable measure keys."""

from dataclasses import dataclass, field

from assessments.models import Round, System

from .. import charts
from ..aggregates import (
    OVERALL,
    PROVIDERS,
    REGION,
    SYSTEM,
    THE_NATION,
    Aggregate,
    Group,
    comparable_measures,
    trend,
)
from .viewer import Viewer, figures_for


@dataclass
class SystemTrend:
    overall: charts.Chart
    measures: charts.Chart
    changes: list[str] = field(default_factory=list)  # measures that changed between versions
    notes: list[str] = field(default_factory=list)  # footprint and suppression


def system_trend(system: System, viewer: Viewer, rounds: list[Round]) -> SystemTrend | None:
    """The trend over `rounds` (oldest first), or None for a system that no longer exists or
    when there is only one round."""
    if not system.is_current() or len(rounds) < 2:
        return None
    aggregates = [
        figures_for(viewer, a, region_id=system.region_id, subject=Group(SYSTEM, system.pk))
        for a in trend(rounds)
    ]
    group = Group(SYSTEM, system.pk)
    region = Group(REGION, system.region_id)
    names = [a.round.name for a in aggregates]

    def means(g: Group, key: str) -> list:
        return [a.cell(g, PROVIDERS, key).mean for a in aggregates]

    overall = charts.trend(
        "system-trend",
        "Overall score across rounds (mean, national method)",
        rounds=names,
        series=[
            charts.Series("This system", means(group, OVERALL)),
            charts.Series("Its region", means(region, OVERALL)),
            charts.Series("England", means(THE_NATION, OVERALL)),
        ],
    )
    comparable = comparable_measures(aggregates)
    measures = charts.trend(
        "system-trend-measures",
        f"This system's mean score per {aggregates[-1].round.framework_version.section_word} "
        "across rounds",
        rounds=names,
        series=[charts.Series(label, means(group, key)) for key, label in comparable],
    )
    notes = [
        "Every round is counted on today's systems: each organisation's results count in the "
        "system that hosts it today, whichever system it belonged to when it answered."
    ]
    merged = list(system.replaces.all())
    if merged:
        notes.append(
            f"{system.name} was formed from {', '.join(s.name for s in merged)}: the earlier "
            "rounds re-aggregate their organisations' results onto it."
        )
    hidden = {
        a.cell(g, PROVIDERS, key).suppressed
        for a in aggregates
        for g in (group, region, THE_NATION)
        for key, _ in comparable
    } - {""}
    notes += sorted(hidden)
    return SystemTrend(overall, measures, _changes(aggregates, comparable), notes)


def _changes(aggregates: list[Aggregate], comparable: list[tuple[str, str]]) -> list[str]:
    """Sentences about the measures that differ between the rounds' framework versions."""
    shared = {key for key, _ in comparable}
    words = aggregates[-1].round.framework_version.words
    sentences = []
    seen: dict[str, list[tuple[str, str]]] = {}
    for a in aggregates:
        for key, label in a.measures:
            seen.setdefault(key, []).append((a.round.name, label))
    for key, where in seen.items():
        if key not in shared:
            rounds = ", ".join(name for name, _ in where)
            sentences.append(
                f"{where[-1][1]} is a {words.section} in {rounds} only, so it has no trend line."
            )
            continue
        for (before_round, before), (after_round, after) in zip(where, where[1:], strict=False):
            if before != after:
                sentences.append(
                    f"{before} ({before_round}) is called {after} from {after_round}: the same "
                    f"{words.section} (the same stable key), relabelled."
                )
    versions = [a.round.framework_version for a in aggregates]
    for before, after, a in zip(versions, versions[1:], aggregates[1:], strict=False):
        if before.pk != after.pk:
            sentences.append(
                f"{a.round.name} answered framework version {after.version}, the round before "
                f"version {before.version}: {words.sections} are compared by their stable keys."
            )
    return sentences
