"""Concept and final on the PDF itself: a concept says CONCEPT on every page and lists its
empty chapters once; a final report has neither the mark nor an empty chapter."""

import pytest

from reports import finals
from tests.pdf.conftest import pdf_pages, squash

pytestmark = pytest.mark.django_db

EMPTY = ("Onderzoeksvragen", "Aanbevelingen")  # empty in the fixture's evaluation


def test_it_marks_every_page_of_a_concept(stein):
    assert len(stein.pages) > 30
    for number, page in enumerate(stein.pages, start=1):
        assert "CONCEPT" in page, f"pagina {number} zegt niet dat het rapport een concept is"


def test_it_lists_the_concepts_empty_chapters_once_on_the_title_page(stein):
    # The Stein workbook writes its onderzoeksvragen (and their short answers, for the
    # samenvatting); Aanbevelingen and one case's text are still empty.
    first = squash(stein.pages[0])
    unwritten = first[first.index("Nog te schrijven") : first.index("Inhoud")]
    assert "Aanbevelingen" in unwritten
    assert "Casus 4 (Tuin opruimen): informele ondersteuning" in unwritten
    assert "Onderzoeksvragen" not in unwritten
    text = " ".join(stein.pages)
    assert "Nog niet geschreven" not in text
    # Listed once, and no chapter of its own (nor a line in the contents).
    assert text.count("Aanbevelingen") == 1


def test_it_leaves_a_final_reports_empty_chapters_out_and_says_which_version(owner, evaluation):
    report, pdf = finals.render_final(evaluation, owner, 3)
    pages = [squash(page) for page in pdf_pages(pdf)]
    text = " ".join(pages)
    assert "Nog niet geschreven" not in text
    assert "Nog te schrijven" not in text
    assert "CONCEPT" not in text and "Concept" not in text
    for chapter in EMPTY:
        assert chapter not in text, f"leeg hoofdstuk {chapter} staat in het definitieve rapport"
    # The written chapters are there, and the title page says what the report is.
    assert "Inleiding" in text and "Conclusies" in text
    assert "Definitief, versie 3, vastgesteld op" in pages[0]
    assert "Status" in pages[0]
