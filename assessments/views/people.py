"""Inviting people: the invitation page of an organisation, a system, a region or the nation (for
those the access policy lets give one of its roles: `access.grantable_roles`), the link to pass
on, and the page where the invited person accepts; an organisation's people (the page of
`views/people_scopes.py`; taking a role away, deactivating and reactivating: `views/roles.py`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from config.errors import DomainError

from .. import access
from ..models import Role
from ..services import invitation_accept, invitation_create, invitation_for
from ..services.invitations import VALID_FOR
from .common import see_other
from .people_scopes import Place, people_page, place_for

FIELDS = ("email", "first_name", "last_name", "role")


def _invite(request, place: Place):
    roles = access.grantable_roles(request.user, place.scope)
    if not roles:
        raise PermissionDenied
    values = {name: request.POST.get(name, "") for name in FIELDS}
    error, link, invitation = "", "", None
    if request.method == "POST":
        if values["role"] not in roles:
            error = "Choose the role to invite them to."
        else:
            try:
                invitation, token = invitation_create(
                    by=request.user,
                    email=values["email"],
                    first_name=values["first_name"],
                    last_name=values["last_name"],
                    role=values["role"],
                    scope=place.scope,
                )
            except DomainError as exc:
                if exc.status == 403:
                    raise
                error = exc.message
            else:
                link = request.build_absolute_uri(reverse("invitation", args=[token]))
    return render(
        request,
        "assessments/people/invite.jinja" if not link else "assessments/people/invited.jinja",
        {
            "place": place,
            "roles": [(r, Role(r).label) for r in roles],
            "values": values,
            "error": error,
            "link": link,
            "invitation": invitation,
            "valid_days": VALID_FOR.days,
            "breadcrumbs": place.crumbs(here=False),
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, ods_code: str):
    return _invite(request, place_for(request, "organisation", ods_code))


@login_required
@require_http_methods(["GET", "POST"])
def system_invite(request, ods_code: str):
    return _invite(request, place_for(request, "system", ods_code))


@login_required
@require_http_methods(["GET", "POST"])
def region_invite(request, ods_code: str):
    return _invite(request, place_for(request, "region", ods_code))


@login_required
@require_http_methods(["GET", "POST"])
def national_invite(request):
    return _invite(request, place_for(request, "national"))


@login_required
@require_http_methods(["GET"])
def people(request, ods_code: str):
    """An organisation's people and their roles, and the invitations not yet accepted: for those
    who may give one of its roles."""
    place = place_for(request, "organisation", ods_code)
    return people_page(request, place)


@require_http_methods(["GET", "POST"])
def accept(request, token: str):
    """The invited person's page: anyone holding the link may open it, once, until it expires."""
    try:
        invitation = invitation_for(token)
    except DomainError as exc:
        if exc.status == 404:
            raise
        return render(request, "assessments/people/accept.jinja", {"gone": exc.message}, status=410)
    username, error = request.POST.get("username", ""), ""
    if request.method == "POST":
        try:
            invitation_accept(
                token=token,
                username=username,
                password=request.POST.get("password", ""),
                password_again=request.POST.get("password_again", ""),
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, "Your account is ready: sign in with your new username.")
            return see_other(reverse("login"))
    return render(
        request,
        "assessments/people/accept.jinja",
        {"invitation": invitation, "username": username, "error": error},
        status=400 if error else 200,
    )
