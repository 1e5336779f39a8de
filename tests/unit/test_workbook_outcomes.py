"""Outcome scores in the workbook: the optional sheets ``uitkomstmaat`` and ``uitkomsten``.
A workbook without them imports and exports as before; one with them keeps the instrument
and every score through export → import → export, as .xlsx and as a folder or zip of CSVs."""

import pytest

from cases import outcomes
from cases.models import OutcomeScore
from cases.workbook import WorkbookError, export_workbook, import_workbook
from pricelist.models import create_organisation
from tests.unit.test_workbook_export import SHEETS, STEIN, csv_rows, round_trip
from tests.unit.test_workbook_import import WORKBOOK, write_folder, write_xlsx

MEASURE_HEADER = ["instrument", "domein", "laagste_score", "hoogste_score"]
SCORE_HEADER = ["casus", "werkwijze", "domein", "startscore", "eindscore", "verhaal"]


@pytest.fixture
def organisation(db):
    return create_organisation("Proefbureau")


def with_outcomes(measure, scores=None) -> dict:
    book = {key: [list(row) for row in rows] for key, rows in WORKBOOK.items()}
    if measure is not None:
        book["uitkomstmaat"] = [MEASURE_HEADER, *measure]
    if scores is not None:
        book["uitkomsten"] = [SCORE_HEADER, *scores]
    return book


OWN = with_outcomes(
    [["eigen", "Wonen", "0", "4"], ["eigen", "Werk", "0", "4"]],
    [
        ["1", "met", "Wonen", "1", "3", "Een eigen kamer, met begeleiding"],
        ["1", "zonder", "Wonen", "1", "1", ""],
        ["2", "niets", "Werk", "2", "", ""],
    ],
)
ZRM = with_outcomes(
    [["ZRM", "", "", ""]],
    [["1", "met", "financiën", "1", "4", "Schulden geregeld"]],
)


def _scores(evaluation) -> dict:
    return {
        (s.case.code, s.scenario.code, s.domain.name): (s.start, s.end, s.story)
        for s in OutcomeScore.objects.filter(case__evaluation=evaluation).select_related(
            "case", "scenario", "domain"
        )
    }


def test_it_imports_an_own_instrument_and_its_scores(tmp_path, organisation):
    evaluation = import_workbook(write_folder(tmp_path / "bron", OWN), organisation)
    measure = outcomes.measure_of(evaluation)
    assert measure.instrument == "eigen" and (measure.scale_min, measure.scale_max) == (0, 4)
    assert list(measure.domains.values_list("name", flat=True)) == ["Wonen", "Werk"]
    assert _scores(evaluation) == {
        ("1", "met", "Wonen"): (1, 3, "Een eigen kamer, met begeleiding"),
        ("1", "zonder", "Wonen"): (1, 1, ""),
        ("2", "niets", "Werk"): (2, None, ""),
    }


def test_one_row_naming_the_zrm_is_enough(tmp_path, organisation):
    evaluation = import_workbook(write_xlsx(tmp_path / "bron.xlsx", ZRM), organisation)
    assert outcomes.measure_of(evaluation).domains.count() == 13
    assert _scores(evaluation) == {("1", "met", "Financiën"): (1, 4, "Schulden geregeld")}


@pytest.mark.parametrize("book", [OWN, ZRM], ids=["eigen", "zrm"])
@pytest.mark.parametrize("name", ["werkmap", "werkmap.zip", "werkmap.xlsx"])
def test_export_import_export_keeps_the_scores(tmp_path, organisation, name, book):
    first, second, a, b = round_trip(
        write_folder(tmp_path / "bron", book), organisation, tmp_path, name
    )
    assert a == b
    assert _scores(second) == _scores(first) != {}
    assert outcomes.measure_of(second).as_instrument() == outcomes.measure_of(first).as_instrument()
    sheets = list(a) if name.endswith(".xlsx") else sorted(a)
    expected = [*SHEETS, "uitkomstmaat", "uitkomsten"]
    assert sheets == (expected if name.endswith(".xlsx") else sorted(expected))


