"""The PDF's layout read back from the PDF itself: every word inside its page whatever the user
typed (a 200-character word, markup, a 3,000-word narrative), the case in the running header
of each of its pages, and one Gantt per case."""

import re
import subprocess  # nosec B404 -- pdftotext (poppler) on our own PDF
import xml.etree.ElementTree as ET

import pytest

from reports.content import build_report
from reports.page import render_html
from reports.pdf import html_to_pdf

pytestmark = pytest.mark.django_db

LONG_WORD = "Schuldhulpverleningstraject" * 7 + "x" * 11  # 200 characters, no break
URL = "https://www.example.nl/" + "pad/" * 40 + "einde"
XHTML = "{http://www.w3.org/1999/xhtml}"


def _word_boxes(pdf: bytes, tmp_path) -> list[tuple[int, float, float, dict]]:
    """(page number, page width, page height, word box) for every word, by pdftotext -bbox."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(  # nosec B603 B607
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True
    )
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", done.stdout))
    words = []
    for number, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        width, height = float(page.get("width")), float(page.get("height"))
        for word in page.iter(f"{XHTML}word"):
            box = {k: float(word.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")}
            box["text"] = word.text or ""
            words.append((number, width, height, box))
    return words


@pytest.fixture
def unruly(evaluation):
    """The shared evaluation with a 200-character word and a long URL in a timeline item and
    the summary, markup in the title, and a narrative of 3,000 words."""
    case = evaluation.cases.get(code="1")
    case.approach = f"{LONG_WORD} <b>vet</b> **markdown** {URL}"
    case.title = f"Gebit <i>pijn</i> {LONG_WORD[:60]}"
    case.save()
    item = case.items.filter(kind="ondersteuning").first()
    item.description = f"{LONG_WORD} en {URL}"
    item.save()
    event = case.items.filter(kind="gebeurtenis").first()
    event.description = LONG_WORD
    event.save()
    evaluation.introduction = " ".join(["woord"] * 3000)
    evaluation.save()
    return evaluation


def test_every_word_lies_inside_its_page(unruly, tmp_path):
    pdf = html_to_pdf(render_html(build_report(unruly), for_pdf=True))
    words = _word_boxes(pdf, tmp_path)
    assert len(words) > 3000
    outside = [
        (page, box)
        for page, width, height, box in words
        if box["xMin"] < 0 or box["yMin"] < 0 or box["xMax"] > width or box["yMax"] > height
    ]
    assert outside == []
    # The long word was broken, not dropped: its pieces are all there.
    pieces = "".join(box["text"] for _, _, _, box in words if "chuldhulp" in box["text"])
    assert pieces.count("Schuldhulpverleningstraject") >= 14


def test_the_case_is_named_in_the_running_header_of_each_of_its_pages(stein, tmp_path):
    titles = re.findall(r'<h2 id="casus-[^"]+-titel">(Casus [^<]+)</h2>', stein.html)
    assert len(titles) == 5
    # The header sits in the top margin (13 mm on a case page, a landscape page).
    # A concept's mark sits in the same margin, in the top-right box: set apart, not header.
    headers: dict[int, list[str]] = {}
    landscape, marked = set(), set()
    for page, width, height, box in _word_boxes(stein.pdf, tmp_path):
        if width > height:
            landscape.add(page)
            if box["yMax"] < 13 * 72 / 25.4:
                if box["text"] == "CONCEPT" and box["xMin"] > width / 2:
                    marked.add(page)
                else:
                    headers.setdefault(page, []).append(box["text"])
    assert len(landscape) > 3 * len(titles)  # continuation pages, not the summaries alone
    assert marked == landscape
    expected = iter(titles)
    current = None
    for page in sorted(landscape):
        header = " ".join(headers.get(page, []))
        if header != current:
            current = next(expected)  # a new case starts: the next one, in order
        assert header == current, (page, header)
    assert next(expected, None) is None


def test_it_draws_one_gantt_per_case(stein):
    figures = re.findall(r'aria-roledescription="tijdas"', stein.html)
    assert len(figures) == 5
    assert "Tijdlijn casus" in stein.html and 'id="timeline-' not in stein.html
