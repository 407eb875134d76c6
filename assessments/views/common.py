"""What assessment pages share: the breadcrumbs, and the small HTTP helpers (htmx, 303 after a
POST). Fetching for a user is in `..guards`."""

import functools

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse

from ..models import Assessment


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
