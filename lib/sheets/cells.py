"""Reading one cell: numbers with a Dutch comma or a point, ISO or spreadsheet dates, ja/nee.

Cells arrive as stripped strings, or as ``date``/``datetime`` objects when a spreadsheet held
a real date (any ``datetime``, whichever library made it). Every parser returns ``None`` for
an empty cell and raises :class:`CellError` with a Dutch message for anything it cannot read;
the caller adds sheet, row and column. No Django here.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

Cell = str | date

YES = frozenset({"ja", "j", "yes", "y", "true", "waar", "1", "x"})
NO = frozenset({"nee", "n", "no", "false", "onwaar", "0"})

# Whole numbers; one decimal separator; or thousands grouped Dutch style (1.234.567,89) or
# English style (1,234,567.89). A lone "1,234" is read as a Dutch decimal: 1.234.
_NUMBER_PATTERNS = (
    (re.compile(r"[+-]?\d*[.,]?\d+"), None),
    (re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?"), "."),
    (re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?"), ","),
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")
# A spreadsheet date whose cell lost its date format is its serial number: days since 30
# December 1899. Five digits cover 1927 to 2173; other numbers are not taken for dates.
_SERIAL_DATE = re.compile(r"\d{5}")
_SERIAL_EPOCH = date(1899, 12, 30)


class CellError(ValueError):
    """A cell that cannot be read; the message is Dutch and names the value."""


def is_empty(value: Cell | None) -> bool:
    return value is None or value == ""


def as_text(value: Cell | None) -> str:
    """A cell as text: spreadsheet dates become ISO dates."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def parse_decimal(value: Cell | None) -> Decimal | None:
    """ "1.234,56", "1234,56", "76,5", "1234.56", "€ 12" → Decimal; never NaN or infinity."""
    if is_empty(value):
        return None
    text = as_text(value)
    compact = re.sub(r"[\s\u00a0€]", "", text)
    for pattern, grouping in _NUMBER_PATTERNS:
        if pattern.fullmatch(compact):
            if grouping:
                compact = compact.replace(grouping, "")
            try:
                return Decimal(compact.replace(",", "."))
            except InvalidOperation:  # pragma: no cover - the patterns admit only digits
                break
    raise CellError(f'"{text}" is geen getal')


def parse_date(value: Cell | None) -> date | None:
    """An ISO date (YYYY-MM-DD) or a spreadsheet date (a date cell, or its serial number); a
    time other than midnight is refused."""
    if is_empty(value):
        return None
    if isinstance(value, datetime):
        if value.time() != time():
            raise CellError(f'"{as_text(value)}" is een tijdstip, geen datum')
        return value.date()
    if isinstance(value, date):
        return value
    if _SERIAL_DATE.fullmatch(value):
        return _SERIAL_EPOCH + timedelta(days=int(value))
    match = _ISO_DATE.fullmatch(value)
    if not match:
        raise CellError(f'"{value}" is geen datum (verwacht JJJJ-MM-DD, bijvoorbeeld 2018-02-28)')
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise CellError(f'"{value}" is geen bestaande datum') from None


def parse_yes_no(value: Cell | None) -> bool | None:
    if is_empty(value):
        return None
    text = as_text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(f'"{as_text(value)}" is geen "ja" of "nee"')


def parse_integer(value: Cell | None) -> int | None:
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(f'"{as_text(value)}" is geen geheel getal')
    return int(number)


def decimal_places(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_money(amount: Decimal | None) -> str:
    """Money as written to a workbook: a point and two decimals, "1060.00"."""
    if amount is None:
        return ""
    return f"{amount:.2f}"


def format_number(number: Decimal | None) -> str:
    """A quantity as written to a workbook: a point, no trailing zeros, "2", "2.5"."""
    if number is None:
        return ""
    return format(number.normalize(), "f")
