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
administrators, or for whoever may take away every role the person holds; reactivating them
(`may_reactivate`) follows the same rule.

Who sees a scope's page of people (`may_see_people`): the nation's, national administrators
only; a region's or a system's, whoever sees that group's organisations one by one (national
administrators, the region's analysts, the system's SRO: `sees_organisations_of`); an
organisation's, whoever may invite to one of its roles. What they see of it is
`memberships_visible_to`; what they may give there, `grantable_roles`.

Organisations, systems and regions, and importing organisations from a file, are changed by
national administrators only (`may_change_reference`); mergers too. Everyone else reads them.
"""

from django.db.models import Q, QuerySet

from ..models import ROLE_SCOPES, Membership, Organisation, Region, Role, System, SystemMembership
from .policy import (
    APPROVER,
    BOARD,
    NATIONAL,
    RESPONDENT,
    RULES,
    SRO,
    _active,
    grants_for,
    organisation_sight,
    restrict,
    sees_organisations_of,
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


def _gives(grants, role: str, scope, *, hosted_by_own_system: bool) -> bool:
    """The rule of `may_grant` once the user's grants are known; `hosted_by_own_system`: is the
    organisation `scope` hosted today by a system the user is SRO of?"""
    if NATIONAL in grants.national:
        return True
    if not isinstance(scope, Organisation):
        return False
    if role == RESPONDENT and APPROVER in grants.organisations.get(scope.pk, ()):
        return True
    return role in SRO_GIVES and hosted_by_own_system


def _sro_hosted(grants, organisation_ids) -> set[int]:
    """Which of these organisations a system the user is SRO of hosts today: one query."""
    systems = grants.ids("systems", frozenset({SRO}))
    if not systems or not organisation_ids:
        return set()
    return set(
        SystemMembership.objects.current()
        .filter(organisation_id__in=organisation_ids, is_host=True, system_id__in=systems)
        .values_list("organisation_id", flat=True)
    )


def may_grant(user, role: str, scope) -> bool:
    """May `user` give someone `role` at `scope` (an Organisation, System, Region or None for a
    national role)? See the module docstring."""
    if not _active(user):
        return False
    grants = grants_for(user)
    hosted = (
        isinstance(scope, Organisation)
        and NATIONAL not in grants.national
        and scope.pk in _sro_hosted(grants, [scope.pk])
    )
    return _gives(grants, role, scope, hosted_by_own_system=hosted)


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


def revocable(user, memberships) -> set[int]:
    """The ids of the `memberships` that `user` may take away: `may_revoke` for a whole page
    at once, in two queries whatever their number."""
    memberships = list(memberships)
    if not _active(user):
        return set()
    grants = grants_for(user)
    hosted = _sro_hosted(grants, {m.organisation_id for m in memberships if m.organisation_id})
    return {
        m.pk
        for m in memberships
        if not (m.user_id == user.pk and m.role == NATIONAL)
        and _gives(grants, m.role, m.scope, hosted_by_own_system=m.organisation_id in hosted)
    }


def deactivatable(user, people) -> set[int]:
    """The ids of the `people` that `user` may deactivate (and reactivate): `may_deactivate`
    for a whole page at once, in three queries whatever their number."""
    people = [p for p in people if p.pk != getattr(user, "pk", None) and not p.is_superuser]
    if not people or not _active(user):
        return set()
    if _national(user):
        return {p.pk for p in people}
    held = list(
        Membership.objects.filter(user__in=people).select_related(
            "organisation", "system", "region"
        )
    )
    allowed = revocable(user, held)
    by_person: dict[int, list[int]] = {}
    for m in held:
        by_person.setdefault(m.user_id, []).append(m.pk)
    return {pk for pk, roles in by_person.items() if roles and all(r in allowed for r in roles)}


def may_reactivate(user, person) -> bool:
    """May `user` let `person` sign in again? The same rule as deactivating them."""
    return may_deactivate(user, person)


def roles_at(scope) -> list[str]:
    """The roles a scope can hold (`ROLE_SCOPES`): an Organisation's, a System's, a Region's,
    or the nation's (None), in the order of `Role`."""
    field = {Organisation: "organisation", System: "system", Region: "region"}.get(type(scope))
    return [
        role
        for role in Role.values
        if (field in ROLE_SCOPES[role] if field else not ROLE_SCOPES[role])
    ]


def grantable_roles(user, scope) -> list[str]:
    """The roles of `scope` that `user` may give (and so invite to) there."""
    return [role for role in roles_at(scope) if may_grant(user, role, scope)]


def people_links(user, scopes) -> dict[int, tuple[bool, bool]]:
    """For many scopes of one kind (the parts of a people page: a system's organisations, a
    region's systems, the regions), by id: may `user` see their people page
    (`may_see_people`), and give one of their roles (`grantable_roles`)? Three queries."""
    scopes = list(scopes)
    if not scopes or not _active(user):
        return {scope.pk: (False, False) for scope in scopes}
    grants = grants_for(user)
    hosted = _sro_hosted(grants, [s.pk for s in scopes if isinstance(s, Organisation)])
    sees = organisation_sight(user)
    links = {}
    for scope in scopes:
        gives = any(
            _gives(grants, role, scope, hosted_by_own_system=scope.pk in hosted)
            for role in roles_at(scope)
        )
        links[scope.pk] = (gives if isinstance(scope, Organisation) else sees(scope), gives)
    return links


def may_see_people(user, scope) -> bool:
    """May `user` open the page of `scope`'s people (see the module docstring)? `scope` is an
    Organisation, System, Region, or None for the nation."""
    if scope is None:
        return _national(user)
    if isinstance(scope, Organisation):
        return bool(grantable_roles(user, scope))
    return _active(user) and sees_organisations_of(user, scope)


def may_change_reference(user) -> bool:
    """Add or change organisations, systems and regions, import organisations, record mergers:
    national administrators only."""
    return _national(user)
