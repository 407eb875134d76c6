"""Inviting people: an organisation's invitation page (for those the access policy lets invite
to one of its roles), its people (with a way to take a role away or deactivate someone, for
those allowed: `views/roles.py`), the link to pass on, and the page where the invited person
accepts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from config.errors import DomainError

from .. import access
from ..guards import get_organisation_for_user
from ..models import Invitation, Membership, Role
from ..services import invitation_accept, invitation_create, invitation_for
from ..services.invitations import VALID_FOR
from .common import see_other

ORGANISATION_ROLES = (Role.RESPONDENT, Role.APPROVER, Role.BOARD_READER)
FIELDS = ("email", "first_name", "last_name", "role")


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, ods_code: str):
    organisation = get_organisation_for_user(request, ods_code)
    roles = [r for r in ORGANISATION_ROLES if access.may_invite(request.user, r, organisation)]
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
                    scope=organisation,
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
            "organisation": organisation,
            "roles": [(r.value, r.label) for r in roles],
            "values": values,
            "error": error,
            "link": link,
            "invitation": invitation,
            "valid_days": VALID_FOR.days,
            "breadcrumbs": [
                {"href": reverse("start"), "text": "Home"},
                {
                    "href": reverse("assessments:organisation", args=[organisation.ods_code]),
                    "text": organisation.name,
                },
            ],
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET"])
def people(request, ods_code: str):
    """An organisation's people and their roles, and the invitations not yet accepted: for those
    who may invite to its roles."""
    organisation = get_organisation_for_user(request, ods_code)
    if not any(access.may_invite(request.user, r, organisation) for r in ORGANISATION_ROLES):
        raise PermissionDenied
    memberships = list(
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "organisation")
        .order_by("role", "user__last_name", "user__first_name", "user__username")
    )
    people = {m.user for m in memberships if m.user.is_active}
    return render(
        request,
        "assessments/people/list.jinja",
        {
            "organisation": organisation,
            "memberships": memberships,
            "removable": {m.pk for m in memberships if access.may_revoke(request.user, m)},
            "deactivatable": {p.pk for p in people if access.may_deactivate(request.user, p)},
            "pending": Invitation.objects.filter(
                organisation=organisation, accepted_at__isnull=True
            ).select_related("invited_by"),
            "now": timezone.now(),
            "breadcrumbs": [
                {"href": reverse("start"), "text": "Home"},
                {
                    "href": reverse("assessments:organisation", args=[organisation.ods_code]),
                    "text": organisation.name,
                },
            ],
        },
    )


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
