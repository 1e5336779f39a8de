"""The fit estimate (lib.pagefit) against real renders: the longest text it accepts keeps
the case's summary on one page, and a text a few lines longer, which it warns of, really
runs over. This is the test that holds its constants to WeasyPrint's layout."""

import pytest

from cases.models import Case
from cases.pagefit import too_long
from tests.pdf.conftest import pdf_pages, render_pdf, squash

pytestmark = pytest.mark.django_db

SENTENCE = "De woning wordt met hulp van het Dorpenteam en de buren opgeruimd. "


def approach_of(sentences: int) -> str:
    return SENTENCE * sentences


def longest_accepted(case: Case) -> int:
    """The most sentences of approach the estimate lets through."""
    n = 0
    while True:
        case.approach = approach_of(n + 1)
        if too_long(case, 1):
            return n
        n += 1


def summary_fits(evaluation, case: Case) -> bool:
    """Whether the summary's last row (Verbeterpunten) is on the page of its first (Aanpak)."""
    case.save()
    pages = [squash(page) for page in pdf_pages(render_pdf(evaluation, case))]
    first = next(n for n, page in enumerate(pages) if "Aanpak" in page)
    return "Verbeterpunten" in pages[first]


def test_the_estimate_accepts_only_what_fits_and_warns_of_what_does_not(evaluation):
    case = evaluation.cases.get(code="1")
    case.quality_of_life = "Mevrouw kan weer eten zonder pijn."
    case.improvements = "Eerder de tandarts betrekken."
    n = longest_accepted(case)
    assert n > 10  # a real summary fits, not only an empty one
    case.approach = approach_of(n)
    assert summary_fits(evaluation, case), "the estimate let through a summary that runs over"
    # Three lines more than the estimate accepts (about 70 characters a sentence): the
    # estimate warns, and the page really runs over. The margin between is how early the
    # estimate warns: at most those three lines.
    case.approach = approach_of(n + 5)
    assert too_long(case, 1)
    assert not summary_fits(evaluation, case), "the estimate warns far too early"
