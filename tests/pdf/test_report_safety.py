"""What users type comes out as text, in the page and in the PDF; the renderer reads only
our own static files from disk; spreadsheet cells never become formulas."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from lib.markdown import render_markdown
from reports.content import build_report
from reports.export import report_workbook
from reports.page import BASE_URL, render_html
from reports.pdf import StaticFileFetcher, html_to_pdf
from tests.pdf.conftest import pdf_pages, squash

SCRIPT = "<script>alert(1)</script>"
MARKUP = "**markdown** <b>x</b>"


@pytest.fixture
def hostile(evaluation):
    """The shared evaluation with markup and script in every kind of user text."""
    evaluation.introduction = f"{SCRIPT}\n\n{MARKUP}"
    evaluation.title = f"Titel {SCRIPT}"
    evaluation.save()
    case = evaluation.cases.get(code="1")
    case.approach = f"{MARKUP} {SCRIPT}"
    case.title = "Gebit <i>pijn</i>"
    case.save()
    item = case.items.filter(kind="ondersteuning").first()
    item.description = f'=HYPERLINK("http://x") {SCRIPT}'
    item.save()
    return evaluation


def test_it_renders_markdown_and_shows_html_as_typed():
    html = render_markdown(f"{MARKUP}\n\n{SCRIPT}")
    assert "<strong>markdown</strong>" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html and "<b>" not in html


def test_it_drops_unsafe_links_and_images():
    html = render_markdown("[klik](javascript:alert(1)) ![x](file:///etc/passwd)")
    assert "javascript:" not in html
    assert "<img" not in html


@pytest.mark.django_db
def test_it_shows_markup_and_script_as_text_in_the_html(hostile):
    html = render_html(build_report(hostile), for_pdf=True)
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<strong>markdown</strong> &lt;b&gt;x&lt;/b&gt;" in html
    assert "Gebit &lt;i&gt;pijn&lt;/i&gt;" in html
    assert "<i>pijn" not in html


@pytest.mark.django_db
def test_it_shows_markup_and_script_as_text_in_the_pdf(hostile):
    text = squash(" ".join(pdf_pages(html_to_pdf(render_html(build_report(hostile))))))
    assert "<script>alert(1)</script>" in text
    assert "markdown <b>x</b>" in text
    assert "**markdown**" not in text
    assert "Gebit <i>pijn</i>" in text


@pytest.mark.django_db
def test_it_keeps_user_text_out_of_spreadsheet_formulas(hostile):
    book = load_workbook(BytesIO(report_workbook(build_report(hostile))))
    cells = [cell for row in book["Tijdlijn"].iter_rows() for cell in row]
    hyperlink = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert hyperlink.data_type == "s"


def test_it_serves_static_files_from_disk():
    response = StaticFileFetcher().fetch(BASE_URL + "static/css/report.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/font.ttf",
        "http://127.0.0.1:8000/static/css/report.css",
        "file:///etc/passwd",
        BASE_URL + "static/../../etc/passwd",
        BASE_URL + "static/css/missing.css",
        BASE_URL + "evaluaties/x/rapport/",
    ],
)
def test_it_refuses_every_other_url(url):
    with pytest.raises(ValueError):
        StaticFileFetcher().fetch(url)
