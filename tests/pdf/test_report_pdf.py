"""The PDF itself: it opens, is tagged with title and language, has the pages the layout
promises, and its text holds the figures of the cross-case table and of each case."""

import re
from decimal import Decimal

import pytest

from lib.dutch import euro
from tests.pdf.conftest import squash

# The Stein headline table, computed from the demo's own timelines (DESIGN §1; the intervention
# of case 3 is 2.760, see cases/demo/stein/README.md).
STEIN_ROWS = {
    "1 Gebitsproblemen": ("16329", "877", "10640", "-5689"),
    "2 Dansen": ("39441", "3540", "81919", "42478"),
    "3 Container": ("264940", "2760", "261377", "-3563"),
    "4 Tuin opruimen": ("22078", "21568", "51102", "29024"),
    "5 SMI-kinderopvang": ("10712", "5990", "37287", "26575"),
    "Totaal": ("353500", "34735", "442325", "88825"),
}


def _euros(values):
    return " ".join(euro(Decimal(value)) for value in values)


def _page_with(pages, text):
    return next(i for i, page in enumerate(pages) if text in squash(page))


def _summary_page(pages, code):
    """The page that opens with the case's heading (the contents list also names it)."""
    return next(i for i, page in enumerate(pages) if squash(page).startswith(f"Casus {code}: "))


def test_it_opens_as_a_tagged_pdf_with_title_and_language(stein):
    reader = stein.reader
    root = reader.trailer["/Root"]
    # A concept until the effectencalculateur declares it final (tests/pdf/test_report_final.py).
    assert reader.metadata.title == "Concept – Evaluatie Village Deal gemeente Stein"
    assert root["/Lang"] == "nl"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root


def test_it_numbers_the_pages_in_dutch(stein):
    pages = stein.pages
    count = len(pages)
    assert count >= 20
    assert f"pagina 1 van {count}" in pages[0]
    assert f"pagina {count} van {count}" in pages[-1]


def test_it_holds_the_cross_case_table_in_the_published_order(stein):
    pages = stein.pages
    results = squash(pages[_page_with(pages, "Kosten per casus en werkwijze")])
    # Without the ranges under the amounts and the marks beside them.
    results = re.sub(r" ?\(€ [-.\d]+ – € [-.\d]+\)|≈ |(?<=Container) ?1", "", results)
    for label, values in STEIN_ROWS.items():
        assert f"{label} {_euros(values)}" in results


def test_the_cross_case_table_shows_ranges_and_footnotes_case_3(stein):
    pages = stein.pages
    results = squash(pages[_page_with(pages, "Kosten per casus en werkwijze")])
    # Zonder VD is an aanname (± 40 %): 442.325 ± 176.930; the verschil 88.825 ± 176.930.
    assert "≈ € 442.325 (€ 265.395 – € 619.255)" in results
    assert "≈ € 88.825 (€ -88.105 – € 265.755)" in results
    # The published amounts of the actual course are marked hard: no range.
    assert "Totaal € 353.500 € 34.735" in results
    assert re.search(r"3 Container ?1 € 264\.940 € 2\.760", results)  # the footnote mark
    assert "Casus 3 Container: Het rapport noemt € 2.343" in results
    assert "Alle bedragen rusten op harde prijzen" not in results


def test_the_samenvatting_follows_the_title_page_with_the_verschil_chart_and_the_total(stein):
    page = squash(stein.pages[1])
    assert page.startswith("Bestuurlijke samenvatting")
    assert "Onderzoeksvragen en korte antwoorden" in page
    assert "Wie betaalt die kosten, en bij wie valt een besparing?" in page
    assert "Verschil: € 88.825, een besparing (bandbreedte € -88.105 – € 265.755)" in page
    # The diverging chart: its labels and amounts are text on the page.
    chart = page[page.index("meerkosten (links)") :]
    for label, values in STEIN_ROWS.items():
        assert f"{label} " in chart and euro(Decimal(values[3])) in chart
    assert "de richting staat niet vast" in page
    assert "Van het totaal van Zonder Village Deal rust 100 % op aannames." in page
    assert "Met Village Deal (totale traject) rust op geen enkele aanname." in page
    text = squash(" ".join(stein.pages[1:3]))
    assert "Niet verdeeld" in text and "is niet gebeurd" in text
    contents = squash(stein.pages[0])
    assert contents.index("Bestuurlijke samenvatting") < contents.index("Inleiding")


