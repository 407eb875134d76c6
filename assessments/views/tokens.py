"""A person's API tokens (/my/api-tokens/): make one (its secret shown once, on the page that
answers the form), see each one's scope, limit and last use, and revoke it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from config.errors import DomainError

from .. import access
from ..models import ApiToken, Organisation, System
from ..services.tokens import TokenError, api_token_create, api_token_revoke
from .common import crumbs, see_other

NO_PLACE = "We cannot find an organisation or system with that ODS code that you may see."


def _place(user, code: str):
    """The organisation or system with this ODS code that `user` may see (an ICB's
    organisation and its system share a code: the system wins, as the limit of a system)."""
    code = code.strip().upper()
    if not code:
        return None, None
    system = access.visible(user, System.objects.filter(ods_code=code)).first()
    if system is not None:
        return None, system
    organisation = access.visible(user, Organisation.objects.filter(ods_code=code)).first()
    if organisation is not None:
        return organisation, None
    raise TokenError(NO_PLACE, "limit")


def _page(request, *, values=None, error=None, error_field="name", new=None, status=200):
    tokens = ApiToken.objects.filter(user=request.user).select_related("organisation", "system")
    response = render(
        request,
        "assessments/tokens.jinja",
        {
            "tokens": tokens,
            "scopes": ApiToken.Scope.choices,
            "values": values or {"scope": ApiToken.Scope.READ},
            "error": error,
            "error_field": error_field,
            "new": new,
            "breadcrumbs": crumbs()[:2],
        },
        status=status,
    )
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    if request.method == "GET":
        return _page(request)
    values = {
        "name": request.POST.get("name", ""),
        "scope": request.POST.get("scope", ""),
        "limit": request.POST.get("limit", ""),
    }
    try:
        organisation, system = _place(request.user, values["limit"])
        new = api_token_create(
            by=request.user,
            name=values["name"],
            scope=values["scope"],
            organisation=organisation,
            system=system,
        )
    except DomainError as error:
        return _page(
            request,
            values=values,
            error=error.message,
            error_field=getattr(error, "field", "name"),
            status=400,
        )
    return _page(request, new=new)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = ApiToken.objects.filter(pk=pk, user=request.user).first()
    if token is None:
        raise Http404("No such token")
    api_token_revoke(token=token, by=request.user)
    messages.success(request, f"“{token.name}” is revoked: it no longer works.")
    return see_other(reverse("assessments:api_tokens"))
