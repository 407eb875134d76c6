"""Who sees a group's organisations one by one: what suppression asks of the access policy.

A viewer sees a group (a system, a region, the nation) "individually" when a role that reaches
inside its scope covers the whole group: a national administrator or national analyst sees
every group; a regional analyst their region and its systems; a digital SRO their system. A
board reader reads a system's figures but not its organisations, so small groups of that
system are suppressed for them. The decisions are the access policy's (`assessments.access`):
this module only asks it once per viewer (one query) and answers per group.
"""

from collections.abc import Callable

from assessments import access
from assessments.models import Region

from .aggregates import REGION, SYSTEM, Aggregate, Group


def sees_individually(user, aggregate: Aggregate) -> Callable[[Group], bool]:
    grants = access.grants_for(user)
    inside = access.REACHES_INSIDE
    national = bool(grants.national & inside)
    regions = set(grants.ids("regions", inside))
    systems = set(grants.ids("systems", inside))

    def sees(group: Group) -> bool:
        if national:
            return True
        if group.level == REGION:
            return group.id in regions
        if group.level == SYSTEM:
            system = aggregate.systems.get(group.id)
            region_id = system.region_id if system is not None else None
            return group.id in systems or region_id in regions
        return False

    return sees


def may_export_nation(user) -> bool:
    """The national figures: for those whose role lets them export every region."""
    return bool(access.grants_for(user).national & access.RULES[Region]["export"])


def is_national_administrator(user) -> bool:
    return access.NATIONAL in access.grants_for(user).national
