"""The access policy: who may do what to which object (`assessments.access` re-exports it,
with `access.people`: who may give and take away roles, and change reference data).

Views, the admin, selectors and the API all ask the same questions:

    may(user, action, obj) -> bool
        action is one of ACTIONS: "view", "edit", "approve", "compare", "export".
        obj is a Region, System, Organisation or FrameworkVersion, or any object with an
        `access_subject()` method returning one of them (an Assessment returns its
        organisation, so `may(user, "edit", assessment)` asks about that organisation).

    restrict(user, action, queryset) -> queryset
        the objects of `queryset` (regions, systems, organisations, assessments or framework
        versions) the user may do `action` to: the SQL twin of `may`.

    visible(user, queryset) -> queryset
        the objects of `queryset` the user may view: `restrict(user, "view", queryset)`, e.g.
        `access.visible(user, Organisation.objects.all())` or
        `access.visible(user, region.systems.all())`.

The models know nothing of this module (it imports them; they never import it). For framework
versions the rule is the frameworks' own (`frameworks.access`, and
`FrameworkVersion.objects.visible_to(user)`), and `may`/`restrict` ask it, because frameworks
sit below assessments and must not depend on them. For people's roles and reference data:
`access.people` (`memberships_visible_to`, `may_grant`, `may_revoke`, `may_change_reference`). Views fetch one object through `assessments.guards`.

How it decides. A user's memberships give them roles at scopes (see `Membership`). RULES says
which roles allow which action on each kind of object. A role applies to an object when its
scope *covers* the object: the scope is the object itself, or, for the overview roles
(national administrator, regional analyst, digital SRO), the object is inside the scope today:
a system inside its region, an organisation inside a system it currently belongs to, and
so inside that system's region. Organisation roles never reach up to a system or region, and a
board reader reads exactly the organisation or system they were given, nothing inside it.
Assessment-level actions are expressed on organisations and systems for now: "edit" is
answering the organisation's assessment, "approve" signing it off, "export" downloading its
reports. A superuser counts as a national administrator. Inactive and anonymous users may
do nothing.

One rule for names and figures, which every page follows (pages, PDFs and the API alike):
- national administrators see every organisation;
- a region's analysts see every organisation of their region;
- a system's digital SRO sees their system's organisations, those it hosts and those it serves;
- an organisation's own people (respondents, approvers, its board readers) see their
  organisation;
- a system's board reader sees the system's aggregates and its agreed plan documents, not its
  member organisations' own results, nor their list;
- a system's name is shown only to someone who may view that system; anyone else reads
  "another system" (and no code).
Pages ask `sees_organisations_of(user, group)` before listing or figuring a system's, region's
or the nation's organisations one by one (the reports pass it on as
`reports.suppression.suppress(sees_individually=...)`), and `system_name(user, system)` /
`system_names(user, systems)` for any system's name they print.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from frameworks import access as frameworks_access
from frameworks.models import FrameworkVersion

from ..models import (
    Assessment,
    Membership,
    Organisation,
    Region,
    Role,
    System,
    SystemMembership,
)
from .memo import kept_or_read

ACTIONS = ("view", "edit", "approve", "compare", "export")

NATIONAL, ANALYST, SRO = Role.NATIONAL_ADMIN, Role.ANALYST, Role.SRO
RESPONDENT, APPROVER, BOARD = Role.RESPONDENT, Role.APPROVER, Role.BOARD_READER

# The roles whose scope reaches the systems and organisations inside it.
REACHES_INSIDE = frozenset({NATIONAL, ANALYST, SRO})

RULES: dict[type, dict[str, frozenset[str]]] = {
    Region: {
        "view": frozenset({NATIONAL, ANALYST}),
        "edit": frozenset(),
        "approve": frozenset(),
        "compare": frozenset({NATIONAL, ANALYST}),
        "export": frozenset({NATIONAL, ANALYST}),
    },
    System: {
        "view": frozenset({NATIONAL, ANALYST, SRO, BOARD}),
        "edit": frozenset({SRO}),
        "approve": frozenset({SRO}),
        "compare": frozenset({NATIONAL, ANALYST, SRO}),
        "export": frozenset({NATIONAL, ANALYST, SRO, BOARD}),
    },
    Organisation: {
        "view": frozenset({NATIONAL, ANALYST, SRO, RESPONDENT, APPROVER, BOARD}),
        "edit": frozenset({RESPONDENT}),
        "approve": frozenset({APPROVER}),
        "compare": frozenset({NATIONAL, ANALYST, SRO}),
        "export": frozenset({NATIONAL, ANALYST, SRO, APPROVER, BOARD}),
    },
}


@dataclass(frozen=True)
class Grants:
    """The roles a user holds, by scope: nationally, and per region, system and organisation id."""

    national: frozenset[str] = frozenset()
    regions: dict[int, frozenset[str]] = field(default_factory=dict)
    systems: dict[int, frozenset[str]] = field(default_factory=dict)
    organisations: dict[int, frozenset[str]] = field(default_factory=dict)

    def ids(self, scope: str, roles: frozenset[str]) -> list[int]:
        """The ids of the regions/systems/organisations where the user holds one of `roles`."""
        return [pk for pk, held in getattr(self, scope).items() if held & roles]


NO_GRANTS = Grants()


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def grants_for(user) -> Grants:
    """One query: every role the user holds. Superusers hold the national administrator role."""
    if not _active(user):
        return NO_GRANTS
    return kept_or_read(user, _read_grants)


def _read_grants(user) -> Grants:
    national: set[str] = {NATIONAL} if user.is_superuser else set()
    scoped: dict[str, dict[int, set[str]]] = {
        "regions": defaultdict(set),
        "systems": defaultdict(set),
        "organisations": defaultdict(set),
    }
    rows = Membership.objects.filter(user=user).values_list(
        "role", "organisation_id", "system_id", "region_id"
    )
    for role, organisation_id, system_id, region_id in rows:
        if organisation_id:
            scoped["organisations"][organisation_id].add(role)
        elif system_id:
            scoped["systems"][system_id].add(role)
        elif region_id:
            scoped["regions"][region_id].add(role)
        else:
            national.add(role)
    return Grants(
        national=frozenset(national),
        **{
            scope: {pk: frozenset(roles) for pk, roles in by_id.items()}
            for scope, by_id in scoped.items()
        },
    )


def _subject(obj):
    """The Region, System or Organisation whose rules decide about `obj`."""
    if isinstance(obj, Region | System | Organisation):
        return obj
    access_subject = getattr(obj, "access_subject", None)
    if access_subject is None:
        raise TypeError(f"The access policy has no rules for {type(obj).__name__} objects.")
    return _subject(access_subject())


def _roles_over(grants: Grants, subject) -> set[str]:
    """Every role the user holds whose scope covers `subject` (before asking RULES)."""
    roles = set(grants.national)
    if isinstance(subject, Region):
        roles |= grants.regions.get(subject.pk, set())
    elif isinstance(subject, System):
        roles |= grants.systems.get(subject.pk, set())
        roles |= grants.regions.get(subject.region_id, set()) & REACHES_INSIDE
    else:
        roles |= grants.organisations.get(subject.pk, set())
        if grants.systems or grants.regions:
            for system_id, region_id in (
                SystemMembership.objects.current()
                .filter(organisation=subject)
                .values_list("system_id", "system__region_id")
            ):
                roles |= grants.systems.get(system_id, set()) & REACHES_INSIDE
                roles |= grants.regions.get(region_id, set()) & REACHES_INSIDE
    return roles


def _check_action(action: str) -> None:
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}: use one of {', '.join(ACTIONS)}.")


def may(user, action: str, obj) -> bool:
    """May `user` do `action` to `obj`? See the module docstring for the rules."""
    _check_action(action)
    if isinstance(obj, FrameworkVersion):
        if action in ("edit", "approve"):
            return frameworks_access.may_change_version(user, obj)
        return frameworks_access.may_view_version(user, obj)
    subject = _subject(obj)
    allowed = RULES[type(subject)][action]
    if not allowed or not _active(user):
        return False
    return bool(_roles_over(grants_for(user), subject) & allowed)


def restrict(user, action: str, queryset: QuerySet) -> QuerySet:
    """The objects of `queryset` that `user` may do `action` to, as a queryset.

    The SQL twin of `may`: the permission matrix test checks that both always agree.
    """
    _check_action(action)
    model = queryset.model
    if model is FrameworkVersion:
        if action in ("edit", "approve"):
            return queryset.changeable_by(user)
        return queryset.visible_to(user)
    if model is Assessment:
        return restrict_assessments(user, action, queryset)
    return _restrict_to_roles(user, RULES[model][action], queryset)


def _restrict_to_roles(user, allowed: frozenset | set, queryset: QuerySet) -> QuerySet:
    """The regions, systems or organisations of `queryset` over which `user` holds one of the
    `allowed` roles (`_roles_over`'s SQL twin)."""
    model = queryset.model
    if not allowed or not _active(user):
        return queryset.none()
    grants = grants_for(user)
    if grants.national & allowed:
        return queryset
    inside = allowed & REACHES_INSIDE
    if model is Region:
        return queryset.filter(pk__in=grants.ids("regions", allowed))
    if model is System:
        return queryset.filter(
            Q(pk__in=grants.ids("systems", allowed))
            | Q(region_id__in=grants.ids("regions", inside))
        )
    covering_systems = grants.ids("systems", inside)
    covering_regions = grants.ids("regions", inside)
    condition = Q(pk__in=grants.ids("organisations", allowed))
    if covering_systems or covering_regions:
        condition |= Q(
            Exists(
                SystemMembership.objects.current()
                .filter(organisation=OuterRef("pk"))
                .filter(
                    Q(system_id__in=covering_systems) | Q(system__region_id__in=covering_regions)
                )
            )
        )
    return queryset.filter(condition)


def visible(user, queryset: QuerySet) -> QuerySet:
    """The objects of `queryset` that `user` may view."""
    return restrict(user, "view", queryset)


# --- assessments -----------------------------------------------------------------------------
# An assessment is its organisation's: `may(user, action, assessment)` asks about the
# organisation (see `Assessment.access_subject`). Reopening an approved one is the national
# administrator's alone.


def restrict_assessments(user, action: str, queryset: QuerySet) -> QuerySet:
    """The assessments of `queryset` whose organisation `user` may do `action` to."""
    return queryset.filter(organisation__in=restrict(user, action, Organisation.objects.all()))


def may_reopen(user, assessment) -> bool:
    return _active(user) and NATIONAL in grants_for(user).national


def may_run_rounds(user) -> bool:
    """Create, launch and close rounds, extend an organisation's deadline: national only."""
    return _active(user) and NATIONAL in grants_for(user).national


# --- names and figures -------------------------------------------------------------------------
# See "One rule for names and figures" in the module docstring.

ANOTHER_SYSTEM = "another system"


def sees_organisations_of(user, group=None) -> bool:
    """May `user` see the organisations of `group` one by one: their list, names and own results?

    `group` is a System, a Region, or None for the whole nation. True for national
    administrators everywhere, for a region's analysts in their region and its systems, and for
    a system's SRO in their system; never for board readers or an organisation's own people,
    who see a group only through its aggregates."""
    return organisation_sight(user)(group)


def organisation_sight(user) -> Callable[[Region | System | None], bool]:
    """`sees_organisations_of` for many groups at once: one query, then a check per group
    (a Region, or a System with its `region_id`, or None for the nation)."""
    grants = grants_for(user)
    national = bool(grants.national & REACHES_INSIDE)

    def sees(group) -> bool:
        if national:
            return True
        if isinstance(group, Region):
            return bool(grants.regions.get(group.pk, frozenset()) & REACHES_INSIDE)
        if isinstance(group, System):
            return bool(
                grants.systems.get(group.pk, frozenset()) & REACHES_INSIDE
                or grants.regions.get(group.region_id, frozenset()) & REACHES_INSIDE
            )
        if group is None:
            return False
        raise TypeError(f"Organisations are seen by system, region or nation, not {type(group)}.")

    return sees


def system_names(user, systems) -> dict[int, str]:
    """Each system's name as `user` may read it, by id: its name if they may view it, else
    "another system". `systems` are System objects or ids; one query."""
    ids = {getattr(s, "pk", s) for s in systems if s is not None}
    if not ids:
        return {}
    names = dict(
        restrict(user, "view", System.objects.filter(pk__in=ids)).values_list("pk", "name")
    )
    return {pk: names.get(pk, ANOTHER_SYSTEM) for pk in ids}


def system_name(user, system) -> str:
    """One system's name as `user` may read it (see `system_names`)."""
    return system_names(user, [system])[system.pk] if system is not None else ""


# --- transformation plans --------------------------------------------------------------------
# A plan belongs to a system (or, in the shorter form, an organisation) and a round; `subject`
# below is that System or Organisation (a Plan's `access_subject()`).
# - A system's plan: changed by its digital SRO (the System "edit" action) and national
#   administrators; agreed by the same (the System "approve" action, and national
#   administrators); read by everyone who may view the system: its board readers, the region's
#   analysts, national administrators and the SRO. Board readers read agreed versions only: a
#   draft is the SRO's working copy.
# - An organisation's plan: changed by its respondents and its approver (the people who answer
#   and sign off its assessment), agreed by its approver alone (as they sign off the assessment),
#   and by national administrators; read by everyone who may view the organisation, its board
#   readers agreed versions only.


def _national(user) -> bool:
    return _active(user) and NATIONAL in grants_for(user).national


def may_change_plan(user, subject) -> bool:
    """May `user` edit the draft plans of `subject` (a System or Organisation)?"""
    subject = _subject(subject)
    if isinstance(subject, Organisation):
        return may(user, "edit", subject) or may(user, "approve", subject) or _national(user)
    return may(user, "edit", subject) or _national(user)


def may_agree_plan(user, subject) -> bool:
    """May `user` agree (sign off) a draft plan of `subject`?"""
    return may(user, "approve", _subject(subject)) or _national(user)


def may_read_plan(user, subject) -> bool:
    """May `user` read the plans of `subject` (at least their agreed versions)?"""
    return may(user, "view", _subject(subject))


def reads_plan_drafts(user, subject) -> bool:
    """Does `user` read draft versions too? Everyone who may read plans, except someone whose
    only role over `subject` is board reader."""
    subject = _subject(subject)
    if not may_read_plan(user, subject):
        return False
    roles = _roles_over(grants_for(user), subject) & RULES[type(subject)]["view"]
    return bool(roles - {BOARD})


def restrict_plan_drafts(user, queryset: QuerySet) -> QuerySet:
    """The systems or organisations of `queryset` whose draft plans `user` reads: the SQL twin
    of `reads_plan_drafts`, for a list of plans in one query."""
    return _restrict_to_roles(user, set(RULES[queryset.model]["view"]) - {BOARD}, queryset)
