"""Reads about people's roles that pages share: the roles left at ended systems, and a
scope's people."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from .. import access
from ..models import (
    Invitation,
    Membership,
    Organisation,
    Region,
    System,
    SystemMembership,
    valid_on,
)


@dataclass(frozen=True)
class EndedSystemRoles:
    system: System
    successors: list[System]
    roles: list[Membership]

    @property
    def successor(self) -> System | None:
        """The one system that replaced it, if exactly one did (so the roles can move)."""
        return self.successors[0] if len(self.successors) == 1 else None


def roles_to_review() -> list[EndedSystemRoles]:
    """Every ended system where people still hold roles (after a merger nobody is given the new
    system automatically), with its successors and those roles: two queries and two
    prefetches."""
    systems = (
        System.objects.filter(valid_to__isnull=False, roles__isnull=False)
        .distinct()
        .order_by("name")
        .prefetch_related(
            Prefetch("replaced_by", queryset=System.objects.order_by("name")),
            Prefetch(
                "roles",
                queryset=Membership.objects.select_related("user").order_by(
                    "role", "user__last_name", "user__first_name", "user__username"
                ),
            ),
        )
    )
    return [
        EndedSystemRoles(system, list(system.replaced_by.all()), list(system.roles.all()))
        for system in systems
    ]


# --- a scope's people (views/people_scopes.py) ---------------------------------------------------

ORDER = ("role", "user__last_name", "user__first_name", "user__username")


def scope_filter(scope) -> dict:
    """The Membership (and Invitation) fields naming `scope`: an Organisation, System, Region,
    or None for the nation."""
    return {
        "organisation": scope if isinstance(scope, Organisation) else None,
        "system": scope if isinstance(scope, System) else None,
        "region": scope if isinstance(scope, Region) else None,
    }


def _memberships(viewer) -> QuerySet[Membership]:
    return access.memberships_visible_to(viewer).select_related("granted_by").order_by(*ORDER)


@dataclass(frozen=True)
class ScopePeople:
    """What a scope's people page lists: the roles held at the scope itself, the invitations
    not yet accepted there, and its parts: a system's hosted organisations with their people, a
    region's systems with their SROs, the nation's regions with their analysts."""

    own: list[Membership]
    pending: list[Invitation]
    parts: list[tuple[Organisation | System | Region, list[Membership]]] = field(
        default_factory=list
    )


def people_of(viewer, scope) -> ScopePeople:
    """A scope's people as `viewer` may see them (`access.memberships_visible_to`): three
    queries, whatever the number of organisations or systems."""
    own = list(_memberships(viewer).filter(**scope_filter(scope)))
    pending = list(
        Invitation.objects.filter(accepted_at__isnull=True, **scope_filter(scope))
        .select_related("invited_by")
        .order_by("expires_at")
    )
    if isinstance(scope, System):
        parts = list(
            Organisation.objects.filter(
                pk__in=SystemMembership.objects.current()
                .filter(system=scope, is_host=True)
                .values("organisation_id")
            ).order_by("name")
        )
        held = _memberships(viewer).filter(organisation__in=parts)
        key = "organisation_id"
    elif isinstance(scope, Region):
        parts = list(System.objects.filter(valid_on(), region=scope).order_by("name"))
        held = _memberships(viewer).filter(system__in=parts)
        key = "system_id"
    elif scope is None:
        parts = list(Region.objects.order_by("name"))
        held = _memberships(viewer).filter(region__isnull=False)
        key = "region_id"
    else:
        return ScopePeople(own, pending)
    by_part: dict[int, list[Membership]] = {part.pk: [] for part in parts}
    for membership in held:
        by_part.setdefault(getattr(membership, key), []).append(membership)
    return ScopePeople(own, pending, [(part, by_part[part.pk]) for part in parts])
