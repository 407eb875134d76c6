"""Reads for the pages about regions, systems and organisations (`views/organisations.py`): a
person's home, the members of a system, the lists with counts."""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.urls import reverse

from .. import access
from ..models import (
    Assessment,
    Membership,
    Organisation,
    Region,
    Role,
    System,
    SystemMembership,
    valid_on,
)
from .rounds import waiting_for_review


def memberships_of(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation", "system__region", "region")
        .order_by("role", "pk")
    )


@dataclass
class Home:
    """What the "My organisations and systems" page shows: each scope once, with the roles."""

    organisations: list[tuple[Organisation, list[str]]] = field(default_factory=list)
    systems: list[tuple[System, list[str]]] = field(default_factory=list)
    regions: list[tuple[Region, list[str]]] = field(default_factory=list)
    national: list[str] = field(default_factory=list)
    to_review: list[Assessment] = field(default_factory=list)  # waiting for this approver
    runs_rounds: bool = False
    # (text, href) of the people pages they may open: `people_pages_of`, for the home page only
    people: list[tuple[str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.organisations or self.systems or self.regions or self.national)


def home_for(user) -> Home:
    home = Home()
    grouped: dict[str, dict[int, tuple]] = {"organisations": {}, "systems": {}, "regions": {}}
    for membership in memberships_of(user):
        label = membership.get_role_display()
        for scope_name, kind in (
            ("organisation", "organisations"),
            ("system", "systems"),
            ("region", "regions"),
        ):
            scope = getattr(membership, scope_name)
            if scope is not None:
                grouped[kind].setdefault(scope.pk, (scope, []))[1].append(label)
                break
        else:
            home.national.append(label)
    if user.is_superuser and Role.NATIONAL_ADMIN.label not in home.national:
        home.national.append(Role.NATIONAL_ADMIN.label)
    for kind, by_pk in grouped.items():
        setattr(home, kind, sorted(by_pk.values(), key=lambda item: item[0].name))
    if any(Role.APPROVER.label in roles for _, roles in home.organisations):
        home.to_review = list(
            waiting_for_review(user, access.restrict(user, "approve", Assessment.objects.all()))
        )
    home.runs_rounds = access.may_run_rounds(user)
    return home


def people_pages_of(user, home: Home) -> list[tuple[str, str]]:
    """The people pages this person may open (`access.may_see_people`), nation first, then
    their regions, systems and organisations, each as (text, href)."""
    pages = []
    if access.may_see_people(user, None):
        pages.append(
            (
                "People with a national role, and each region's",
                reverse("assessments:national_people"),
            )
        )
    for url_name, scopes in (
        ("assessments:region_people", home.regions),
        ("assessments:system_people", home.systems),
        ("assessments:people", home.organisations),
    ):
        for scope, _ in scopes:
            if access.may_see_people(user, scope):
                pages.append((f"People of {scope.name}", reverse(url_name, args=[scope.ods_code])))
    return pages


def start_links(user) -> list[dict[str, str]]:
    """Where the start page sends a signed-in person next: their home, then their scopes."""
    home = home_for(user)
    links = [
        {
            "href": reverse("assessments:home"),
            "title": "My organisations and systems",
            "description": "The organisations, systems and regions you work with, and your role in each."
            if not home.empty
            else "You have not been given a role yet: see who to ask.",
        }
    ]
    latest = {
        a.organisation_id: a
        for a in Assessment.objects.filter(organisation__in=[o for o, _ in home.organisations[:2]])
        .select_related("round")
        .order_by("organisation_id", "round__opens_on")
    }
    for organisation, roles in home.organisations[:2]:
        assessment = latest.get(organisation.pk)
        if assessment is not None:
            links.append(
                {
                    "href": reverse("assessments:assessment", args=[assessment.pk]),
                    "title": f"{organisation.name}: {assessment.round.name}",
                    "description": f"Your organisation's self-assessment "
                    f"({assessment.get_status_display().lower()}).",
                }
            )
        links.append(
            {
                "href": reverse("assessments:organisation", args=[organisation.ods_code]),
                "title": organisation.name,
                "description": f"Your organisation. Your role: {', '.join(roles)}.",
            }
        )
    if any(Role.RESPONDENT.label in roles for _, roles in home.organisations):
        links.append(
            {
                "href": reverse("assessments:assigned_to_me"),
                "title": "Assigned to me",
                "description": "The sections of self-assessments you have been asked to answer.",
            }
        )
    for system, roles in home.systems[:2]:
        links.append(
            {
                "href": reverse("assessments:system", args=[system.ods_code]),
                "title": system.name,
                "description": f"Your system and its member organisations. "
                f"Your role: {', '.join(roles)}.",
            }
        )
        links.append(
            {
                "href": reverse("reports:system", args=[system.ods_code]),
                "title": f"{system.name}: results",
                "description": "Where your system stands on each section of the framework, its "
                "completeness and its trend.",
            }
        )
    for region, _roles in home.regions[:2]:
        links.append(
            {
                "href": reverse("assessments:region", args=[region.ods_code]),
                "title": f"{region.name} region",
                "description": "The systems in your region and their organisations.",
            }
        )
        if access.may(user, "compare", region):
            links.append(
                {
                    "href": reverse("reports:region", args=[region.ods_code]),
                    "title": f"Compare the systems of {region.name}",
                    "description": "Each system's scores as a distribution, with the regional "
                    "and national medians.",
                }
            )
    if home.national:
        links.append(
            {
                "href": reverse("assessments:regions"),
                "title": "Regions and systems",
                "description": "Every NHS region, system and organisation.",
            }
        )
        if home.runs_rounds:
            links.append(
                {
                    "href": reverse("assessments:rounds"),
                    "title": "Assessment rounds",
                    "description": "Create a round, check what launching it will create, launch "
                    "it, follow its progress and close it.",
                }
            )
        if Role.NATIONAL_ADMIN.label in home.national:
            links.append(
                {
                    "href": reverse("reports:national"),
                    "title": "England: regions and systems compared",
                    "description": "Every region and system side by side, as distributions.",
                }
            )
    return links


def describe_roles(user) -> list[str]:
    """Each role in words, e.g. "Digital SRO of NHS West Yorkshire Integrated Care Board (QWO)"."""
    return [m.describe() for m in memberships_of(user)]


def organisations_with_host(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Annotated with `host_id`, the id of each one's host system today (name it for a reader
    with `with_host_names`)."""
    host = SystemMembership.objects.current().filter(organisation=OuterRef("pk"), is_host=True)
    return queryset.annotate(host_id=Subquery(host.values("system_id")[:1]))


def with_host_names(user, organisations) -> list[Organisation]:
    """`organisations` (from `organisations_with_host`) each with `host_name`: its host system's
    name as `user` may read it ("another system" if they may not view it), None if it has no
    host. One query."""
    organisations = list(organisations)
    names = access.system_names(user, [o.host_id for o in organisations])
    for organisation in organisations:
        organisation.host_name = names.get(organisation.host_id)
    return organisations


def systems_with_counts(queryset: QuerySet[System]) -> QuerySet[System]:
    return queryset.select_related("region").annotate(
        member_count=Count("memberships", filter=valid_on(prefix="memberships__"))
    )


def regions_with_counts(queryset: QuerySet[Region]) -> QuerySet[Region]:
    return queryset.annotate(system_count=Count("systems", filter=valid_on(prefix="systems__")))


# The ICB first, then providers, then general practice: how a system's people read its list.
MEMBER_ORDER = [
    "icb",
    "acute",
    "mental_health",
    "community",
    "ambulance",
    "general_practice",
    "social_care",
    "other",
]


@dataclass(frozen=True)
class Member:
    organisation: Organisation
    is_host: bool
    host_name: str | None
    viewable: bool


def members_of(system: System, user) -> list[Member]:
    """The organisations in a system on the day its page shows, and which the user may open.
    Ask `access.sees_organisations_of(user, system)` before showing them."""
    on = system.membership_date()
    memberships = list(
        SystemMembership.objects.current(on)
        .filter(system=system)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    ids = [m.organisation_id for m in memberships]
    viewable = set(
        access.visible(user, Organisation.objects.filter(pk__in=ids)).values_list("pk", flat=True)
    )
    hosts = dict(
        SystemMembership.objects.current(on)
        .filter(organisation_id__in=ids, is_host=True)
        .values_list("organisation_id", "system_id")
    )
    # A host system's name only for those who may view it (access: one rule for names).
    names = access.system_names(user, hosts.values())
    members = [
        Member(
            m.organisation,
            m.is_host,
            names.get(hosts.get(m.organisation_id)),
            m.organisation_id in viewable,
        )
        for m in memberships
    ]
    return sorted(
        members,
        key=lambda m: (MEMBER_ORDER.index(m.organisation.care_setting), m.organisation.name),
    )


def viewable_ids(user, objects) -> set[int]:
    """Which of `objects` (all of one model) the user may open, in one query."""
    objects = list(objects)
    if not objects:
        return set()
    model = type(objects[0])
    return set(
        access.restrict(
            user, "view", model.objects.filter(pk__in=[o.pk for o in objects])
        ).values_list("pk", flat=True)
    )
