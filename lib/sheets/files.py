"""The edge: turning an ``.xlsx``, a ``.zip`` or a folder of CSV files into plain sheets, and
back. The workbook's one module that touches openpyxl (the report's spreadsheet has its own,
reports.export), imported inside the functions that need it.

CSV files are read with the standard :mod:`csv` module rather than pandas: it converts
nothing, counts rows exactly as a spreadsheet shows them (pandas drops blank lines, which
would shift the row numbers in messages) and lets a row with too many cells be reported.
xlsx files are read with openpyxl cell by cell, so that a real date cell can be told from a
number. Every value leaves this module as a stripped string or a ``date``/``datetime``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path, PurePosixPath

from django.conf import settings

from lib.sheets.cells import Cell, as_text
from lib.sheets.errors import WorkbookError

# An xlsx or zip may unpack to many times its size; more than this is refused as a zip bomb.
MAX_UNPACK_FACTOR = 20
XLS_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass
class Row:
    number: int  # as a spreadsheet shows it: the header is row 1
    cells: dict[str, Cell]

    def __getitem__(self, column: str) -> Cell:
        return self.cells.get(column, "")


@dataclass
class Sheet:
    name: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)


@dataclass
class Table:
    """Sheet contents to write: a header and rows of strings (empty string = empty cell)."""

    name: str
    columns: list[str]
    rows: list[list[str]]


# Reading ------------------------------------------------------------------------------------


def read_sheets(source) -> dict[str, Sheet]:
    """All sheets of a workbook, keyed by lower-case name. Raises WorkbookError for a file
    that is empty, too large or not a workbook at all."""
    if isinstance(source, str | Path) and Path(source).is_dir():
        return _read_folder(Path(source))
    name, data = _read_bytes(source)
    if data[:4] == XLS_MAGIC:
        raise WorkbookError(
            "Het bestand is in het oude .xls-formaat; sla het op als .xlsx en probeer opnieuw."
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WorkbookError(_not_a_workbook(name))
    archive = _open_zip(data)
    if "xl/workbook.xml" in archive.namelist():
        return _read_xlsx(data)
    return _read_zip(archive)


def read_single_table(source, sheet_name: str) -> Sheet:
    """One sheet from a lone CSV file, or the sheet called ``sheet_name`` of an xlsx (or its
    only sheet)."""
    name, data = _read_bytes(source)
    if zipfile.is_zipfile(io.BytesIO(data)):
        archive = _open_zip(data)
        if "xl/workbook.xml" not in archive.namelist():
            raise WorkbookError("Lever een CSV- of xlsx-bestand, geen zip-bestand.")
        sheets = _read_xlsx(data)
        if sheet_name in sheets:
            return sheets[sheet_name]
        if len(sheets) == 1:
            return next(iter(sheets.values()))
        raise WorkbookError(f'Blad "{sheet_name}" ontbreekt.')
    if data[:4] == XLS_MAGIC or name.lower().endswith((".xlsx", ".xls")):
        raise WorkbookError(_not_a_workbook(name))
    return _read_csv(data, sheet_name)


def _not_a_workbook(name: str) -> str:
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return "Het bestand is geen geldig xlsx-bestand."
    if lower.endswith(".zip"):
        return "Het bestand is geen geldig zip-bestand."
    if lower.endswith(".csv"):
        return (
            "Eén CSV-bestand is geen werkmap: lever een .xlsx-bestand, of een .zip of map "
            "met de bladen als CSV-bestanden."
        )
    return "Het bestand is geen werkmap: lever een .xlsx-bestand, of een .zip met CSV-bestanden."


def _too_large() -> WorkbookError:
    limit = settings.WORKBOOK_MAX_BYTES // (1024 * 1024) or 1
    return WorkbookError(f"Het bestand is te groot (hoogstens {limit} MB).")


def _read_bytes(source) -> tuple[str, bytes]:
    """The name and the content of a path or an uploaded file, refusing oversized ones before
    reading them whole."""
    limit = settings.WORKBOOK_MAX_BYTES
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise WorkbookError(f'Het bestand "{path}" bestaat niet.')
        if path.stat().st_size > limit:
            raise _too_large()
        name, data = path.name, path.read_bytes()
    else:
        name = str(getattr(source, "name", "") or "")
        if (getattr(source, "size", None) or 0) > limit:
            raise _too_large()
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(limit + 1)
        if isinstance(data, str):
            data = data.encode()
    if len(data) > limit:
        raise _too_large()
    if not data.strip():
        raise WorkbookError("Het bestand is leeg.")
    return name, data


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WorkbookError("Het bestand is geen geldig zip- of xlsx-bestand.") from None
    if unpacked > settings.WORKBOOK_MAX_BYTES * MAX_UNPACK_FACTOR:
        raise _too_large()
    return archive


class _RowBudget:
    """Counts data rows over all sheets against WORKBOOK_MAX_ROWS."""

    def __init__(self):
        self.left = settings.WORKBOOK_MAX_ROWS

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise WorkbookError(
                f"Het bestand heeft te veel rijen (hoogstens {settings.WORKBOOK_MAX_ROWS})."
            )


def _read_folder(folder: Path) -> dict[str, Sheet]:
    files = [path for path in folder.iterdir() if path.suffix.lower() == ".csv"]
    if sum(path.stat().st_size for path in files) > settings.WORKBOOK_MAX_BYTES:
        raise _too_large()
    budget = _RowBudget()
    return _unique_sheets([(path.stem, path.read_bytes()) for path in files], budget)


def _read_zip(archive: zipfile.ZipFile) -> dict[str, Sheet]:
    members = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and PurePosixPath(info.filename).suffix.lower() == ".csv"
        and not info.filename.startswith("__MACOSX/")
        and not PurePosixPath(info.filename).name.startswith(".")
    ]
    budget = _RowBudget()
    try:
        contents = [(PurePosixPath(m.filename).stem, archive.read(m)) for m in members]
    # RuntimeError: an encrypted member, or (its subclass) a compression zipfile cannot unpack.
    except (zipfile.BadZipFile, OSError, RuntimeError):
        raise WorkbookError("Het zip-bestand kan niet worden uitgepakt.") from None
    return _unique_sheets(contents, budget)


def _unique_sheets(contents: Iterable[tuple[str, bytes]], budget: _RowBudget):
    sheets: dict[str, Sheet] = {}
    for stem, data in contents:
        name = stem.strip().lower()
        if name in sheets:
            raise WorkbookError(f'Blad "{name}" komt twee keer voor.')
        sheets[name] = _read_csv(data, name, budget)
    return sheets


def _read_csv(data: bytes, name: str, budget: _RowBudget | None = None) -> Sheet:
    budget = budget or _RowBudget()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WorkbookError(
            f'Blad "{name}": het bestand is geen UTF-8-tekst; sla het op als "CSV UTF-8".'
        ) from None
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as error:
        message = f'Blad "{name}": het CSV-bestand kan niet worden gelezen ({error}).'
        raise WorkbookError(message) from None
    return _sheet(name, records, budget, strict_width=True)


def _delimiter(text: str) -> str:
    """A comma, as DESIGN §5 says; but a Dutch spreadsheet saves "CSV" with semicolons, which
    shows in a header line with semicolons and no comma."""
    header = text.split("\n", 1)[0]
    return ";" if ";" in header and "," not in header else ","


def _read_xlsx(data: bytes) -> dict[str, Sheet]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a damaged file
        raise WorkbookError("Het xlsx-bestand kan niet worden gelezen.") from None
    budget = _RowBudget()
    sheets: dict[str, Sheet] = {}
    try:
        for worksheet in book.worksheets:
            name = worksheet.title.strip().lower()
            if name in sheets:
                raise WorkbookError(f'Blad "{name}" komt twee keer voor.')
            rows = ([_xlsx_value(v) for v in row] for row in worksheet.iter_rows(values_only=True))
            sheets[name] = _sheet(name, rows, budget, strict_width=False)
    except WorkbookError:
        raise
    except Exception:
        raise WorkbookError("Het xlsx-bestand kan niet worden gelezen.") from None
    finally:
        book.close()
    return sheets


def _xlsx_value(value) -> Cell:
    """A cell as a string or a date, the way a user reads it in the spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        # repr gives the shortest text that reads back as the same float: 76.5, not 76.500001
        return format(Decimal(repr(value)), "f")
    if isinstance(value, datetime):
        return value.date() if value.time() == time() else value
    if isinstance(value, date):
        return value
    return as_text(value)


