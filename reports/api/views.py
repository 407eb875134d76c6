"""Figures and organisation scores of a round for a system, a region or the nation. Each
fetches its place through the access policy and the token's limit
(`assessments.api.common.get_for`: 404 for a place the caller may not see), then writes
exactly what `reports.exports` writes for this person: the same numbers and suppression as the
pages and downloads."""

import datetime as dt
from decimal import Decimal

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.api.common import get_for
from assessments.api.permissions import token_of
from assessments.models import Region, System

from .. import exports, sources
from ..aggregates import Footprint
from ..viewing import may_export_nation
from . import serializers as s
from .exports import (
    FORMAT_PARAMETER,
    RENDERERS,
    file_response,
    file_responses,
)


def _value(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _payload(table) -> dict:
    return {
        "about": [{"label": label, "text": text} for label, text in table.about],
        "results": [
            {column: _value(value) for column, value in zip(table.columns, row, strict=True)}
            for row in table.rows
        ],
    }


def _query(request):
    query = s.RoundQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    round_ = sources.launched_round(query.validated_data["round"])
    if round_ is None:
        raise NotFound
    return round_, Footprint(query.validated_data["footprint"])


def _place(request, kind: str, code: str | None):
    if kind == "system":
        return get_for(request, System.objects.filter(ods_code=code.upper()), "export")
    if kind == "region":
        return get_for(request, Region.objects.filter(ods_code=code.upper()), "export")
    token = token_of(request)
    if not may_export_nation(request.user) or (token is not None and token.limit is not None):
        raise PermissionDenied("The national figures are for the national team.")
    return None


class _TableView(APIView):
    """JSON, or the pages' CSV or Excel download (`exports.py`: `?format=` or Accept)."""

    kind = "system"
    renderer_classes = RENDERERS


class FiguresView(_TableView):
    """A round's figures (mean, median, quartiles, range, completeness) for a system, a region
    and its systems, or the nation, its regions and systems, per care setting and success
    measure: small groups you may not see one by one suppressed, as on the pages. With
    `format=csv` or `xlsx`, the pages' download of the same figures."""

    @extend_schema(
        parameters=[s.RoundQuerySerializer, FORMAT_PARAMETER],
        responses=file_responses(s.FiguresSerializer, "figures"),
    )
    def get(self, request, code=None):
        place = _place(request, self.kind, code)
        round_, footprint = _query(request)
        table = exports.figures_table(request.user, round_, place, footprint=footprint)
        return file_response(request, table, round_, place, "figures") or Response(_payload(table))


class OrganisationScoresView(_TableView):
    """Each organisation's frozen scores in a round, overall and per success measure: only
    the organisations of the system or region that you may see one by one. With `format=csv`
    or `xlsx`, the pages' download of the same scores."""

    @extend_schema(
        parameters=[s.RoundQuerySerializer, FORMAT_PARAMETER],
        responses=file_responses(s.OrganisationScoresSerializer, "organisation scores"),
    )
    def get(self, request, code=None):
        place = _place(request, self.kind, code)
        round_, footprint = _query(request)
        table = exports.organisations_table(request.user, round_, place, footprint=footprint)
        return file_response(request, table, round_, place, "organisations") or Response(
            _payload(table)
        )
