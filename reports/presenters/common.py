"""What the system, regional and national pages share: the round picker, care-setting and
measure choices, and the figures' names and methods as the pages print them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from assessments.models import OrganisationCareSetting, Round

from .. import sources
from ..aggregates import FIGURES, ICB, OVERALL, PROVIDERS, SHOWN_NOTE, Aggregate

SETTING_LABELS = {
    PROVIDERS: "All providers",
    ICB: "ICBs",
    **{v: label for v, label in OrganisationCareSetting.choices if v != ICB},
}
OVERALL_LABEL = "Overall"
MEAN_LABEL = "mean (national method: plain mean of providers)"


@dataclass(frozen=True)
class RoundChoice:
    rounds: list[Round]  # the rounds with approved results, newest first
    chosen: Round | None

    @property
    def options(self) -> list[dict]:
        return [
            {"value": str(r.pk), "text": r.name, "selected": r == self.chosen} for r in self.rounds
        ]


def choose_round(requested: str | None, *, prefer_closed: bool = False) -> RoundChoice:
    """The round a page shows: the one asked for, else the latest with approved results (with
    `prefer_closed`, the latest that has closed, if any: for readers of a system's figures as a
    whole, whose small groups a round still in progress would mostly hide)."""
    with_data = sources.rounds_with_approved()
    rounds = [r for r in reversed(sources.rounds_in_order()) if r.pk in with_data]
    chosen = next((r for r in rounds if str(r.pk) == (requested or "")), None)
    if chosen is None and prefer_closed:
        chosen = next((r for r in rounds if r.closes_on < sources.today()), None)
    return RoundChoice(rounds, chosen or (rounds[0] if rounds else None))


def measure_choices(aggregate: Aggregate) -> list[tuple[str, str]]:
    """(key, label): the overall score first, then the success measures in order."""
    return [(OVERALL, OVERALL_LABEL), *aggregate.measures]


def setting_choices(aggregate: Aggregate) -> list[tuple[str, str]]:
    return [(s, SETTING_LABELS.get(s, s)) for s in aggregate.settings()]


def methods() -> list[dict]:
    """Every figure's label and method text, for the "How these figures are worked out" list."""
    return [{"label": f.label, "method": f.method} for f in FIGURES.values()]


SCORES_NOTE = SHOWN_NOTE


def link_maker(name: str) -> Callable[[int], str]:
    """`reverse(name, args=[pk])` for many pks at the cost of one reverse (a page linking
    every member organisation calls it hundreds of times)."""
    marker = 987654321
    template = reverse(name, args=[marker])
    return lambda pk: template.replace(str(marker), str(int(pk)), 1)