def _sheet(name: str, records: Iterable[list], budget: _RowBudget, strict_width: bool) -> Sheet:
    """A sheet from its raw records: the first is the header; empty rows are skipped."""
    iterator: Iterator[list] = iter(records)
    header = [as_text(cell).lower() for cell in next(iterator, [])]
    while header and not header[-1]:
        header.pop()
    if not any(header):
        raise WorkbookError(f'Blad "{name}": de kopregel met kolomnamen ontbreekt.')
    seen = set()
    for column in header:
        if column and column in seen:
            raise WorkbookError(f'Blad "{name}": kolom "{column}" komt twee keer voor.')
        seen.add(column)
    sheet = Sheet(name, [c for c in header if c])
    for number, record in enumerate(iterator, start=2):
        values = [cell if isinstance(cell, date) else as_text(cell) for cell in record]
        if not any(v != "" for v in values):
            continue
        budget.spend()
        if strict_width and any(v != "" for v in values[len(header) :]):
            raise WorkbookError(
                f'Blad "{name}", rij {number}: de rij heeft meer cellen ({len(values)}) dan de '
                f"kopregel kolommen ({len(header)}); staat er een komma in een tekst zonder "
                "aanhalingstekens?"
            )
        cells = {column: value for column, value in zip(header, values, strict=False) if column}
        sheet.rows.append(Row(number, cells))
    return sheet


