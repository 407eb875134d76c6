"""Taking roles away, deactivating and reactivating people (from an organisation's people page,
and from any people page: `/people/...`, returning to the page they came from), and the roles
left at systems ended by a merger, moved to the successor in one step. Every page asks the
access policy: `may_revoke`, `may_deactivate`, `may_reactivate`, `may_change_reference`; a role
or person the viewer may not see (`memberships_visible_to`) is 404."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from config.errors import DomainError

from .. import access
from ..guards import get_organisation_for_user
from ..models import Membership, System
from ..selectors.people import roles_to_review
from ..services import (
    membership_revoke,
    merger_roles_move,
    person_deactivate,
    person_reactivate,
)
from ..services.memberships import person_text
from .common import see_other
from .people_scopes import place_of


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
            "membership": membership,
            "action": reverse("assessments:role_remove", args=[organisation.ods_code, pk]),
            "back": people,
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
            "person": person,
            "roles": Membership.objects.filter(user=person).select_related(
                "organisation", "system", "region"
            ),
            "error": error,
            "action": reverse("assessments:deactivate", args=[organisation.ods_code, person.pk]),
            "back": people,
            "breadcrumbs": _crumbs(organisation),
        },
        status=400 if error else 200,
    )


# --- from any people page ---------------------------------------------------------------------


def _back(request, fallback: str) -> str:
    """The people page an action came from (`?next=`, a path on this site), else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _person(request, user_pk: int):
    """A person the viewer may see: one holding a role they may see, or anyone for a national
    administrator (who may also reach someone left with no role). Else 404."""
    people = get_user_model().objects.filter(pk=user_pk)
    if not access.may_change_reference(request.user):
        visible = access.memberships_visible_to(request.user).filter(user_id=user_pk)
        people = people.filter(pk__in=visible.values("user_id"))
    person = people.first()
    if person is None:
        raise Http404
    return person


@login_required
@require_http_methods(["GET", "POST"])
def person_role_remove(request, pk: int):
    membership = access.memberships_visible_to(request.user).filter(pk=pk).first()
    if membership is None:
        raise Http404
    if not access.may_revoke(request.user, membership):
        raise PermissionDenied
    back = _back(request, place_of(membership))
    if request.method == "POST":
        membership_revoke(by=request.user, membership=membership)
        messages.success(
            request, f"{membership.user.get_full_name()} is no longer {membership.describe()}."
        )
        return see_other(back)
    return render(
        request,
        "assessments/people/remove.jinja",
        {
            "membership": membership,
            "action": reverse("assessments:person_role_remove", args=[membership.pk]),
            "back": back,
            "breadcrumbs": [{"href": reverse("start"), "text": "Home"}, _people_crumb(back)],
        },
    )


def _people_crumb(back: str) -> dict:
    return {"href": back, "text": "People"}


def _change_person(request, user_pk: int, *, reactivate: bool):
    person = _person(request, user_pk)
    allowed = access.may_reactivate if reactivate else access.may_deactivate
    if not allowed(request.user, person):
        raise PermissionDenied
    roles = Membership.objects.filter(user=person).select_related(
        "organisation", "system", "region"
    )
    fallback = place_of(roles[0]) if roles else reverse("assessments:national_people")
    back = _back(request, fallback)
    error = ""
    if request.method == "POST":
        try:
            (person_reactivate if reactivate else person_deactivate)(by=request.user, person=person)
        except DomainError as exc:
            if exc.status == 403:
                raise
            error = exc.message
        else:
            text = "can sign in again" if reactivate else "can no longer sign in"
            messages.success(request, f"{person.get_full_name() or person.username} {text}.")
            return see_other(back)
    name = "person_reactivate" if reactivate else "person_deactivate"
    return render(
        request,
        f"assessments/people/{'reactivate' if reactivate else 'deactivate'}.jinja",
        {
            "person": person,
            "person_text": person_text(person),
            "roles": roles,
            "error": error,
            "action": reverse(f"assessments:{name}", args=[person.pk]),
            "back": back,
            "breadcrumbs": [{"href": reverse("start"), "text": "Home"}, _people_crumb(back)],
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_deactivate_view(request, user_pk: int):
    return _change_person(request, user_pk, reactivate=False)


@login_required
@require_http_methods(["GET", "POST"])
def person_reactivate_view(request, user_pk: int):
    """Let a deactivated person sign in again: the same rule as deactivating them."""
    return _change_person(request, user_pk, reactivate=True)


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
