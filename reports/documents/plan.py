"""The plan as the documents read it: targets per success measure, actions, and whether (by
whom, when) it was agreed. Plain typed data, so that the plan models (`reports/plans/`) hand it
over in a few lines; until a plan exists, `proposed_plan` is the draft proposed from the data
(targets only: actions are the SRO's to agree).

A measure's target is proposed from the member organisations' own targets, combined like their
scores: each organisation's target for a measure is the weighted mean of the target levels it
recorded for the measure's questions (weighted by the questions' weights, as its score is;
questions it marked not applicable left out), and the system's is the plain mean of its approved
providers' targets, each organisation counting once, to one decimal place. Where no organisation
set one, the target is the next whole level above today's score.

(That paragraph is printed in the documents' methods. The rule itself is
`reports.plans.proposal`'s, which a plan's first draft uses too.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

NOT_STARTED, IN_PROGRESS, DONE, BLOCKED = "not_started", "in_progress", "done", "blocked"
ACTION_STATUSES = {
    NOT_STARTED: "Not started",
    IN_PROGRESS: "In progress",
    DONE: "Done",
    BLOCKED: "Blocked",
}
FROM_ORGANISATIONS = "the organisations' own targets"
ONE_LEVEL_UP = "one level above today"
AGREED_TARGET = "agreed"


@dataclass(frozen=True)
class PlanAction:
    title: str
    measure_key: str
    owner: str = ""
    due: dt.date | None = None
    status: str = NOT_STARTED
    notes: str = ""

    @property
    def status_text(self) -> str:
        return ACTION_STATUSES.get(self.status, self.status)


@dataclass(frozen=True)
class PlanData:
    """What a document prints of a plan. `targets` by measure key; `actions` in the plan's
    order (the document numbers them in that order); agreed when `agreed_at` is set."""

    targets: dict[str, Fraction]
    actions: list[PlanAction] = field(default_factory=list)
    agreed_by: str = ""
    agreed_at: dt.datetime | None = None
    target_sources: dict[str, str] = field(default_factory=dict)  # how each target was set
    measure_order: tuple[str, ...] = ()  # the plan's order of measures (foundations first)
    version_number: int = 0  # the plan version printed; 0 for the proposal from the data

    @property
    def agreed(self) -> bool:
        return self.agreed_at is not None

    def source_of(self, measure_key: str) -> str:
        return self.target_sources.get(measure_key, AGREED_TARGET if self.agreed else "")

    def fingerprint(self) -> list:
        """The plan as plain data, for the record of what a document printed."""
        return [
            sorted((k, str(v)) for k, v in self.targets.items()),
            [
                [a.title, a.measure_key, a.owner, a.due and a.due.isoformat(), a.status, a.notes]
                for a in self.actions
            ],
            self.agreed_by,
            self.agreed_at and self.agreed_at.isoformat(),
            list(self.measure_order),
            self.version_number,
        ]

    def in_order(self, rows: list) -> list:
        """Rows with a measure `key`, in the plan's order (the framework's where it has none)."""
        rank = {key: index for index, key in enumerate(self.measure_order)}
        return sorted(rows, key=lambda row: rank.get(row.key, len(rank)))


def proposed_plan(
    round_, organisation_ids: list[int], current: dict[str, Fraction | None]
) -> PlanData:
    """The draft proposed from the data for these organisations (a system's approved providers,
    or one organisation), given today's score per measure key: the targets a plan started now
    would propose (`reports.plans.proposal`, the one rule)."""
    from ..plans.proposal import measure_targets, proposed_target

    aims = measure_targets(round_, organisation_ids)
    targets, how = {}, {}
    for measure, score in current.items():
        target, source = proposed_target(aims.get(measure), score)
        if target is not None:
            targets[measure] = Fraction(target)
            how[measure] = FROM_ORGANISATIONS if source == "organisations" else ONE_LEVEL_UP
    return PlanData(targets=targets, target_sources=how)