# Writing ------------------------------------------------------------------------------------

DATE_COLUMNS = frozenset({"start", "eind", "startdatum", "einddatum", "datum"})
MONEY_COLUMNS = frozenset({"prijs", "tarief", "bedrag"})
NUMBER_COLUMNS = frozenset(
    {"aantal", "personen", "keer", "prijsjaar", "volgorde", "duur_minuten", "deelnemers"}
    | {"startscore", "eindscore", "laagste_score", "hoogste_score"}  # the outcome sheets
)


def write_tables(tables: list[Table], path: Path) -> None:
    """``.xlsx`` → a spreadsheet; ``.zip`` → a zip of CSV files; anything else → a folder."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        _write_xlsx(tables, path)
    elif suffix == ".zip":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for table in tables:
                archive.writestr(f"{table.name}.csv", _csv_bytes(table))
    else:
        path.mkdir(parents=True, exist_ok=True)
        for table in tables:
            (path / f"{table.name}.csv").write_bytes(_csv_bytes(table))


def _csv_bytes(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return out.getvalue().encode("utf-8")


def _write_xlsx(tables: list[Table], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.name)
        sheet.append(table.columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for values in table.rows:
            sheet.append([_typed(c, v) for c, v in zip(table.columns, values, strict=True)])
        _format_columns(sheet, table.columns)
        sheet.freeze_panes = "A2"
    book.save(path)


def _typed(column: str, value: str):
    """Dates and numbers as real spreadsheet values, so that a spreadsheet can sort and sum
    them; codes and texts stay text (case code "1" must not become a number)."""
    if value == "":
        return None
    if column in DATE_COLUMNS:
        return date.fromisoformat(value)
    if column in MONEY_COLUMNS or column in NUMBER_COLUMNS:
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else number
    return value


def _format_columns(sheet, columns: list[str]) -> None:
    for index, column in enumerate(columns, start=1):
        if column in DATE_COLUMNS:
            number_format = "yyyy-mm-dd"
        elif column in MONEY_COLUMNS:
            number_format = "0.00"
        else:
            continue
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.number_format = number_format
