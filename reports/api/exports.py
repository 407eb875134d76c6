"""The figures and organisation scores as the pages' CSV and Excel downloads, through the API.

A client chooses a file with `?format=csv|xlsx` or the Accept header (`text/csv`, the Excel
media type); each is a DRF renderer, so content negotiation picks it and the refusals stay
problem details: a renderer given a problem (a dict) writes it as JSON, under the
`application/problem+json` type the exception handler set. The file itself is written once, by
the pages' writer (`reports.exports.FORMATS`: formula cells neutralised), and named as the
pages name it (`reports.views.exports.download_name`), so its bytes are the page download's.
"""

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from .. import exports
from ..views.exports import download_name

FORMAT_CHOICES = ("json", "csv", "xlsx")


class _FileRenderer(BaseRenderer):
    """Bytes as they are; a problem (a dict) as JSON."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode()


class CsvRenderer(_FileRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"


class XlsxRenderer(_FileRenderer):
    media_type = exports.FORMATS["xlsx"][0]
    format = "xlsx"
    charset = None


RENDERERS = [JSONRenderer, CsvRenderer, XlsxRenderer]


FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=list(FORMAT_CHOICES),
    required=False,
    description=(
        "json (the default), or the pages' download: csv or xlsx (an Excel workbook with an "
        "About sheet). The Accept header chooses too."
    ),
)


def file_responses(json_schema, what: str) -> dict:
    """The three media types of a table's 200 response, for `extend_schema(responses=...)`."""
    return {
        (200, "application/json"): json_schema,
        (200, "text/csv"): OpenApiResponse(
            OpenApiTypes.BINARY,
            description=f"The {what} as the pages' CSV download (UTF-8 with a byte-order "
            "mark), as an attachment.",
        ),
        (200, exports.FORMATS["xlsx"][0]): OpenApiResponse(
            OpenApiTypes.BINARY,
            description=f"The {what} as the pages' Excel download, as an attachment.",
        ),
    }


def file_response(request, table, round_, place, what: str) -> Response | None:
    """The download when the client asked for a file, else None (answer JSON)."""
    fmt = getattr(request.accepted_renderer, "format", "json")
    if fmt not in exports.FORMATS:
        return None
    _, write = exports.FORMATS[fmt]
    name = download_name(round_, place, what, fmt)
    return Response(
        write(table),
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-Type-Options": "nosniff",
        },
    )
