"""What every API view asks first: the access policy, narrowed by the token's limit.

`visible(request, queryset)` is `access.visible(user, queryset)` and, for a token limited to
one organisation or system, only what lies within it: a token limited to an organisation sees
that organisation and its assessments; one limited to a system sees that system, the
organisations it hosts or serves today and their assessments; neither sees a region.
`get_for(request, queryset, action)` fetches one object like `assessments.guards`: 404 for what
the caller may not see, 403 for what they may see but not do.
"""

from django.db.models import QuerySet
from rest_framework.exceptions import NotFound, PermissionDenied

from .. import access
from ..models import Assessment, Organisation, Region, System
from .permissions import token_of


def within_limit(request, queryset: QuerySet) -> QuerySet:
    token = token_of(request)
    if token is None or token.limit is None:
        return queryset
    model = queryset.model
    if token.organisation_id:
        organisations = Organisation.objects.filter(pk=token.organisation_id)
    else:
        organisations = Organisation.objects.in_system(token.system)
    if model is Organisation:
        return queryset.filter(pk__in=organisations.values("pk"))
    if model is Assessment:
        return queryset.filter(organisation__in=organisations.values("pk"))
    if model is System:
        return queryset.filter(pk=token.system_id) if token.system_id else queryset.none()
    if model is Region:
        return queryset.none()
    raise TypeError(f"A token's limit says nothing about {model.__name__} objects.")


def visible(request, queryset: QuerySet) -> QuerySet:
    return within_limit(request, access.visible(request.user, queryset))


def restrict(request, action: str, queryset: QuerySet) -> QuerySet:
    return within_limit(request, access.restrict(request.user, action, queryset))


def get_for(request, queryset: QuerySet, action: str = "view"):
    found = visible(request, queryset).first()
    if found is None:
        raise NotFound
    if action != "view" and not access.may(request.user, action, found):
        raise PermissionDenied("You may see this, but not do this to it.")
    return found


def within_token(request, obj) -> bool:
    """Is `obj` (an organisation, system or region) inside the token's limit?"""
    return within_limit(request, type(obj).objects.filter(pk=obj.pk)).exists()
