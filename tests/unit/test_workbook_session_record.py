"""The session record in the workbook: the optional sheet ``sessieverslag``. A workbook
without it imports and exports as before; one with it keeps it through export → import →
export, as .xlsx and as a folder or zip of CSV files."""

# ruff: noqa: E501

from datetime import date

import pytest

from cases.models import Case
from cases.workbook import WorkbookError, export_workbook, import_workbook
from pricelist.models import create_organisation
from tests.unit.test_workbook_export import SHEETS, STEIN, csv_rows, round_trip, sheets_of
from tests.unit.test_workbook_import import WORKBOOK, write_folder, write_xlsx

SESSION_HEADER = [
    "casus",
    "datum",
    "duur_minuten",
    "deelnemers",
    "deelnemers_per_rol",
    "disciplines",
]


@pytest.fixture
def organisation(db):
    return create_organisation("Proefbureau")


def with_sessions(*rows, header=SESSION_HEADER) -> dict:
    book = {key: [list(row) for row in rows_] for key, rows_ in WORKBOOK.items()}
    book["sessieverslag"] = [header, *[list(row) for row in rows]]
    return book


SESSIONS = with_sessions(
    [
        "1",
        "2018-06-12",
        "150",
        "7",
        "casusregisseur, klantmanager, moeder",
        "klantmanager, wijkverpleegkundige, schuldhulpverlener",
    ],
    ["2", "", "", "", "", "jongerenwerker"],
)


def _records(evaluation) -> dict:
    return {
        case.code: (
            case.session_date,
            case.session_minutes,
            case.participant_count,
            case.participants,
            case.disciplines_present,
        )
        for case in Case.objects.filter(evaluation=evaluation)
    }


def test_it_imports_the_session_record(tmp_path, organisation):
    evaluation = import_workbook(write_folder(tmp_path / "bron", SESSIONS), organisation)
    assert _records(evaluation) == {
        "1": (
            date(2018, 6, 12),
            150,
            7,
            "casusregisseur, klantmanager, moeder",
            "klantmanager, wijkverpleegkundige, schuldhulpverlener",
        ),
        "2": (None, None, None, "", "jongerenwerker"),
    }


def test_it_imports_a_sheet_without_the_participants_by_role(tmp_path, organisation):
    """The column came after the sheet: a record written before it still imports."""
    old = with_sessions(
        ["1", "2018-06-12", "150", "7", "klantmanager"],
        header=["casus", "datum", "duur_minuten", "deelnemers", "disciplines"],
    )
    evaluation = import_workbook(write_folder(tmp_path / "bron", old), organisation)
    assert _records(evaluation)["1"] == (date(2018, 6, 12), 150, 7, "", "klantmanager")


@pytest.mark.parametrize("name", ["werkmap", "werkmap.zip", "werkmap.xlsx"])
def test_export_import_export_keeps_the_session_record(tmp_path, organisation, name):
    first, second, a, b = round_trip(
        write_folder(tmp_path / "bron", SESSIONS), organisation, tmp_path, name
    )
    assert a == b
    assert _records(second) == _records(first)
    assert _records(second)["1"][1] == 150
    sheets = list(a) if name.endswith(".xlsx") else sorted(a)
    expected = [*SHEETS, "sessieverslag"]
    assert sheets == (expected if name.endswith(".xlsx") else sorted(expected))


def test_it_writes_the_sheet_as_it_was_read(tmp_path, organisation):
    export_workbook(
        import_workbook(write_folder(tmp_path / "bron", SESSIONS), organisation),
        tmp_path / "uit",
    )
    assert (
        csv_rows((tmp_path / "uit" / "sessieverslag.csv").read_bytes()) == SESSIONS["sessieverslag"]
    )


def test_it_writes_date_and_numbers_as_spreadsheet_values(tmp_path, organisation):
    export_workbook(
        import_workbook(write_folder(tmp_path / "bron", SESSIONS), organisation),
        tmp_path / "uit.xlsx",
    )
    rows = sheets_of(tmp_path / "uit.xlsx")["sessieverslag"]
    assert rows[1][0] == "1"  # a code stays text
    assert rows[1][1].date() == date(2018, 6, 12)
    assert rows[1][2:4] == [150, 7]


def test_an_xlsx_with_the_sheet_imports_alike(tmp_path, organisation):
    evaluation = import_workbook(write_xlsx(tmp_path / "bron.xlsx", SESSIONS), organisation)
    assert _records(evaluation)["1"][:3] == (date(2018, 6, 12), 150, 7)


@pytest.mark.parametrize("name", ["werkmap", "werkmap.zip", "werkmap.xlsx"])
def test_a_workbook_without_session_records_has_no_such_sheet(tmp_path, organisation, name):
    _first, second, a, b = round_trip(STEIN, organisation, tmp_path, name)
    assert "sessieverslag" not in a
    assert a == b
    assert all(value == (None, None, None, "", "") for value in _records(second).values())


def test_it_takes_a_duration_as_it_is_said(tmp_path, organisation):
    book = with_sessions(["1", "", "2,5 uur", "", ""], ["2", "", "1:15", "", ""])
    evaluation = import_workbook(write_folder(tmp_path / "bron", book), organisation)
    assert {code: r[1] for code, r in _records(evaluation).items()} == {"1": 150, "2": 75}


def test_a_session_record_made_on_the_entry_screen_is_exported(tmp_path, organisation):
    evaluation = import_workbook(write_folder(tmp_path / "bron", WORKBOOK), organisation)
    Case.objects.filter(evaluation=evaluation, code="2").update(session_minutes=90)
    export_workbook(evaluation, tmp_path / "uit")
    assert csv_rows((tmp_path / "uit" / "sessieverslag.csv").read_bytes()) == [
        SESSION_HEADER,
        ["2", "", "90", "", "", ""],
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["3", "", "", "", ""], 'Blad "sessieverslag", rij 2, kolom "casus": onbekende casus "3"'),
        (["1", "12 juni", "", "", ""], 'Blad "sessieverslag", rij 2, kolom "datum"'),
        (
            ["1", "", "twee uur", "", ""],
            'Blad "sessieverslag", rij 2, kolom "duur_minuten": “twee uur” is geen duur die ik kan lezen.',
        ),
        (["1", "", "25 uur", "", ""], 'kolom "duur_minuten": 25 uur is langer dan een dag'),
        (["1", "", "", "-1", ""], 'Blad "sessieverslag", rij 2, kolom "deelnemers"'),
    ],
)
def test_a_bad_cell_is_refused_by_sheet_row_and_column(tmp_path, organisation, row, message):
    with pytest.raises(WorkbookError) as refused:
        import_workbook(write_folder(tmp_path / "bron", with_sessions(row)), organisation)
    assert any(message in text for text in refused.value.messages), refused.value.messages


def test_a_case_twice_and_a_missing_column_are_refused(tmp_path, organisation):
    twice = with_sessions(["1", "", "60", "", ""], ["1", "", "90", "", ""])
    with pytest.raises(WorkbookError) as refused:
        import_workbook(write_folder(tmp_path / "bron", twice), organisation)
    assert any(
        'rij 3, kolom "casus": casus "1" heeft al een sessieverslag' in m
        for m in refused.value.messages
    )
    headless = with_sessions(["60"], header=["duur_minuten"])
    with pytest.raises(WorkbookError) as refused:
        import_workbook(write_folder(tmp_path / "bron2", headless), organisation)
    assert any(
        'Blad "sessieverslag"' in m and 'kolom "casus" ontbreekt' in m
        for m in refused.value.messages
    )
