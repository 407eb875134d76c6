"""Who sees which groups' organisations one by one, and so which figures a page may show them.

The decision is the access policy's: the overview roles (national administrator, a region's
analyst, a system's SRO) reach the organisations inside their scope; a board reader reads the
system they were given, never the organisations inside it. Every figure a page shows comes from
`figures_for(viewer, aggregate)`: the aggregate suppressed for that viewer."""

from collections.abc import Callable
from dataclasses import dataclass

from assessments import access

from ..aggregates import NATION, REGION, SYSTEM, Aggregate, Group
from ..suppression import suppress


@dataclass(frozen=True)
class Viewer:
    national: bool = False
    regions: frozenset[int] = frozenset()  # regions whose organisations they see
    systems: frozenset[int] = frozenset()  # systems whose organisations they see

    def sees_system(self, system) -> bool:
        return self.national or system.pk in self.systems or system.region_id in self.regions

    def sees_region(self, region) -> bool:
        return self.national or region.pk in self.regions


def viewer_for(user) -> Viewer:
    """One query: the user's roles that reach inside a region or system."""
    grants = access.grants_for(user)
    inside = access.REACHES_INSIDE
    return Viewer(
        national=bool(grants.national & inside),
        regions=frozenset(grants.ids("regions", inside)),
        systems=frozenset(grants.ids("systems", inside)),
    )


def sees_individually(viewer: Viewer, aggregate: Aggregate) -> Callable[[Group], bool]:
    def sees(group: Group) -> bool:
        if viewer.national:
            return True
        if group.level == NATION:
            return False
        if group.level == REGION:
            return group.id in viewer.regions
        if group.level == SYSTEM:
            system = aggregate.systems.get(group.id)
            return system is not None and viewer.sees_system(system)
        return False

    return sees


def figures_for(viewer: Viewer, aggregate: Aggregate) -> Aggregate:
    """The aggregate as this viewer may see it (a national administrator sees every figure)."""
    if viewer.national:
        return aggregate
    return suppress(aggregate, sees_individually=sees_individually(viewer, aggregate))
