"""Reads about people's roles that pages share."""

from dataclasses import dataclass

from django.db.models import Prefetch

from ..models import Membership, System


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
