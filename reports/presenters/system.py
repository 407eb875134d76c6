"""The system dashboard: a system's results in a round, as one viewer may see them.

`dashboard(system, viewer, choice)` gathers everything the page shows, in a fixed number of
queries whatever the number of organisations: the aggregate (suppressed for the viewer), the
member organisations' assessments, their targets and frozen scores, the organisations serving
the system, and the trend across rounds (`trends.py`)."""

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from assessments.models import Assessment, System
from config.formatting import percent_text

from .. import charts, sources
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
    system_footprint,
)
from ..aggregates.memo import Memo
from ..plans.proposal import group_target, organisation_targets
from ..suppression import min_group_size
from .common import OVERALL_LABEL, SETTING_LABELS, RoundChoice, link_maker
from .trends import SystemTrend, system_trend
from .viewer import Viewer, figures_for

TARGET_METHOD = (
    "Each organisation's target for a {section} is the weighted mean of the target "
    "levels it recorded for the {section}'s questions (weighted by the questions' weights, as "
    "its score is; questions it marked not applicable left out); the system's target is the plain mean of its approved providers' targets, "
    "each organisation counting once."
)
WEAK_METHOD = (
    "From the frozen question scores of the system's approved providers: for each question, "
    "the share of the organisations answering it at level 1 or 2, then the lowest mean level. "
    "The ten questions most often weak are listed."
)
WEAK_SMALL = (
    "Questions answered by fewer than {n} organisations are left out: they could reveal an "
    "organisation's own answers."
)
STATUS_WORDS = {
    "none": "Not in this round",
    "not_started": "Not started",
    "draft": "In progress",
    "returned": "In progress (returned for changes)",
    "submitted": "Submitted",
    "approved": "Approved",
}
STATUS_ORDER = list(STATUS_WORDS)


@dataclass(frozen=True)
class MeasureRow:
    key: str
    label: str
    system: Cell
    region: Cell
    nation: Cell
    icb: Cell
    target: str = ""  # the system's target as shown, "" for none


@dataclass(frozen=True)
class Member:
    name: str
    ods_code: str
    setting: str
    status: str  # a key of STATUS_WORDS
    href: str | None  # the organisation's results, when approved

    @property
    def status_text(self) -> str:
        return STATUS_WORDS[self.status]


@dataclass(frozen=True)
class WeakQuestion:
    key: str
    text: str
    measure: str
    n: int
    weak: int  # organisations at level 1 or 2
    mean: Fraction

    @property
    def share(self) -> str:
        """As completeness is printed: a whole percentage, halves up (`percent_text`)."""
        return percent_text(Fraction(self.weak, self.n))


@dataclass
class Dashboard:
    system: System
    choice: RoundChoice
    aggregate: Aggregate | None = None
    rows: list[MeasureRow] = field(default_factory=list)
    sees_members: bool = False
    sees_position: bool = False
    members: list[Member] = field(default_factory=list)
    status_counts: list[tuple[str, int]] = field(default_factory=list)
    spread: charts.Chart | None = None
    position: charts.Chart | None = None
    heatmap: charts.Chart | None = None
    weak: list[WeakQuestion] = field(default_factory=list)
    weak_note: str = ""
    serving: list = field(default_factory=list)
    trend: SystemTrend | None = None
    targets_shown: bool = False

    @property
    def group(self) -> Group:
        return Group(SYSTEM, self.system.pk)

    @property
    def overall(self) -> MeasureRow | None:
        return self.rows[0] if self.rows else None

    @property
    def cells(self) -> list[Cell]:
        """Every cell the measures' tables show, for the reasons of those hidden."""
        return [c for r in self.rows for c in (r.system, r.region, r.nation, r.icb)]

    @property
    def has_figures(self) -> bool:
        return self.aggregate is not None and self.group in self.aggregate.children.get(
            Group(REGION, self.system.region_id), []
        )


# A dashboard's targets, heatmap and weak questions, per kept snapshot, system and viewer kind.
APPROVED_PARTS = Memo(64)


def dashboard(system: System, viewer: Viewer, choice: RoundChoice) -> Dashboard:
    board = Dashboard(system, choice)
    round_ = choice.chosen
    if round_ is None:
        return board
    footprint, _ = system_footprint(system, round_)
    board.aggregate = figures_for(
        viewer,
        aggregate(round_, footprint=footprint),
        region_id=system.region_id,
        subject=Group(SYSTEM, system.pk),
    )
    board.sees_members = viewer.sees_system(system)
    board.sees_position = board.sees_members
    members = sources.hosted(system, board.aggregate.on)
    provider_ids = [pk for pk, _, _, setting in members if setting != ICB]

    def from_approved_data():
        """What the page reads from approved assessments only (frozen: it changes only with
        the data generation the kept figures carry)."""
        targets = _targets(round_, provider_ids, board.sees_members)
        heatmap = None
        if board.sees_members:
            scores = sources.round_scores_of(round_, provider_ids, kinds=("overall", "measure"))
            heatmap = _heatmap(board, scores)
        return targets, heatmap, _weak_questions(round_, provider_ids, board.sees_members)

    identity = board.aggregate.identity
    if identity is None:
        targets, board.heatmap, weak = from_approved_data()
    else:
        key = (identity, system.pk, board.sees_members, min_group_size())
        targets, board.heatmap, weak = APPROVED_PARTS.get(key, from_approved_data)
    board.weak, board.weak_note = weak
    board.targets_shown = bool(targets)
    board.rows = _rows(board.aggregate, board.group, targets)
    board.spread = _spread(board)
    if board.sees_position:
        board.position = _position(board)
    if board.sees_members:
        board.members = _members(round_, members)
        counts = defaultdict(int)
        for member in board.members:
            counts[member.status] += 1
        board.status_counts = [(STATUS_WORDS[s], counts[s]) for s in STATUS_ORDER if counts[s]]
    board.serving = sources.serving(system, board.aggregate.on)
    board.trend = system_trend(system, viewer, list(reversed(choice.rounds)))
    return board


