"""The report as PDF: the one module that imports WeasyPrint (some 50 MB and two seconds of
start-up), so it is imported where a PDF is made, never at start-up (ruff's TID253 and
tests/unit/test_startup.py keep it so). The HTML is :mod:`reports.page`'s, the page the
browser shows.

WeasyPrint never goes over the network, not even to our own site: the document's base URL is
a name that resolves nowhere, and :class:`StaticFileFetcher` answers requests under it from
the static files on disk and refuses everything else.

The PDF is tagged (PDF/UA-1) with the document's title and language, so screen readers can
read it; the charts' ``<title>`` becomes their alternative text.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reports.page import BASE_URL, static_prefix

logger = logging.getLogger(__name__)

PDF_VARIANT = "pdf/ua-1"


def static_file_for(url: str) -> Path | None:
    """The file on disk a URL under our base URL stands for, or None."""
    prefix = static_prefix()
    if not url.startswith(prefix):
        return None
    relative = url[len(prefix) :].split("?", 1)[0].split("#", 1)[0]
    if not relative or ".." in relative.split("/"):
        return None
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:  # a path that would leave the static directories
        return None
    return Path(found) if found else None


class StaticFileFetcher(URLFetcher):
    """Serves our static files from disk; refuses every other URL."""

    def fetch(self, url, headers=None):
        path = static_file_for(url)
        if path is None:
            logger.warning("Rapport: %s geweigerd (alleen eigen statische bestanden)", url)
            raise ValueError(f"refused: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint alone: the finished HTML in, the PDF out."""
    font_config = FontConfiguration()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFileFetcher())
    return document.write_pdf(font_config=font_config, pdf_variant=PDF_VARIANT)
