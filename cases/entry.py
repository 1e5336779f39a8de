"""Reading dates and numbers the way people type them in a session, in Dutch.

Pure Python, no Django: the entry forms call these and turn :class:`EntryError` into a field
error. Dates come as a *range* because a month ("sep 2016") means its first day as a start and
its last day as an end; a single day is a range of one day.

Accepted dates: ``1 sep 2016``, ``1 september 2016``, ``1-9-2016``, ``01-09-2016``,
``1/9/2016``, ``1.9.2016``, ``sep 2016``, ``september 2016``, ``9-2016`` and ``2016-09-01``.
Accepted numbers: ``2``, ``76,5``, ``1.234,56``, ``1234,56``, ``1.250`` (one thousand two
hundred and fifty, as a Dutch reader means it), ``76.50`` (a single point followed by other
than three digits is a decimal point), optionally with a leading ``€`` and spaces.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal, InvalidOperation


class EntryError(ValueError):
    """Input that cannot be read; the message is Dutch and meant for the user."""


MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "maart": 3,
    "mrt": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_NUMERIC_MONTH = re.compile(r"(\d{1,2})[-/.](\d{4})")
_NAMED = re.compile(r"(?:(\d{1,2})\s+)?([a-z]+)\.?\s+(\d{4})")

DATE_HINT = "Schrijf bijvoorbeeld 1 sep 2016, 1-9-2016, sep 2016 of 2016-09-01."


def _day(year: int, month: int, day: int, text: str) -> date:
    if not 1 <= month <= 12:
        raise EntryError(f"“{text}” is geen bestaande datum: er is geen maand {month}.")
    if not 1 <= year <= 9999:
        raise EntryError(f"“{text}” is geen bestaande datum.")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise EntryError(
            f"“{text}” is geen bestaande datum: {calendar_month(month)} {year} heeft {last} dagen."
        )
    return date(year, month, day)


def _month(year: int, month: int, text: str) -> tuple[date, date]:
    first = _day(year, month, 1, text)
    return first, date(year, month, calendar.monthrange(year, month)[1])


MONTH_NAMES = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def calendar_month(month: int) -> str:
    return MONTH_NAMES[month - 1]


def parse_date_range(text: str) -> tuple[date, date]:
    """The first and last day ``text`` means: one day, or a whole month."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise EntryError("Vul een datum in.")
    if match := _ISO.fullmatch(cleaned):
        year, month, day = (int(part) for part in match.groups())
        single = _day(year, month, day, text.strip())
        return single, single
    if match := _NUMERIC.fullmatch(cleaned):
        day, month, year = (int(part) for part in match.groups())
        single = _day(year, month, day, text.strip())
        return single, single
    if match := _NUMERIC_MONTH.fullmatch(cleaned):
        month, year = (int(part) for part in match.groups())
        return _month(year, month, text.strip())
    if match := _NAMED.fullmatch(cleaned):
        day, name, year = match.groups()
        if name not in MONTHS:
            raise EntryError(f"“{name}” is geen maand. {DATE_HINT}")
        if day is None:
            return _month(int(year), MONTHS[name], text.strip())
        single = _day(int(year), MONTHS[name], int(day), text.strip())
        return single, single
    raise EntryError(f"“{text.strip()}” is geen datum die ik kan lezen. {DATE_HINT}")


def parse_period(start_text: str, end_text: str = "") -> tuple[date, date]:
    """Start and end of an item: a month as start begins on its first day, as end it ends on
    its last; an empty end means the start's own last day (one day, or that whole month)."""
    start, start_last = parse_date_range(start_text)
    end = parse_date_range(end_text)[1] if end_text.strip() else start_last
    if end < start:
        raise EntryError("De einddatum ligt vóór de startdatum.")
    return start, end


_GROUPED = re.compile(r"-?\d{1,3}(?:\.\d{3})+")


def parse_decimal(text: str) -> Decimal:
    """A number with a Dutch decimal comma and optional thousands points."""
    cleaned = text.strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        raise EntryError("Vul een getal in.")
    if "," in cleaned:
        whole, _, fraction = cleaned.rpartition(",")
        if "." in whole and not _GROUPED.fullmatch(whole):
            raise EntryError(f"“{text.strip()}” is geen getal. Schrijf bijvoorbeeld 1.234,56.")
        cleaned = whole.replace(".", "") + "." + fraction
    elif _GROUPED.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "")
    if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise EntryError(f"“{text.strip()}” is geen getal. Schrijf bijvoorbeeld 76,50.")
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:  # pragma: no cover - the pattern above rules it out
        raise EntryError(f"“{text.strip()}” is geen getal.") from error
