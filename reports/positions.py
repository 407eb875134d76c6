"""An organisation's results in context: its position in its system's, region's and nation's
distributions (a band, never a rank) and its own trend across rounds.

Bands. For each success measure and overall, the organisation's frozen score is compared with
the quartiles of the group's distribution (`aggregates.aggregate(round_)`, on the round's own
footprint, among all providers, or among ICBs for an ICB): below the lower quartile it is "in
the lowest quarter", above the upper quartile "in the highest quarter", otherwise "in the
middle half". A group's band is given only where the group's figures may be shown to this
viewer (`suppression.suppress`, with `sees_individually` from the access policy): a group of
fewer than `min_group_size()` organisations gets none unless the viewer may see its
organisations one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from assessments import access
from assessments.models import Assessment

from . import sources
from .aggregates import ICB, NATION, OVERALL, PROVIDERS, REGION, SYSTEM, Cell, Group, aggregate
from .charts import Chart, Series, trend
from .suppression import suppress

LOWEST, MIDDLE, HIGHEST = "in the lowest quarter", "in the middle half", "in the highest quarter"
NO_SCORE = "no score"


def band(score: Decimal | None, cell: Cell) -> str | None:
    """Where `score` falls in `cell`'s distribution; None when it has none to show."""
    if score is None or cell.suppressed or cell.q1 is None or cell.q3 is None:
        return None
    value = Fraction(score)
    if value < cell.q1:
        return LOWEST
    if value > cell.q3:
        return HIGHEST
    return MIDDLE


@dataclass(frozen=True)
class Place:
    """One group's verdict on one measure: a band, or why there is none."""

    band: str | None
    reason: str = ""

    def __str__(self) -> str:
        return self.band or self.reason


@dataclass
class Row:
    key: str
    label: str
    score: Decimal | None
    places: list[Place]  # system, region, nation


@dataclass
class Position:
    groups: list[str]  # the column headings: the system's and region's names, "England"
    setting: str  # PROVIDERS or ICB: whom the organisation is compared with
    rows: list[Row] = field(default_factory=list)
    placed: bool = True  # False: no host system on the round's opening day


def position(assessment: Assessment, user) -> Position:
    """The assessment's bands per measure and overall, as `user` may see them."""
    round_ = assessment.round
    figures = aggregate(round_)
    host = sources.host_system_on(assessment.organisation_id, figures.on)
    setting = ICB if assessment.care_setting == ICB else PROVIDERS
    if host is None:
        return Position(groups=[], setting=setting, placed=False)
    groups = [Group(SYSTEM, host.pk), Group(REGION, host.region_id), Group(NATION)]
    subjects = {groups[0]: host, groups[1]: host.region, groups[2]: None}
    sees = {g: access.sees_organisations_of(user, subject) for g, subject in subjects.items()}
    shown = suppress(
        figures.around(host.region_id),
        sees_individually=lambda g: sees.get(g, False),
        subject=groups[0],
    )
    scores = sources.frozen_scores([assessment.pk])[assessment.pk]
    result = Position(
        groups=[access.system_name(user, host), host.region.name, "England"], setting=setting
    )
    for key, label in [*figures.measures, (OVERALL, "Overall")]:
        score = scores.get(key)
        places = []
        for group in groups:
            cell = shown.cell(group, setting, key)
            found = band(score, cell)
            if found:
                places.append(Place(found))
            elif score is None:
                places.append(Place(None, NO_SCORE))
            elif cell.suppressed:
                places.append(Place(None, "not shown: too few organisations"))
            else:
                places.append(Place(None, "no figures"))
        result.rows.append(Row(key, label, score, places))
    return result


@dataclass
class Trend:
    charts: list[Chart]
    changes: list[str]  # what changed in the measures between framework versions, in words
    rounds: int


def organisation_trend(organisation_id: int) -> Trend:
    """The organisation's own overall and measure scores across its approved rounds, measures
    matched by stable key, with the changes between framework versions in words."""
    assessments = sources.approved_assessments_of(organisation_id)
    scores = sources.frozen_scores([a.pk for a in assessments])
    names = [a.round.name for a in assessments]
    measures_by_round = [sources.measures_of(a.round) for a in assessments]
    labels: dict[str, str] = {}
    for measures in measures_by_round:
        labels.update(dict(measures))  # the latest label wins
    overall = Series("Overall", [scores[a.pk].get(OVERALL) for a in assessments])
    by_measure = [
        Series(label, [scores[a.pk].get(key) for a in assessments]) for key, label in labels.items()
    ]
    changes = []
    for before, after, old, new in zip(
        assessments, assessments[1:], measures_by_round, measures_by_round[1:], strict=False
    ):
        changes += _changes(before, after, dict(old), dict(new))
    note = " ".join(changes)
    sections = assessments[-1].framework_version.words.Section if assessments else "Section"
    charts = [
        trend("trend-overall", "Overall score by round", rounds=names, series=[overall]),
        trend(
            "trend-measures",
            f"{sections} scores by round",
            rounds=names,
            series=by_measure,
            note=note,
        ),
    ]
    return Trend(charts=charts, changes=changes, rounds=len(assessments))


def _changes(before, after, old: dict[str, str], new: dict[str, str]) -> list[str]:
    if before.framework_version_id == after.framework_version_id:
        return []
    between = (
        f"Between {before.round.name} (version {before.framework_version.version}) and "
        f"{after.round.name} (version {after.framework_version.version})"
    )
    words = after.framework_version.words
    said = []
    for key in new.keys() & old.keys():
        if old[key] != new[key]:
            said.append(f'"{old[key]}" became "{new[key]}" (the same {words.section})')
    said += [f'"{new[k]}" was added' for k in new.keys() - old.keys()]
    said += [f'"{old[k]}" was removed' for k in old.keys() - new.keys()]
    if not said:
        return [f"{between} the {words.sections} did not change."]
    return [f"{between}: {'; '.join(sorted(said))}."]
