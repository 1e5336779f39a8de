"""The prognose in the workbook (cases/workbook/prognosis.py): optional columns of casussen
(fase, besluit, besluit_door, besluit_datum, besluit_bedrag) and tijdlijn (prognose). A
workbook without a prognose exports without them; one with a realised prognose keeps its
stage, decision and kept forecast through export → import → export."""

from datetime import date
from decimal import Decimal

import pytest

from cases import figures, prognosis
from cases.models import CaseStage, ItemKind
from cases.workbook import WorkbookError, export_workbook, import_workbook
from pricelist.models import create_organisation
from tests.conftest import add_item
from tests.unit.test_workbook_export import csv_rows, round_trip, sheets_of
from tests.unit.test_workbook_import import WORKBOOK, write_folder
from tests.unit.test_workbook_outcomes import OWN
from tests.unit.test_workbook_outcomes import _scores as outcome_scores


@pytest.fixture
def organisation(db):
    return create_organisation("Proefbureau")


def _with_prognose(evaluation, owner=None):
    """Case 1 made a realised prognose: its items the kept forecast, one realised item beside
    them; case 2 a prognose still, with a decision."""
    first, second = evaluation.cases.order_by("position")[:2]
    first.stage = second.stage = CaseStage.FORECAST
    first.save()
    second.decision = "Budget voor een jaar"
    second.decided_by = "wijkteam"
    second.decided_on = date(2025, 2, 1)
    second.decided_amount = Decimal("1200.50")
    second.save()
    prognosis.realise(owner, first)
    scenario = evaluation.scenarios.order_by("position").first()
    add_item(
        first,
        scenario,
        ItemKind.SUPPORT,
        first.start_date,
        first.start_date,
        "Werkelijk verloop",
        [{"fixed_amount": Decimal("99.00")}],
    )
    return first, second


def _state(evaluation) -> dict:
    out = {}
    for case in evaluation.cases.all():
        realised = figures.load(evaluation, case).of(case)
        kept = figures.load(evaluation, case, forecast=True).of(case)
        out[case.code] = (
            case.stage,
            case.decision,
            case.decided_by,
            case.decided_on,
            case.decided_amount,
            case.items.filter(is_forecast=True).count(),
            {s: realised.total(s) for s in realised.scenarios},
            {s: kept.total(s) for s in kept.scenarios},
        )
    return out


def test_a_workbook_without_prognose_has_none_of_its_columns(tmp_path, organisation):
    evaluation = import_workbook(write_folder(tmp_path / "bron", WORKBOOK), organisation)
    export_workbook(evaluation, tmp_path / "uit")
    sheets = sheets_of(tmp_path / "uit")
    cases, items = csv_rows(sheets["casussen"])[0], csv_rows(sheets["tijdlijn"])[0]
    assert cases[-1] == "verbeterpunten" and not {"fase", "besluit"} & set(cases)
    assert "prognose" not in items


@pytest.mark.parametrize("name", ["werkmap", "werkmap.xlsx"])
def test_export_import_export_keeps_the_prognose(tmp_path, organisation, name):
    evaluation = import_workbook(write_folder(tmp_path / "bron", WORKBOOK), organisation)
    _with_prognose(evaluation)
    export_workbook(evaluation, tmp_path / "bron-uit")
    first, second, a, b = round_trip(tmp_path / "bron-uit", organisation, tmp_path, name)
    assert a == b
    assert _state(first) == _state(second) == _state(evaluation)
    state = _state(second)
    assert state["1"][0] == CaseStage.REALISED and state["1"][5] > 0
    assert state["2"][:5] == (
        CaseStage.FORECAST,
        "Budget voor een jaar",
        "wijkteam",
        date(2025, 2, 1),
        Decimal("1200.50"),
    )
    if name == "werkmap":
        header = csv_rows(a["casussen"])[0]
        assert header[-5:] == ["fase", "besluit", "besluit_door", "besluit_datum", "besluit_bedrag"]
        assert csv_rows(a["tijdlijn"])[0][-1] == "prognose"


def test_a_bad_stage_is_refused_by_sheet_row_and_column(tmp_path, organisation):
    book = {key: [list(row) for row in rows] for key, rows in WORKBOOK.items()}
    book["casussen"][0].append("fase")
    book["casussen"][1].append("bijna")
    for row in book["casussen"][2:]:
        row.append("")
    with pytest.raises(WorkbookError) as refused:
        import_workbook(write_folder(tmp_path / "bron", book), organisation)
    assert "casussen" in str(refused.value) and "fase" in str(refused.value)


@pytest.mark.parametrize("name", ["werkmap", "werkmap.xlsx"])
def test_a_workbook_with_outcomes_and_a_prognose_keeps_both(tmp_path, organisation, name):
    """The two optional parts of issue 14 in one workbook: the outcome sheets and the
    prognose's columns travel together through export → import → export."""
    evaluation = import_workbook(write_folder(tmp_path / "bron", OWN), organisation)
    _with_prognose(evaluation)
    export_workbook(evaluation, tmp_path / "bron-uit")
    first, second, a, b = round_trip(tmp_path / "bron-uit", organisation, tmp_path, name)
    assert a == b
    assert _state(second) == _state(first) == _state(evaluation)
    assert outcome_scores(second) == outcome_scores(first) == outcome_scores(evaluation) != {}
    assert {"uitkomstmaat", "uitkomsten"} <= set(a)
