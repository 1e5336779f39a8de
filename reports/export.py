"""The report's tables as a spreadsheet (.xlsx): the cross-case table, the timelines with
their amounts, hours and their cost per discipline, costs per financier, the costs per month
and the prices used with their version, year, source and hardness.

Every sheet is one clean table a researcher can filter or pivot: one header row (frozen, with
an autofilter), then data rows only. Totals stand apart, below a blank row, labelled, as
formulas over the data cells (``=SUM(…)``, or per werkwijze or financier a ``SUMPRODUCT`` of
the rows with exactly that name), and a note under them says so. Exact matching with
``EXACT`` rather than ``SUMIF``: a name someone typed, such as "*" or ">5", would otherwise be
read as a pattern.

Amounts are real numbers in euro format, so the beleidsmedewerker can go on calculating with
them. Codes (of cases and prices) and every text a user typed are stored as text: case "03"
stays "03", and a description starting with "=" never becomes a formula in someone's
spreadsheet.

openpyxl is imported inside the functions that write, so that importing this module (as the
report views do) costs nothing at start-up.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from io import BytesIO

from lib import costing
from pricelist.models import PriceList
from reports.content import CaseReport, Report

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EURO = '"€" #,##0.00;"€" -#,##0.00'
HOURS = "#,##0.00"
DATE = "d-m-yyyy"
YEAR = "0"

TOTALS_NOTE = (
    "De tabel hierboven bevat alleen gegevensrijen (filteren en draaitabellen werken erop). "
    "De totalen staan los eronder, na een lege rij: formules over de gegevensrijen."
)
HOURS_NOTE = (
    "Uren tellen alleen bij kostenregels met een prijsitem per uur; een vast bedrag telt geen uren."
)


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


def _close_table(sheet, widths: dict[int, int], freeze: str = "A2") -> int:
    """Freeze the header row, put an autofilter on the table, set the column widths; returns
    the table's last data row (1 when it has none)."""
    from openpyxl.utils import get_column_letter

    last = sheet.max_row
    sheet.auto_filter.ref = f"A1:{get_column_letter(sheet.max_column)}{last}"
    sheet.freeze_panes = freeze
    _widths(sheet, widths)
    return last


