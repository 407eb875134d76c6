"""Downloads of a round's figures (CSV or Excel), and the page that chooses one.

Each download starts with a guard (`assessments.guards`: 404 for a scope the user may not see,
403 for one they may see but not export) and writes exactly what `reports.exports` lets this
user see. An unknown format or footprint is a 400 with a message, an unknown round a 404.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from assessments import access
from assessments.guards import get_region_for_user, get_system_for_user
from assessments.models import Region, System
from config.errors import DomainError

from .. import exports, sources
from ..aggregates import Footprint
from ..viewing import may_export_nation

TABLES = {"figures": "System-level figures", "organisations": "Organisation scores"}


def _format(fmt: str):
    if fmt not in exports.FORMATS:
        raise DomainError(f"Unknown format {fmt[:20]!r}: download .csv or .xlsx.")
    return exports.FORMATS[fmt]


def _footprint(request) -> Footprint:
    value = request.GET.get("footprint", Footprint.ROUND.value)
    try:
        return Footprint(value)
    except ValueError:
        raise DomainError(
            f"Unknown footprint {value[:20]!r}: use footprint=round (the systems of the "
            "round) or footprint=today (re-aggregated onto today's systems)."
        ) from None


def _round(round_id: int):
    round_ = sources.launched_round(round_id)
    if round_ is None:
        raise Http404("No such round")
    return round_


def _scope(request, scope: str, code: str | None):
    if scope == "nation":
        if not may_export_nation(request.user):
            raise PermissionDenied
        return None
    if scope == "region":
        return get_region_for_user(request, code or "", "export")
    if scope == "system":
        return get_system_for_user(request, code or "", "export")
    raise Http404("No such scope")


def download_name(round_, scope, what: str, fmt: str) -> str:
    """The file's name, the same from a page and from the API (`reports/api/exports.py`)."""
    where = "england" if scope is None else scope.ods_code.lower()
    return f"waymark-{slugify(round_.name)}-{where}-{what}.{fmt}"


def _download(table, round_, scope, what: str, fmt: str) -> HttpResponse:
    content_type, write = exports.FORMATS[fmt]
    response = HttpResponse(write(table), content_type=content_type)
    name = download_name(round_, scope, what, fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def figures(request, round_id: int, fmt: str, scope: str = "nation", code: str | None = None):
    _format(fmt)
    place = _scope(request, scope, code)
    round_ = _round(round_id)
    table = exports.figures_table(request.user, round_, place, footprint=_footprint(request))
    return _download(table, round_, place, "figures", fmt)


@login_required
@require_GET
def organisations(request, round_id: int, scope: str, code: str, fmt: str):
    _format(fmt)
    if scope not in ("region", "system"):
        raise Http404("No such scope")
    place = _scope(request, scope, code)
    round_ = _round(round_id)
    table = exports.organisations_table(request.user, round_, place, footprint=_footprint(request))
    return _download(table, round_, place, "organisations", fmt)


def file_url(round_id: int, scope: str, table: str, fmt: str, footprint: str) -> str:
    kind, _, code = scope.partition(":")
    if kind == "nation":
        url = reverse("reports:export_nation_figures", args=[round_id, fmt])
    else:
        name = "reports:export_figures" if table == "figures" else "reports:export_organisations"
        url = reverse(name, args=[round_id, kind, code, fmt])
    return f"{url}?footprint={footprint}"


def _choices(user):
    rounds = sources.rounds_in_order()[::-1]
    scopes = [("nation", "England (every region and system)")] if may_export_nation(user) else []
    scopes += [
        (f"region:{r.ods_code}", f"{r.name} (region)")
        for r in access.restrict(user, "export", Region.objects.order_by("name"))
    ]
    scopes += [
        (f"system:{s.ods_code}", f"{s.name}" + ("" if s.valid_to is None else " (ended)"))
        for s in access.restrict(user, "export", System.objects.order_by("valid_to", "name"))
    ]
    return rounds, scopes


@login_required
@require_GET
def download_page(request):
    """Choose a round, a scope, a table and a format; the file comes by a redirect."""
    rounds, scopes = _choices(request.user)
    if not scopes:
        raise PermissionDenied
    chosen = {k: request.GET.get(k, "") for k in ("round", "scope", "table", "format", "footprint")}
    errors = {}
    if "download" in request.GET:
        if chosen["round"] not in {str(r.pk) for r in rounds}:
            errors["round"] = "Choose a round"
        if chosen["scope"] not in {value for value, _ in scopes}:
            errors["scope"] = "Choose what to download figures for"
        if chosen["table"] not in TABLES:
            errors["table"] = "Choose system-level figures or organisation scores"
        elif chosen["table"] == "organisations" and chosen["scope"] == "nation":
            errors["table"] = "Organisation scores are downloaded for a region or a system"
        if chosen["format"] not in exports.FORMATS:
            errors["format"] = "Choose CSV or Excel"
        if chosen["footprint"] not in {f.value for f in Footprint}:
            errors["footprint"] = "Choose the systems to count organisations in"
        if not errors:
            return redirect(
                file_url(
                    int(chosen["round"]),
                    chosen["scope"],
                    chosen["table"],
                    chosen["format"],
                    chosen["footprint"],
                )
            )
    return render(
        request,
        "reports/exports.jinja",
        {
            "rounds": rounds,
            "scopes": scopes,
            "tables": TABLES,
            "chosen": chosen,
            "errors": errors,
            "columns": {
                "figures": exports.FIGURE_COLUMNS,
                "organisations": exports.ORGANISATION_COLUMNS,
            },
            "breadcrumbs": [
                {"href": reverse("start"), "text": "Home"},
                {"href": reverse("reports:exports"), "text": "Download figures"},
            ],
        },
        status=400 if errors else 200,
    )