def _targets(round_, provider_ids: list[int], sees_members: bool) -> dict[str, str]:
    """The system's target per measure key, as shown (left out when hidden): the plan's rule
    (`organisation_targets`, `group_target`: the functions plans and documents use), to one
    decimal, halves up. A viewer who may not see the members one by one gets only the targets
    set by at least `min_group_size()` organisations."""
    shown = {}
    for measure, targets in organisation_targets(round_, provider_ids).items():
        if not sees_members and len(targets) < min_group_size():
            continue
        shown[measure] = charts.shown(group_target(targets))
    return shown


def _rows(figures: Aggregate, group: Group, targets: dict[str, str]) -> list[MeasureRow]:
    region = (
        Group(REGION, figures.systems[group.id].region_id) if group.id in figures.systems else None
    )
    rows = []
    for key, label in [(OVERALL, OVERALL_LABEL), *figures.measures]:
        rows.append(
            MeasureRow(
                key,
                label,
                system=figures.cell(group, PROVIDERS, key),
                region=figures.cell(region, PROVIDERS, key) if region else Cell(group, "", key),
                nation=figures.cell(THE_NATION, PROVIDERS, key),
                icb=figures.cell(group, ICB, key),
                target=targets.get(key, ""),
            )
        )
    return rows


def _distribution(label: str, cell: Cell) -> charts.Distribution:
    return charts.Distribution(
        label,
        cell.n,
        cell.minimum,
        cell.q1,
        cell.median,
        cell.q3,
        cell.maximum,
        cell.mean,
        suppressed=cell.suppressed,
    )


def _spread(board: Dashboard) -> charts.Chart:
    words = board.aggregate.round.framework_version.words
    return charts.distributions(
        "system-spread",
        f"Spread of providers' scores in {board.system.name}, by {words.section}",
        [_distribution(row.label, row.system) for row in board.rows],
        group_heading=words.Section,
    )


def _position(board: Dashboard) -> charts.Chart:
    """Where the system sits among its region's systems: the others are not named."""
    figures = board.aggregate
    region = Group(REGION, board.system.region_id)
    others = [g for g in figures.children.get(region, []) if g != board.group]
    groups = [_distribution("This system", figures.cell(board.group))]
    for index, other in enumerate(sorted(others, key=lambda g: g.id)):
        groups.append(_distribution(f"Another system {_letter(index)}", figures.cell(other)))
    references = [
        charts.Reference(name, cell.median)
        for name, cell in (
            ("Regional median", figures.cell(region)),
            ("National median", figures.cell(THE_NATION)),
        )
        if cell.median is not None
    ]
    return charts.distributions(
        "system-position",
        "Overall score: this system among the systems of its region",
        groups,
        references=references,
        group_heading="System",
    )


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _members(round_, members) -> list[Member]:
    found = sources.assessments_of(round_, [pk for pk, *_ in members])
    results, answering = link_maker("assessments:results"), link_maker("assessments:assessment")
    listed = []
    for pk, code, name, setting in members:
        assessment = found.get(pk)
        if assessment is None:
            status, href = "none", None
        else:
            assessment_id, state, answers = assessment
            status = "not_started" if state == Assessment.Status.DRAFT and not answers else state
            href = (
                results(assessment_id)
                if state == Assessment.Status.APPROVED
                else answering(assessment_id)
            )
        listed.append(Member(name, code, SETTING_LABELS.get(setting, setting), status, href))
    return sorted(listed, key=lambda m: (STATUS_ORDER.index(m.status), m.name))


def _heatmap(board: Dashboard, scores) -> charts.Chart | None:
    organisations = sorted(scores.organisations.values(), key=lambda o: o.name)
    if not organisations:
        return None
    results = link_maker("assessments:results")
    measures = board.aggregate.measures
    values = [
        [
            o.overall,
            *(o.measures[key].score if key in o.measures else None for key, _ in measures),
        ]
        for o in organisations
    ]
    return charts.heatmap(
        "system-heatmap",
        f"Approved providers' scores in {board.system.name}, by "
        f"{board.aggregate.round.framework_version.section_word}",
        rows=[o.name for o in organisations],
        columns=[OVERALL_LABEL, *(label for _, label in measures)],
        values=values,
        links=[results(o.assessment_id) for o in organisations],
    )


def _weak_questions(round_, provider_ids, sees_members: bool) -> tuple[list[WeakQuestion], str]:
    counted = sources.question_levels(round_, provider_ids)  # summed in the database, exactly
    n_min = min_group_size()
    left_out = False
    texts = sources.question_texts(round_) if counted else {}
    found = []
    for key, n, weak, total in counted:
        if not sees_members and n < n_min:
            left_out = True
            continue
        text, measure = texts.get(key, (key, ""))
        found.append(WeakQuestion(key, text, measure, n, weak, Fraction(total) / n))
    found.sort(key=lambda q: (-Fraction(q.weak, q.n), q.mean, q.key))
    return [q for q in found if q.weak][:10], WEAK_SMALL.format(n=n_min) if left_out else ""
