"""Reads for the round pages (`views/rounds.py`): what a launch would create, and how far a
launched round has got, per region and system, with the organisations still to submit.

An organisation counts in the system hosting it on the round's opening day (as at launch), and
that system's region. Each function runs a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery

from ..models import (
    Answer,
    Assessment,
    Organisation,
    OrganisationCareSetting,
    Round,
    System,
    SystemMembership,
)

NOT_STARTED, IN_PROGRESS = "not_started", "in_progress"
SUBMITTED, RETURNED, APPROVED = "submitted", "returned", "approved"
STATES = [
    (NOT_STARTED, "Not started"),
    (IN_PROGRESS, "In progress"),
    (SUBMITTED, "Submitted"),
    (RETURNED, "Returned"),
    (APPROVED, "Approved"),
]
STATE_LABELS = dict(STATES)
SETTING_LABELS = dict(OrganisationCareSetting.choices)
NO_HOST = "No host system"


def round_organisations(round_: Round) -> QuerySet[Organisation]:
    """The organisations a launch of `round_` gives an assessment: those of its care settings
    belonging to a system on its opening day."""
    return Organisation.objects.filter(care_setting__in=round_.care_settings).filter(
        pk__in=SystemMembership.objects.current(round_.opens_on).values("organisation_id")
    )


def _host(round_: Round, ref: str = "pk"):
    """The id of the system hosting an organisation on the round's opening day."""
    return Subquery(
        SystemMembership.objects.current(round_.opens_on)
        .filter(organisation=OuterRef(ref), is_host=True)
        .values("system_id")[:1]
    )


@dataclass
class Preview:
    """What launching a round would create."""

    total: int
    by_setting: list[tuple[str, int]]
    by_region: list[tuple[str, int]]


def launch_preview(round_: Round) -> Preview:
    """How many assessments a launch would create, per care setting and per region (3 queries)."""
    rows = list(
        round_organisations(round_)
        .annotate(host_id=_host(round_))
        .values("care_setting", "host_id")
        .annotate(n=Count("pk"))
    )
    regions = dict(
        System.objects.filter(pk__in={r["host_id"] for r in rows}).values_list("pk", "region__name")
    )
    by_setting, by_region = Counter(), Counter()
    for row in rows:
        by_setting[row["care_setting"]] += row["n"]
        by_region[regions.get(row["host_id"], NO_HOST)] += row["n"]
    return Preview(
        total=sum(by_setting.values()),
        by_setting=[
            (label, by_setting[value])
            for value, label in OrganisationCareSetting.choices
            if value in by_setting
        ],
        by_region=sorted(by_region.items()),
    )


def _state(status: str, started: bool) -> str:
    if status == Assessment.Status.DRAFT:
        return IN_PROGRESS if started else NOT_STARTED
    return status


def _with_state(assessments: QuerySet, round_: Round) -> QuerySet:
    """Annotated with `host_id` and `started`: an answer saved or confirmed this round (a
    draft whose answers are all still last year's, or that has none, is not started)."""
    return assessments.annotate(
        host_id=_host(round_, "organisation"),
        started=Exists(Answer.objects.filter(assessment=OuterRef("pk"), from_last_year=False)),
    )


@dataclass
class Line:
    """One region or system: how many of its organisations are at each stage."""

    name: str
    code: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATE_LABELS, 0))
    region: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        return [self.counts[state] for state, _ in STATES]


@dataclass
class Progress:
    round: Round
    total: Line
    regions: list[Line]
    systems: list[Line]


def round_progress(round_: Round, assessments: QuerySet | None = None) -> Progress:
    """How far `round_` has got: every organisation, per region and per system. `assessments`
    narrows it (pass what the access policy lets the reader see). Two queries."""
    assessments = Assessment.objects.filter(round=round_) if assessments is None else assessments
    rows = list(
        _with_state(assessments.filter(round=round_), round_)
        .values("host_id", "status", "started")
        .annotate(n=Count("pk"))
    )
    systems = {
        s.pk: s
        for s in System.objects.filter(pk__in={r["host_id"] for r in rows}).select_related("region")
    }
    total = Line("All organisations", "")
    by_region: dict[str, Line] = {}
    by_system: dict[int | None, Line] = {}
    for row in rows:
        state = _state(row["status"], row["started"])
        system = systems.get(row["host_id"])
        region_key = system.region.ods_code if system else ""
        region = by_region.setdefault(
            region_key, Line(system.region.name if system else NO_HOST, region_key)
        )
        line = by_system.setdefault(
            row["host_id"],
            Line(
                system.name if system else NO_HOST,
                system.ods_code if system else "",
                region=region.name,
            ),
        )
        for counted in (total, region, line):
            counted.counts[state] += row["n"]
    return Progress(
        round=round_,
        total=total,
        regions=sorted(by_region.values(), key=lambda line: line.name),
        systems=sorted(by_system.values(), key=lambda line: (line.region, line.name)),
    )


@dataclass(frozen=True)
class Waiting:
    """An organisation that has not submitted yet."""

    assessment: Assessment
    state: str
    system: str
    region: str

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def care_setting_label(self) -> str:
        return SETTING_LABELS.get(self.assessment.care_setting, self.assessment.care_setting)


def not_submitted(round_: Round, assessments: QuerySet | None = None) -> list[Waiting]:
    """The organisations of `round_` (narrowed to `assessments`) not started, in progress or
    returned: who to chase, by region, system and name. Two queries."""
    assessments = Assessment.objects.filter(round=round_) if assessments is None else assessments
    found = list(
        _with_state(
            assessments.filter(
                round=round_,
                status__in=[Assessment.Status.DRAFT, Assessment.Status.RETURNED],
            ),
            round_,
        ).select_related("organisation")
    )
    systems = {
        s.pk: s
        for s in System.objects.filter(pk__in={a.host_id for a in found}).select_related("region")
    }
    waiting = []
    for a in found:
        system = systems.get(a.host_id)
        waiting.append(
            Waiting(
                a,
                _state(a.status, a.started),
                system.name if system else NO_HOST,
                system.region.name if system else NO_HOST,
            )
        )
    return sorted(waiting, key=lambda w: (w.region, w.system, w.assessment.organisation.name))


def system_assessments(round_: Round, system: System) -> QuerySet:
    """The assessments of `round_` of the organisations `system` hosted on its opening day."""
    hosted = SystemMembership.objects.current(round_.opens_on).filter(system=system, is_host=True)
    return Assessment.objects.filter(
        round=round_,
        organisation__in=Organisation.objects.filter(pk__in=hosted.values("organisation_id")),
    )


def waiting_for_review(user, assessments: QuerySet) -> QuerySet:
    """Submitted assessments among `assessments` (those the user may approve) that someone else
    submitted: what waits for this approver."""
    return (
        assessments.filter(status=Assessment.Status.SUBMITTED)
        .exclude(submitted_by=user)
        .select_related("organisation", "round")
        .order_by("submitted_at", "pk")
    )


def per_round_counts(rounds) -> dict[int, int]:
    """How many assessments each round has (one query)."""
    return dict(
        Assessment.objects.filter(round__in=rounds)
        .values("round")
        .annotate(n=Count("pk"))
        .values_list("round", "n")
    )
