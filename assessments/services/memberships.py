"""Giving people roles, and taking them away: the access policy's `may_grant` and
`may_revoke` first, whichever door the change comes through (the people pages, invitations,
the Django admin), and every change in the administration log.

`by` is the person making the change; None only for the command line and data loading
(`demo_load`, the tests' factories), where no person is there to ask about, and the log shows
no actor."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from config.errors import DomainError

from .. import access
from ..models import AdminEvent, Membership, Organisation, Region, System
from .administration import admin_log
from .errors import NotAllowed


class MembershipError(DomainError):
    """A role could not be given as asked."""


def person_text(user) -> str:
    name = f"{user.first_name} {user.last_name}".strip()
    return f"{name} ({user.username})" if name else user.username


@transaction.atomic
def membership_grant(
    *,
    by,
    user,
    role: str,
    organisation: Organisation | None = None,
    system: System | None = None,
    region: Region | None = None,
) -> Membership:
    """Give `user` a role at a scope. Giving a role they already hold changes nothing."""
    membership = Membership(
        user=user,
        role=role,
        organisation=organisation,
        system=system,
        region=region,
        granted_by=by,
    )
    try:
        # The scope rule's own message; the database constraints stay as the backstop.
        membership.clean_fields(exclude=["user"])
        membership.clean()
    except ValidationError as exc:
        raise MembershipError(" ".join(exc.messages)) from None
    if by is not None and not access.may_grant(by, role, membership.scope):
        raise NotAllowed(f"You cannot make someone {membership.describe()}.")
    existing = Membership.objects.filter(
        user=user, role=role, organisation=organisation, system=system, region=region
    ).first()
    if existing:
        return existing
    membership.save()
    admin_log(
        by=by,
        action=AdminEvent.Action.ROLE_GRANTED,
        subject=f"{person_text(user)}: {membership.describe()}",
        person=user,
        after={"role": role, "scope": _scope_code(membership)},
    )
    return membership


def _scope_fields(scope) -> dict:
    """`scope` (an Organisation, System, Region, or None for the nation) as Membership's fields."""
    fields = {"organisation": None, "system": None, "region": None}
    for field, kind in (("organisation", Organisation), ("system", System), ("region", Region)):
        if isinstance(scope, kind):
            fields[field] = scope
    return fields


@transaction.atomic
def role_give(*, by, email: str, role: str, scope) -> Membership:
    """Give `role` at `scope` to the person who already has an account with this email address
    (someone new is invited instead): the policy's `may_grant`, then `membership_grant`, which
    logs it. Unlike `membership_grant`, asking again for a role they hold is an error, as is a
    deactivated account."""
    email = (email or "").strip()
    if not email:
        raise MembershipError("Enter the email address of their Waymark account.")
    try:
        validate_email(email)
    except ValidationError:
        raise MembershipError("Enter an email address, like name@nhs.net.") from None
    fields = _scope_fields(scope)
    probe = Membership(role=role, **fields)
    try:
        probe.clean_fields(exclude=["user"])
        probe.clean()
    except ValidationError as exc:
        raise MembershipError(" ".join(exc.messages)) from None
    if not access.may_grant(by, role, scope):
        raise NotAllowed(f"You cannot make someone {probe.describe()}.")
    accounts = list(get_user_model().objects.filter(email__iexact=email)[:2])
    if not accounts:
        raise MembershipError(
            f"No Waymark account has the email address {email}: invite them instead."
        )
    if len(accounts) > 1:
        raise MembershipError(
            f"More than one Waymark account has the email address {email}: ask a national "
            "administrator which one should hold the role."
        )
    user = accounts[0]
    if not user.is_active:
        raise MembershipError(
            f"{person_text(user)} is deactivated: reactivate their account before giving them "
            "a role."
        )
    if Membership.objects.filter(user=user, role=role, **fields).exists():
        raise MembershipError(f"{person_text(user)} is already {probe.describe()}.")
    return membership_grant(by=by, user=user, role=role, **fields)


def _scope_code(membership: Membership) -> str | None:
    scope = membership.scope
    return scope.ods_code if scope is not None else None


@transaction.atomic
def membership_revoke(*, by, membership: Membership) -> None:
    """Take a role away (`by` may give it, see `access.may_revoke`)."""
    if by is not None and not access.may_revoke(by, membership):
        raise NotAllowed(f"You cannot take away the role {membership.describe()}.")
    described = f"{person_text(membership.user)}: {membership.describe()}"
    before = {"role": membership.role, "scope": _scope_code(membership)}
    person = membership.user
    Membership.objects.filter(pk=membership.pk).delete()
    admin_log(
        by=by,
        action=AdminEvent.Action.ROLE_REMOVED,
        subject=described,
        person=person,
        before=before,
    )
