"""Charts as SVG for documents: the same figures the pages draw, exported by kaleido.

kaleido 1.x drives a Chromium (Debian's, at settings.CHROMIUM_PATH, never a downloaded one). One
long-lived kaleido server per process, started on first use, with the plotly.js that ships
inside the Python `plotly` package (the same version the pages load) and MathJax off: starting
Chromium costs seconds, each chart after that a fraction of one. A Celery worker process keeps
its server for its whole life.

Each SVG carries the chart's title and text summary (`<title>`, `<desc>`, `role="img"`,
`aria-label`), so a document that embeds it has the alternative text with it.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import plotly
from django.conf import settings

from .base import Chart

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
DEFAULT_WIDTH = 680  # points across an A4 page's text block, at 96 dpi


class ChartExportError(RuntimeError):
    """A chart could not be drawn as SVG (Chromium missing, crashed or too slow)."""


_lock = threading.Lock()
_started = False
# kaleido and the Chromium driver under it log every step at INFO: only their warnings matter.
for _name in ("kaleido", "choreographer", "logistro"):
    logging.getLogger(_name).setLevel(logging.WARNING)


def _server() -> None:
    """Start this process's kaleido server once."""
    global _started
    if _started:
        return
    import kaleido

    os.environ.setdefault("BROWSER_PATH", getattr(settings, "CHROMIUM_PATH", "/usr/bin/chromium"))
    try:
        kaleido.start_sync_server(
            plotlyjs=str(PLOTLY_JS), mathjax=False, timeout=60, silence_warnings=True
        )
    except Exception as error:  # choreographer raises several kinds when Chromium is missing
        raise ChartExportError(f"Could not start Chromium to draw charts: {error}") from error
    _started = True
    atexit.register(_stop)


def _stop() -> None:
    global _started
    if _started:
        import kaleido

        # At interpreter exit the log streams may be closed already: stop quietly.
        for name in ("kaleido", "choreographer", "logistro"):
            logging.getLogger(name).disabled = True
        kaleido.stop_sync_server(silence_warnings=True)
        _started = False


def svg(chart: Chart, *, width: int = DEFAULT_WIDTH, height: int | None = None) -> str:
    """The chart as a standalone SVG document, labelled with its title and summary."""
    import kaleido

    height = height or int(chart.figure.layout.height or 360)
    with _lock:
        _server()
        try:
            drawn = kaleido.calc_fig_sync(
                chart.figure, opts={"format": "svg", "width": width, "height": height}
            )
        except Exception as error:
            raise ChartExportError(f"Could not draw the chart {chart.title!r}: {error}") from error
    text = drawn.decode("utf-8") if isinstance(drawn, bytes) else str(drawn)
    return label(text, title=chart.title, summary=chart.summary)


def label(svg_text: str, *, title: str, summary: str) -> str:
    """Put the title and summary into the SVG's root element as its accessible name."""
    start = svg_text.index("<svg")
    end = svg_text.index(">", start)
    opening = svg_text[start:end]
    if opening.endswith("/"):
        raise ChartExportError("The chart's SVG is empty.")
    attributes = f' role="img" aria-label={quoteattr(summary)}'
    text = f"<title>{escape(title)}</title><desc>{escape(summary)}</desc>"
    return svg_text[:end] + attributes + ">" + text + svg_text[end + 1 :]