def test_it_gives_each_case_a_landscape_summary_page_with_its_figures(stein):
    reader = stein.reader
    pages = stein.pages
    assert reader.pages[0].mediabox.width < reader.pages[0].mediabox.height
    for label, (total, intervention, reference, difference) in list(STEIN_ROWS.items())[:5]:
        code, title = label.split(" ", 1)
        index = _summary_page(pages, code)
        page, text = reader.pages[index], squash(pages[index])
        assert text.startswith(f"Casus {code}: {title}")
        assert page.mediabox.width > page.mediabox.height
        for heading in ("Aanpak", "Interventie", "Zonder interventie", "Referentie"):
            assert heading in text
        assert "Het effect van de interventie" in text
        assert "Kwaliteit van bestaan" in text
        assert f"interventie {euro(Decimal(intervention))}" in text
        assert f"totale traject {euro(Decimal(total))}" in text
        assert f"totaal {euro(Decimal(reference))}" in text
        assert euro(Decimal(difference)) in text


def test_it_follows_each_summary_with_the_timeline_and_its_total(stein):
    pages = [squash(page) for page in stein.pages]
    text = " ".join(pages)
    for label in list(STEIN_ROWS)[:5]:
        code = label.split(" ", 1)[0]
        summary = _summary_page(pages, code)
        # The one time axis of the case, then its timelines from the next page on.
        assert "de werkwijzen op één tijdas" in pages[summary + 1]
        assert f"Tijdlijn casus {code} (" in pages[summary + 2]
        assert "): Met Village Deal" in pages[summary + 2]
        assert "Gebeurtenissen" in pages[summary + 2]
        assert "Ondersteuning" in pages[summary + 2]
    assert "Totaal Met Village Deal (totale traject) € 16.329" in text
    assert "Totaal Zonder Village Deal € 10.640" in text
    assert "1 sep 2016" in text


def test_it_shows_costs_per_financier_with_the_difference(stein):
    text = squash(" ".join(stein.pages))
    # Case 1: the zorgverzekeraar pays 6.144 with the Village Deal and nothing is known of
    # what it would pay without: the course without is one undivided sum, so no financier's
    # verschil can be told (—) and that sum is nobody's saving.
    assert "Zorgverzekeraar € 6.144 € 0 —" in text
    assert "Gemeente – overig € 3.041 € 0 —" in text
    assert "Niet verdeeld één bedrag voor meerdere financiers € 0 € 10.640 —" in text


# What the page margins hold, extracted after a page's body: the running header (the case),
# a concept's mark and the footer.
MARGIN_LINE = re.compile(r"CONCEPT|Casus \d+: .+|.* pagina \d+ van \d+")


def _body(page: str) -> str:
    lines = page.splitlines()
    while lines and MARGIN_LINE.fullmatch(lines[-1].strip()):
        lines.pop()
    return "\n".join(lines)


def test_case_3_shows_the_undivided_sum_and_no_saving_for_gemeente_overig(stein):
    # The case flows over its pages: the section from its heading to the next, margins left out.
    text = squash(" ".join(_body(page) for page in stein.pages))
    start = text.index("Casus 3 (Container): kosten, uren en financiers")
    page = text[start : text.index("Casus 3 (Container): verloop in de tijd", start)]
    assert "Gemeente – Jeugd € 190.571 € 0 —" in page
    assert "Gemeente – overig € 4.003 € 0 —" in page
    assert "Niet verdeeld één bedrag voor meerdere financiers € 0 € 261.377 —" in page
    # The totals with their ranges: the estimate 261.377 ± 40 %.
    assert (
        "Totaal € 264.940 € 261.377 bandbreedte € 156.826 – € 365.928 "
        "€ -3.563 bandbreedte € -108.114 – € 100.988"
    ) in page
    assert "€ 257.374" not in page  # what gemeente-overig seemed to save before


def test_it_ends_with_the_appendix_on_method(stein):
    last = squash(stein.pages[-1])
    assert "Bijlage: methode" in last or "Hoe de bedragen zijn berekend" in last
    text = squash(" ".join(stein.pages[-2:]))
    assert "Stein 2018 (bedragen uit het rapport)" in text
    assert "De sessies" in text


def test_it_embeds_the_fonts_shipped_with_the_project(stein):
    fonts = set()
    for page in stein.reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts
    assert all("Report-Sans" in name or "DejaVu" in name for name in fonts)


def test_it_gives_every_chart_a_text_alternative(stein):
    assert stein.html.count('role="img"') == stein.html.count("<svg")
    assert stein.html.count("<svg") >= 3 + 5 * 3
    assert "<title id=" in stein.html


@pytest.mark.django_db
def test_it_renders_one_case_alone(evaluation):
    from tests.pdf.conftest import pdf_pages, render_pdf

    case = evaluation.cases.get(code="2")
    text = squash(" ".join(pdf_pages(render_pdf(evaluation, case))))
    assert "Casus 2: Dansen" in text
    assert "Gebitsproblemen" not in text
    assert "Kosten per casus en werkwijze" not in text
    assert "Totaal Met interventie € 1.700" in text
