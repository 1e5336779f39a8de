"""Outcome scores in the evaluation's report: the page and the spreadsheet (the PDF is
tests/pdf/test_outcomes_pdf.py)."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from cases import outcomes
from cases.models import CaseStage, OutcomeScore
from lib import outcomes as scales

REPORT = "/evaluaties/village-deal-test/rapport/"
XLSX = "/evaluaties/village-deal-test/rapport.xlsx"


@pytest.fixture
def scored(evaluation):
    outcomes.set_instrument(evaluation, scales.POSITIVE_HEALTH_INSTRUMENT)
    domains = {d.name: d for d in evaluation.outcome_measure.domains.all()}
    met, zonder = evaluation.scenarios.all()
    first, second = evaluation.cases.all()
    for case, scenario, domain, start, end, story in [
        (first, met, "Meedoen", 4, 7, "Doet weer mee in de wijk"),
        (first, zonder, "Meedoen", 4, 3, ""),
        (second, met, "Meedoen", 5, 5, ""),
        (second, met, "Zingeving", 3, None, ""),
    ]:
        OutcomeScore.objects.create(
            case=case, scenario=scenario, domain=domains[domain], start=start, end=end, story=story
        )
    second.stage = CaseStage.FORECAST
    second.save()
    return evaluation


def test_the_report_page_counts_and_draws_the_scores(client, beleidsmedewerker, scored):
    client.force_login(beleidsmedewerker)
    text = client.get(REPORT).text
    assert '<a href="#uitkomsten">Uitkomsten voor de inwoners</a>' in text
    assert "Meedoen: Met interventie 1 beter, 1 gelijk, 0 slechter" in text
    assert "Niet gescoord: Lichaamsfuncties, Mentaal welbevinden" in text
    assert "Casus 1 (Gebitsproblemen): uitkomsten voor de inwoner" in text
    assert "Doet weer mee in de wijk" in text


def test_a_report_without_an_instrument_has_no_outcomes(client, beleidsmedewerker, evaluation):
    client.force_login(beleidsmedewerker)
    assert "uitkomsten" not in client.get(REPORT).text.lower()
    book = load_workbook(BytesIO(client.get(XLSX).content))
    assert "Uitkomsten" not in book.sheetnames


def test_the_spreadsheet_lists_every_score(client, beleidsmedewerker, scored):
    client.force_login(beleidsmedewerker)
    book = load_workbook(BytesIO(client.get(XLSX).content))
    rows = [list(r) for r in book["Uitkomsten"].iter_rows(values_only=True)]
    assert rows[0][:7] == [
        "Casus",
        "Werkwijze",
        "Domein",
        "Start",
        "Eind",
        "Eind is",
        "Verandering",
    ]
    assert rows[1:5] == [
        ["1", "Met interventie", "Meedoen", 4, 7, "eind", 3, "Doet weer mee in de wijk"],
        ["1", "Zonder interventie", "Meedoen", 4, 3, "verwachte eind", -1, None],
        ["2", "Met interventie", "Zingeving", 3, None, "verwachte eind", None, None],
        ["2", "Met interventie", "Meedoen", 5, 5, "verwachte eind", 0, None],
    ]
    assert "Scores blijven scores" in rows[-1][0]
