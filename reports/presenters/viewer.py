"""Who sees which groups' organisations one by one, and so which figures a page may show them.

The rule is the access policy's (`assessments.access.sees_organisations_of`): the overview roles
(national administrator, a region's analyst, a system's SRO) see the organisations inside their
scope; a board reader reads the system they were given, never the organisations inside it.
Every figure a page shows comes from `figures_for(viewer, aggregate)`: the aggregate suppressed
for that viewer."""

from collections.abc import Callable
from dataclasses import dataclass

from assessments import access

from ..aggregates import Aggregate, Group
from ..suppression import suppress
from ..viewing import group_sight


@dataclass(frozen=True)
class Viewer:
    sight: Callable  # access.organisation_sight(user): a Region, a System or None -> bool

    @property
    def national(self) -> bool:
        return self.sight(None)

    def sees_system(self, system) -> bool:
        return self.sight(system)

    def sees_region(self, region) -> bool:
        return self.sight(region)


def viewer_for(user) -> Viewer:
    """One query: what the user's roles let them see inside regions and systems."""
    return Viewer(access.organisation_sight(user))


def figures_for(
    viewer: Viewer,
    aggregate: Aggregate,
    *,
    region_id: int | None = None,
    subject: Group | None = None,
) -> Aggregate:
    """The aggregate as this viewer may see it (a national administrator sees every figure).
    For anyone else it holds only the nation, the page's region (`region_id`) and its systems:
    the figures a region's or a system's page shows, suppressed together, sparing the page's
    own `subject` where another cell will do."""
    if viewer.national:
        return aggregate
    shown = aggregate.around(region_id)
    return suppress(shown, sees_individually=group_sight(viewer.sight, shown), subject=subject)
