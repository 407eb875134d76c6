"""WeasyPrint: a document's final HTML to a tagged PDF/UA-1.

Apart from `render.py` because importing WeasyPrint costs seconds of CPU: the web processes
import `render.py` (to queue documents, through the task) but never draw one, so they do not
pay it when they start. A Celery worker imports this module as it starts (CELERY_IMPORTS),
before forking its pool, so that each document does not pay it either.

Nothing is fetched while rendering but the fonts and data: URLs (`_Fetcher`).
"""

from __future__ import annotations

from pathlib import Path

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher


class _Fetcher(URLFetcher):
    """Only data: URLs and the fonts' own files: a document never reaches the network."""

    def __init__(self, fonts: Path):
        super().__init__(allowed_protocols={"data", "file"})
        self.fonts = fonts.as_uri() + "/"

    def fetch(self, url, headers=None):
        if url.startswith("file:") and not url.startswith(self.fonts):
            raise ValueError(f"Documents fetch nothing from {url!r}.")
        return super().fetch(url, headers)


_fonts: FontConfiguration | None = None


def write_pdf(html: str, fonts: Path) -> tuple[bytes, int]:
    """The HTML to a tagged PDF/UA-1 (the same bytes for the same HTML), and its number of
    pages; `fonts`, the folder of the fonts it names, is all it may read."""
    global _fonts
    _fonts = _fonts or FontConfiguration()
    source = HTML(string=html, base_url=fonts.as_uri() + "/", url_fetcher=_Fetcher(fonts))
    document = source.render(font_config=_fonts, pdf_variant="pdf/ua-1")
    return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)
