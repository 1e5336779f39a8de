"""Reading the cells of one row, recording a located Dutch message for every bad cell.

Each method returns the parsed value, or ``None`` (or the default) when the cell is empty or
wrong; ``ok`` turns false as soon as one cell of the row was wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from lib.costing import QUANTITY_PLACES
from lib.sheets.cells import (
    CellError,
    as_text,
    decimal_places,
    is_empty,
    parse_date,
    parse_decimal,
    parse_integer,
    parse_yes_no,
)
from lib.sheets.errors import Problems
from lib.sheets.files import Row


@dataclass(frozen=True)
class NumberRule:
    """What a number in a column may be: its decimals, an exclusive upper bound on its size
    (anything larger is a typing error, not data), and whether it may be negative."""

    places: int
    below: Decimal
    negative: bool = False


QUANTITY = NumberRule(places=QUANTITY_PLACES, below=Decimal(10**6))
MONEY = NumberRule(places=2, below=Decimal(10**9))
SIGNED_MONEY = NumberRule(places=2, below=MONEY.below, negative=True)


def dutch_number(number: Decimal) -> str:
    return f"{int(number):,}".replace(",", ".")


def choice_list(choices: Iterable[str]) -> str:
    return ", ".join(choice for choice in choices if choice)


class RowReader:
    def __init__(self, problems: Problems, sheet: str, row: Row):
        self.problems = problems
        self.sheet = sheet
        self.row = row
        self.ok = True

    @property
    def number(self) -> int:
        return self.row.number

    def error(self, column: str | None, message: str) -> None:
        self.ok = False
        self.problems.add(message, self.sheet, self.row.number, column)

    def filled(self, column: str) -> bool:
        return not is_empty(self.row[column])

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = as_text(self.row[column])
        if required and not value:
            self.error(column, "deze cel is verplicht maar leeg")
        elif max_length and len(value) > max_length:
            self.error(column, f"de tekst is te lang ({len(value)} tekens, hoogstens {max_length})")
        return value

    def _parse(self, column: str, parser: Callable):
        try:
            return parser(self.row[column])
        except CellError as error:
            self.error(column, str(error))
            return None

    def date(self, column: str, *, required: bool = False):
        if required and not self.filled(column):
            self.error(column, "deze cel is verplicht maar leeg (een datum, JJJJ-MM-DD)")
            return None
        return self._parse(column, parse_date)

    def yes_no(self, column: str, default: bool) -> bool:
        value = self._parse(column, parse_yes_no)
        return default if value is None else value

    def integer(self, column: str, minimum: int, maximum: int) -> int | None:
        value = self._parse(column, parse_integer)
        if value is not None and not minimum <= value <= maximum:
            self.error(column, f"{value} ligt niet tussen {minimum} en {maximum}")
            return None
        return value

    def decimal(self, column: str, rule: NumberRule, *, required: bool = False):
        if required and not self.filled(column):
            self.error(column, "deze cel is verplicht maar leeg (een getal)")
            return None
        number = self._parse(column, parse_decimal)
        if number is None:
            return None
        text = as_text(self.row[column])
        if number < 0 and not rule.negative:
            self.error(column, f'"{text}" mag niet negatief zijn')
        elif abs(number) >= rule.below:
            limit = dutch_number(rule.below)
            self.error(
                column, f'"{text}" is onwaarschijnlijk groot (moet kleiner zijn dan {limit})'
            )
        elif decimal_places(number) > rule.places:
            self.error(column, f'"{text}" heeft te veel decimalen (hoogstens {rule.places})')
        else:
            return number
        return None

    def choice(self, column: str, choices: Iterable[str], what: str, *, required=False) -> str:
        """A value from a fixed list, compared without regard to case; '' when empty."""
        choices = list(choices)
        value = as_text(self.row[column]).lower()
        if value.startswith("per ") and value[4:] in choices:  # "per week" as a notulist says it
            value = value[4:]
        if not value:
            if required:
                self.error(
                    column, f"deze cel is verplicht maar leeg (kies uit: {choice_list(choices)})"
                )
            return ""
        if value not in choices:
            written = as_text(self.row[column])
            self.error(column, f'onbekende {what} "{written}" (kies uit: {choice_list(choices)})')
            return ""
        return value
