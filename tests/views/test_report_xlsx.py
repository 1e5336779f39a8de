"""The report's spreadsheet as a researcher uses it: every sheet one clean table (header,
data rows, nothing else), totals apart as formulas that add up the data cells and equal the
figures of cases.figures.load, hours and prices filled, codes as text.

The conftest evaluation's figures are in tests/conftest.py's docstring. Who may download the
spreadsheet is in test_access_matrix.py; the view's basics are in test_reports.py.
"""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from cases import figures
from cases.models import Case, CostLine
from reports.export import EURO, HOURS

EVALUATION = "/evaluaties/village-deal-test/"
SHEETS = ["Overzicht", "Tijdlijn", "Uren", "Financiers", "Per maand", "Prijzen"]

SUM = re.compile(r"=SUM\(\$([A-Z]+)\$(\d+):\$\1\$(\d+)\)")
SUM_MATCHING = re.compile(
    r"=SUMPRODUCT\(--EXACT\(\$([A-Z]+)\$(\d+):\$\1\$(\d+),\$\1(\d+)\),"
    r"\$([A-Z]+)\$(\d+):\$\5\$(\d+)\)"
)


def download(client, user, url=EVALUATION + "rapport.xlsx"):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def last_data_row(sheet) -> int:
    """The table's last row, from its autofilter (which must start at the header, A1)."""
    first_column, first_row, last_column, last_row = range_boundaries(sheet.auto_filter.ref)
    assert (first_column, first_row, last_column) == (1, 1, sheet.max_column)
    return last_row


def data_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(min_row=2, max_row=last_data_row(sheet))]


def number(value) -> Decimal:
    return Decimal(str(value))


def evaluate(sheet, formula: str) -> Decimal:
    """Work out a total formula of the export (SUM, or SUMPRODUCT over the rows whose key is
    exactly the total row's label), after checking it covers exactly the data rows."""
    last = last_data_row(sheet)
    if found := SUM.fullmatch(formula):
        column, first, end = found.group(1), int(found.group(2)), int(found.group(3))
        rows = range(first, end + 1)
        wanted = None
    else:
        found = SUM_MATCHING.fullmatch(formula)
        assert found, formula
        key, first, end, label_row = found.group(1), *map(int, found.group(2, 3, 4))
        column = found.group(5)
        assert (int(found.group(6)), int(found.group(7))) == (first, end)
        rows = range(first, end + 1)
        wanted = sheet[f"{key}{label_row}"].value
    assert (rows.start, rows.stop - 1) == (2, last), "a total must cover the data rows exactly"
    total = Decimal(0)
    for row in rows:
        if wanted is not None and sheet[f"{key}{row}"].value != wanted:
            continue
        value = sheet[f"{column}{row}"].value
        if value is not None:
            total += number(value)
    return total


def total_rows(sheet) -> list[list]:
    """The rows under the table's blank row that hold a formula."""
    return [
        list(row)
        for row in sheet.iter_rows(min_row=last_data_row(sheet) + 2)
        if any(cell.data_type == "f" for cell in row)
    ]


def totals(sheet, label_columns: int = 1) -> dict[tuple, list[Decimal | None]]:
    """Per total row its label (the first ``label_columns`` cells) and its worked-out
    formulas (None where a cell has none)."""
    return {
        tuple(cell.value for cell in row[:label_columns]): [
            evaluate(sheet, cell.value) if cell.data_type == "f" else None
            for cell in row[label_columns:]
        ]
        for row in total_rows(sheet)
    }


def test_it_fills_the_hours_sheet(client, member, evaluation):
    sheet = download(client, member)["Uren"]
    assert [c.value for c in sheet[1]] == [
        "Casus",
        "Werkwijze",
        "Code",
        "Discipline",
        "Uren",
        "Kosten",
    ]
    # Case 1: 2 uur × 10 keer; case 2: 2 personen × 4 weken. The fixed OV-jaarkaart on the
    # KM price item counts no hours and no hour cost.
    assert [[c.value for c in row] for row in data_rows(sheet)] == [
        ["1", "Met interventie", "KM", "Klantmanager", 20, 1600],
        ["2", "Met interventie", "KM", "Klantmanager", 8, 640],
    ]
    loaded = figures.load(evaluation)
    for row, case in zip(data_rows(sheet), loaded.cases, strict=True):
        assert number(row[4].value) == loaded.of(case).figures["met"].hours["KM"]
        assert (row[4].number_format, row[5].number_format) == (HOURS, EURO)


def test_its_hours_totals_are_the_hours_of_the_figures(client, member, evaluation):
    sheet = download(client, member)["Uren"]
    loaded = figures.load(evaluation)
    found = totals(sheet, label_columns=2)
    hours = {s.name: sum(loaded.totals.figures[s.code].hours.values()) for s in loaded.scenarios}
    assert {label[1]: cells[2] for label, cells in found.items()} == hours
    assert found[("Totaal", "Met interventie")][2:] == [Decimal(28), Decimal(2240)]
    assert found[("Totaal", "Zonder interventie")][2:] == [0, 0]