def test_it_writes_the_sheets_a_person_can_fill_in(tmp_path, organisation):
    export_workbook(
        import_workbook(write_folder(tmp_path / "bron", OWN), organisation), tmp_path / "uit"
    )
    assert csv_rows((tmp_path / "uit" / "uitkomstmaat.csv").read_bytes()) == [
        MEASURE_HEADER,
        ["eigen", "Wonen", "0", "4"],
        ["eigen", "Werk", "0", "4"],
    ]
    assert csv_rows((tmp_path / "uit" / "uitkomsten.csv").read_bytes()) == OWN["uitkomsten"]


@pytest.mark.parametrize("name", ["werkmap", "werkmap.xlsx"])
def test_a_workbook_without_outcomes_has_no_such_sheets(tmp_path, organisation, name):
    _first, second, a, b = round_trip(STEIN, organisation, tmp_path, name)
    assert "uitkomstmaat" not in a and "uitkomsten" not in a
    assert a == b
    assert outcomes.measure_of(second) is None


def test_an_instrument_without_scores_exports_only_its_sheet(tmp_path, organisation):
    book = with_outcomes([["positieve gezondheid", "", "", ""]])
    export_workbook(
        import_workbook(write_folder(tmp_path / "bron", book), organisation), tmp_path / "uit"
    )
    assert (tmp_path / "uit" / "uitkomstmaat.csv").exists()
    assert not (tmp_path / "uit" / "uitkomsten.csv").exists()
    rows = csv_rows((tmp_path / "uit" / "uitkomstmaat.csv").read_bytes())
    assert rows[1] == ["positieve-gezondheid", "Lichaamsfuncties", "0", "10"] and len(rows) == 7


@pytest.mark.parametrize(
    ("book", "message"),
    [
        (
            with_outcomes(None, [["1", "met", "Wonen", "1", "2", ""]]),
            'blad "uitkomsten" heeft scores, maar blad "uitkomstmaat" ontbreekt',
        ),
        (with_outcomes([["zrn", "", "", ""]]), '"zrn" is geen instrument'),
        (
            with_outcomes([["zrm", "Wonen", "", ""]]),
            '"Wonen" is geen domein van de Zelfredzaamheid',
        ),
        (with_outcomes([["zrm", "", "0", "5"]]), "loopt van 1 tot en met 5"),
        (with_outcomes([["eigen", "Wonen", "", ""]]), "Vul de laagste en de hoogste score in."),
        (with_outcomes([["eigen", "", "1", "5"]]), "minstens één domein"),
        (
            with_outcomes([["eigen", "Wonen", "1", "5"], ["zrm", "", "", ""]]),
            'rij 3, kolom "instrument": "zrm" verschilt van het instrument',
        ),
        (
            with_outcomes([["eigen", "Wonen", "1", "5"]], [["1", "met", "Wonen", "6", "", ""]]),
            'Blad "uitkomsten", rij 2, kolom "startscore": 6 ligt niet tussen 1 en 5',
        ),
        (
            with_outcomes([["eigen", "Wonen", "1", "5"]], [["3", "met", "Werk", "", "", ""]]),
            'kolom "domein": "Werk" is geen domein',
        ),
        (
            with_outcomes([["eigen", "Wonen", "1", "5"]], [["1", "ergens", "Wonen", "", "", ""]]),
            'kolom "werkwijze": onbekende werkwijze "ergens"',
        ),
        (
            with_outcomes(
                [["eigen", "Wonen", "1", "5"]],
                [["1", "met", "Wonen", "1", "", ""], ["1", "met", "wonen", "2", "", ""]],
            ),
            'rij 3, kolom "domein": deze casus, werkwijze en dit domein staan al',
        ),
    ],
)
def test_a_bad_cell_is_refused_by_sheet_row_and_column(tmp_path, organisation, book, message):
    with pytest.raises(WorkbookError) as refused:
        import_workbook(write_folder(tmp_path / "bron", book), organisation)
    assert any(message in text for text in refused.value.messages), refused.value.messages
