"""People's roles and reference data: who sees a role, who may give or take one away, and who
may change organisations, systems and regions. One rule for every door: the pages, the
invitations, the Django admin and the services all ask these functions.

Who may give a role (`may_grant`, and so `may_invite`):
- a national administrator (a superuser counts as one): anyone any role, at any scope;
- a system's digital SRO: respondents, approvers and board readers of the organisations their
  system hosts today;
- an organisation's approver: respondents of their organisation.
Nobody else gives anything: not a regional analyst, not a staff member of the admin.

Taking a role away (`may_revoke`) follows the same rule as giving it; nobody takes away their
own national administrator role. Deactivating a person (`may_deactivate`) is for national
administrators, or for whoever may take away every role the person holds.

Organisations, systems and regions, and importing organisations from a file, are changed by
national administrators only (`may_change_reference`); mergers too. Everyone else reads them.
"""

from django.db.models import Q, QuerySet

from ..models import Membership, Organisation, Region, System, SystemMembership
from .policy import (
    APPROVER,
    BOARD,
    NATIONAL,
    RESPONDENT,
    RULES,
    SRO,
    _active,
    grants_for,
    restrict,
)

SRO_GIVES = frozenset({RESPONDENT, APPROVER, BOARD})


def memberships_visible_to(user) -> QuerySet[Membership]:
    """The roles `user` may see: those at a scope they may view; national roles only by national
    administrators."""
    memberships = Membership.objects.select_related("user", "organisation", "system", "region")
    if not _active(user):
        return memberships.none()
    if grants_for(user).national & RULES[Region]["view"]:
        return memberships
    return memberships.filter(
        Q(organisation__in=restrict(user, "view", Organisation.objects.all()))
        | Q(system__in=restrict(user, "view", System.objects.all()))
        | Q(region__in=restrict(user, "view", Region.objects.all()))
    )


def _national(user) -> bool:
    return _active(user) and NATIONAL in grants_for(user).national


def may_grant(user, role: str, scope) -> bool:
    """May `user` give someone `role` at `scope` (an Organisation, System, Region or None for a
    national role)? See the module docstring."""
    if not _active(user):
        return False
    grants = grants_for(user)
    if NATIONAL in grants.national:
        return True
    if not isinstance(scope, Organisation):
        return False
    if role == RESPONDENT and APPROVER in grants.organisations.get(scope.pk, ()):
        return True
    hosts = SystemMembership.objects.current().filter(organisation=scope, is_host=True)
    return (
        role in SRO_GIVES
        and hosts.filter(system_id__in=grants.ids("systems", frozenset({SRO}))).exists()
    )


def may_invite(user, role: str, scope) -> bool:
    """May `user` invite someone to `role` at `scope`? The same rule as giving the role."""
    return may_grant(user, role, scope)


def may_revoke(user, membership: Membership) -> bool:
    """May `user` take `membership` away? Whoever may give it, except one's own national role."""
    if membership.user_id == getattr(user, "pk", None) and membership.role == NATIONAL:
        return False
    return may_grant(user, membership.role, membership.scope)


def may_deactivate(user, person) -> bool:
    """May `user` deactivate `person`'s account? National administrators may deactivate anyone
    but themselves and superusers; others someone all of whose roles they may take away."""
    if not _active(user) or person.pk == user.pk or person.is_superuser:
        return False
    if _national(user):
        return True
    held = list(Membership.objects.filter(user=person).select_related("organisation"))
    return bool(held) and all(may_revoke(user, m) for m in held)


def may_change_reference(user) -> bool:
    """Add or change organisations, systems and regions, import organisations, record mergers:
    national administrators only."""
    return _national(user)
