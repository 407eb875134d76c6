"""Wording for the round pages: the list of organisations still to submit, as a table to
download (`spreadsheets`), and which round a system's progress link follows."""

from ..models import Round
from ..selectors.rounds import Waiting
from ..spreadsheets import Table

NOT_SUBMITTED_COLUMNS = [
    "round",
    "region",
    "system",
    "ods_code",
    "organisation",
    "care_setting",
    "state",
    "extended_until",
]


def not_submitted_table(round_: Round, waiting: list[Waiting]) -> Table:
    """One row per organisation not yet submitted: who to chase."""
    return Table(
        title="Not submitted",
        columns=NOT_SUBMITTED_COLUMNS,
        rows=[
            [
                round_.name,
                w.region,
                w.system,
                w.assessment.organisation.ods_code,
                w.assessment.organisation.name,
                w.care_setting_label,
                w.state_label,
                w.assessment.extended_until,
            ]
            for w in waiting
        ],
        about=[
            ("Round", round_.name),
            ("Closes on", f"{round_.closes_on:%-d %B %Y}"),
            (
                "What is listed",
                "Organisations whose assessment is not started (nothing answered or confirmed "
                "this round), in progress or returned; each in the system hosting it on the "
                "round's opening day.",
            ),
        ],
    )


def latest_launched_round() -> Round | None:
    """The round a system's progress link follows: the latest launched."""
    return Round.objects.filter(launched_at__isnull=False).order_by("-opens_on", "-pk").first()
