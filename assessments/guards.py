"""What every page about one object starts with: fetch it for this user, or refuse.

Each guard answers 404 for an object the user may not see, exactly as if it did not exist (so
its existence does not leak), and 403 when they may see it but not do `action` to it. Any app's
views may use them; the decisions are the access policy's (`assessments.access`).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from . import access
from .models import Assessment, Organisation, Region, System


def _get_for_user(request, queryset: QuerySet, action: str, not_found: str):
    found = access.visible(request.user, queryset).first()
    if found is None:
        raise Http404(not_found)
    if action != "view" and not access.may(request.user, action, found):
        raise PermissionDenied
    return found


def get_region_for_user(request, ods_code: str, action: str = "view") -> Region:
    return _get_for_user(
        request, Region.objects.filter(ods_code=ods_code.upper()), action, "No such region"
    )


def get_system_for_user(request, ods_code: str, action: str = "view") -> System:
    return _get_for_user(
        request,
        System.objects.select_related("region").filter(ods_code=ods_code.upper()),
        action,
        "No such system",
    )


def get_organisation_for_user(request, ods_code: str, action: str = "view") -> Organisation:
    return _get_for_user(
        request,
        Organisation.objects.filter(ods_code=ods_code.upper()),
        action,
        "No such organisation",
    )


def get_assessment_for_user(request, pk: int, action: str = "view") -> Assessment:
    return _get_for_user(
        request,
        Assessment.objects.select_related(
            "organisation", "round", "framework_version__framework"
        ).filter(pk=pk),
        action,
        "No such assessment",
    )
