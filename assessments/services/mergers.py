"""Recording a merger of systems: the old ones end, a successor starts, members move across."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from config.errors import DomainError

from .. import access
from ..models import AdminEvent, Membership, Region, System, SystemMembership
from .administration import admin_log
from .errors import NotAllowed


class MergerError(DomainError):
    """A merger could not be recorded; nothing was changed."""


@dataclass(frozen=True)
class MergerResult:
    successor: System
    ended: list[System]
    moved: int
    roles_to_review: int

    def __str__(self) -> str:
        codes = ", ".join(s.ods_code for s in self.ended)
        text = (
            f"{codes} ended on {self.successor.valid_from - dt.timedelta(days=1):%-d %B %Y}; "
            f"{self.successor.name} ({self.successor.ods_code}) started on "
            f"{self.successor.valid_from:%-d %B %Y} with {self.moved} member organisation(s)."
        )
        if self.roles_to_review:
            text += (
                f" {self.roles_to_review} people's roles still point at the ended systems: "
                "review them, since nobody is given access to the new system automatically."
            )
        return text


@transaction.atomic
def system_merge(
    *,
    into_code: str,
    name: str,
    from_codes: list[str],
    on: dt.date,
    region: Region | None = None,
    ons_code: str = "",
    by=None,
) -> MergerResult:
    """Merge systems into a new successor from the day `on`.

    The old systems end the day before. Each organisation's open membership of an old system
    ends that day too, and a new membership of the successor starts on `on`, keeping the host
    flag (an organisation in two of the merged systems gets one membership, host if either
    was). People's roles are left alone: who runs the new system is a decision, not a side
    effect (`roles_to_review` counts them). `by` must be a national administrator
    (`access.may_change_reference`); None only for the command line and data loading. The
    merger is in the administration log.
    """
    if by is not None and not access.may_change_reference(by):
        raise NotAllowed("Only a national administrator can record a merger of systems.")
    into_code = into_code.strip().upper()
    codes = list(dict.fromkeys(code.strip().upper() for code in from_codes))
    if not codes:
        raise MergerError("Name at least one system to merge.")
    old_systems = list(
        System.objects.select_for_update().filter(ods_code__in=codes).select_related("region")
    )
    missing = sorted(set(codes) - {s.ods_code for s in old_systems})
    if missing:
        raise MergerError(f"There is no system with the code {', '.join(missing)}.")
    if System.objects.filter(ods_code=into_code).exists():
        raise MergerError(
            f"A system with the code {into_code} already exists: "
            "choose a new code for the successor."
        )
    last_day = on - dt.timedelta(days=1)
    for old in old_systems:
        if old.valid_to is not None and old.valid_to < on:
            raise MergerError(
                f"{old.ods_code} ended on {old.valid_to:%-d %B %Y}, "
                f"before the merger on {on:%-d %B %Y}."
            )
        if old.valid_from > last_day:
            raise MergerError(
                f"{old.ods_code} started on {old.valid_from:%-d %B %Y}: "
                "a merger must come after the systems it merges have started."
            )
    if region is None:
        regions = {s.region for s in old_systems}
        if len(regions) > 1:
            raise MergerError(
                "The systems are in different regions: choose the region of the new system."
            )
        region = regions.pop()

    successor = System(
        ods_code=into_code, name=name.strip(), ons_code=ons_code, region=region, valid_from=on
    )
    try:
        successor.full_clean()
    except ValidationError as exc:
        raise MergerError(" ".join(exc.messages)) from None
    successor.save()
    successor.replaces.set(old_systems)

    memberships = list(
        SystemMembership.objects.select_for_update()
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), system__in=old_systems)
        .select_related("organisation", "system")
    )
    late = [m for m in memberships if m.valid_from > last_day]
    if late:
        first = late[0]
        raise MergerError(
            f"{first.organisation} joins {first.system.ods_code} on "
            f"{first.valid_from:%-d %B %Y}, after the merger: change that first."
        )
    # organisation id -> (host, last day): one membership each, however many systems it was in.
    moving: dict[int, tuple[bool, dt.date | None]] = {}
    for membership in memberships:
        was_host, until = moving.get(membership.organisation_id, (False, membership.valid_to))
        if until is not None and membership.valid_to is not None:
            until = max(until, membership.valid_to)
        else:
            until = None
        moving[membership.organisation_id] = (was_host or membership.is_host, until)
        membership.valid_to = last_day
    SystemMembership.objects.bulk_update(memberships, ["valid_to"])
    SystemMembership.objects.bulk_create(
        SystemMembership(
            organisation_id=organisation_id,
            system=successor,
            is_host=is_host,
            valid_from=on,
            valid_to=until,
        )
        for organisation_id, (is_host, until) in moving.items()
    )
    for old in old_systems:
        old.valid_to = last_day
    System.objects.bulk_update(old_systems, ["valid_to"])
    result = MergerResult(
        successor=successor,
        ended=sorted(old_systems, key=lambda s: s.ods_code),
        moved=len(moving),
        roles_to_review=Membership.objects.filter(system__in=old_systems).count(),
    )
    admin_log(
        by=by,
        action=AdminEvent.Action.SYSTEMS_MERGED,
        subject=f"{successor.name} ({successor.ods_code})",
        before={"systems": [s.ods_code for s in result.ended]},
        after={"system": successor.ods_code, "from": on.isoformat(), "moved": result.moved},
    )
    return result
