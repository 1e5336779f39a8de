"""The report's tables as a spreadsheet (.xlsx): the cross-case table, the timelines with
their amounts, hours per discipline, costs per financier, the costs per month and the prices
used.

Amounts are real numbers in euro format, so the beleidsmedewerker can go on calculating with
them. Text a user typed is always stored as text: a description starting with "=" must never
become a formula in someone's spreadsheet.

openpyxl is imported inside the functions that write, so that importing this module (as the
report views do) costs nothing at start-up.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from reports.content import Report

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EURO = '"€" #,##0.00;"€" -#,##0.00'
HOURS = "#,##0.00"
DATE = "d-m-yyyy"


def _append(sheet, values, bold: bool = False) -> None:
    from openpyxl.styles import Font

    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"  # user text, never a formula
        if bold:
            cell.font = Font(bold=True)


def _format(sheet, first_column: int, number_format: str, first_row: int = 2) -> None:
    for row in sheet.iter_rows(min_row=first_row, min_col=first_column):
        for cell in row:
            if isinstance(cell.value, int | float | Decimal):
                cell.number_format = number_format


def _widths(sheet, widths: dict[int, int]) -> None:
    from openpyxl.utils import get_column_letter

    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width


def _overview(book, report: Report) -> None:
    sheet = book.active
    sheet.title = "Overzicht"
    _append(sheet, ["Casus", "Titel", *(c.heading for c in report.columns)], bold=True)
    for row in report.rows:
        _append(sheet, [row.case.code, row.case.title, *row.values])
    if not report.case:
        _append(sheet, ["Totaal", "", *report.totals], bold=True)
    _format(sheet, 3, EURO)
    _widths(sheet, {1: 8, 2: 30} | {3 + i: 22 for i in range(len(report.columns))})
    sheet.freeze_panes = "C2"


def _timelines(book, report: Report) -> None:
    sheet = book.create_sheet("Tijdlijn")
    header = ["Casus", "Werkwijze", "Soort", "Start", "Eind", "Omschrijving", "Interventie"]
    _append(sheet, [*header, "Bedrag"], bold=True)
    for row in report.rows:
        for timeline in row.timelines:
            for month in timeline.months:
                for item in month.events:
                    _append(
                        sheet,
                        [row.case.code, timeline.scenario.name, "gebeurtenis", item.start,
                         item.end, item.description, "", None],
                    )  # fmt: skip
                for support in month.supports:
                    item = support.item
                    _append(
                        sheet,
                        [row.case.code, timeline.scenario.name, "ondersteuning", item.start,
                         item.end, item.description, "ja" if item.is_intervention else "nee",
                         support.amount],
                    )  # fmt: skip
    for cells in sheet.iter_rows(min_row=2, min_col=4, max_col=5):
        for cell in cells:
            cell.number_format = DATE
    _format(sheet, 8, EURO)
    _widths(sheet, {1: 8, 2: 28, 3: 14, 4: 12, 5: 12, 6: 70, 7: 11, 8: 14})
    sheet.freeze_panes = "A2"


def _hours(book, report: Report) -> None:
    sheet = book.create_sheet("Uren")
    _append(sheet, ["Casus", "Discipline", *(s.name for s in report.scenarios)], bold=True)
    for row in report.rows:
        for hours in row.hours:
            _append(sheet, [row.case.code, hours.name, *hours.hours])
    _format(sheet, 3, HOURS)
    _widths(sheet, {1: 8, 2: 36} | {3 + i: 22 for i in range(len(report.scenarios))})


def _financiers(book, report: Report) -> None:
    sheet = book.create_sheet("Financiers")
    headings = [s.name for s in report.scenarios] + [f"Verschil {s.name}" for s in report.others]
    _append(sheet, ["Casus", "Financier", *headings], bold=True)
    for row in report.rows:
        for financier in [*row.financiers, row.financier_totals]:
            _append(
                sheet,
                [row.case.code, financier.name, *financier.amounts, *financier.differences],
                bold=financier is row.financier_totals,
            )
    _format(sheet, 3, EURO)
    _widths(sheet, {1: 8, 2: 32} | {3 + i: 22 for i in range(len(headings))})


def _months(book, report: Report) -> None:
    """Per case and month what each werkwijze cost, and the cumulative verschil: the course
    over time, for a beleidsmedewerker who wants to chart or sum it differently."""
    sheet = book.create_sheet("Per maand")
    headings = [s.name for s in report.scenarios] + [
        f"Verschil {s.name} tot en met deze maand" for s in report.others
    ]
    _append(sheet, ["Casus", "Maand", *headings], bold=True)
    for row in report.rows:
        for month, amounts, differences in row.months:
            _append(sheet, [row.case.code, month, *amounts, *differences])
    for cells in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        cells[0].number_format = "mmm yyyy"
    _format(sheet, 3, EURO)
    _widths(sheet, {1: 8, 2: 12} | {3 + i: 24 for i in range(len(headings))})
    sheet.freeze_panes = "C2"


def _prices(book, report: Report) -> None:
    sheet = book.create_sheet("Prijzen")
    header = ["Code", "Omschrijving", "Eenheid", "Prijs", "Prijsjaar", "Hardheid", "Bron"]
    _append(sheet, header, bold=True)
    for price in report.price_items:
        _append(
            sheet,
            [price.code, price.name, price.unit, price.price, price.price_year,
             price.hardness, price.source],
        )  # fmt: skip
    _format(sheet, 4, EURO)
    for cells in sheet.iter_rows(min_row=2, min_col=5, max_col=5):
        cells[0].number_format = "0"
    _widths(sheet, {1: 14, 2: 40, 3: 10, 4: 14, 5: 10, 6: 12, 7: 60})


def report_workbook(report: Report) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    _overview(book, report)
    _timelines(book, report)
    _hours(book, report)
    _financiers(book, report)
    _months(book, report)
    _prices(book, report)
    book.properties.title = report.title
    book.properties.language = "nl-NL"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
