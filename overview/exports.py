"""The overview's downloads, .xlsx and CSV: the rows shown, filtered and sorted as shown.

pandas lays the rows out as a table and writes it; it never adds anything up. Every amount
arrives as a Decimal from :mod:`cases.figures` (through :func:`overview.table.records`) and
is written as a number: in the .xlsx a real number in euro format, in the CSV with a decimal
point and two decimals, as the workbook's CSV files write amounts (DESIGN §5: UTF-8,
comma-separated, header row). A missing value (no range, not broken even) is an empty cell.

As in the report's spreadsheet, text a user typed stays text: a case title starting with "="
never becomes a formula. pandas and openpyxl are imported where they are used, so that
importing the views costs nothing at start-up.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from overview.table import Column, Row, headers, records

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
EURO = '"€" #,##0.00;"€" -#,##0.00'
SHEET = "Overzicht"
# Exported fields that are amounts in euros (the others that are numbers are month counts).
AMOUNTS = ("Verschil", "Verschil laag", "Verschil hoog", "Interventie")


def frame(rows: list[Row], columns: list[Column] | None = None):
    import pandas

    # dtype object: Decimals stay Decimals and a month count stays an int beside an empty
    # cell (pandas would otherwise turn the column into floats, "3.0").
    return pandas.DataFrame(records(rows, columns), columns=headers(columns), dtype=object)


def to_csv(rows: list[Row], columns: list[Column] | None = None) -> bytes:
    return frame(rows, columns).to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def to_xlsx(rows: list[Row], columns: list[Column] | None = None) -> bytes:
    import pandas
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    table = frame(rows, columns)
    out = BytesIO()
    with pandas.ExcelWriter(out, engine="openpyxl") as writer:
        table.to_excel(writer, index=False, sheet_name=SHEET)
        sheet = writer.sheets[SHEET]
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, header in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(12, min(40, len(header) + 4))
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if isinstance(cell.value, str) and cell.data_type == "f":
                    cell.data_type = "s"  # user text, never a formula
                elif header in AMOUNTS and isinstance(cell.value, int | float | Decimal):
                    cell.number_format = EURO
    return out.getvalue()
