"""The small world of small_world.py (figures computed by hand in test_aggregates.py), with a
person in every role that reaches the system, regional and national pages, and an optional
earlier round for the trend."""

import datetime as dt
from dataclasses import dataclass

from assessments.models import Role
from tests.factories import PASSWORD, PersonaFactory

from . import small_world

# username: (role, where: a system code, a region key, an organisation code, or None)
PEOPLE = {
    "sro": (Role.SRO, "QWO"),
    "board": (Role.BOARD_READER, "QWO"),
    "analyst": (Role.ANALYST, "north"),
    "national": (Role.NATIONAL_ADMIN, None),
    "other_sro": (Role.SRO, "QJK"),
    "other_analyst": (Role.ANALYST, "south"),
    "respondent": (Role.RESPONDENT, "A1"),
}


@dataclass
class PagesWorld:
    round: object
    north: object
    south: object
    systems: dict
    organisations: dict
    users: dict
    earlier: object = None


def build(*, earlier: bool = False, words=None) -> PagesWorld:
    round_, north, south, systems, organisations = small_world.build(words=words)
    places = {"north": north, "south": south, **systems, **organisations}
    users = {
        name: PersonaFactory(
            username=name, password=PASSWORD, role=role, at=places[at] if at else None
        )
        for name, (role, at) in PEOPLE.items()
    }
    world = PagesWorld(round_, north, south, systems, organisations, users)
    if earlier:
        world.earlier = earlier_round(round_, organisations)
    return world


def earlier_round(round_, organisations):
    """The round a year before, on the same framework version: every organisation approved
    with its overall score 0.5 lower."""
    from assessments.models import Round

    earlier = Round.objects.create(
        name="2024/25 assessment",
        framework_version=round_.framework_version,
        opens_on=round_.opens_on - dt.timedelta(days=365),
        closes_on=round_.closes_on - dt.timedelta(days=365),
        care_settings=round_.care_settings,
        launched_at=round_.launched_at,
    )
    for code, _, _, _, _, overall in small_world.ORGANISATIONS:
        if overall is not None:
            lower = str(float(overall) - 0.5)
            small_world.freeze(earlier, organisations[code], small_world.APPROVED, lower)
    return earlier
