"""A report with outcome scores stays PDF/UA clean: per case the before/after chart and the
stories, and the chapter counting per domain how many residents improved, each chart with
alternative text that carries its figures."""

import os
from pathlib import Path

import pytest

from cases import outcomes
from cases.models import Evaluation, OutcomeScore
from lib import outcomes as scales
from tests.pdf.conftest import render_pdf, squash
from tests.pdf.test_report_pdfua import KNOWN, _elements, _findings

pytestmark = pytest.mark.django_db

# Where a developer keeps the PDF to look at its pages; unset, none is written.
SHOTS = os.environ.get("SCREENSHOTS")


def _score(evaluation, case, scenario, domain, start, end, story=""):
    OutcomeScore.objects.create(
        case=evaluation.cases.get(code=case),
        scenario=evaluation.scenarios.get(code=scenario),
        domain=evaluation.outcome_measure.domains.get(name=domain),
        start=start,
        end=end,
        story=story,
    )


@pytest.fixture
def scored_pdf(evaluation):
    outcomes.set_instrument(evaluation, scales.ZRM_INSTRUMENT)
    _score(evaluation, "1", "met", "Financiën", 1, 4, "De schulden zijn in beeld en geregeld")
    _score(evaluation, "1", "met", "Lichamelijke gezondheid", 2, 4, "Het gebit is behandeld")
    _score(evaluation, "1", "zonder", "Financiën", 1, 1)
    _score(evaluation, "2", "met", "Financiën", 3, 3)
    _score(evaluation, "2", "met", "Sociaal netwerk", 2, 4, "Danst weer in de buurt")
    _score(evaluation, "2", "zonder", "Sociaal netwerk", 2, 1)
    pdf = render_pdf(Evaluation.objects.get(pk=evaluation.pk))
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        Path(SHOTS, "rapport-uitkomsten.pdf").write_bytes(pdf)
    return pdf


def _rules(outloud) -> set[tuple[str, str]]:
    return {(f["rule"], f.get("evidence", "")) for f in outloud if f["severity"] != "info"}


def test_the_report_with_scores_passes_pdfua(scored_pdf, tmp_path_factory):
    """pdfua finds nothing; outloud finds nothing that the same report without scores does
    not (the small fixture's one-discipline hours table looks shredded to it, TBL-010, with or
    without scores) beyond the findings explained in test_report_pdfua."""
    outloud, pdfua, _path = _findings(scored_pdf, tmp_path_factory, "uitkomsten")
    assert pdfua["findings"] == []
    evaluation = Evaluation.objects.get()
    outcomes.set_instrument(evaluation, None)
    plain, _pdfua, _path = _findings(render_pdf(evaluation), tmp_path_factory, "zonder")
    added = {(rule, evidence) for rule, evidence in _rules(outloud) - _rules(plain)}
    assert {rule for rule, _evidence in added} <= KNOWN, added


def test_its_charts_carry_every_score_in_their_alternative_text(scored_pdf):
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(scored_pdf))
    alts = [str(figure.get("/Alt", "")) for figure in _elements(reader, "/Figure")]
    case_one = next(alt for alt in alts if "Financiën: Met interventie van 1 naar 4" in alt)
    assert "Lichamelijke gezondheid: Met interventie van 2 naar 4" in case_one
    assert "Zonder interventie van 1 naar 1" in case_one
    across = next(alt for alt in alts if "Aantal casussen." in alt)
    assert "Sociaal netwerk: Met interventie 1 beter, 0 gelijk, 0 slechter" in across
    assert "Zonder interventie 0 beter, 0 gelijk, 1 slechter" in across
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    assert "Uitkomsten voor de inwoners" in text
    assert "Casus 1 (Gebitsproblemen): uitkomsten voor de inwoner" in text
    assert "Het gebit is behandeld" in text
