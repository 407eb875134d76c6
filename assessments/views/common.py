"""What every assessment page starts with: fetch the assessment for this user, or refuse; and
the small HTTP helpers the pages share (htmx, 303 after a POST)."""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .. import access
from ..models import Assessment


def get_assessment_for_user(request, pk: int, action: str = "view") -> Assessment:
    """The assessment, if the user may see it (else 404, as if it did not exist) and may do
    `action` to it (else 403)."""
    assessment = (
        Assessment.objects.visible_to(request.user)
        .select_related("organisation", "round", "framework_version__framework")
        .filter(pk=pk)
        .first()
    )
    if assessment is None:
        raise Http404("No such assessment")
    if action != "view" and not access.may(request.user, action, assessment):
        raise PermissionDenied
    return assessment


def crumbs(assessment: Assessment | None = None, *items) -> list[dict]:
    trail = [
        (reverse("start"), "Home"),
        (reverse("assessments:home"), "My organisations and systems"),
    ]
    if assessment is not None:
        trail.append(
            (
                reverse("assessments:assessment", args=[assessment.pk]),
                f"{assessment.organisation.name}: {assessment.round.name}",
            )
        )
    trail += list(items)
    return [{"href": href, "text": text} for href, text in trail]


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def signed_in(view):
    """login_required, except that htmx is told 401 instead of being redirected to the sign-in
    page, which it would follow and then show inside the question's status line."""
    page_view = login_required(view)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if is_htmx(request) and not request.user.is_authenticated:
            return HttpResponse("Not saved: you have been signed out.", status=401)
        return page_view(request, *args, **kwargs)

    return wrapper


def see_other(url: str) -> HttpResponseRedirect:
    """After a POST: a 303, so that the browser gets the page and never re-posts."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response
