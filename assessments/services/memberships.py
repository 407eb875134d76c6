"""Giving people roles, and taking them away."""

from django.core.exceptions import ValidationError
from django.db import transaction

from config.errors import DomainError

from ..models import Membership, Organisation, Region, System


class MembershipError(DomainError):
    """A role could not be given as asked."""


@transaction.atomic
def membership_grant(
    *,
    user,
    role: str,
    organisation: Organisation | None = None,
    system: System | None = None,
    region: Region | None = None,
) -> Membership:
    """Give `user` a role at a scope. Giving a role they already hold changes nothing."""
    existing = Membership.objects.filter(
        user=user, role=role, organisation=organisation, system=system, region=region
    ).first()
    if existing:
        return existing
    membership = Membership(
        user=user, role=role, organisation=organisation, system=system, region=region
    )
    try:
        # The scope rule's own message; the database constraints stay as the backstop.
        membership.clean_fields()
        membership.clean()
    except ValidationError as exc:
        raise MembershipError(" ".join(exc.messages)) from None
    membership.save()
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership) -> None:
    membership.delete()
