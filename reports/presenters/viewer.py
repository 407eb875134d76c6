"""Who sees which groups' organisations one by one, and so which figures a page may show them.

The rule is the access policy's (`assessments.access.sees_organisations_of`): the overview roles
(national administrator, a region's analyst, a system's SRO) see the organisations inside their
scope; a board reader reads the system they were given, never the organisations inside it.
Every figure a page shows comes from `figures_for(viewer, aggregate)`: the aggregate suppressed
for that viewer."""

from collections.abc import Callable
from dataclasses import dataclass, replace

from assessments import access

from ..aggregates import REGION, THE_NATION, Aggregate, Group
from ..aggregates.memo import Memo
from ..suppression import min_group_size, suppress
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


# What `suppress` made of kept figures for one kind of viewer, reused while they are current.
SUPPRESSED = Memo(64)


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
    own `subject` where another cell will do. Suppression depends only on the figures and on
    which of these groups the viewer sees one by one, so it is made once per kept snapshot and
    such a set of groups, and reused."""
    if viewer.national:
        return aggregate
    sees = group_sight(viewer.sight, aggregate)

    def made() -> tuple[dict, dict]:
        shown = aggregate.around(region_id)
        suppressed = suppress(shown, sees_individually=sees, subject=subject)
        return suppressed.cells, suppressed.children

    if aggregate.identity is None:
        cells, children = made()
    else:
        groups = [
            THE_NATION,
            *aggregate.children.get(THE_NATION, []),
            *aggregate.children.get(Group(REGION, region_id), []),
        ]
        seen = frozenset(g for g in groups if sees(g))
        key = (aggregate.identity, region_id, subject, seen, min_group_size())
        cells, children = SUPPRESSED.get(key, made)
    return replace(aggregate, cells=cells, children=children)
