"""From a document's context to a tagged PDF.

HTML comes from the document's Jinja2 template, rendered through the pages' own environment
(`config/jinja2.py`), so a PDF made by a worker formats every date, score and name exactly like
a page. Charts are the pages' Plotly figures exported to SVG (`reports.charts.svg`), embedded as
`<img>` with the chart's text summary as `alt`: WeasyPrint tags each as a Figure with that
alternative text. WeasyPrint writes PDF/UA-1: tagged, with the title and language (en-GB) of
the HTML. The print stylesheet is our own (`templates/reports/documents/print.css`), with
Liberation Sans 2 (Arial's metrics, SIL Open Font Licence) embedded from the Debian package.
WeasyPrint itself is `pdf.py`, imported only when a PDF is drawn.
"""

from __future__ import annotations

import base64
from pathlib import Path

from django.conf import settings
from django.template import engines

from ..charts import Chart
from ..charts.svg import svg
from .models import Kind

TEMPLATES = {
    Kind.SYSTEM_PLAN: "reports/documents/system_plan.jinja",
    Kind.BOARD_SUMMARY: "reports/documents/board_summary.jinja",
    Kind.ORGANISATION_PLAN: "reports/documents/organisation_plan.jinja",
}
FONT_FILES = {
    "regular": "LiberationSans-Regular.ttf",
    "bold": "LiberationSans-Bold.ttf",
    "italic": "LiberationSans-Italic.ttf",
}
CHART_WIDTH = 680  # CSS pixels across the text block


class RenderError(RuntimeError):
    """The document could not be drawn (a missing font, a template error)."""


def font_dir() -> Path:
    return Path(getattr(settings, "DOCUMENT_FONT_DIR", "/usr/share/fonts/truetype/liberation2"))


def font_urls() -> dict[str, str]:
    folder = font_dir()
    missing = [name for name in FONT_FILES.values() if not (folder / name).exists()]
    if missing:
        raise RenderError(
            f"The documents' fonts are not installed ({', '.join(missing)} in {folder}): "
            "run `make install` on the machine that renders documents."
        )
    return {style: (folder / name).as_uri() for style, name in FONT_FILES.items()}


def chart_image(chart: Chart) -> dict:
    """A chart as an image: its SVG as a data: URL, its summary as alternative text."""
    drawn = svg(chart, width=CHART_WIDTH)
    return {
        "title": chart.title,
        "alt": chart.summary,
        "src": "data:image/svg+xml;base64," + base64.b64encode(drawn.encode()).decode(),
        "table": chart.table,
    }


def html_for(kind: str, context: dict) -> str:
    """The document's final HTML: its template rendered through the pages' Jinja2 environment,
    each chart of the context drawn as an image."""
    images = {key: chart_image(value) for key, value in context.items() if isinstance(value, Chart)}
    template = engines["jinja2"].env.get_template(TEMPLATES[Kind(kind)])
    return template.render(
        {**context, "images": images, "fonts": font_urls(), "draft": not context["plan"].agreed}
    )


def pdf_from_html(html: str) -> tuple[bytes, int]:
    """WeasyPrint alone: the HTML to a tagged PDF/UA-1 (the same bytes for the same HTML), and
    its number of pages."""
    from .pdf import write_pdf  # only where documents are drawn: see pdf.py

    return write_pdf(html, font_dir())


def render(kind: str, context: dict) -> tuple[bytes, int]:
    return pdf_from_html(html_for(kind, context))
