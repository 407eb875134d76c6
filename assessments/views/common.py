"""What every assessment page starts with: fetch the assessment for this user, or refuse."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
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