def test_it_lists_every_price_used_with_its_version(client, member, evaluation):
    sheet = download(client, member)["Prijzen"]
    assert [c.value for c in sheet[1]] == [
        "Code",
        "Omschrijving",
        "Eenheid",
        "Prijs",
        "Categorie",
        "Financier",
        "Hardheid",
        "Prijsjaar",
        "Bron",
        "Prijslijst",
        "Prijsjaar prijslijst",
    ]
    rows = data_rows(sheet)
    assert [[c.value for c in row] for row in rows] == [
        ["KM", "Klantmanager", "uur", 80, "Gemeente", "Gemeente – Wmo", "aanname", 2024,
         "Eigen schatting", "Testprijslijst 2024", 2024],
        ["GGZ", "GGZ-behandeling", "traject", 1500, "Zorg", "Zorgverzekeraar", "hard", 2023,
         "Zorginstituut", "Testprijslijst 2024", 2024],
    ]  # fmt: skip
    assert all(row[3].data_type == "n" and row[3].number_format == EURO for row in rows)
    notes = [row[0].value for row in sheet.iter_rows(min_row=len(rows) + 2) if row[0].value]
    assert notes[0].startswith("3 kostenregels zijn vaste bedragen: ")
    assert not total_rows(sheet)


def test_it_lists_only_the_prices_the_case_uses(client, member, evaluation):
    sheet = download(client, member, EVALUATION + "casussen/2/rapport.xlsx")["Prijzen"]
    assert [row[0].value for row in data_rows(sheet)] == ["KM"]


@pytest.mark.parametrize("name", SHEETS)
def test_it_keeps_every_data_table_clean(client, member, evaluation, name):
    sheet = download(client, member)[name]
    last = last_data_row(sheet)
    assert last > 1
    assert sheet.freeze_panes in {"A2", "C2"}
    assert all(cell.value and cell.font.b for cell in sheet[1])
    for row in data_rows(sheet):
        assert row[0].value, "no blank row inside the table"
        assert not any(cell.value == "Totaal" for cell in row), "no total inside the table"
        assert not any(cell.data_type == "f" for cell in row)
    assert all(cell.value is None for cell in sheet[last + 1]), "a blank row under the table"
    assert sheet.column_dimensions["A"].width > 0


def test_its_totals_are_formulas_equal_to_the_figures(client, member, evaluation):
    book = download(client, member)
    loaded = figures.load(evaluation)
    names = {s.code: s.name for s in loaded.scenarios}

    overview = totals(book["Overzicht"])
    assert overview == {("Totaal",): [None, *(c.amount for c in loaded.table.total.cells)]}

    timeline = totals(book["Tijdlijn"], label_columns=2)
    assert {label[1]: cells[-1] for label, cells in timeline.items()} == {
        names[code]: amount for code, amount in loaded.totals.totals.items()
    }

    months = totals(book["Per maand"])
    assert months[("Totaal",)][1:] == [
        loaded.totals.total("met"),
        loaded.totals.total("zonder"),
        None,  # a cumulative verschil does not add up
    ]

    financiers = totals(book["Financiers"], label_columns=2)
    by_name = dict(evaluation.organisation.financiers.values_list("code", "name"))
    for code in loaded.totals.financiers():
        assert financiers[("Totaal", by_name[code])] == [
            loaded.totals.paid_by("met", code),
            loaded.totals.paid_by("zonder", code),
            loaded.totals.financier_difference("met", code),
        ]
    assert financiers[("Totaal", "alle financiers")] == [
        Decimal("3736.70"),
        Decimal("83419.00"),
        Decimal("79682.30"),
    ]


def test_it_says_under_the_totals_that_they_stand_apart(client, member, evaluation):
    sheet = download(client, member)["Overzicht"]
    note = sheet.cell(row=sheet.max_row, column=1).value
    assert "De totalen staan los eronder" in note


def test_it_totals_one_case_alone(client, member, evaluation):
    book = download(client, member, EVALUATION + "casussen/1/rapport.xlsx")
    assert totals(book["Overzicht"]) == {
        ("Totaal",): [
            None,
            Decimal("2036.70"),
            Decimal("436.70"),
            Decimal("1500.00"),
            Decimal("-536.70"),
        ]
    }
    assert [row[0].value for row in data_rows(book["Tijdlijn"])] == ["1"] * 4


def test_it_writes_codes_as_text_and_amounts_as_numbers(client, member, evaluation):
    Case.objects.filter(evaluation=evaluation, code="2").update(code="03")
    book = download(client, member)
    for name in ["Overzicht", "Tijdlijn", "Uren", "Financiers", "Per maand"]:
        codes = [row[0] for row in data_rows(book[name])]
        assert {c.value for c in codes} == {"1", "03"}, name
        assert all(c.data_type == "s" for c in codes), name
    prices = [row[0] for row in data_rows(book["Prijzen"])]
    assert all(c.data_type == "s" for c in prices)
    overview = data_rows(book["Overzicht"])
    amounts = [cell for row in overview for cell in row[2:]]
    assert all(c.data_type == "n" and c.number_format == EURO for c in amounts)
    assert number(overview[1][4].value) == Decimal("81919.00")


def test_it_says_why_the_hours_sheet_is_empty(client, member, evaluation):
    # Only fixed amounts are left: nothing counts hours.
    CostLine.objects.filter(item__case__evaluation=evaluation, fixed_amount=None).delete()
    sheet = download(client, member)["Uren"]
    assert last_data_row(sheet) == 1
    assert not total_rows(sheet)
    assert sheet["A3"].value.startswith("Geen uren in dit rapport")
