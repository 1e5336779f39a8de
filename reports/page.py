"""The report as a page: one standalone template serves the browser and, through
:mod:`reports.pdf`, WeasyPrint, so the PDF shows exactly what the page shows."""

from django.conf import settings
from django.template.loader import render_to_string

from reports.content import Report

# Never fetched: .invalid is reserved (RFC 2606). It only gives relative URLs a root.
BASE_URL = "https://rapport.invalid/"
TEMPLATE = "reports/report.html"


def static_prefix() -> str:
    return BASE_URL + settings.STATIC_URL.lstrip("/")


def render_html(report: Report, *, for_pdf: bool = False, request=None) -> str:
    context = {"report": report, "for_pdf": for_pdf}
    return render_to_string(TEMPLATE, context, request=None if for_pdf else request)
