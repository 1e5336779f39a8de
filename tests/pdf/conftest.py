"""Fixtures for the report tests: the Stein demo rendered once per test session, and helpers
to read a PDF's text page by page.

Stein is imported and rendered inside a transaction that is rolled back at once, so the
session's database stays empty for the other tests while the PDF (about three seconds of
WeasyPrint) is made only once.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.utils.text import slugify
from pypdf import PdfReader

STEIN = Path(settings.BASE_DIR) / "cases" / "demo" / "stein"


@dataclass(frozen=True)
class RenderedReport:
    pdf: bytes
    html: str
    slug: str

    @cached_property
    def reader(self) -> PdfReader:
        return PdfReader(BytesIO(self.pdf))

    @cached_property
    def pages(self) -> list[str]:
        """The text of every page, extracted once: pypdf takes about a second for the whole
        Stein PDF, and the tests read it dozens of times."""
        return pdf_pages(self.pdf)


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def render_pdf(evaluation, case=None) -> bytes:
    """The report's PDF as the download view makes it."""
    from reports.content import build_report
    from reports.page import render_html
    from reports.pdf import html_to_pdf

    return html_to_pdf(render_html(build_report(evaluation, case), for_pdf=True))


def squash(text: str) -> str:
    """Whitespace made single, so that text broken over lines still matches."""
    return " ".join(text.split())


def _render_stein(django_db_blocker, name: str, case_code: str | None = None):
    """The Stein workbook imported into an organisation of its own and its report rendered,
    inside a transaction that is rolled back; the connections closed after the session."""
    from cases.workbook import import_workbook
    from pricelist.models import create_organisation
    from reports.content import build_report
    from reports.page import render_html
    from reports.pdf import html_to_pdf

    with django_db_blocker.unblock(), transaction.atomic():
        organisation = create_organisation(name, slug=slugify(name))
        evaluation = import_workbook(STEIN, organisation)
        case = evaluation.cases.get(code=case_code) if case_code else None
        html = render_html(build_report(evaluation, case), for_pdf=True)
        rendered = RenderedReport(html_to_pdf(html), html, evaluation.slug)
        transaction.set_rollback(True)
    yield rendered
    # Close what this session fixture opened, before the test database is dropped.
    with django_db_blocker.unblock():
        connections.close_all()


@pytest.fixture(scope="session")
def stein(django_db_setup, django_db_blocker) -> Iterator[RenderedReport]:
    yield from _render_stein(django_db_blocker, "Stein-test")


@pytest.fixture(scope="session")
def stein_case(django_db_setup, django_db_blocker) -> Iterator[RenderedReport]:
    """Stein's case 3 alone, the one-case report, rendered once per session like ``stein``."""
    yield from _render_stein(django_db_blocker, "Stein-casus-test", "3")
