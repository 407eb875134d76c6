"""Deactivating and reactivating a person, and moving roles from systems ended by a merger to their successor:
the access policy first (`access.may_deactivate`, `access.may_reactivate`,
`access.may_change_reference`), every change
in the administration log."""

from dataclasses import dataclass

from django.db import transaction

from config.errors import DomainError

from .. import access
from ..models import AdminEvent, Membership, System
from .administration import admin_log
from .errors import NotAllowed
from .memberships import person_text


class PeopleError(DomainError):
    """A person or role could not be changed as asked."""


@transaction.atomic
def person_deactivate(*, by, person) -> None:
    """Stop `person` signing in. Their roles stay listed (as deactivated) for the record."""
    if not access.may_deactivate(by, person):
        raise NotAllowed(f"You cannot deactivate {person_text(person)}.")
    if not person.is_active:
        raise PeopleError(f"{person_text(person)} is already deactivated.")
    person.is_active = False
    person.save(update_fields=["is_active"])
    admin_log(
        by=by,
        action=AdminEvent.Action.DEACTIVATED,
        subject=person_text(person),
        person=person,
        before={"is_active": True},
        after={"is_active": False},
    )


@transaction.atomic
def person_reactivate(*, by, person) -> None:
    """Let a deactivated `person` sign in again, with the roles they still hold."""
    if not access.may_reactivate(by, person):
        raise NotAllowed(f"You cannot reactivate {person_text(person)}.")
    if person.is_active:
        raise PeopleError(f"{person_text(person)} can already sign in.")
    person.is_active = True
    person.save(update_fields=["is_active"])
    admin_log(
        by=by,
        action=AdminEvent.Action.REACTIVATED,
        subject=person_text(person),
        person=person,
        before={"is_active": False},
        after={"is_active": True},
    )


@dataclass(frozen=True)
class RolesMoved:
    ended: System
    successor: System
    moved: int
    already_held: int

    def __str__(self) -> str:
        text = (
            f"{self.moved} role(s) moved from {self.ended.name} ({self.ended.ods_code}) to "
            f"{self.successor.name} ({self.successor.ods_code})."
        )
        if self.already_held:
            text += f" {self.already_held} person(s) already held theirs there."
        return text


@transaction.atomic
def merger_roles_move(*, by, ended: System) -> RolesMoved:
    """Move every role held at `ended`, a system ended by a merger, to the one system that
    replaced it, in one step: national administrators only."""
    if not access.may_change_reference(by):
        raise NotAllowed("Only a national administrator can move roles after a merger.")
    ended = System.objects.select_for_update().get(pk=ended.pk)
    successors = list(ended.replaced_by.all())
    if ended.valid_to is None or not successors:
        raise PeopleError(f"{ended.name} has not been merged into another system.")
    if len(successors) > 1:
        codes = ", ".join(sorted(s.ods_code for s in successors))
        raise PeopleError(
            f"{ended.name} was replaced by several systems ({codes}): give each person their "
            "role where it belongs instead."
        )
    successor = successors[0]
    roles = list(
        Membership.objects.select_for_update(of=("self",))
        .filter(system=ended)
        .select_related("user")
        .order_by("pk")
    )
    if not roles:
        raise PeopleError(f"Nobody holds a role at {ended.name} any more.")
    moved = already = 0
    for membership in roles:
        held, created = Membership.objects.get_or_create(
            user=membership.user,
            role=membership.role,
            system=successor,
            defaults={"granted_by": by},
        )
        moved += created
        already += not created
        old = membership.describe()
        membership.delete()
        admin_log(
            by=by,
            action=AdminEvent.Action.ROLE_MOVED,
            subject=f"{person_text(membership.user)}: {old} -> {held.describe()}",
            person=membership.user,
            before={"role": membership.role, "scope": ended.ods_code},
            after={"role": held.role, "scope": successor.ods_code},
        )
    return RolesMoved(ended=ended, successor=successor, moved=moved, already_held=already)