def _total_row(
    sheet,
    labels: list,
    columns: dict[int, str],
    last: int,
    match: int | None = None,
) -> None:
    """A labelled total row under the table: in each of ``columns`` (column → number format)
    the sum of that column's data cells (rows 2 to ``last``), or with ``match`` only of the
    rows whose cell in column ``match`` is exactly this row's label in that column."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    _append(sheet, labels, bold=True)
    row = sheet.max_row
    for column, number_format in columns.items():
        letter = get_column_letter(column)
        data = f"${letter}$2:${letter}${last}"
        if match is None:
            formula = f"=SUM({data})"
        else:
            key = get_column_letter(match)
            formula = f"=SUMPRODUCT(--EXACT(${key}$2:${key}${last},${key}{row}),{data})"
        cell = sheet.cell(row=row, column=column, value=formula)
        cell.number_format = number_format
        cell.font = Font(bold=True)


def _note(sheet, text: str) -> None:
    from openpyxl.styles import Font

    _append(sheet, [text])
    sheet.cell(row=sheet.max_row, column=1).font = Font(italic=True)


def _apart(sheet, last: int, empty: str = "Geen gegevens in dit rapport.") -> bool:
    """Leave a blank row under the table; False (and the note ``empty``) when the table has
    no data rows, so that no total sums the header."""
    sheet.append([None])
    if last < 2:
        _note(sheet, empty)
        return False
    return True


def _overview(book, report: Report) -> None:
    sheet = book.active
    sheet.title = "Overzicht"
    _append(sheet, ["Casus", "Titel", *(c.heading for c in report.columns)], bold=True)
    for row in report.rows:
        _append(sheet, [str(row.case.code), row.case.title, *row.values])
    _format(sheet, 3, EURO)
    columns = range(3, 3 + len(report.columns))
    last = _close_table(sheet, {1: 8, 2: 30} | dict.fromkeys(columns, 22), freeze="C2")
    if _apart(sheet, last):
        _total_row(sheet, ["Totaal"], dict.fromkeys(columns, EURO), last)
        _note(sheet, TOTALS_NOTE)


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
                        [str(row.case.code), timeline.scenario.name, "gebeurtenis", item.start,
                         item.end, item.description, "", None],
                    )  # fmt: skip
                for support in month.supports:
                    item = support.item
                    _append(
                        sheet,
                        [str(row.case.code), timeline.scenario.name, "ondersteuning",
                         item.start, item.end, item.description,
                         "ja" if item.is_intervention else "nee", support.amount],
                    )  # fmt: skip
    for cells in sheet.iter_rows(min_row=2, min_col=4, max_col=5):
        for cell in cells:
            cell.number_format = DATE
    _format(sheet, 8, EURO)
    last = _close_table(sheet, {1: 8, 2: 28, 3: 14, 4: 12, 5: 12, 6: 70, 7: 11, 8: 14})
    if _apart(sheet, last):
        for scenario in report.scenarios:
            _total_row(sheet, ["Totaal", scenario.name], {8: EURO}, last, match=2)
        _note(sheet, TOTALS_NOTE)


def _discipline_costs(row: CaseReport) -> dict[tuple[str, str], Decimal]:
    """Per (werkwijze code, price code) what the hours of that discipline cost in this case:
    its hour lines (per uur, not a fixed amount) handed to the costing engine, which adds
    them up as it adds every total."""
    lines: defaultdict[tuple[str, str], list[costing.Line]] = defaultdict(list)
    for timeline in row.timelines:
        for month in timeline.months:
            for support in month.supports:
                for cost_line in support.item.lines.all():
                    line = cost_line.to_costing()
                    if line.unit == costing.HOUR_UNIT and not line.is_fixed and line.price_code:
                        lines[line.scenario, line.price_code].append(line)
    return {key: costing.scenario_figures(group).total for key, group in lines.items()}


def _hours(book, report: Report) -> None:
    """Per case, werkwijze and discipline the hours, as the session screen counts them
    (:mod:`lib.costing`: quantity × persons × occurrences of the lines priced per uur), and
    what they cost."""
    sheet = book.create_sheet("Uren")
    _append(sheet, ["Casus", "Werkwijze", "Code", "Discipline", "Uren", "Kosten"], bold=True)
    names = {price.code: price.name for price in report.price_items}
    order = {price.code: index for index, price in enumerate(report.price_items)}
    for row in report.rows:
        costs = _discipline_costs(row)
        for scenario in report.scenarios:
            hours = row.figures.figures[scenario.code].hours
            for code in sorted(hours, key=lambda c: (order.get(c, len(order)), c)):
                _append(
                    sheet,
                    [str(row.case.code), scenario.name, str(code), names.get(code, code),
                     hours[code], costs.get((scenario.code, code), costing.ZERO)],
                )  # fmt: skip
    _format(sheet, 5, HOURS)
    _format(sheet, 6, EURO)
    last = _close_table(sheet, {1: 8, 2: 28, 3: 14, 4: 36, 5: 12, 6: 16})
    empty = "Geen uren in dit rapport: geen kostenregel heeft een prijsitem per uur."
    if not _apart(sheet, last, empty):
        _note(sheet, HOURS_NOTE)
        return
    for scenario in report.scenarios:
        _total_row(sheet, ["Totaal", scenario.name], {5: HOURS, 6: EURO}, last, match=2)
    _note(sheet, TOTALS_NOTE)
    _note(sheet, HOURS_NOTE)


def _financiers(book, report: Report) -> None:
    sheet = book.create_sheet("Financiers")
    headings = [s.name for s in report.scenarios] + [f"Verschil {s.name}" for s in report.others]
    _append(sheet, ["Casus", "Financier", *headings], bold=True)
    for row in report.rows:
        for financier in row.financiers:
            _append(
                sheet,
                [str(row.case.code), financier.name, *financier.amounts, *financier.differences],
            )
    _format(sheet, 3, EURO)
    columns = range(3, 3 + len(headings))
    last = _close_table(sheet, {1: 8, 2: 32} | dict.fromkeys(columns, 22))
    if _apart(sheet, last):
        names = dict.fromkeys(f.name for row in report.rows for f in row.financiers)
        for name in names:
            _total_row(sheet, ["Totaal", name], dict.fromkeys(columns, EURO), last, match=2)
        _total_row(sheet, ["Totaal", "alle financiers"], dict.fromkeys(columns, EURO), last)
        _note(sheet, TOTALS_NOTE)


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
            _append(sheet, [str(row.case.code), month, *amounts, *differences])
    for cells in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        cells[0].number_format = "mmm yyyy"
    _format(sheet, 3, EURO)
    amounts = range(3, 3 + len(report.scenarios))
    last = _close_table(sheet, {1: 8, 2: 12} | {3 + i: 24 for i in range(len(headings))})
    sheet.freeze_panes = "C2"
    if _apart(sheet, last):
        # A cumulative verschil does not add up over months: only the amounts get a total.
        _total_row(sheet, ["Totaal"], dict.fromkeys(amounts, EURO), last)
        _note(sheet, TOTALS_NOTE)


def _prices(book, report: Report) -> None:
    """Every price item the report uses (and only those), with the version of the price list
    it comes from: what a researcher needs to check or redo a calculation."""
    sheet = book.create_sheet("Prijzen")
    header = ["Code", "Omschrijving", "Eenheid", "Prijs", "Categorie", "Financier",
              "Hardheid", "Prijsjaar", "Bron", "Prijslijst", "Prijsjaar prijslijst"]  # fmt: skip
    _append(sheet, header, bold=True)
    versions = PriceList.objects.in_bulk({price.price_list_id for price in report.price_items})
    for price in report.price_items:
        version = versions[price.price_list_id]
        _append(
            sheet,
            [str(price.code), price.name, price.unit, price.price, price.category or None,
             price.financier.name, price.hardness or None, price.price_year,
             price.source or None, version.name, version.price_year],
        )  # fmt: skip
    _format(sheet, 4, EURO)
    for cells in sheet.iter_rows(min_row=2, min_col=8, max_col=11):
        for cell in (cells[0], cells[3]):
            cell.number_format = YEAR
    last = _close_table(
        sheet, {1: 14, 2: 40, 3: 10, 4: 14, 5: 16, 6: 28, 7: 12, 8: 10, 9: 60, 10: 32, 11: 12}
    )
    sheet.append([None])
    if last < 2:
        _note(sheet, "Geen prijsitems gebruikt in dit rapport.")
    fixed = report.fixed_line_count
    if fixed:
        lines = (
            "1 kostenregel is een vast bedrag"
            if fixed == 1
            else f"{fixed} kostenregels zijn vaste bedragen"
        )
        _note(sheet, f"{lines}: zo'n bedrag komt niet uit een prijs van deze lijst.")
    _note(sheet, "Prijzen tellen niet op: deze tabel heeft geen totalen.")


def _outcomes(book, report: Report) -> None:
    """The outcome scores, when the evaluation has an instrument: one row per case, werkwijze
    and domain with a score. Scores do not add up to anything: no totals."""
    if report.outcomes is None:
        return
    sheet = book.create_sheet("Uitkomsten")
    header = ["Casus", "Werkwijze", "Domein", "Start", "Eind", "Eind is", "Verandering",
              "Wat veranderde"]  # fmt: skip
    _append(sheet, header, bold=True)
    instrument = None
    for row in report.rows:
        found = report.outcomes.per_case.get(row.case.pk)
        if found is None:
            continue
        instrument = found.instrument
        for domain in found.domains:
            for scenario, end_label, (start, end), story in zip(
                found.scenarios, found.end_labels, domain.pairs, domain.stories, strict=True
            ):
                if start is None and end is None and not story:
                    continue
                change = None if start is None or end is None else end - start
                _append(
                    sheet,
                    [str(row.case.code), scenario.name, domain.domain, start, end, end_label,
                     change, story or None],
                )  # fmt: skip
    _close_table(sheet, {1: 8, 2: 32, 3: 30, 4: 8, 5: 8, 6: 16, 7: 12, 8: 60})
    sheet.append([None])
    if instrument:
        _note(
            sheet,
            f"{instrument.name}: scores van {instrument.scale_min} tot en met "
            f"{instrument.scale_max}, hoger is beter. Scores blijven scores: ze zijn niet in "
            "euro's omgerekend en tellen niet op.",
        )


def report_workbook(report: Report) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    _overview(book, report)
    _timelines(book, report)
    _hours(book, report)
    _financiers(book, report)
    _months(book, report)
    _prices(book, report)
    _outcomes(book, report)
    book.properties.title = report.title
    book.properties.language = "nl-NL"
    # openpyxl stores no computed values: the reader works the total formulas out on opening.
    book.calculation.fullCalcOnLoad = True
    out = BytesIO()
    book.save(out)
    return out.getvalue()
