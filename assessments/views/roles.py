"""Taking roles away and deactivating people (on an organisation's people page), and the roles
left at systems ended by a merger, moved to the successor in one step. Every page asks the
access policy: `may_revoke`, `may_deactivate`, `may_change_reference`."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from config.errors import DomainError

from .. import access
from ..guards import get_organisation_for_user
from ..models import Membership, System
from ..selectors.people import roles_to_review
from ..services import membership_revoke, merger_roles_move, person_deactivate
from .common import see_other


def _crumbs(organisation) -> list[dict]:
    return [
        {"href": reverse("start"), "text": "Home"},
        {
            "href": reverse("assessments:organisation", args=[organisation.ods_code]),
            "text": organisation.name,
        },
        {
            "href": reverse("assessments:people", args=[organisation.ods_code]),
            "text": "People",
        },
    ]


@login_required
@require_http_methods(["GET", "POST"])
def role_remove(request, ods_code: str, pk: int):
    organisation = get_organisation_for_user(request, ods_code)
    membership = (
        Membership.objects.filter(pk=pk, organisation=organisation).select_related("user").first()
    )
    if membership is None:
        raise Http404
    if not access.may_revoke(request.user, membership):
        raise PermissionDenied
    people = reverse("assessments:people", args=[organisation.ods_code])
    if request.method == "POST":
        membership_revoke(by=request.user, membership=membership)
        messages.success(
            request, f"{membership.user.get_full_name()} is no longer {membership.describe()}."
        )
        return see_other(people)
    return render(
        request,
        "assessments/people/remove.jinja",
        {
            "organisation": organisation,
            "membership": membership,
            "breadcrumbs": _crumbs(organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def deactivate(request, ods_code: str, user_pk: int):
    organisation = get_organisation_for_user(request, ods_code)
    person = (
        get_user_model()
        .objects.filter(pk=user_pk, memberships__organisation=organisation)
        .distinct()
        .first()
    )
    if person is None:
        raise Http404
    if not access.may_deactivate(request.user, person):
        raise PermissionDenied
    people = reverse("assessments:people", args=[organisation.ods_code])
    error = ""
    if request.method == "POST":
        try:
            person_deactivate(by=request.user, person=person)
        except DomainError as exc:
            if exc.status == 403:
                raise
            error = exc.message
        else:
            messages.success(request, f"{person.get_full_name()} can no longer sign in.")
            return see_other(people)
    return render(
        request,
        "assessments/people/deactivate.jinja",
        {
            "organisation": organisation,
            "person": person,
            "roles": Membership.objects.filter(user=person).select_related(
                "organisation", "system", "region"
            ),
            "error": error,
            "breadcrumbs": _crumbs(organisation),
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def merger_review(request):
    """National administrators: the roles still held at ended systems, each system's moved to
    its successor with one button."""
    if not access.may_change_reference(request.user):
        raise PermissionDenied
    error = ""
    if request.method == "POST":
        ended = System.objects.filter(ods_code=request.POST.get("system", "")).first()
        if ended is None:
            raise Http404
        try:
            result = merger_roles_move(by=request.user, ended=ended)
        except DomainError as exc:
            if exc.status == 403:
                raise
            error = exc.message
        else:
            messages.success(request, str(result))
            return see_other(reverse("assessments:merger_review"))
    return render(
        request,
        "assessments/people/merger_review.jinja",
        {
            "ended": roles_to_review(),
            "error": error,
            "breadcrumbs": [{"href": reverse("start"), "text": "Home"}],
        },
        status=400 if error else 200,
    )
