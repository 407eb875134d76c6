"""Who sees a group's organisations one by one: what suppression asks of the access policy.

The rule is the access policy's (`assessments.access.sees_organisations_of`): national
administrators see every group's organisations, a region's analysts their region and its
systems, a system's SRO their system; board readers and an organisation's own people see groups
only through their aggregates, so small groups are suppressed for them. This module asks the
policy once per viewer (one query) and answers per group.
"""

from collections.abc import Callable

from assessments import access
from assessments.models import Region

from .aggregates import REGION, SYSTEM, Aggregate, Group


def sees_individually(user, aggregate: Aggregate) -> Callable[[Group], bool]:
    """For `suppress(sees_individually=...)`: the access policy's `organisation_sight`, asked
    with each group of this aggregate (one query for the viewer)."""
    sight = access.organisation_sight(user)

    def sees(group: Group) -> bool:
        if group.level == SYSTEM:
            system = aggregate.systems.get(group.id)
            return system is not None and sight(system)
        if group.level == REGION:
            return sight(Region(pk=group.id))
        return sight(None)

    return sees


def may_export_nation(user) -> bool:
    """The national figures: for those whose role lets them export every region."""
    return bool(access.grants_for(user).national & access.RULES[Region]["export"])


def is_national_administrator(user) -> bool:
    return access.NATIONAL in access.grants_for(user).national
