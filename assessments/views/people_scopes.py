"""The people pages of a system, a region and the nation (an organisation's is `views/people.py`),
and giving a role to someone who already has an account, at any of the four scopes.

Each page starts with `place_for`: the scope for this user or 404 (`guards.py`), then the access
policy's `may_see_people` (403 otherwise). What it lists is `selectors.people.people_of` (only
roles `access.memberships_visible_to` the viewer); the roles it offers to give are
`access.grantable_roles`; each row's actions are `presenters.people.Actions`."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from config.errors import DomainError

from .. import access
from ..guards import get_organisation_for_user, get_region_for_user, get_system_for_user
from ..models import Organisation, Region, Role, System
from ..presenters.people import Actions
from ..selectors.people import people_of
from ..services import role_give
from .common import see_other

GUARDS = {
    "organisation": get_organisation_for_user,
    "system": get_system_for_user,
    "region": get_region_for_user,
}
# Each kind of place's pages, by URL name: its people, its invitation, giving one of its roles.
URL_NAMES = {
    "organisation": ("people", "invite", "give_role"),
    "system": ("system_people", "system_invite", "system_give"),
    "region": ("region_people", "region_invite", "region_give"),
    "national": ("national_people", "national_invite", "national_give"),
}
DETAIL = {"organisation": "organisation", "system": "system", "region": "region"}


@dataclass(frozen=True)
class Place:
    """A scope and its people pages: an Organisation, System, Region, or None for the nation."""

    kind: str
    scope: Organisation | System | Region | None
    people_url: str
    invite_url: str
    give_url: str

    @property
    def name(self) -> str:
        return self.scope.name if self.scope is not None else "national roles"

    @property
    def people_title(self) -> str:
        if self.scope is None:
            return "People with a national role"
        return f"People of {self.scope.name}"

    def crumbs(self, *, here: bool = True) -> list[dict]:
        """Home, the scope's page, and (below the people page) the people page."""
        trail = [
            {"href": reverse("start"), "text": "Home"},
            {"href": reverse("assessments:home"), "text": "My organisations and systems"},
        ]
        if self.scope is not None:
            trail.append(
                {
                    "href": reverse(f"assessments:{DETAIL[self.kind]}", args=[self.scope.ods_code]),
                    "text": self.scope.name,
                }
            )
        if not here:
            trail.append({"href": self.people_url, "text": "People"})
        return trail


def place_for(request, kind: str, ods_code: str | None = None) -> Place:
    """The place named by the URL, for this user: 404 for a scope they may not see, 403 for
    people they may not see. Its invitation and give-a-role pages ask `grantable_roles` too."""
    scope = None if kind == "national" else GUARDS[kind](request, ods_code)
    if not access.may_see_people(request.user, scope):
        raise PermissionDenied
    args = [] if scope is None else [scope.ods_code]
    people, invite, give = (reverse(f"assessments:{name}", args=args) for name in URL_NAMES[kind])
    return Place(kind, scope, people, invite, give)


def place_of(membership_or_scope) -> str:
    """The people page of a role's scope (or of a scope): where an action on it returns."""
    scope = getattr(membership_or_scope, "scope", membership_or_scope)
    if scope is None:
        return reverse("assessments:national_people")
    kind = {Organisation: "organisation", System: "system", Region: "region"}[type(scope)]
    return reverse(f"assessments:{URL_NAMES[kind][0]}", args=[scope.ods_code])


def _part_links(user, parts) -> dict[int, dict]:
    """Each part's links (a hosted organisation, a region's system, a region), by id: its
    people page and its invitation page, where the access policy lets `user` open them."""
    links, allowed = {}, access.people_links(user, parts)
    for part in parts:
        sees, gives = allowed[part.pk]
        kind = {Organisation: "organisation", System: "system", Region: "region"}[type(part)]
        found = {}
        if sees:
            found["people"] = place_of(part)
            if gives:
                found["invite"] = reverse(f"assessments:{URL_NAMES[kind][1]}", args=[part.ods_code])
        links[part.pk] = found
    return links


PARTS_HEADING = {
    "organisation": "",
    "system": "Organisations it hosts",
    "region": "Its systems",
    "national": "Regions",
}


def people_page(request, place: Place):
    """The people page of any place (an organisation's is `views/people.py`'s)."""
    found = people_of(request.user, place.scope)
    organisation = place.scope if place.kind == "organisation" else None
    everyone = found.own + [m for _, held in found.parts for m in held]
    actions = Actions(request.user, place.people_url, everyone, organisation=organisation)
    links = _part_links(request.user, [part for part, _ in found.parts])
    parts = [
        {"scope": part, "rows": actions.rows(held), "links": links[part.pk]}
        for part, held in found.parts
    ]
    return render(
        request,
        "assessments/people/scope.jinja",
        {
            "place": place,
            "rows": actions.rows(found.own),
            "pending": found.pending,
            "parts": parts,
            "parts_heading": PARTS_HEADING[place.kind],
            "gives": bool(access.grantable_roles(request.user, place.scope)),
            "now": timezone.now(),
            "breadcrumbs": place.crumbs(),
        },
    )


@login_required
@require_http_methods(["GET"])
def system_people(request, ods_code: str):
    """A system's roles (SROs, its board readers) and the people of each organisation it
    hosts: national administrators, the region's analysts and the system's SROs."""
    return people_page(request, place_for(request, "system", ods_code))


@login_required
@require_http_methods(["GET"])
def region_people(request, ods_code: str):
    """A region's analysts, and the SROs and board readers of each of its systems."""
    return people_page(request, place_for(request, "region", ods_code))


@login_required
@require_http_methods(["GET"])
def national_people(request):
    """The national administrators, and each region's analysts: national administrators only."""
    return people_page(request, place_for(request, "national"))


# --- giving a role to someone who already has an account ----------------------------------------


def _give(request, place: Place):
    roles = access.grantable_roles(request.user, place.scope)
    if not roles:
        raise PermissionDenied
    values = {"email": request.POST.get("email", ""), "role": request.POST.get("role", "")}
    error, field = "", "email"
    if request.method == "POST":
        if values["role"] not in roles:
            error, field = "Choose the role to give them.", "role"
        else:
            try:
                membership = role_give(
                    by=request.user, email=values["email"], role=values["role"], scope=place.scope
                )
            except DomainError as exc:
                if exc.status == 403:
                    raise
                error = exc.message
            else:
                messages.success(
                    request,
                    f"{membership.user.get_full_name() or membership.user.username} is now "
                    f"{membership.describe()}.",
                )
                return see_other(place.people_url)
    return render(
        request,
        "assessments/people/give.jinja",
        {
            "place": place,
            "roles": [(r, Role(r).label) for r in roles],
            "values": values,
            "error": error,
            "error_field": field,
            "breadcrumbs": place.crumbs(here=False),
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def give_role(request, ods_code: str):
    return _give(request, place_for(request, "organisation", ods_code))


@login_required
@require_http_methods(["GET", "POST"])
def system_give(request, ods_code: str):
    return _give(request, place_for(request, "system", ods_code))


@login_required
@require_http_methods(["GET", "POST"])
def region_give(request, ods_code: str):
    return _give(request, place_for(request, "region", ods_code))


@login_required
@require_http_methods(["GET", "POST"])
def national_give(request):
    return _give(request, place_for(request, "national"))
